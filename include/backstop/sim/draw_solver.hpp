#pragma once
// One equilibrium per Monte Carlo draw of a game built once and re-weighted
// per draw. Where the method (auto resolved from the structure, which draws do
// not change) is spe or sequential, a workspace made once solves every draw
// with no allocation; any other method goes through solve_scenario_game.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backstop/solve/backward_induction.hpp"
#include "backstop/solve/sequential.hpp"
#include "backstop/solve/solve.hpp"

namespace backstop {

class DrawSolver {
 public:
  // SolverError where the method does not apply to the structure.
  DrawSolver(const Game& game, const SolveOptions& options);
  // The game as now weighted (the constructor's structure): the selected equilibrium.
  void solve(const Game& game);
  std::span<const double> reach() const noexcept { return reach_; }      // per node
  std::span<const double> payoffs() const noexcept { return payoffs_; }  // per player, expected
  const std::string& concept_name() const noexcept { return concept_; }  // of the last solve
  // The action chosen at each information set by the last solve, where the
  // method plays pure strategies (spe, sequential); empty otherwise.
  std::span<const std::uint32_t> choices() const noexcept;
  // Method qre: the precision of the next solves (a sweep over lambda).
  void set_lambda(double lambda) { options_.lambda = lambda; }

 private:
  SolveOptions options_;
  std::optional<SequentialSolver> sequential_;
  std::optional<BackwardInduction> spe_;
  std::vector<std::uint32_t> action_of_set_;
  std::vector<double> reach_, payoffs_;
  std::string concept_;
};

}  // namespace backstop
