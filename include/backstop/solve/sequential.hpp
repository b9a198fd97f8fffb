#pragma once
// Backward induction over information sets: the exact sequential equilibrium
// (in pure strategies) of games whose beliefs do not depend on strategies.
//
// The class: at every player's information set, all nodes were reached by the
// same sequence of player moves and differ only in hidden chance moves (a
// private type, say, that Nature drew and the mover did not see). Beliefs are
// then the chance probabilities, normalised over the set, whatever anyone
// plays; information sets can be solved from the longest move history up,
// each taking the action with the best expected payoff under those beliefs.
// Ties go to the first action in file order (as backward induction).

#include <cstdint>
#include <span>
#include <vector>

#include "backstop/game/game.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

// True when every player information set's nodes share one history of player moves.
bool has_strategy_independent_beliefs(const Game& game);

// Throws SolverError when the game is outside the class.
Solution solve_sequential(const Game& game);

inline constexpr const char* kSequentialConcept = "sequential equilibrium";

// A reusable workspace for one structure (the Monte Carlo path): the
// constructor analyses the tree once (and throws SolverError when it is
// outside the class); solve() then allocates nothing, however often the
// probabilities and payoffs of the same structure change.
class SequentialSolver {
 public:
  explicit SequentialSolver(const Game& game);
  // The game as now weighted; its structure must be the constructor's.
  void solve(const Game& game);
  // Per information set: the action index taken (kNoIndex at chance sets).
  std::span<const std::uint32_t> chosen() const noexcept { return chosen_; }
  // Per node: its probability given its information set (from chance alone).
  std::span<const double> beliefs() const noexcept { return belief_; }

 private:
  std::vector<InfoSetId> order_;  // player sets, longest move history first
  std::vector<std::uint32_t> chosen_;
  std::vector<double> belief_, chance_reach_, value_, expected_;
  std::vector<std::uint8_t> done_;
  std::vector<NodeId> stack_;
  const double* subtree_value(const Game& game, NodeId top);
};

}  // namespace backstop
