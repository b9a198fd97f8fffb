#include "backstop/game/normal_form.hpp"

#include <fmt/format.h>

#include "backstop/error.hpp"
#include "backstop/game/game_builder.hpp"
#include "backstop/game/number.hpp"

namespace backstop {

NormalFormGame::NormalFormGame(std::string title, std::vector<std::string> players,
                               std::vector<std::vector<std::string>> strategies, std::string comment)
    : title_(std::move(title)),
      comment_(std::move(comment)),
      players_(std::move(players)),
      strategies_(std::move(strategies)) {
  if (players_.empty()) throw InputError("a normal-form game needs at least one player");
  if (strategies_.size() != players_.size()) throw InputError("one strategy list per player is needed");
  // Each cell holds a payoff per player: bound the table, not only the cells
  // (counted in doubles, which do not overflow).
  double cells = 1.0;
  for (const auto& s : strategies_) {
    if (s.empty()) throw InputError("every player needs at least one strategy");
    cells *= static_cast<double>(s.size());
  }
  if (cells * static_cast<double>(players_.size()) > static_cast<double>(kMaxPayoffValues)) {
    throw InputError(fmt::format("the payoff table is too large: {:.6g} contingencies x {} players is over {} payoffs",
                                 cells, players_.size(), kMaxPayoffValues));
  }
  payoffs_ = PayoffMatrix::Zero(static_cast<Eigen::Index>(cells), static_cast<Eigen::Index>(players_.size()));
}

std::uint32_t NormalFormGame::contingency(std::span<const std::uint32_t> strategies) const {
  BACKSTOP_CHECK(strategies.size() == players_.size(), "contingency needs one strategy per player");
  std::uint32_t index = 0, stride = 1;
  for (std::size_t p = 0; p < strategies.size(); ++p) {
    index += strategies[p] * stride;
    stride *= static_cast<std::uint32_t>(strategies_[p].size());
  }
  return index;
}

std::string NormalFormGame::payoff_text(std::uint32_t c, PlayerId p) const {
  const std::size_t i = static_cast<std::size_t>(c) * players_.size() + index(p);
  return number_text(i < payoff_text_.size() ? payoff_text_[i] : std::string{}, payoffs_(c, index(p)));
}

void NormalFormGame::set_payoff(std::uint32_t c, PlayerId p, double v) {
  drop_outcomes();
  payoffs_(c, index(p)) = v;
}

void NormalFormGame::set_outcomes(std::vector<std::string> labels, PayoffMatrix payoffs,
                                  std::vector<std::vector<std::string>> texts, std::vector<OutcomeId> of_contingency) {
  BACKSTOP_CHECK(of_contingency.size() == static_cast<std::size_t>(payoffs_.rows()), "one outcome per contingency");
  BACKSTOP_CHECK(payoffs.cols() == payoffs_.cols() && labels.size() == static_cast<std::size_t>(payoffs.rows()),
                 "outcome table shape");
  outcome_labels_ = std::move(labels);
  outcome_payoffs_ = std::move(payoffs);
  outcome_texts_ = std::move(texts);
  outcome_of_ = std::move(of_contingency);
  payoff_text_.clear();
  for (std::size_t c = 0; c < outcome_of_.size(); ++c) {
    const auto row = static_cast<Eigen::Index>(c);
    if (outcome_of_[c] == kNoOutcome) payoffs_.row(row).setZero();
    else payoffs_.row(row) = outcome_payoffs_.row(index(outcome_of_[c]));
  }
}

std::string NormalFormGame::outcome_payoff_text(OutcomeId o, PlayerId p) const {
  return number_text(outcome_texts_[index(o)][index(p)], outcome_payoffs_(index(o), index(p)));
}

void NormalFormGame::drop_outcomes() {
  if (!has_outcomes()) return;
  payoff_text_.assign(static_cast<std::size_t>(payoffs_.size()), std::string{});
  for (std::size_t c = 0; c < outcome_of_.size(); ++c) {
    if (outcome_of_[c] == kNoOutcome) continue;
    for (std::size_t p = 0; p < players_.size(); ++p)
      payoff_text_[c * players_.size() + p] = outcome_texts_[index(outcome_of_[c])][p];
  }
  outcome_labels_.clear();
  outcome_texts_.clear();
  outcome_of_.clear();
}

}  // namespace backstop

namespace backstop {

Game as_tree(const NormalFormGame& g) {
  std::vector<std::string> players;
  for (std::uint32_t p = 0; p < g.num_players(); ++p) players.push_back(g.player_label(PlayerId{p}));
  GameBuilder b(g.title(), players, g.comment());
  std::vector<InfoSetId> sets;
  for (std::uint32_t p = 0; p < g.num_players(); ++p) {
    std::vector<std::string> strategies;
    for (std::uint32_t s = 0; s < g.num_strategies(PlayerId{p}); ++s)
      strategies.push_back(g.strategy_label(PlayerId{p}, s));
    sets.push_back(b.add_infoset(PlayerId{p}, g.player_label(PlayerId{p}), std::move(strategies)));
  }
  // Pre-order: a depth-first walk over strategy tuples, player 0 outermost.
  const std::uint32_t np = g.num_players();
  std::vector<std::uint32_t> choice;
  b.add_move(sets[0]);
  choice.push_back(0);
  while (!choice.empty()) {
    if (choice.size() == np) {
      const std::uint32_t c = g.contingency(choice);
      std::vector<double> pay(np);
      for (std::uint32_t p = 0; p < np; ++p) pay[p] = g.payoff(c, PlayerId{p});
      b.add_terminal("", b.add_outcome("", std::move(pay)));
      // Advance: the deepest player with strategies left moves on.
      while (!choice.empty() &&
             ++choice.back() == g.num_strategies(PlayerId{static_cast<std::uint32_t>(choice.size() - 1)})) {
        choice.pop_back();
      }
      continue;
    }
    b.add_move(sets[choice.size()]);
    choice.push_back(0);
  }
  return b.build();
}

}  // namespace backstop
