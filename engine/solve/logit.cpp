#include "backstop/solve/logit.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>

#include "backstop/error.hpp"
#include "logit_system.hpp"
#include "path_tracer.hpp"

namespace backstop {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();

}  // namespace

namespace detail {

LogitSystem::LogitSystem(const Game& g, double scale)
    : g_(g),
      inv_scale_(1.0 / scale),
      np_(g.num_players()),
      n_(g.num_player_actions()),
      log_reach_(static_cast<std::size_t>(g.num_nodes()) * (np_ + 1)),
      value_(static_cast<std::size_t>(g.num_nodes()) * np_),
      belief_(g.num_nodes(), 0.0),
      action_value_(n_),
      log_chance_into_(g.num_nodes(), 0.0),
      probability_(n_),
      set_unreached_(g.num_infosets(), 0),
      dv_(n_, n_) {
  for (std::uint32_t i = 1; i < g.num_nodes(); ++i) {
    const NodeId n{i};
    if (g.kind(g.parent(n)) == NodeKind::kChance) log_chance_into_[i] = std::log(g.probability(g.action_into(n)));
  }
}

// Conditional action values v(a) and beliefs at the profile exp(z).
void LogitSystem::compute_values(const Eigen::VectorXd& z) {
  const std::size_t w = np_ + 1;
  for (Eigen::Index a = 0; a < n_; ++a) probability_[static_cast<std::size_t>(a)] = std::exp(z[a]);
  std::fill_n(log_reach_.begin(), w, 0.0);
  for (std::uint32_t i = 1; i < g_.num_nodes(); ++i) {
    const NodeId n{i}, q = g_.parent(n);
    std::copy_n(&log_reach_[index(q) * w], w, &log_reach_[i * w]);
    if (g_.kind(q) == NodeKind::kChance) {
      log_reach_[i * w + np_] += log_chance_into_[i];
    } else {
      log_reach_[i * w + index(g_.player(q))] += z[index(g_.action_into(n))];
    }
  }
  for (std::uint32_t i = g_.num_nodes(); i-- > 0;) {
    const NodeId n{i};
    double* v = &value_[i * np_];
    std::fill_n(v, np_, 0.0);
    for (std::uint32_t k = 0; k < g_.num_children(n); ++k) {
      const double p = move_probability(n, g_.action(g_.infoset(n), k));
      if (p == 0.0) continue;
      const double* cv = &value_[index(g_.child(n, k)) * np_];
      for (std::size_t j = 0; j < np_; ++j) v[j] += p * cv[j];
    }
    if (g_.outcome(n) != kNoOutcome) {
      for (std::size_t j = 0; j < np_; ++j)
        v[j] += inv_scale_ * g_.payoff(g_.outcome(n), PlayerId{static_cast<std::uint32_t>(j)});
    }
  }
  // Beliefs from everyone's moves but the mover's own (the same at every
  // node of the set, by perfect recall), in logs so nothing underflows.
  for (std::uint32_t h = 0; h < g_.num_infosets(); ++h) {
    const InfoSetId set{h};
    const PlayerId owner = g_.infoset_player(set);
    if (owner == kChancePlayer) continue;
    const auto members = g_.members(set);
    double top = kNegInf;
    weights_.resize(members.size());
    for (std::size_t m = 0; m < members.size(); ++m) {
      const double* lr = &log_reach_[index(members[m]) * w];
      double l = lr[np_];
      for (std::size_t j = 0; j < np_; ++j) {
        if (j != index(owner)) l += lr[j];
      }
      weights_[m] = l;
      top = std::max(top, l);
    }
    set_unreached_[h] = top == kNegInf;
    double total = 0.0;
    for (double& wt : weights_) total += (wt = top == kNegInf ? 1.0 : std::exp(wt - top));
    for (std::size_t m = 0; m < members.size(); ++m) belief_[index(members[m])] = weights_[m] / total;
    for (std::uint32_t k = 0; k < g_.infoset_num_actions(set); ++k) {
      double v = 0.0;
      for (NodeId m : members) v += belief_[index(m)] * value_[index(g_.child(m, k)) * np_ + index(owner)];
      action_value_[index(g_.action(set, k))] = v;
    }
  }
}

void LogitSystem::equations(const Eigen::VectorXd& x, Eigen::VectorXd& out) {
  compute_values(x.head(n_));
  fill_equations(x.head(n_), x[n_], out);
  out[0] += perturbation_;
}

// The rows are in the action layout: the first action of each information set
// carries the set's sum, each later action its logit equation. So
//   row a0 (sum):   dF/dz(b) = p(b) for b at the set,
//   row a (a > a0): dF/dz(b) = [b = a] - [b = a0] - lambda (dv(a)/dz(b) - dv(a0)/dz(b)),
//   and dF/dlambda = -(v(a) - v(a0)).
// For a at set h of player i, v(a) = sum over members m of mu(m) U(m a), with
// U(x) i's expected payoff from node x on and mu(m) = W(m) / sum W, W(m) the
// probability of reaching m by chance and the other players. Differentiating
// in z(b) = log p(b), b an action at set h', gives two terms:
//   through U: sum over m, and over nodes n' of h' below child (m a), of
//     mu(m) rho(child(m a) -> n') p(b) U(child(n' b)), rho the probability of
//     the path between them;
//   through the beliefs, when h' is another player's: W(m) has the factor p(b)
//     exactly when b lies on the path to m, so the term is
//     sum over such m of mu(m) (U(m a) - v(a)).
// Both are walks from a node up to the root, so the cost is nodes x depth x
// actions per node, against 2n evaluations of the whole tree for differences.
void LogitSystem::jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& jac) {
  const Eigen::VectorXd z = x.head(n_);
  const double lambda = x[n_];
  compute_values(z);
  dv_.setZero();
  for (std::uint32_t i = 0; i < g_.num_nodes(); ++i) {
    const NodeId below{i};
    if (g_.num_children(below) == 0 || g_.kind(below) == NodeKind::kChance) continue;
    const InfoSetId h = g_.infoset(below);
    const std::uint32_t b0 = index(g_.first_action(h)), nb = g_.infoset_num_actions(h);
    // Through U: every decision node above `below` and the action taken there.
    double rho = 1.0;
    for (NodeId y = below; y != g_.root() && rho != 0.0;) {
      const NodeId q = g_.parent(y);
      const ActionId into = g_.action_into(y);
      if (g_.kind(q) == NodeKind::kDecision && belief_[index(q)] != 0.0) {
        const std::uint32_t owner = index(g_.player(q));
        const double scale = belief_[index(q)] * rho;
        for (std::uint32_t k = 0; k < nb; ++k) {
          dv_(index(into), b0 + k) += scale * probability_[b0 + k] * value_[index(g_.child(below, k)) * np_ + owner];
        }
      }
      rho *= move_probability(q, into);
      y = q;
    }
    // Through the beliefs at this node's set: the others' actions above it.
    if (set_unreached_[index(h)] || belief_[i] == 0.0) continue;
    const std::uint32_t owner = index(g_.player(below));
    for (NodeId y = below; y != g_.root();) {
      const NodeId q = g_.parent(y);
      if (g_.kind(q) == NodeKind::kDecision && index(g_.player(q)) != owner) {
        const std::uint32_t b = index(g_.action_into(y));
        for (std::uint32_t k = 0; k < nb; ++k) {
          dv_(b0 + k, b) += belief_[i] * (value_[index(g_.child(below, k)) * np_ + owner] - action_value_[b0 + k]);
        }
      }
      y = q;
    }
  }
  jac.setZero(n_, n_ + 1);
  for (std::uint32_t slot = 0; slot < np_; ++slot) {
    for (InfoSetId h : g_.infosets_of(PlayerId{slot})) {
      const std::uint32_t a0 = index(g_.first_action(h)), k = g_.infoset_num_actions(h);
      for (std::uint32_t c = 0; c < k; ++c) jac(a0, a0 + c) = probability_[a0 + c];
      for (std::uint32_t c = 1; c < k; ++c) {
        const std::uint32_t a = a0 + c;
        jac.row(a).head(n_) = -lambda * (dv_.row(a) - dv_.row(a0));
        jac(a, a) += 1.0;
        jac(a, a0) -= 1.0;
        jac(a, n_) = -(action_value_[a] - action_value_[a0]);
      }
    }
  }
}

double LogitSystem::max_regret(const Eigen::VectorXd& z) {
  compute_values(z);
  const std::size_t w = np_ + 1;
  double worst = 0.0;
  for (std::uint32_t h = 0; h < g_.num_infosets(); ++h) {
    const InfoSetId set{h};
    if (g_.infoset_player(set) == kChancePlayer) continue;
    double reach = 0.0;
    for (NodeId m : g_.members(set)) {
      const double* lr = &log_reach_[index(m) * w];
      double l = 0.0;
      for (std::size_t j = 0; j <= np_; ++j) l += lr[j];
      reach += std::exp(l);
    }
    if (reach == 0.0) continue;
    double best = kNegInf, mean = 0.0;
    for (std::uint32_t k = 0; k < g_.infoset_num_actions(set); ++k) {
      const std::uint32_t a = index(g_.action(set, k));
      best = std::max(best, action_value_[a]);
      mean += probability_[a] * action_value_[a];
    }
    worst = std::max(worst, best - mean);
  }
  return worst;
}

void LogitSystem::fill_equations(const Eigen::VectorXd& z, double lambda, Eigen::VectorXd& out) const {
  out.resize(n_);
  for (std::uint32_t slot = 0; slot < np_; ++slot) {
    for (InfoSetId h : g_.infosets_of(PlayerId{slot})) {
      const std::uint32_t a0 = index(g_.first_action(h)), k = g_.infoset_num_actions(h);
      double sum = -1.0;
      for (std::uint32_t c = 0; c < k; ++c) sum += probability_[a0 + c];
      out[a0] = sum;
      for (std::uint32_t c = 1; c < k; ++c)
        out[a0 + c] = z[a0 + c] - z[a0] - lambda * (action_value_[a0 + c] - action_value_[a0]);
    }
  }
}

// How far a Newton step moves, for the step-size control: the change in the
// probabilities, and in lambda relative to its size. The system is nonlinear
// in z = log p only through p, so a large move in the log of a probability
// that is nearly zero (as those of abandoned actions become, at large lambda,
// where their logs fall like -lambda) is harmless and must not shorten steps.
double LogitSystem::distance(const Eigen::VectorXd& x, const Eigen::VectorXd& step) const {
  const Eigen::Index n = x.size() - 1;
  double sum = 0.0;
  for (Eigen::Index k = 0; k < n; ++k) {
    const double dp = std::exp(x[k] + step[k]) - std::exp(x[k]);
    sum += dp * dp;
  }
  const double dl = step[n] / std::max(1.0, std::abs(x[n]));
  return std::sqrt(sum + dl * dl);
}

}  // namespace detail

namespace {

using detail::LogitSystem;

// std::exp, not Eigen's vectorised exp, which clamps its argument at -709.78
// and so never gives the exact zero of an action abandoned long ago.
Eigen::VectorXd probabilities(const Eigen::VectorXd& x, Eigen::Index n) {
  return x.head(n).unaryExpr([](double z) { return std::exp(z); });
}

}  // namespace

Solution solve_logit(const Game& g, const LogitOptions& options) {
  // The tracer keeps dense n x n matrices (the Jacobian, its factors and the
  // value derivatives) and factors one at every Newton step: at 4,096
  // actions that is about 0.5 GiB and a second a factorisation.
  constexpr std::uint32_t kMaxActions = 4096;
  if (g.num_player_actions() > kMaxActions) {
    throw SolverError(
        fmt::format("qre: the game has {} player actions; the logit tracer factors a dense Jacobian at every step and "
                    "takes at most {} (the methods spe, sequential and pure solve larger games where they apply)",
                    g.num_player_actions(), kMaxActions));
  }
  const double range = g.num_outcomes() > 0 ? g.payoffs().maxCoeff() - g.payoffs().minCoeff() : 0.0;
  const double scale = range > 0.0 ? range : 1.0;
  LogitSystem system(g, scale);
  const Eigen::Index n = system.size();
  Solution s;
  s.method = Method::kQre;
  s.exact = false;
  s.at_lambda = options.target_lambda.has_value();
  s.concept_name = s.at_lambda ? "agent logit quantal response equilibrium"
                               : "sequential equilibrium (limit of the logit QRE branch)";

  // Start: uniform play at lambda = 0.
  Eigen::VectorXd x(n + 1);
  for (std::uint32_t a = 0; a < n; ++a)
    x[a] = -std::log(static_cast<double>(g.infoset_num_actions(g.action_infoset(ActionId{a}))));
  x[n] = 0.0;
  std::vector<double> crossed;  // lambdas of the branch points gone straight through
  auto finish = [&](const Eigen::VectorXd& at) {
    Equilibrium e = evaluate(g, probabilities(at, n));
    e.lambda = at[n] / scale;
    s.equilibria.push_back(std::move(e));
    s.detail = fmt::format(
        "logit branch traced from lambda = 0 by predictor-corrector continuation; ended at lambda = {:.6g}", e.lambda);
    if (!crossed.empty()) {
      const std::string through =
          fmt::format("straight through {} at lambda = {:.4g}",
                      crossed.size() == 1 ? "a branch point" : fmt::format("{} branch points", crossed.size()),
                      fmt::join(crossed, ", "));
      s.detail += "; went " + through;
      // The concept names the branch: not the one gambit-logit follows.
      s.concept_name = s.at_lambda ? "agent logit quantal response equilibrium on the branch taken " + through
                                   : "sequential equilibrium (limit of the logit QRE branch taken " + through + ")";
    } else if (options.cross_branch_points) {
      s.detail += "; met no branch point";
    }
    return s;
  };
  if (n == 0) return finish(x);
  if (options.target_lambda && *options.target_lambda < 0.0) throw SolverError("qre: lambda must be zero or more");
  if (options.target_lambda && *options.target_lambda == 0.0) return finish(x);

  // In the system's units: regret relative to the payoff range, lambda times the range.
  std::optional<double> target;
  if (options.target_lambda) target = *options.target_lambda * scale;
  // A branch taken straight through a branch point may turn back towards lambda = 0.
  bool turned_back = false;
  const auto stop = [&](const Eigen::VectorXd& at) {
    if (at[n] < 0.0) return turned_back = true;
    return !target && (at[n] >= options.max_lambda * scale || system.max_regret(at.head(n)) <= options.max_regret);
  };
  const auto on_point = [&](const Eigen::VectorXd& at) {
    if (options.record_path) s.path.push_back(PathPoint{at[n] / scale, probabilities(at, n)});
  };
  // At lambda = 0 the branch leaves along lambda: the first tangent's augmenting direction.
  detail::PathTracerOptions tracer;
  tracer.unfold_branch_points = !options.cross_branch_points;
  const detail::TraceResult r =
      detail::trace_path(system, x, Eigen::VectorXd::Unit(n + 1, n), target, stop, on_point, tracer);
  for (const double at : r.crossed) crossed.push_back(at / scale);
  if (turned_back) {
    Solution out = finish(r.x);
    out.concept_name = "logit QRE (the branch turned back; not an equilibrium)";
    out.detail = fmt::format(
        "the branch taken straight through the branch point at lambda = {:.4g} turned back to lambda = 0 without "
        "reaching an equilibrium; unfolding branch points instead (the default, as gambit-logit) follows a stable "
        "branch on",
        crossed.empty() ? 0.0 : crossed.front());
    out.stalled = true;
    return out;
  }
  switch (r.end) {
    case detail::TraceEnd::kSingularStart: throw SolverError("logit: the Jacobian at lambda = 0 is singular");
    case detail::TraceEnd::kStepLimit:
      throw SolverError("logit: the branch was not traced to its end within the step limit");
    case detail::TraceEnd::kStalled: {
      Solution out = finish(r.x);
      out.concept_name = "logit QRE (tracing stalled; not necessarily an equilibrium)";
      out.detail = fmt::format(
          "the branch could not be continued past lambda = {:.6g} ({}); this is the last point traced, as "
          "gambit-logit reports it",
          r.x[n] / scale,
          options.cross_branch_points ? "a branch point it could not go straight through"
                                      : "a bifurcation the perturbation did not resolve");
      out.stalled = true;
      return out;
    }
    case detail::TraceEnd::kStopped:
    case detail::TraceEnd::kTarget: break;
  }
  return finish(r.x);
}

Solution solve_logit(const NormalFormGame& game, const LogitOptions& options) {
  return solve_logit(as_tree(game), options);
}

}  // namespace backstop
