#include "backstop/solve/two_player.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "backstop/error.hpp"
#include "lex_tableau.hpp"

namespace backstop {
namespace {

// Vertex enumeration (enummixed) and reading supports: a value within 1e-10
// of zero is zero, and rows within 1e-10 (relative) of the smallest ratio all
// tie, so the search passes through every basis of a degenerate vertex. The
// pivoting of Lemke-Howson follows the tableau's policy (lex_tableau.hpp).
constexpr double kZero = 1e-10;
constexpr std::size_t kMaxPivots = 1000000;
using Matrix = Eigen::MatrixXd;

struct Bimatrix {
  Matrix a, b;  // m x n, payoffs of player 1 and 2, shifted and scaled into (0, 1]
};

Bimatrix bimatrix(const NormalFormGame& g, const char* method) {
  if (g.num_players() != 2) {
    throw SolverError(fmt::format("{} needs a two-player game; this one has {} players", method, g.num_players()));
  }
  const auto m = static_cast<Eigen::Index>(g.num_strategies(PlayerId{0}));
  const auto n = static_cast<Eigen::Index>(g.num_strategies(PlayerId{1}));
  // As gambit-lcp: subtract min(smallest payoff, 0) - 1, divide by the range.
  const double lo = std::min(g.payoffs().minCoeff(), 0.0) - 1.0;
  const double hi = std::max(g.payoffs().maxCoeff(), 0.0);
  Bimatrix bm{Matrix(m, n), Matrix(m, n)};
  for (Eigen::Index i = 0; i < m; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto c = static_cast<std::uint32_t>(i + j * m);  // player 1 varies fastest
      bm.a(i, j) = (g.payoff(c, PlayerId{0}) - lo) / (hi - lo);
      bm.b(i, j) = (g.payoff(c, PlayerId{1}) - lo) / (hi - lo);
    }
  }
  return bm;
}

Equilibrium make_equilibrium(const NormalFormGame& g, const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
  Equilibrium e;
  const Eigen::VectorXd px = x / x.sum(), py = y / y.sum();
  e.profile.resize(px.size() + py.size());
  e.profile << px, py;
  e.payoffs = Eigen::VectorXd::Zero(2);
  for (Eigen::Index i = 0; i < px.size(); ++i) {
    for (Eigen::Index j = 0; j < py.size(); ++j) {
      const auto c = static_cast<std::uint32_t>(i + j * px.size());
      for (std::uint32_t p = 0; p < 2; ++p) e.payoffs[p] += px[i] * py[j] * g.payoff(c, PlayerId{p});
    }
  }
  return e;
}

// One of the two systems, r + A y = 1 (tableau 1) or s + B'x = 1 (tableau 2),
// as the table [coef | I | 1] in reduced form. Ties in the ratio test go to
// the larger ratio in the first slack column that differs: Eaves'
// lexicographic rule in the sign convention of gambit-lcp, so degenerate
// games follow the same paths and give the same equilibria (checked on
// every reference normal form).
class LhTableau {
 public:
  explicit LhTableau(const Matrix& coef)
      : vars_(coef.cols()),
        t_(table(coef), vars_, vars_ + coef.rows(), slacks(coef), detail::LexTableau::TieOrder::kLargest) {}

  // Brings column c into the basis; returns the column that leaves.
  Eigen::Index pivot_in(Eigen::Index c) {
    const Eigen::Index row = t_.ratio_test(c);
    if (row < 0) throw InternalError("Lemke-Howson: unbounded ray (payoffs should be positive)");
    return t_.pivot(row, c);
  }

  bool is_basic(Eigen::Index c) const { return std::find(t_.basis().begin(), t_.basis().end(), c) != t_.basis().end(); }
  // Values of the first `vars_` (structural) variables.
  Eigen::VectorXd values() const {
    Eigen::VectorXd v = Eigen::VectorXd::Zero(vars_);
    for (Eigen::Index r = 0; r < t_.rows(); ++r) {
      if (t_.basic(r) < vars_) v[t_.basic(r)] = t_.rhs(r);
    }
    return v;
  }
  std::vector<Eigen::Index> basis() const {
    std::vector<Eigen::Index> b = t_.basis();
    std::sort(b.begin(), b.end());
    return b;
  }

 private:
  static detail::LexTableau::Table table(const Matrix& coef) {
    detail::LexTableau::Table t = detail::LexTableau::Table::Zero(coef.rows(), coef.cols() + coef.rows() + 1);
    t.leftCols(coef.cols()) = coef;
    t.block(0, coef.cols(), coef.rows(), coef.rows()).setIdentity();
    t.col(t.cols() - 1).setOnes();
    return t;
  }
  static std::vector<Eigen::Index> slacks(const Matrix& coef) {
    std::vector<Eigen::Index> basis;
    for (Eigen::Index r = 0; r < coef.rows(); ++r) basis.push_back(coef.cols() + r);
    return basis;
  }

  Eigen::Index vars_;
  detail::LexTableau t_;
};

// Both tableaux and the Lemke-Howson step along a dropped label.
struct LhState {
  LhTableau t1;  // r + A y = 1: columns y_0..y_{n-1}, then r_0..r_{m-1}
  LhTableau t2;  // s + B'x = 1: columns x_0..x_{m-1}, then s_0..s_{n-1}
  Eigen::Index m, n;

  // Label of a column of tableau 1 or 2.
  Eigen::Index label(int t, Eigen::Index c) const {
    if (t == 1) return c < n ? m + c : c - n;
    return c < m ? c : m + (c - m);
  }
  // The column carrying `label` in tableau t.
  Eigen::Index column(int t, Eigen::Index label) const {
    if (t == 1) return label < m ? n + label : label - m;
    return label < m ? label : m + (label - m);
  }

  void follow(Eigen::Index k) {
    // Drop label k: its strategy variable (x_k or y_j) enters unless it is
    // already basic; then its slack does (as gambit-lcp's LemkePath).
    const int own = k < m ? 2 : 1;  // the tableau holding the strategy variable with label k
    int t = (own == 2 ? t2 : t1).is_basic(column(own, k)) ? 3 - own : own;
    Eigen::Index entering = column(t, k);
    for (std::size_t step = 0;; ++step) {
      if (step > kMaxPivots) throw SolverError("Lemke-Howson: no complementary basis after many pivots (cycling)");
      LhTableau& tab = t == 1 ? t1 : t2;
      const Eigen::Index leaving = tab.pivot_in(entering);
      const Eigen::Index l = label(t, leaving);
      if (l == k) return;
      t = 3 - t;  // the complement lives in the other system
      entering = column(t, l);
    }
  }
  std::vector<Eigen::Index> key() const {
    std::vector<Eigen::Index> k = t1.basis();
    for (Eigen::Index c : t2.basis()) k.push_back(c + 1000000);
    return k;
  }
};

// False once `on_found` has asked to stop.
bool all_lemke(const NormalFormGame& g, const LhState& from, Eigen::Index used,
               std::set<std::vector<Eigen::Index>>& seen, Solution& s, const EquilibriumCallback& on_found) {
  for (Eigen::Index k = 0; k < from.m + from.n; ++k) {
    if (k == used) continue;
    LhState next = from;
    next.follow(k);
    if (!seen.insert(next.key()).second) continue;
    const Eigen::VectorXd x = next.t2.values(), y = next.t1.values();
    if (x.sum() <= kZero) continue;  // back at the artificial equilibrium
    if (!record_equilibrium(s, make_equilibrium(g, x, y), on_found)) return false;
    if (!all_lemke(g, next, k, seen, s, on_found)) return false;
  }
  return true;
}

// Vertices of {z >= 0 : M z <= 1}, z in R^d, M of k rows, all positive (so
// the polytope is bounded), by a search of its graph of feasible bases from
// the origin. A basis is k of the d + k variables (z, and the slacks
// s = 1 - M z); each is refactored from M, so no error builds up along the
// search, and its neighbours are the bases one feasible pivot away, taking
// every row tied in the ratio test so that a degenerate vertex is passed
// through all of its bases. The work grows with the bases found, not with
// choose(d + k, d). Labels: constraint indices tight at the vertex (z_i = 0
// is constraint i, row r is d + r), read from the point itself, so they do
// not depend on the basis it was reached by.
struct Vertex {
  Eigen::VectorXd z;
  std::vector<bool> tight;
};

std::vector<Vertex> vertices(const Matrix& M) {
  const Eigen::Index d = M.cols(), k = M.rows(), total = d + k;
  Matrix system(k, total);
  system << M, Matrix::Identity(k, k);
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(k);
  constexpr std::size_t kMaxBases = 2'000'000;

  std::vector<Vertex> out;
  std::set<std::vector<long long>> found;  // vertices, rounded to 1e-9
  std::vector<Eigen::Index> start(static_cast<std::size_t>(k));
  for (Eigen::Index r = 0; r < k; ++r) start[static_cast<std::size_t>(r)] = d + r;
  std::set<std::vector<Eigen::Index>> seen{start};
  std::vector<std::vector<Eigen::Index>> pending{start};  // bases to visit, depth first
  Matrix basic(k, k), tableau(k, total);
  std::vector<bool> in_basis(static_cast<std::size_t>(total));
  while (!pending.empty()) {
    const std::vector<Eigen::Index> basis = std::move(pending.back());
    pending.pop_back();
    for (Eigen::Index r = 0; r < k; ++r) basic.col(r) = system.col(basis[static_cast<std::size_t>(r)]);
    const Eigen::PartialPivLU<Matrix> lu(basic);
    tableau = lu.solve(system);
    const Eigen::VectorXd value = lu.solve(ones);

    Eigen::VectorXd z = Eigen::VectorXd::Zero(d);
    std::fill(in_basis.begin(), in_basis.end(), false);
    for (Eigen::Index r = 0; r < k; ++r) {
      const Eigen::Index v = basis[static_cast<std::size_t>(r)];
      in_basis[static_cast<std::size_t>(v)] = true;
      if (v < d) z[v] = std::max(0.0, value[r]);
    }
    std::vector<long long> key(static_cast<std::size_t>(d));
    for (Eigen::Index i = 0; i < d; ++i) key[static_cast<std::size_t>(i)] = std::llround(z[i] * 1e9);
    if (found.insert(std::move(key)).second) {
      Vertex vertex{z, std::vector<bool>(static_cast<std::size_t>(total), false)};
      const Eigen::VectorXd mz = M * z;
      for (Eigen::Index i = 0; i < d; ++i) vertex.tight[i] = std::abs(z[i]) <= kZero;
      for (Eigen::Index r = 0; r < k; ++r) vertex.tight[d + r] = std::abs(mz[r] - 1.0) <= kZero;
      out.push_back(std::move(vertex));
    }

    for (Eigen::Index j = 0; j < total; ++j) {
      if (in_basis[static_cast<std::size_t>(j)]) continue;
      // How far column j can enter before row r's basic variable reaches 0.
      auto ratio = [&](Eigen::Index r) {
        return tableau(r, j) > kZero ? std::max(0.0, value[r]) / tableau(r, j)
                                     : std::numeric_limits<double>::infinity();
      };
      double best = std::numeric_limits<double>::infinity();
      for (Eigen::Index r = 0; r < k; ++r) best = std::min(best, ratio(r));
      if (!std::isfinite(best)) continue;  // cannot happen in a bounded polytope
      for (Eigen::Index r = 0; r < k; ++r) {
        if (ratio(r) > best + kZero * std::max(1.0, best)) continue;
        std::vector<Eigen::Index> next = basis;
        next[static_cast<std::size_t>(r)] = j;
        std::sort(next.begin(), next.end());
        if (!seen.insert(next).second) continue;
        if (seen.size() > kMaxBases) {
          throw SolverError(fmt::format(
              "enummixed: the best-response polytope has more than {} feasible bases (too many vertices to list); "
              "the method lcp finds one",
              kMaxBases));
        }
        pending.push_back(std::move(next));
      }
    }
  }
  return out;
}

}  // namespace

void check_payoff_resolution(const PayoffMatrix& payoffs, const char* method) {
  // Doubles carry about 16 digits: when payoffs as given differ by less than
  // 1e-13 of their range, pivoting cannot tell them apart. Refuse rather than
  // answer wrongly.
  if (payoffs.size() == 0) return;
  Eigen::VectorXd values = payoffs.reshaped();
  std::sort(values.begin(), values.end());
  const double range = std::max(values[values.size() - 1], 0.0) - std::min(values[0], 0.0);
  double gap = std::numeric_limits<double>::infinity();
  for (Eigen::Index k = 1; k < values.size(); ++k) {
    if (values[k] > values[k - 1]) gap = std::min(gap, values[k] - values[k - 1]);
  }
  if (std::isfinite(gap) && range / gap > 1e13) {
    throw SolverError(
        fmt::format("{}: payoffs range over {:g} but differ by as little as {:g}; double precision cannot "
                    "separate them (rescale the payoffs)",
                    method, range, gap));
  }
}

Solution solve_lemke_howson(const NormalFormGame& g, const EquilibriumCallback& on_found) {
  const Bimatrix bm = bimatrix(g, "Lemke-Howson");
  LhState start{LhTableau(bm.a), LhTableau(bm.b.transpose()), bm.a.rows(), bm.a.cols()};
  Solution s;
  s.method = Method::kLcp;
  s.concept_name = "Nash equilibrium";
  s.detail =
      "Lemke-Howson from the artificial equilibrium along every label, then from each equilibrium found "
      "(as gambit-lcp); lexicographic pivoting";
  std::set<std::vector<Eigen::Index>> seen{start.key()};
  all_lemke(g, start, -1, seen, s, on_found);
  return s;
}

Solution solve_enum_mixed(const NormalFormGame& g, const EquilibriumCallback& on_found) {
  const Bimatrix bm = bimatrix(g, "vertex enumeration");
  const Eigen::Index m = bm.a.rows(), n = bm.a.cols();
  // P: x in R^m, constraints x_i >= 0 (label i), B'x <= 1 (label m+j): same order as the labels.
  const std::vector<Vertex> p = vertices(bm.b.transpose());
  // Q: y in R^n, constraints y_j >= 0 (label m+j), A y <= 1 (label i): reorder to labels.
  const std::vector<Vertex> q = vertices(bm.a);
  Solution s;
  s.method = Method::kEnumMixed;
  s.concept_name = "Nash equilibrium (every extreme equilibrium)";
  s.detail =
      "enumeration of the vertices of both best-response polytopes, keeping completely labelled pairs "
      "(as gambit-enummixed)";
  for (const Vertex& vx : p) {
    if (vx.z.sum() <= kZero) continue;
    for (const Vertex& vy : q) {
      if (vy.z.sum() <= kZero) continue;
      bool complete = true;
      for (Eigen::Index i = 0; i < m && complete; ++i) complete = vx.tight[i] || vy.tight[n + i];
      for (Eigen::Index j = 0; j < n && complete; ++j) complete = vx.tight[m + j] || vy.tight[j];
      if (complete && !record_equilibrium(s, make_equilibrium(g, vx.z, vy.z), on_found)) return s;
    }
  }
  return s;
}

}  // namespace backstop
