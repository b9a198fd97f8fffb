#include "backstop/game/game.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "backstop/error.hpp"
#include "backstop/game/number.hpp"

namespace backstop {

ActionId Game::action_into(NodeId n) const {
  NodeId p = parent(n);
  if (index(p) == kNoIndex) return ActionId{kNoIndex};
  return action(infoset(p), index(n) - node_first_child_[index(p)]);
}

std::span<const NodeId> Game::members(InfoSetId h) const {
  const std::uint32_t b = infoset_member_begin_[index(h)], e = infoset_member_begin_[index(h) + 1];
  return {infoset_members_.data() + b, e - b};
}

std::span<const InfoSetId> Game::infosets_of(PlayerId p) const {
  const std::uint32_t slot = p == kChancePlayer ? num_players() : index(p);
  const std::uint32_t b = player_infoset_begin_[slot], e = player_infoset_begin_[slot + 1];
  return {player_infosets_.data() + b, e - b};
}

InfoSetId Game::first_imperfect_infoset() const noexcept {
  for (std::uint32_t h = 0; h < num_infosets(); ++h) {
    if (infoset_player_[h] != kChancePlayer && infoset_member_begin_[h + 1] - infoset_member_begin_[h] > 1)
      return InfoSetId{h};
  }
  return kNoInfoSet;
}

std::string Game::probability_text(ActionId a) const {
  return number_text(probability_text_as_given(a), action_probability_[index(a)]);
}

std::string Game::payoff_text(OutcomeId o, PlayerId p) const {
  return number_text(payoff_text_[index(o) * num_players() + index(p)], payoffs_(index(o), index(p)));
}

std::string Game::probability_problem(InfoSetId h) const {
  std::vector<Rational> exact;
  double sum = 0.0;
  bool all_exact = true;
  for (std::uint32_t k = 0; k < infoset_num_actions(h); ++k) {
    const ActionId a = action(h, k);
    const double p = probability(a);
    if (!(p >= 0.0 && p <= 1.0)) {
      return fmt::format("probability {} of \"{}\" is outside [0, 1]", probability_text(a), action_label(a));
    }
    sum += p;
    auto parsed = parse_number(probability_text_as_given(a));
    if (parsed && parsed->exact && parsed->value == p) exact.push_back(*parsed->exact);
    else all_exact = false;
  }
  // One exactly, or within rounding of doubles (values rewritten in place, or
  // written out as long decimals). 0.333333 three times is neither.
  std::optional<Rational> total = all_exact ? exact_sum(exact) : std::nullopt;
  if ((total && *total == Rational{1, 1}) || std::abs(sum - 1.0) <= kProbabilityTolerance) return {};
  if (total) {
    return fmt::format("probabilities sum to {}, not 1",
                       total->den == 1 ? fmt::format("{}", total->num) : fmt::format("{}/{}", total->num, total->den));
  }
  return fmt::format("probabilities sum to {}, not 1", sum);
}

void Game::check_probabilities() const {
  for (InfoSetId h : infosets_of(kChancePlayer)) {
    if (std::string problem = probability_problem(h); !problem.empty()) {
      throw InputError(fmt::format("chance information set \"{}\": {}", infoset_label(h), problem));
    }
  }
}

}  // namespace backstop
