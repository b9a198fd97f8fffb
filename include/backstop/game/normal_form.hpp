#pragma once
// A finite game in strategic (normal) form: a payoff tensor. Contingencies are
// numbered with player 0's strategy varying fastest, as in Gambit's .nfg files.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backstop/game/game.hpp"

namespace backstop {

// The most payoffs (contingencies x players) a table may hold: 2^24 doubles,
// 128 MiB, refused before anything is allocated.
inline constexpr std::uint64_t kMaxPayoffValues = std::uint64_t{1} << 24;

class NormalFormGame {
 public:
  NormalFormGame(std::string title, std::vector<std::string> players, std::vector<std::vector<std::string>> strategies,
                 std::string comment = {});

  const std::string& title() const noexcept { return title_; }
  const std::string& comment() const noexcept { return comment_; }
  std::uint32_t num_players() const noexcept { return static_cast<std::uint32_t>(players_.size()); }
  const std::string& player_label(PlayerId p) const { return players_[index(p)]; }
  std::uint32_t num_strategies(PlayerId p) const { return static_cast<std::uint32_t>(strategies_[index(p)].size()); }
  const std::string& strategy_label(PlayerId p, std::uint32_t s) const { return strategies_[index(p)][s]; }
  std::uint32_t num_contingencies() const noexcept { return static_cast<std::uint32_t>(payoffs_.rows()); }

  // Contingency index of a strategy tuple (one strategy index per player).
  std::uint32_t contingency(std::span<const std::uint32_t> strategies) const;
  double payoff(std::uint32_t contingency, PlayerId p) const { return payoffs_(contingency, index(p)); }
  std::string payoff_text(std::uint32_t contingency, PlayerId p) const;
  // In place. A game read in the outcome version becomes a payoff-version game.
  void set_payoff(std::uint32_t contingency, PlayerId p, double v);
  PayoffMatrix& payoffs() noexcept {
    drop_outcomes();
    return payoffs_;
  }
  const PayoffMatrix& payoffs() const noexcept { return payoffs_; }

  // Text as written, for exact write-back (contingencies x players); may be empty.
  void set_payoff_texts(std::vector<std::string> texts) { payoff_text_ = std::move(texts); }

  // The outcome version: named outcomes, each contingency pointing at one
  // (kNoOutcome = all zero). Setting them fills the payoff tensor.
  void set_outcomes(std::vector<std::string> labels, PayoffMatrix payoffs, std::vector<std::vector<std::string>> texts,
                    std::vector<OutcomeId> of_contingency);
  bool has_outcomes() const noexcept { return !outcome_of_.empty(); }
  std::uint32_t num_outcomes() const noexcept { return static_cast<std::uint32_t>(outcome_labels_.size()); }
  const std::string& outcome_label(OutcomeId o) const { return outcome_labels_[index(o)]; }
  std::string outcome_payoff_text(OutcomeId o, PlayerId p) const;
  OutcomeId outcome_of(std::uint32_t contingency) const { return outcome_of_[contingency]; }

 private:
  void drop_outcomes();

  std::string title_, comment_;
  std::vector<std::string> players_;
  std::vector<std::vector<std::string>> strategies_;
  PayoffMatrix payoffs_;
  std::vector<std::string> payoff_text_;
  std::vector<std::string> outcome_labels_;
  PayoffMatrix outcome_payoffs_;
  std::vector<std::vector<std::string>> outcome_texts_;
  std::vector<OutcomeId> outcome_of_;
};

// The normal form as a tree of simultaneous moves: player 0 moves at the
// root, each later player at one information set spanning its whole level,
// so behaviour profiles of the tree are the mixed profiles of the table.
Game as_tree(const NormalFormGame& game);

}  // namespace backstop
