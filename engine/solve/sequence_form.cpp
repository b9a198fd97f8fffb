#include "backstop/solve/sequence_form.hpp"

#include <fmt/format.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "backstop/error.hpp"
#include "backstop/game/strategies.hpp"
#include "backstop/solve/two_player.hpp"

namespace backstop {
namespace {

struct Layout {
  std::uint32_t first_action[2];  // each player's first ActionId
  std::uint32_t num_actions[2];
  std::uint32_t num_sequences[2];  // 1 + actions
  std::uint32_t num_rows[2];       // 1 + information sets
  Eigen::Index offset_x = 0, offset_y = 0, offset_u = 0, offset_v = 0, size = 0;
};

// The LCP in standard form: w - M z - d z0 = b, as one tableau
// [I | -M | -d | b] whose first 2N+1 columns are indexed by variable:
// w_i is column i, z_i is column N + i, z0 is column 2N.
class LemkeTableau {
 public:
  LemkeTableau(const Eigen::MatrixXd& m, const Eigen::VectorXd& b) : n_(m.rows()), t_(n_, 2 * n_ + 2), basis_(n_) {
    t_.setZero();
    t_.leftCols(n_).setIdentity();
    t_.middleCols(n_, n_) = -m;
    t_.col(2 * n_).setConstant(-1.0);
    t_.col(2 * n_ + 1) = b;
    for (Eigen::Index i = 0; i < n_; ++i) basis_[i] = i;
  }

  // Lemke's path: z0 enters at `first_row`, then each leaving variable's
  // complement enters, until z0 leaves. Returns z.
  Eigen::VectorXd solve(Eigen::Index first_row) {
    Eigen::Index leaving = pivot(first_row, 2 * n_);
    // Paths are short in practice (a few times the size); a path this long
    // is cycling through degenerate bases in floating point.
    const Eigen::Index limit = 20 * n_ + 1000;
    for (Eigen::Index steps = 0;; ++steps) {
      if (steps > limit) throw SolverError(fmt::format("lcp: Lemke's path did not end within {} pivots (a degenerate game)", limit));
      const Eigen::Index entering = leaving < n_ ? leaving + n_ : leaving - n_;
      const Eigen::Index row = ratio_test(entering);
      if (row < 0) throw SolverError("lcp: Lemke's path ended on a ray (no equilibrium found this way)");
      leaving = pivot(row, entering);
      if (leaving == 2 * n_) break;
    }
    Eigen::VectorXd z = Eigen::VectorXd::Zero(n_);
    for (Eigen::Index i = 0; i < n_; ++i) {
      if (basis_[i] >= n_ && basis_[i] < 2 * n_) z[basis_[i] - n_] = t_(i, 2 * n_ + 1);
    }
    return z;
  }

 private:
  // Replaces the basic variable of `row` by `column`; returns the one that left.
  Eigen::Index pivot(Eigen::Index row, Eigen::Index column) {
    const double p = t_(row, column);
    t_.row(row) /= p;
    for (Eigen::Index i = 0; i < n_; ++i) {
      if (i != row && t_(i, column) != 0.0) t_.row(i) -= t_(i, column) * t_.row(row);
    }
    const Eigen::Index left = basis_[row];
    basis_[row] = column;
    return left;
  }

  // The row whose basic variable first reaches zero as `column` grows:
  // smallest rhs / entry, ties broken lexicographically by the rows of the
  // inverse basis (the tableau's first N columns).
  Eigen::Index ratio_test(Eigen::Index column) const {
    const double scale = t_.col(column).cwiseAbs().maxCoeff();
    const double eps = 1e-12 * std::max(1.0, scale);
    Eigen::Index best = -1;
    for (Eigen::Index i = 0; i < n_; ++i) {
      if (t_(i, column) <= eps) continue;
      if (best < 0 || lexicographically_less(i, best, column)) best = i;
    }
    return best;
  }
  bool lexicographically_less(Eigen::Index i, Eigen::Index j, Eigen::Index column) const {
    const double ai = t_(i, column), aj = t_(j, column);
    auto compare = [&](Eigen::Index c) {
      const double x = t_(i, c) / ai, y = t_(j, c) / aj;
      const double tol = 1e-11 * std::max({1.0, std::abs(x), std::abs(y)});
      return x < y - tol ? -1 : x > y + tol ? 1 : 0;
    };
    if (const int r = compare(2 * n_ + 1); r != 0) return r < 0;
    for (Eigen::Index c = 0; c < n_; ++c) {
      if (const int r = compare(c); r != 0) return r < 0;
    }
    return false;
  }

  Eigen::Index n_;
  Eigen::MatrixXd t_;
  std::vector<Eigen::Index> basis_;
};

}  // namespace

Solution solve_sequence_form(const Game& g) {
  if (g.num_players() != 2) {
    throw SolverError(fmt::format("lcp (sequence form) needs a game with two players; this one has {}", g.num_players()));
  }
  check_payoff_resolution(g.payoffs(), "lcp");
  Layout L;
  std::uint32_t first = 0;
  std::vector<std::vector<InfoSetId>> sets(2);
  for (std::uint32_t p = 0; p < 2; ++p) {
    for (InfoSetId h : g.infosets_of(PlayerId{p})) sets[p].push_back(h);
    L.first_action[p] = first;
    L.num_actions[p] = 0;
    for (InfoSetId h : sets[p]) L.num_actions[p] += g.infoset_num_actions(h);
    first += L.num_actions[p];
    L.num_sequences[p] = 1 + L.num_actions[p];
    L.num_rows[p] = 1 + 2 * static_cast<std::uint32_t>(sets[p].size());
  }
  L.offset_x = 0;
  L.offset_y = L.num_sequences[0];
  L.offset_u = L.offset_y + L.num_sequences[1];
  L.offset_v = L.offset_u + L.num_rows[0];
  L.size = L.offset_v + L.num_rows[1];
  // A sequence: 0 for the empty one, 1 + the action's place among the player's.
  auto sequence = [&](std::uint32_t p, std::uint32_t action) { return action == kNoIndex ? 0u : 1u + action - L.first_action[p]; };

  // Costs at the ends of the game: K R - payoff, with payoffs summed along
  // the path (outcomes may sit on inner nodes) and weighted by chance.
  const std::vector<std::uint32_t> last = last_own_moves(g);
  const double top = g.num_outcomes() > 0 ? g.payoffs().maxCoeff() : 0.0;
  const double k = top + 1.0;
  Eigen::MatrixXd c1 = Eigen::MatrixXd::Zero(L.num_sequences[0], L.num_sequences[1]);
  Eigen::MatrixXd c2 = c1;
  std::vector<double> chance(g.num_nodes(), 1.0), paid(2 * g.num_nodes(), 0.0);
  for (NodeId n : g.preorder()) {
    const std::uint32_t i = index(n);
    if (n != Game::root()) {
      const NodeId q = g.parent(n);
      chance[i] = chance[index(q)] * (g.kind(q) == NodeKind::kChance ? g.probability(g.action_into(n)) : 1.0);
      paid[2 * i] = paid[2 * index(q)];
      paid[2 * i + 1] = paid[2 * index(q) + 1];
    }
    if (g.outcome(n) != kNoOutcome) {
      for (std::uint32_t p = 0; p < 2; ++p) paid[2 * i + p] += g.payoff(g.outcome(n), PlayerId{p});
    }
    if (g.num_children(n) > 0 || chance[i] == 0.0) continue;
    const std::uint32_t s1 = sequence(0, last[2 * i]), s2 = sequence(1, last[2 * i + 1]);
    c1(s1, s2) += chance[i] * (k - paid[2 * i]);
    c2(s1, s2) += chance[i] * (k - paid[2 * i + 1]);
  }
  // Constraints: the root row, then one row per information set.
  const std::vector<std::uint32_t> own_parent = own_parent_actions(g);
  auto constraints = [&](std::uint32_t p) {
    Eigen::MatrixXd c = Eigen::MatrixXd::Zero(L.num_rows[p], L.num_sequences[p]);
    c(0, 0) = 1.0;
    for (std::size_t r = 0; r < sets[p].size(); ++r) {
      const InfoSetId h = sets[p][r];
      // Both directions: sum over a of x(seq(h) a) = x(seq(h)) exactly, its
      // dual free (the difference of the two rows' nonnegative duals).
      const Eigen::Index up = 1 + static_cast<Eigen::Index>(r), down = up + static_cast<Eigen::Index>(sets[p].size());
      c(up, sequence(p, own_parent[index(h)])) = -1.0;
      c(down, sequence(p, own_parent[index(h)])) = 1.0;
      for (std::uint32_t a = 0; a < g.infoset_num_actions(h); ++a) {
        c(up, sequence(p, index(g.action(h, a)))) = 1.0;
        c(down, sequence(p, index(g.action(h, a)))) = -1.0;
      }
    }
    return c;
  };
  const Eigen::MatrixXd G = constraints(0), H = constraints(1);
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(L.size, L.size);
  m.block(L.offset_x, L.offset_y, L.num_sequences[0], L.num_sequences[1]) = c1;
  m.block(L.offset_x, L.offset_u, L.num_sequences[0], L.num_rows[0]) = -G.transpose();
  m.block(L.offset_y, L.offset_x, L.num_sequences[1], L.num_sequences[0]) = c2.transpose();
  m.block(L.offset_y, L.offset_v, L.num_sequences[1], L.num_rows[1]) = -H.transpose();
  m.block(L.offset_u, L.offset_x, L.num_rows[0], L.num_sequences[0]) = G;
  m.block(L.offset_v, L.offset_y, L.num_rows[1], L.num_sequences[1]) = H;
  Eigen::VectorXd b = Eigen::VectorXd::Zero(L.size);
  b[L.offset_u] = -1.0;
  b[L.offset_v] = -1.0;

  // z0 enters first at player 1's root row, where gambit-lcp's path starts.
  const Eigen::VectorXd z = LemkeTableau(m, b).solve(L.offset_u);

  // Behaviour from the realization plan: each action's share of its set's
  // sequences; uniform where the plan never reaches the set.
  BehaviorProfile profile(g.num_player_actions());
  for (std::uint32_t p = 0; p < 2; ++p) {
    const Eigen::Index offset = p == 0 ? L.offset_x : L.offset_y;
    for (InfoSetId h : sets[p]) {
      const std::uint32_t na = g.infoset_num_actions(h);
      double total = 0.0;
      for (std::uint32_t a = 0; a < na; ++a) total += std::max(0.0, z[offset + sequence(p, index(g.action(h, a)))]);
      for (std::uint32_t a = 0; a < na; ++a) {
        const double v = std::max(0.0, z[offset + sequence(p, index(g.action(h, a)))]);
        profile[index(g.action(h, a))] = total > 1e-12 ? v / total : 1.0 / na;
      }
    }
  }
  // Never returned unverified: a wrong path (numerical trouble) is refused.
  Equilibrium e = evaluate(g, profile);
  const double range = g.num_outcomes() > 0 ? g.payoffs().maxCoeff() - g.payoffs().minCoeff() : 0.0;
  const double regret = max_regret(g, profile);
  if (regret > 1e-9 * std::max(1.0, range)) {
    throw SolverError(fmt::format("lcp (sequence form): Lemke's path ended at a profile that is not an equilibrium (regret {:.3g}); "
                                  "use --method enummixed or qre",
                                  regret));
  }
  Solution s;
  s.method = "lcp";
  s.concept_name = "Nash equilibrium (sequence form)";
  s.detail = "Lemke's algorithm on the sequence-form LCP (Koller, Megiddo and von Stengel 1996), covering vector 1, "
             "lexicographic ratio test; behaviour uniform at sets the equilibrium never reaches";
  s.exact = true;
  s.equilibria.push_back(std::move(e));
  return s;
}

}  // namespace backstop
