#pragma once
// Agent logit quantal response equilibrium, traced in lambda.
//
// At every information set h of player i, each action is played with
// probability proportional to exp(lambda * v_h(a)), v_h(a) being i's expected
// payoff from a given h is reached (beliefs from the profile itself). Lambda
// = 0 is uniform play; as lambda grows the actors become less noisy, and the
// principal branch of the correspondence, followed from lambda = 0, ends at a
// sequential equilibrium (McKelvey and Palfrey 1998). Finite lambda is the
// model of bounded rationality.
//
// The branch is followed by a predictor-corrector method in (log p, lambda)
// with arclength steps (engine/solve/path_tracer.hpp, with its constants). It
// stops where no information set's regret exceeds max_regret times the range
// of payoffs (as gambit-logit -m), or at target_lambda exactly when one is
// given.

#include <optional>
#include <vector>

#include "backstop/game/game.hpp"
#include "backstop/game/normal_form.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

struct LogitOptions {
  std::optional<double> target_lambda;  // solve at this lambda instead of tracing to the end
  bool record_path = false;             // keep every point traced (Solution::path)
  double max_regret = 1e-8;             // relative to the payoff range
  double max_lambda = 1e10;             // a bound, reached only if regret never falls
  // At a branch point (where another branch crosses, as the symmetric branch
  // of a symmetric game loses stability): false unfolds it with a small
  // perturbation, as gambit-logit does, and follows a stable branch; true
  // goes straight through and stays on the branch (the symmetric one).
  bool cross_branch_points = false;
};

Solution solve_logit(const Game& game, const LogitOptions& options);
// A normal form is solved as the tree of simultaneous moves (one information
// set per player), where agent and strategic logit coincide.
Solution solve_logit(const NormalFormGame& game, const LogitOptions& options);

}  // namespace backstop
