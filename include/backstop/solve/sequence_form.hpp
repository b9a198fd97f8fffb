#pragma once
// One Nash equilibrium of a two-player tree with perfect recall, in behaviour
// strategies, by Lemke's algorithm on the sequence-form LCP (Koller, Megiddo
// and von Stengel 1996): linear in the size of the tree, where the strategic
// form is exponential.
//
// Realization plans x, y over each player's sequences satisfy
//   x(empty) >= 1 and, at each information set h, sum over a in h of
//   x(seq(h) a) = x(seq(h)), x >= 0,
// the equality written as two inequalities so that its dual is free (the
// difference of two nonnegative ones): with one inequality alone a plan may
// over-play where the opponent never goes, and the opponent's reply is then
// computed against an impossible plan. With payoffs turned into positive
// costs, C = K R - A (R the chance weight of each pair of sequences that ends
// the game, K above every payoff), an equilibrium solves the LCP
//   w = M z + b >= 0, z >= 0, z'w = 0,  z = (x, y, u, v)
// with M = [0 C1 -G' 0; C2' 0 0 -H'; G 0 0 0; 0 H 0 0] and b = -1 on the two
// root rows. Lemke's algorithm runs it with covering vector 1, the artificial
// variable entering first at player 1's root row (where gambit-lcp's path
// starts), with lexicographic ratios so degenerate trees stay finite; the
// result is checked (regret) before it is returned.
// Tolerance: pivots below 1e-12 of the column's largest entry count as zero.

#include "backstop/game/game.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

// SolverError unless the game has two players (and perfect recall, which
// every Game has).
Solution solve_sequence_form(const Game& game);

}  // namespace backstop
