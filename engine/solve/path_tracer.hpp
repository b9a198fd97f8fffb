#pragma once
// Following a curve H(x) = 0, H: R^(n+1) -> R^n, by predictor-corrector
// continuation with arclength steps (Allgower and Georg, ch. 6), in the
// sense in which the last coordinate (a homotopy parameter such as the
// logit lambda) grows at the start. Private to the solve layer; the logit
// solver is its user (logit.cpp), the equations its system (logit_system.hpp).
//
// Each step predicts along the unit tangent, then corrects with minimum-norm
// Newton steps back to the curve, all from one LU factorisation per
// iteration of the Jacobian augmented by the last tangent. The step length
// grows by at most max_accel where the corrector converges easily and
// shrinks where it does not. A tangent that reverses orientation means a
// jump to another part of the curve, or a bifurcation: as gambit-logit does,
// the step is retried shorter with a small perturbation of the first
// equation, which unfolds a crossing into separate curves. With
// unfold_branch_points off the tracer instead goes straight through a
// crossing, staying on the branch it was on (in a symmetric game, the
// symmetric branch past the point where it loses stability).

#include <Eigen/Core>
#include <functional>
#include <optional>
#include <vector>

namespace backstop::detail {

// The system a curve is traced on.
class CurveSystem {
 public:
  virtual ~CurveSystem() = default;
  virtual Eigen::Index size() const = 0;  // n: equations; the unknowns are n + 1
  virtual void equations(const Eigen::VectorXd& x, Eigen::VectorXd& out) = 0;
  virtual void jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& jac) = 0;  // n x (n + 1)
  // Added to the first equation while passing a bifurcation.
  virtual void set_perturbation(double p) = 0;
  // How far a corrector step moves, for the step-size control.
  virtual double distance(const Eigen::VectorXd& /*x*/, const Eigen::VectorXd& step) const { return step.norm(); }
};

// Every constant of the tracer, with the values the logit solver uses.
struct PathTracerOptions {
  double first_step = 0.03;
  double max_accel = 1.1;        // the most a step may lengthen (and the factor it shrinks by)
  double max_distance = 0.4;     // the farthest one corrector step may move
  double max_contraction = 0.6;  // corrector steps must shrink at least this fast
  double tolerance = 1e-10;      // corrector convergence, and the final Newton's at a target
  double min_step = 1e-12;       // below this the trace has stalled
  int max_corrector_iterations = 30;
  std::size_t max_steps = 200'000;
  double perturbation = 1e-7;        // of the first equation, for two step lengths, at a reversal
  double max_turn = 0.9;             // cosine: a step whose tangent turns more is retried shorter...
  double small_step = 1e-5;          // ...down to this length (the branch can spiral)
  double cross_step = 1e-8;          // below this a reversal that the perturbation left is crossed
  double perturbed_steps = 2.0;      // how many step lengths the perturbation stays
  double max_decel = 2.0;            // the most a step may shorten after a hard corrector
  double contraction_floor = 1e-12;  // added to a corrector distance before dividing by it
  int max_landing_iterations = 50;   // Newton at a fixed last coordinate onto a target
  bool unfold_branch_points = true;  // false: cross every branch point instead of perturbing it apart
  double max_jump = 0.25;            // crossing: a corrector moving this times the step has left the branch
};

enum class TraceEnd {
  kStopped,        // stop(x) held
  kTarget,         // the last coordinate reached the target, landed on exactly
  kStalled,        // the step fell below min_step: x is the last point traced
  kSingularStart,  // no tangent at the first point along `start_direction`
  kStepLimit,      // max_steps taken without an end
};

struct TraceResult {
  Eigen::VectorXd x;
  TraceEnd end;
  std::vector<double> crossed;  // the last coordinate at each branch point gone straight through
};

// From x on the curve, first augmenting with `start_direction`; calls
// `on_point` at every accepted point (and the target), `stop` before each step.
TraceResult trace_path(CurveSystem& system, Eigen::VectorXd x, const Eigen::VectorXd& start_direction,
                       std::optional<double> target, const std::function<bool(const Eigen::VectorXd&)>& stop,
                       const std::function<void(const Eigen::VectorXd&)>& on_point, const PathTracerOptions& options);

}  // namespace backstop::detail
