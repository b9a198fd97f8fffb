#include "backstop/sim/draw_solver.hpp"

#include <algorithm>

#include "backstop/error.hpp"
#include "backstop/sim/run.hpp"

namespace backstop {

DrawSolver::DrawSolver(const Game& g, const SolveOptions& options)
    : options_(options), reach_(g.num_nodes(), 0.0), payoffs_(g.num_players(), 0.0) {
  options_.all = false;
  options_.on_equilibrium = nullptr;
  const Method m = options.method;
  if (m == Method::kSpe || (m == Method::kAuto && g.is_perfect_information())) {
    spe_.emplace();
    concept_ = kSpeConcept;
  } else if (m == Method::kSequential || (m == Method::kAuto && has_strategy_independent_beliefs(g))) {
    sequential_.emplace(g);
    concept_ = kSequentialConcept;
  }
  action_of_set_.assign(g.num_infosets(), kNoIndex);
}

std::span<const std::uint32_t> DrawSolver::choices() const noexcept {
  if (sequential_) return sequential_->chosen();
  if (spe_) return action_of_set_;
  return {};
}

void DrawSolver::solve(const Game& g) {
  if (sequential_) {
    sequential_->solve(g);
    pure_play(g, sequential_->chosen(), reach_, payoffs_);
    return;
  }
  if (spe_) {
    spe_->solve(g);  // perfect information: one node per set
    const auto choice = spe_->choices();
    for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
      if (choice[i] != kNoIndex) action_of_set_[index(g.infoset(NodeId{i}))] = choice[i];
    }
    pure_play(g, action_of_set_, reach_, payoffs_);
    return;
  }
  const Solution solution = solve_scenario_game(g, options_);
  BACKSTOP_CHECK(!solution.equilibria.empty(), "a draw without an equilibrium");
  const Equilibrium& e = solution.equilibria.front();
  std::copy(e.reach.begin(), e.reach.end(), reach_.begin());
  std::copy(e.payoffs.begin(), e.payoffs.end(), payoffs_.begin());
  concept_ = solution.concept_name;
}

}  // namespace backstop
