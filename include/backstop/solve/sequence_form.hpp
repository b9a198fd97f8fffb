#pragma once
// One Nash equilibrium of a two-player tree with perfect recall, in behaviour
// strategies, by Lemke's algorithm on the sequence-form LCP (Koller, Megiddo
// and von Stengel 1996): linear in the size of the tree, where the strategic
// form is exponential.
//
// Realization plans x, y over each player's sequences satisfy x(empty) = 1
// and, at each information set h, sum over a in h of x(seq(h) a) =
// x(seq(h)), x >= 0. With payoffs turned into positive costs an equilibrium
// solves a linear complementarity problem in (x, y) and the duals of those
// rows; engine/solve/sequence_form.cpp writes out both LCPs used:
//
// - kLemke: gambit-lcp's LCP and path (covering vector 1, z0 entering at
//   player 1's root row), so the equilibrium found is the one gambit-lcp
//   prints. Where that path fails (on some degenerate trees it ends on a
//   ray, or cycles in floating point), the tracing procedure takes over and
//   the solution's detail says so.
// - kTracing: the tracing procedure (von Stengel, van den Elzen and Talman
//   2002) from a fixed generic prior (action k of a set weighted by
//   sqrt(k + 2)): each player starts best-replying to the other's prior,
//   and the prior's weight falls to zero along Lemke's path. Its equality
//   rows stay exact with free duals, so the path cannot end on a ray; where
//   it cycles in floating point, priors weighted sqrt(k + 3), sqrt(k + 4),
//   sqrt(k + 5) are tried in turn.
//
// Ratios use a lexicographic rule so degenerate paths stay finite, and a
// repeated basis ends a path as cycling; pivots below 1e-9 of the entering
// column's largest entry count as zero. Every result is checked (regret at
// most 1e-9 of the payoff range) before it is returned; a failed check is a
// SolverError, never a wrong answer.

#include "backstop/game/game.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

enum class SequenceFormPath { kLemke, kTracing };

// SolverError unless the game has two players (and perfect recall, which
// every Game has), or if no path reaches a verified equilibrium.
Solution solve_sequence_form(const Game& game, SequenceFormPath path = SequenceFormPath::kLemke);

}  // namespace backstop
