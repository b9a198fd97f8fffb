#pragma once
// Pure-strategy Nash equilibria by enumeration, for any number of players.
//
// On a game tree the strategies are reduced: an information set that a
// player's own earlier moves make unreachable gets no action (it prints as
// zeros, as in Gambit). With subgame_perfect, the game is cut into subgames
// and solved bottom-up (as gambit-enumpure -P does): every combination of the
// subgames' equilibria is replaced by its payoffs and the pure equilibria of
// what remains are enumerated, so each result is a Nash equilibrium in every
// subgame. A deviation must gain more than kTieTolerance times max(1, |payoff|).

#include <cstddef>

#include "backstop/game/game.hpp"
#include "backstop/game/normal_form.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

struct PureNashOptions {
  bool subgame_perfect = false;
  std::size_t max_equilibria = 10000;
  // Refuse (SolverError) rather than enumerate more pure profiles than this.
  std::size_t max_profiles = 20'000'000;
  EquilibriumCallback on_equilibrium;  // each as it is found; false stops the listing
};

Solution solve_pure_nash(const Game& game, const PureNashOptions& options);
// Profiles are mixed-strategy vectors: each player's strategies end to end.
Solution solve_pure_nash(const NormalFormGame& game, const PureNashOptions& options);

}  // namespace backstop
