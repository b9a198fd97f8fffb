#pragma once
// One entry point over all solvers: picks the method (or checks the one
// named applies) and returns a Solution that names its concept.

#include <cstddef>
#include <optional>
#include <vector>

#include "backstop/game/game.hpp"
#include "backstop/game/normal_form.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

struct SolveOptions {
  Method method = Method::kAuto;
  bool all = false;                    // every equilibrium the method can list, not just the selected one
  std::size_t max_equilibria = 10000;  // listing stops here and Solution::truncated is set
  bool subgame_perfect = false;        // method pure: keep only subgame-perfect equilibria
  std::optional<double> lambda;        // method qre: solve at this lambda (noisy actors) instead of the limit
  bool path = false;                   // method qre: keep every traced point
  bool cross_branch_points = false;    // method qre: go straight through branch points (LogitOptions)
  EquilibriumCallback on_equilibrium;  // each equilibrium as it is found; false stops the search
};

// Throws SolverError when the method does not apply to the game.
Solution solve(const Game& game, const SolveOptions& options);
Solution solve(const NormalFormGame& game, const SolveOptions& options);

}  // namespace backstop
