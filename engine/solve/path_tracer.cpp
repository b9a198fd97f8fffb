#include "path_tracer.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

namespace backstop::detail {
namespace {

// One LU factorisation of the Jacobian augmented by the last tangent s,
// A = [J; s'] (square; s is nearly J's null direction, so A is regular):
// - the unit tangent t: A tau = e(n+1) gives J tau = 0, t = tau / |tau|,
//   signed so that det [J; t'] > 0. det [J; v'] is linear in v and vanishes
//   on the rows of J, so det [J; t'] = |tau| det A: the sign of det A.
//   Along a smooth branch that orientation is continuous, also around
//   turning points; it reverses where the tracer has jumped to another part
//   of the curve, or where another branch crosses this one (a bifurcation).
// - the minimum-norm Newton step: A d = [-f; 0] solves J d = -f, and
//   d - (d't) t is the solution orthogonal to J's null space, the
//   minimum-norm one.
// Dense: even on large generated trees a third of the Jacobian's entries
// are nonzero (beliefs tie each set to the other player's moves above it),
// where sparse LU measured slower.
class JacobianFactors {
 public:
  // false if A is singular (s orthogonal to the null direction).
  bool factor(const Eigen::MatrixXd& jac, const Eigen::VectorXd& s) {
    n_ = jac.rows();
    a_.resize(n_ + 1, n_ + 1);
    a_.topRows(n_) = jac;
    a_.row(n_) = s.transpose();
    lu_.compute(a_);
    // The sign of det A from the factors (the determinant itself under- or
    // overflows on large games): the permutation's sign times U's diagonal's.
    bool negative = lu_.permutationP().determinant() < 0;
    for (Eigen::Index k = 0; k <= n_; ++k) {
      const double u = lu_.matrixLU()(k, k);
      if (u == 0.0 || !std::isfinite(u)) return false;
      negative ^= u < 0;
    }
    rhs_ = Eigen::VectorXd::Unit(n_ + 1, n_);
    tangent_ = lu_.solve(rhs_);
    const double norm = tangent_.norm();
    if (!(norm > 0.0) || !std::isfinite(norm)) return false;
    tangent_ /= negative ? -norm : norm;
    return true;
  }
  // The minimum-norm solution d of J d = -f.
  void newton_step(const Eigen::VectorXd& f, Eigen::VectorXd& d) {
    rhs_.head(n_) = -f;
    rhs_[n_] = 0.0;
    d = lu_.solve(rhs_);
    d -= d.dot(tangent_) * tangent_;
  }
  const Eigen::VectorXd& tangent() const { return tangent_; }

 private:
  Eigen::Index n_ = 0;
  Eigen::MatrixXd a_;
  Eigen::PartialPivLU<Eigen::MatrixXd> lu_;
  Eigen::VectorXd tangent_, rhs_;
};

// The tracer's state between steps.
class Tracer {
 public:
  Tracer(CurveSystem& system, const PathTracerOptions& options) : system_(system), o_(options), n_(system.size()) {}

  TraceResult run(Eigen::VectorXd x, const Eigen::VectorXd& start_direction, std::optional<double> target,
                  const std::function<bool(const Eigen::VectorXd&)>& stop,
                  const std::function<void(const Eigen::VectorXd&)>& on_point);

 private:
  bool correct();
  bool accept_turn();
  Eigen::VectorXd land(const Eigen::VectorXd& x, double target);

  CurveSystem& system_;
  const PathTracerOptions& o_;
  const Eigen::Index n_;
  Eigen::MatrixXd jac_;
  Eigen::VectorXd h_value_, step_, t_, t_new_, u_;
  JacobianFactors factors_;
  double h_ = 0.0, orientation_ = 1.0, countdown_ = 0.0;
  double first_dist_ = 0.0, contr_ = 0.0;  // of the last corrector
  std::vector<double> crossed_;
};

TraceResult Tracer::run(Eigen::VectorXd x, const Eigen::VectorXd& start_direction, std::optional<double> target,
                        const std::function<bool(const Eigen::VectorXd&)>& stop,
                        const std::function<void(const Eigen::VectorXd&)>& on_point) {
  system_.jacobian(x, jac_);
  if (!factors_.factor(jac_, start_direction)) return {x, TraceEnd::kSingularStart, {}};
  // Start towards a larger last coordinate; `orientation_` keeps that sense along the branch.
  t_ = factors_.tangent();
  orientation_ = t_[n_] < 0 ? -1.0 : 1.0;
  t_ *= orientation_;
  h_ = o_.first_step;
  on_point(x);
  for (std::size_t steps = 0;; ++steps) {
    if (steps > o_.max_steps) return {x, TraceEnd::kStepLimit, crossed_};
    if (stop(x)) return {x, TraceEnd::kStopped, crossed_};
    if (h_ < o_.min_step) return {x, TraceEnd::kStalled, crossed_};
    u_ = x + h_ * t_;
    if (!correct() || !accept_turn()) {
      h_ /= o_.max_accel;
      continue;
    }
    if (target && u_[n_] >= *target) {
      Eigen::VectorXd p = land(x, *target);
      on_point(p);
      return {p, TraceEnd::kTarget, crossed_};
    }
    const double decel =
        std::max({std::sqrt(first_dist_ / o_.max_distance), contr_ / o_.max_contraction, 1.0 / o_.max_accel});
    x = u_;
    t_ = t_new_;
    h_ = h_ / std::min(decel, o_.max_decel);
    if (countdown_ > 0.0 && (countdown_ -= h_) <= 0.0) {
      countdown_ = 0.0;
      system_.set_perturbation(0.0);
    }
    on_point(x);
  }
}

// Newton corrections from the predicted point u_ back to the curve
// (minimum-norm steps through the factors of the augmented Jacobian); the
// new tangent comes from the last factors, at most `tolerance` from the new point.
bool Tracer::correct() {
  double prev_dist = 0.0;
  first_dist_ = contr_ = 0.0;
  for (int iter = 0;; ++iter) {
    system_.jacobian(u_, jac_);
    system_.equations(u_, h_value_);
    if (!factors_.factor(jac_, t_)) return false;
    factors_.newton_step(h_value_, step_);
    const double dist = system_.distance(u_, step_);
    u_ += step_;
    if (!u_.allFinite() || dist > o_.max_distance) return false;
    if (iter == 0) {
      first_dist_ = dist;
      // Crossing branch points, the corrector must stay near the prediction: near a branch
      // point another branch is within reach of Newton's steps, but farther than the step.
      if (!o_.unfold_branch_points && dist > o_.max_jump * h_) return false;
    }
    if (iter >= 1) {
      contr_ = dist / (prev_dist + o_.contraction_floor);
      if (contr_ > o_.max_contraction && dist > o_.tolerance) return false;
    }
    if (step_.norm() <= o_.tolerance * std::max(1.0, u_.norm()) || h_value_.norm() <= o_.tolerance) return true;
    prev_dist = dist;
    if (iter >= o_.max_corrector_iterations) return false;
  }
}

// The new tangent against the old: a sharp bend is retried shorter; a
// reversal is crossed at once where branch points are to be crossed (the
// corrector stayed near the prediction, so this is the same branch past the
// point), else retried perturbed, and crossed where that does not unfold it.
bool Tracer::accept_turn() {
  t_new_ = orientation_ * factors_.tangent();
  const double turn = t_new_.dot(t_);
  if (turn < o_.max_turn && h_ > o_.small_step) return false;
  if (turn >= 0) return true;
  if (!o_.unfold_branch_points) {
    // Crossing: a clean reversal is another branch crossing this one; a ragged
    // one is retried shorter, and crossed once the step is too short for a jump.
    if (turn > -o_.max_turn && h_ > o_.cross_step) return false;
  } else if (countdown_ == 0.0) {
    countdown_ = o_.perturbed_steps * h_;
    system_.set_perturbation(o_.perturbation);
    return false;
  } else if (h_ > o_.cross_step) {
    return false;
  }
  // Straight through the branch point (unfolding: the perturbation did not
  // unfold it, the symmetry it would break not being in the first equation),
  // staying on the branch: the orientation along it reverses there.
  orientation_ = -orientation_;
  t_new_ = -t_new_;
  countdown_ = 0.0;
  system_.set_perturbation(0.0);
  crossed_.push_back(u_[n_]);
  return true;
}

// Exactly onto the target: Newton at a fixed last coordinate from the secant point.
Eigen::VectorXd Tracer::land(const Eigen::VectorXd& x, double target) {
  Eigen::VectorXd p = x + (u_ - x) * ((target - x[n_]) / (u_[n_] - x[n_]));
  p[n_] = target;
  for (int iter = 0; iter < o_.max_landing_iterations; ++iter) {
    system_.jacobian(p, jac_);
    system_.equations(p, h_value_);
    const Eigen::VectorXd d = jac_.leftCols(n_).fullPivLu().solve(-h_value_);
    p.head(n_) += d;
    if (d.norm() <= o_.tolerance * std::max(1.0, p.norm())) break;
  }
  return p;
}

}  // namespace

TraceResult trace_path(CurveSystem& system, Eigen::VectorXd x, const Eigen::VectorXd& start_direction,
                       std::optional<double> target, const std::function<bool(const Eigen::VectorXd&)>& stop,
                       const std::function<void(const Eigen::VectorXd&)>& on_point, const PathTracerOptions& options) {
  return Tracer(system, options).run(std::move(x), start_direction, target, stop, on_point);
}

}  // namespace backstop::detail
