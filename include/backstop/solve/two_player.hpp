#pragma once
// Mixed equilibria of two-player normal-form games.
//
// Both work on the best-response polytopes of von Stengel's survey
// (Handbook of Game Theory 3, ch. 45): with payoffs shifted positive,
//   P = {x >= 0 : B'x <= 1},  Q = {y >= 0 : A y <= 1},
// where label i marks x_i = 0 or (A y)_i = 1 and label m+j marks
// (B'x)_j = 1 or y_j = 0; an equilibrium is a completely labelled pair,
// normalised to sum to one. Payoffs are scaled as gambit-lcp scales them.
// Tolerance: a pivot element or a slack counts as zero below 1e-10.

#include "backstop/game/normal_form.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

// Lemke-Howson from the artificial equilibrium along every label, then again
// from every equilibrium found, until no new basis appears: the set that
// gambit-lcp lists. Lexicographic pivoting keeps degenerate games finite.
Solution solve_lemke_howson(const NormalFormGame& game, const EquilibriumCallback& on_found = {});

// Every extreme equilibrium (as gambit-enummixed), by enumerating the vertices
// of P and Q (a search of each polytope's graph of feasible bases) and
// keeping the completely labelled pairs. The work grows with the number of
// vertices, which random games raise fast: a 10x10 takes 0.07 s, a 15x15
// 18 s; SolverError past 2,000,000 bases of one polytope.
Solution solve_enum_mixed(const NormalFormGame& game, const EquilibriumCallback& on_found = {});

// SolverError when payoffs as given (a table's, or a tree's outcomes) differ
// by less than 1e-13 of their range, which the pivoting cannot resolve.
void check_payoff_resolution(const PayoffMatrix& payoffs, const char* method);

}  // namespace backstop
