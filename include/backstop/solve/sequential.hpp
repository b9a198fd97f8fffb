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

#include <vector>

#include "backstop/game/game.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

// True when every player information set's nodes share one history of player moves.
bool has_strategy_independent_beliefs(const Game& game);

// Beliefs implied by chance alone, per node (uniform where chance gives the
// whole set probability zero). Meaningful for games of the class above.
Eigen::VectorXd chance_beliefs(const Game& game);

// Throws SolverError when the game is outside the class.
Solution solve_sequential(const Game& game);

}  // namespace backstop
