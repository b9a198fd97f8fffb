#pragma once
// The equations of the agent logit branch (private to the solve layer; the
// tests include it to check the Jacobian against finite differences).
//
// Unknowns x = (z, lambda), z = log p for every player action in the
// behaviour-profile layout. Per information set h of player i: the
// probabilities sum to one, and for each action a after the first a0,
//   z(a) - z(a0) - lambda (v(a) - v(a0)) = 0,
// where v(a) is i's expected payoff from taking a at h, given h is reached,
// with beliefs from the profile (Bayes' rule on everyone's moves but i's).

#include <Eigen/Core>
#include <vector>

#include "backstop/game/game.hpp"
#include "backstop/solve/solution.hpp"
#include "path_tracer.hpp"

namespace backstop::detail {

class LogitSystem final : public CurveSystem {
 public:
  // Payoffs are divided by `scale` (the payoff range), so the system is well
  // conditioned whatever the units; its lambda is the caller's times scale.
  LogitSystem(const Game& g, double scale);

  Eigen::Index size() const override { return n_; }

  // F(x), and F with perturbation_ added to the first equation.
  void equations(const Eigen::VectorXd& x, Eigen::VectorXd& out) override;
  // dF/dx (n rows, n + 1 columns), analytic; see logit.cpp for the derivation.
  void jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& jac) override;
  // Added to the first equation while passing a bifurcation (path_tracer.hpp).
  void set_perturbation(double p) override { perturbation_ = p; }
  // How far a Newton step moves: the change in the probabilities, and in
  // lambda relative to its size (see logit.cpp).
  double distance(const Eigen::VectorXd& x, const Eigen::VectorXd& step) const override;

  // The largest conditional regret (best action value less the value of the
  // mix) over the information sets that play reaches with a probability
  // that is not zero in double precision: gambit-logit's stopping measure.
  double max_regret(const Eigen::VectorXd& z);

 private:
  void compute_values(const Eigen::VectorXd& z);
  void fill_equations(const Eigen::VectorXd& z, double lambda, Eigen::VectorXd& out) const;
  // After compute_values: the probability of `a` at `parent`.
  double move_probability(NodeId parent, ActionId a) const {
    return backstop::move_probability(g_, probability_, parent, a);
  }

  const Game& g_;
  const double inv_scale_;
  double perturbation_ = 0.0;
  const std::size_t np_;
  const Eigen::Index n_;
  // Per node: log reach by each player's moves (chance in slot np_), the
  // value to each player, the belief at its information set.
  std::vector<double> log_reach_, value_, belief_;
  std::vector<double> action_value_, weights_;
  std::vector<double> log_chance_into_;  // per node: log of the chance move into it, 0 after a player's move
  std::vector<double> probability_;      // exp(z), once per evaluation
  std::vector<char> set_unreached_;      // no weight from others' moves or chance: beliefs fixed
  Eigen::MatrixXd dv_;                   // dv(a)/dz(b), n x n
};

}  // namespace backstop::detail
