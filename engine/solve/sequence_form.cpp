#include "backstop/solve/sequence_form.hpp"

#include <fmt/format.h>

#include <Eigen/Core>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <optional>
#include <unordered_set>

#include "backstop/error.hpp"
#include "backstop/game/strategies.hpp"
#include "backstop/solve/two_player.hpp"
#include "lex_tableau.hpp"

namespace backstop {
namespace {

// Lemke's algorithm on a tableau [I | -M | -d | b] for w = b + M z + d z0:
// column i is the slack w_i, column N + i is z_i, 2N is the artificial z0,
// 2N + 1 the right-hand side. Variables z_i marked free (the duals of
// equality rows) never leave the basis, so their rows are skipped in the
// ratio test, and their complements (the equality rows' slacks, always 0)
// never enter. Ties in the ratio test are broken lexicographically by the
// rows of the inverse basis (the first N columns; lex_tableau.hpp), which
// keeps degenerate paths finite.
class LemkePath {
 public:
  LemkePath(const Eigen::MatrixXd& m, const Eigen::VectorXd& d, const Eigen::VectorXd& b, std::vector<bool> free)
      : n_(m.rows()), t_(table(m, d, b), 0, 2 * n_ + 1, slack_basis(n_), TieOrder::kSmallest), free_(std::move(free)) {}

  // Lemke's start: every slack basic, z0 entering at `first_row`.
  Eigen::VectorXd from_slacks(Eigen::Index first_row) { return follow(t_.pivot(first_row, 2 * n_)); }

  // A start from a complementary basis (variable columns, one per row) that
  // stays feasible as z0 grows without bound: z0 enters at the row that
  // binds last as z0 falls. nullopt if the basis is singular or not such a
  // start.
  std::optional<Eigen::VectorXd> from_basis(const std::vector<Eigen::Index>& basis) {
    if (!t_.rebase(basis)) return std::nullopt;
    const Eigen::Index z0 = 2 * n_;
    const double eps = detail::kPivotTolerance * t_.scale(z0);
    Eigen::Index row = -1;
    for (Eigen::Index i = 0; i < n_; ++i) {
      if (is_free(i)) continue;
      // The basic value is rhs - t(i, z0) z0: it must not fall as z0 grows.
      if (t_(i, z0) > eps) return std::nullopt;
      if (t_(i, z0) >= -eps) {
        if (t_.rhs(i) < -eps) return std::nullopt;
        continue;
      }
      if (t_.rhs(i) < 0 && (row < 0 || t_.compare_ratios(i, row, z0) > 0)) row = i;
    }
    if (row < 0) return solution();  // already complementary at z0 = 0
    return follow(t_.pivot(row, z0));
  }

 private:
  using TieOrder = detail::LexTableau::TieOrder;
  static detail::LexTableau::Table table(const Eigen::MatrixXd& m, const Eigen::VectorXd& d, const Eigen::VectorXd& b) {
    const Eigen::Index n = m.rows();
    detail::LexTableau::Table t = detail::LexTableau::Table::Zero(n, 2 * n + 2);
    t.leftCols(n).setIdentity();
    t.middleCols(n, n) = -m;
    t.col(2 * n) = -d;
    t.col(2 * n + 1) = b;
    return t;
  }
  static std::vector<Eigen::Index> slack_basis(Eigen::Index n) {
    std::vector<Eigen::Index> basis(static_cast<std::size_t>(n));
    for (Eigen::Index i = 0; i < n; ++i) basis[static_cast<std::size_t>(i)] = i;
    return basis;
  }
  bool is_free(Eigen::Index row) const {
    const Eigen::Index v = t_.basic(row);
    return v >= n_ && v < 2 * n_ && free_[static_cast<std::size_t>(v - n_)];
  }

  // From the variable that just left, each leaving variable's complement
  // enters, until z0 leaves. In exact arithmetic the lexicographic rule
  // never meets a basis twice; in floating point a degenerate tree can, so
  // a repeated basis (its hash: the sum of a mixed key per basic variable)
  // ends the path at once as cycling. Paths can be long without cycling
  // (the tracing path on a random tree of 88,573 nodes, 972 rows, takes
  // about 22 pivots per row), so the length limit is generous.
  Eigen::VectorXd follow(Eigen::Index leaving) {
    auto key = [](Eigen::Index v) {
      std::uint64_t x = static_cast<std::uint64_t>(v) + 0x9e3779b97f4a7c15ULL;  // splitmix64
      x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
      x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
      return x ^ (x >> 31);
    };
    std::uint64_t hash = 0;
    for (Eigen::Index v : t_.basis()) hash += key(v);
    std::unordered_set<std::uint64_t> seen{hash};
    const Eigen::Index limit = 200 * n_ + 1000;
    for (Eigen::Index steps = 0; leaving != 2 * n_; ++steps) {
      if (steps > limit) throw SolverError(fmt::format("did not end within {} pivots", limit));
      const Eigen::Index entering = leaving < n_ ? leaving + n_ : leaving - n_;
      const Eigen::Index row = t_.ratio_test(entering, [&](Eigen::Index i) { return is_free(i); });
      if (row < 0) throw SolverError("ended on a ray");
      leaving = t_.pivot(row, entering);
      hash += key(entering) - key(leaving);
      if (!seen.insert(hash).second) {
        throw SolverError(fmt::format(
            "came back to a basis after {} pivots (cycling: floating point lost a degenerate tie)", steps + 1));
      }
    }
    return solution();
  }

  Eigen::VectorXd solution() const {
    Eigen::VectorXd z = Eigen::VectorXd::Zero(n_);
    for (Eigen::Index i = 0; i < n_; ++i) {
      if (t_.basic(i) >= n_ && t_.basic(i) < 2 * n_) z[t_.basic(i) - n_] = t_.rhs(i);
    }
    return z;
  }

  Eigen::Index n_;
  detail::LexTableau t_;
  std::vector<bool> free_;
};

// The sequence form of a two-player tree with perfect recall: each player's
// sequences (0 the empty one, 1 + k the player's k-th action), the
// constraint matrix over them (the root row x(empty) = 1, then per
// information set h: sum over a of x(seq(h) a) - x(seq(h)) = 0), and the
// cost to each player of each pair of sequences that ends the game:
// C = K R - A, with payoffs A summed along the path (outcomes may sit on
// inner nodes) and weighted by chance, R the chance weight, K above every
// payoff, so every cost is positive and x'Cy differs from the expected
// payoff by a constant.
struct SequenceForm {
  std::vector<InfoSetId> sets[2];
  std::vector<Eigen::Index> parent_sequence[2];  // per set, in `sets` order
  std::uint32_t first_action[2] = {0, 0};
  Eigen::MatrixXd cost[2];         // sequences of player 1 x sequences of player 2
  Eigen::MatrixXd constraints[2];  // (1 + sets) x sequences

  Eigen::Index num_sequences(std::uint32_t p) const { return p == 0 ? cost[0].rows() : cost[0].cols(); }
  Eigen::Index sequence(std::uint32_t p, std::uint32_t action) const {
    return action == kNoIndex ? 0 : 1 + static_cast<Eigen::Index>(action - first_action[p]);
  }
};

SequenceForm sequence_form(const Game& g) {
  SequenceForm sf;
  std::uint32_t first = 0;
  Eigen::Index sizes[2];
  for (std::uint32_t p = 0; p < 2; ++p) {
    for (InfoSetId h : g.infosets_of(PlayerId{p})) sf.sets[p].push_back(h);
    sf.first_action[p] = first;
    std::uint32_t actions = 0;
    for (InfoSetId h : sf.sets[p]) actions += g.infoset_num_actions(h);
    first += actions;
    sizes[p] = 1 + actions;
  }
  const std::vector<std::uint32_t> last = last_own_moves(g);
  const double k = (g.num_outcomes() > 0 ? g.payoffs().maxCoeff() : 0.0) + 1.0;
  sf.cost[0] = Eigen::MatrixXd::Zero(sizes[0], sizes[1]);
  sf.cost[1] = sf.cost[0];
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
    const Eigen::Index s1 = sf.sequence(0, last[2 * i]), s2 = sf.sequence(1, last[2 * i + 1]);
    for (std::uint32_t p = 0; p < 2; ++p) sf.cost[p](s1, s2) += chance[i] * (k - paid[2 * i + p]);
  }
  const std::vector<std::uint32_t> own_parent = own_parent_actions(g);
  for (std::uint32_t p = 0; p < 2; ++p) {
    Eigen::MatrixXd& c = sf.constraints[p];
    c = Eigen::MatrixXd::Zero(1 + static_cast<Eigen::Index>(sf.sets[p].size()), sizes[p]);
    c(0, 0) = 1.0;
    for (std::size_t r = 0; r < sf.sets[p].size(); ++r) {
      const InfoSetId h = sf.sets[p][r];
      const Eigen::Index row = 1 + static_cast<Eigen::Index>(r);
      sf.parent_sequence[p].push_back(sf.sequence(p, own_parent[index(h)]));
      c(row, sf.parent_sequence[p].back()) = -1.0;
      for (std::uint32_t a = 0; a < g.infoset_num_actions(h); ++a) c(row, sf.sequence(p, index(g.action(h, a)))) = 1.0;
    }
  }
  return sf;
}

// A pair of realization plans.
struct Plans {
  Eigen::VectorXd x, y;
};

// The LCP matrix over (x, y, u, v), u and v the duals of the constraint rows
// G x and H y (signed by `rows`): [0 C1 -G' 0; C2' 0 0 -H'; rows G 0 0 0;
// 0 rows H 0 0].
Eigen::MatrixXd lcp_matrix(const SequenceForm& sf, const Eigen::MatrixXd& G, const Eigen::MatrixXd& H, double rows) {
  const Eigen::Index n1 = sf.num_sequences(0), n2 = sf.num_sequences(1);
  const Eigen::Index ou = n1 + n2, ov = ou + G.rows(), size = ov + H.rows();
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(size, size);
  m.block(0, n1, n1, n2) = sf.cost[0];
  m.block(0, ou, n1, G.rows()) = -G.transpose();
  m.block(n1, 0, n2, n1) = sf.cost[1].transpose();
  m.block(n1, ov, n2, H.rows()) = -H.transpose();
  m.block(ou, 0, G.rows(), n1) = rows * G;
  m.block(ov, n1, H.rows(), n2) = rows * H;
  return m;
}

// gambit-lcp's LCP and path: each equality row written as two inequalities
// (so its dual is free: the difference of two nonnegative ones; with one
// inequality alone a plan may over-play where the opponent never goes), the
// root rows as x(empty) >= 1, covering vector 1 on every row, z0 entering
// first at player 1's root row, where gambit-lcp's path starts:
//   M = [0 C1 -G' 0; C2' 0 0 -H'; G 0 0 0; 0 H 0 0], G = [E; -E], b = -1 at
//   the two root rows.
// On some degenerate trees this path ends on a ray: z0 also loosens the
// equality rows, so the plans can grow without bound.
Plans gambit_path(const SequenceForm& sf) {
  const Eigen::Index n1 = sf.num_sequences(0), n2 = sf.num_sequences(1);
  auto both_ways = [](const Eigen::MatrixXd& e) {
    Eigen::MatrixXd g(2 * e.rows() - 1, e.cols());
    g << e, -e.bottomRows(e.rows() - 1);
    return g;
  };
  const Eigen::MatrixXd G = both_ways(sf.constraints[0]), H = both_ways(sf.constraints[1]);
  const Eigen::MatrixXd m = lcp_matrix(sf, G, H, 1.0);
  const Eigen::Index ou = n1 + n2, ov = ou + G.rows(), size = m.rows();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(size);
  b[ou] = -1.0;
  b[ov] = -1.0;
  const Eigen::VectorXd z =
      LemkePath(m, Eigen::VectorXd::Ones(size), b, std::vector<bool>(size, false)).from_slacks(ou);
  return {z.head(n1), z.segment(n1, n2)};
}

// Player p's least-cost pure plan against per-sequence costs, `primary`
// first and `secondary` among ties: the empty sequence and one action per
// information set (unreached ones too), backwards from the last set.
std::vector<Eigen::Index> best_reply(const Game& g, const SequenceForm& sf, std::uint32_t p, Eigen::VectorXd primary,
                                     Eigen::VectorXd secondary) {
  const double tol = 1e-9 * std::max(1.0, primary.cwiseAbs().maxCoeff());
  std::vector<Eigen::Index> chosen(1 + sf.sets[p].size(), 0);
  for (std::size_t r = sf.sets[p].size(); r-- > 0;) {
    const InfoSetId h = sf.sets[p][r];
    Eigen::Index best = -1;
    for (std::uint32_t a = 0; a < g.infoset_num_actions(h); ++a) {
      const Eigen::Index s = sf.sequence(p, index(g.action(h, a)));
      if (best < 0 || primary[s] < primary[best] - tol ||
          (primary[s] <= primary[best] + tol && secondary[s] < secondary[best] - tol)) {
        best = s;
      }
    }
    chosen[1 + r] = best;
    primary[sf.parent_sequence[p][r]] += primary[best];
    secondary[sf.parent_sequence[p][r]] += secondary[best];
  }
  return chosen;
}

// The realization plan of a pure plan from best_reply: each chosen action
// carries its set's reach, the others 0.
Eigen::VectorXd pure_plan(const SequenceForm& sf, std::uint32_t p, const std::vector<Eigen::Index>& chosen) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(sf.num_sequences(p));
  x[0] = 1.0;
  for (std::size_t r = 0; r < sf.sets[p].size(); ++r) x[chosen[1 + r]] = x[sf.parent_sequence[p][r]];
  return x;
}

// The realization plan of the prior: action k of a set played with weight
// sqrt(k + 2 + shift), generic enough that replies to it tie only where
// payoffs tie (uniform behaviour makes every reply tie in matching-pennies
// trees).
Eigen::VectorXd prior_plan(const Game& g, const SequenceForm& sf, std::uint32_t p, double shift) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(sf.num_sequences(p));
  x[0] = 1.0;
  for (std::size_t r = 0; r < sf.sets[p].size(); ++r) {
    const InfoSetId h = sf.sets[p][r];
    const double reach = x[sf.parent_sequence[p][r]];
    double total = 0.0;
    for (std::uint32_t a = 0; a < g.infoset_num_actions(h); ++a) total += std::sqrt(a + 2.0 + shift);
    for (std::uint32_t a = 0; a < g.infoset_num_actions(h); ++a) {
      x[sf.sequence(p, index(g.action(h, a)))] = reach * std::sqrt(a + 2.0 + shift) / total;
    }
  }
  return x;
}

// The tracing procedure on the sequence form (von Stengel, van den Elzen and
// Talman 2002), from the prior (x0, y0): the equality rows exact,
// their duals free, and z0 weighting the prior in each player's costs:
//   w_x = C1 (y + z0 y0) - E'u >= 0 with x,   Ex = e,
//   w_y = C2'(x + z0 x0) - F'v >= 0 with y,   Fy = f.
// For large z0 each player best-replies to the other's prior; as z0 falls
// to 0 the path ends at an equilibrium (a normal-form perfect one in
// nondegenerate games), never on a ray. nullopt if the start is degenerate.
std::optional<Plans> tracing_path(const Game& g, const SequenceForm& sf, double shift) {
  const Eigen::Index n1 = sf.num_sequences(0), n2 = sf.num_sequences(1);
  const Eigen::MatrixXd &E = sf.constraints[0], &F = sf.constraints[1];
  const Eigen::Index ou = n1 + n2, ov = ou + E.rows(), size = ov + F.rows();
  const Eigen::VectorXd x0 = prior_plan(g, sf, 0, shift), y0 = prior_plan(g, sf, 1, shift);
  const Eigen::VectorXd prior_cost1 = sf.cost[0] * y0, prior_cost2 = sf.cost[1].transpose() * x0;
  // The start: replies to the prior, ties broken by the cost against the
  // other's start, until neither changes (a few rounds at most: only tied
  // sets move).
  std::vector<Eigen::Index> reply1 = best_reply(g, sf, 0, prior_cost1, Eigen::VectorXd::Zero(n1));
  std::vector<Eigen::Index> reply2 = best_reply(g, sf, 1, prior_cost2, Eigen::VectorXd::Zero(n2));
  for (int round = 0;; ++round) {
    if (round == 20) return std::nullopt;
    auto next1 = best_reply(g, sf, 0, prior_cost1, sf.cost[0] * pure_plan(sf, 1, reply2));
    auto next2 = best_reply(g, sf, 1, prior_cost2, sf.cost[1].transpose() * pure_plan(sf, 0, next1));
    if (next1 == reply1 && next2 == reply2) break;
    reply1 = std::move(next1);
    reply2 = std::move(next2);
  }

  const Eigen::MatrixXd m = lcp_matrix(sf, E, F, -1.0);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(size), d = Eigen::VectorXd::Zero(size);
  b[ou] = 1.0;
  b[ov] = 1.0;
  d.head(n1) = prior_cost1;
  d.segment(n1, n2) = prior_cost2;
  std::vector<bool> free(size, false);
  std::fill(free.begin() + ou, free.end(), true);

  // Basic: the replies' sequences, every dual, the other sequences' slacks.
  std::vector<Eigen::Index> basis;
  std::vector<bool> in_reply(n1 + n2, false);
  for (Eigen::Index s : reply1) in_reply[s] = true;
  for (Eigen::Index s : reply2) in_reply[n1 + s] = true;
  for (Eigen::Index i = 0; i < n1 + n2; ++i) basis.push_back(in_reply[i] ? size + i : i);
  for (Eigen::Index i = ou; i < size; ++i) basis.push_back(size + i);
  const std::optional<Eigen::VectorXd> z = LemkePath(m, d, b, std::move(free)).from_basis(basis);
  if (!z) return std::nullopt;
  return Plans{z->head(n1), z->segment(n1, n2)};
}

// Behaviour from realization plans: each action's share of its set's
// sequences; uniform where the plan never reaches the set.
BehaviorProfile behaviour(const Game& g, const SequenceForm& sf, const Plans& plans) {
  BehaviorProfile profile(g.num_player_actions());
  for (std::uint32_t p = 0; p < 2; ++p) {
    const Eigen::VectorXd& plan = p == 0 ? plans.x : plans.y;
    for (InfoSetId h : sf.sets[p]) {
      const std::uint32_t na = g.infoset_num_actions(h);
      double total = 0.0;
      for (std::uint32_t a = 0; a < na; ++a) total += std::max(0.0, plan[sf.sequence(p, index(g.action(h, a)))]);
      for (std::uint32_t a = 0; a < na; ++a) {
        const double v = std::max(0.0, plan[sf.sequence(p, index(g.action(h, a)))]);
        profile[index(g.action(h, a))] = total > 1e-12 ? v / total : 1.0 / na;
      }
    }
  }
  return profile;
}

}  // namespace

Solution solve_sequence_form(const Game& g, SequenceFormPath path) {
  if (g.num_players() != 2) {
    throw SolverError(
        fmt::format("lcp (sequence form) needs a game with two players; this one has {}", g.num_players()));
  }
  check_payoff_resolution(g.payoffs(), "lcp");
  // The tableau is dense, rows x (2 rows + 2): at 8,192 rows about 1 GiB.
  constexpr std::uint32_t kMaxRows = 8192;
  const std::uint32_t rows = g.num_player_actions() + 2 * (2 + g.num_infosets());
  if (rows > kMaxRows) {
    throw SolverError(
        fmt::format("lcp (sequence form): the tree gives an LCP of {} rows; the dense Lemke tableau takes at most {}",
                    rows, kMaxRows));
  }
  const SequenceForm sf = sequence_form(g);
  const double range = g.num_outcomes() > 0 ? g.payoffs().maxCoeff() - g.payoffs().minCoeff() : 0.0;
  // Never returned unverified: a path that ends wrongly (numerical trouble)
  // counts as not ending.
  std::string why_not;
  auto verified = [&](const Plans& plans) -> std::optional<BehaviorProfile> {
    BehaviorProfile profile = behaviour(g, sf, plans);
    const double regret = max_regret(g, profile);
    if (regret <= 1e-9 * std::max(1.0, range)) return profile;
    why_not = fmt::format("ended at a profile that is not an equilibrium (regret {:.3g})", regret);
    return std::nullopt;
  };

  Solution s;
  s.method = Method::kLcp;
  s.concept_name = "Nash equilibrium (sequence form)";
  s.exact = true;
  std::optional<BehaviorProfile> profile;
  if (path == SequenceFormPath::kLemke) {
    try {
      profile = verified(gambit_path(sf));
      s.detail =
          "Lemke's algorithm on the sequence-form LCP (Koller, Megiddo and von Stengel 1996), covering vector 1, "
          "lexicographic ratio test (gambit-lcp's path)";
    } catch (const SolverError& e) {
      why_not = e.message();
    }
  }
  if (!profile) {
    const std::string lemke = why_not.empty() ? "" : fmt::format(" (gambit-lcp's path {})", why_not);
    // The lexicographic rule keeps a path finite only from a lexicographically
    // feasible start, which a start of best replies need not be; where a path
    // cycles in a degenerate tree, another generic prior takes another path.
    constexpr int kPriors = 4;
    int tried = 0;
    for (; tried < kPriors && !profile; ++tried) {
      why_not = "has no clear start (ties in the replies to the prior)";
      try {
        if (const std::optional<Plans> traced = tracing_path(g, sf, tried)) profile = verified(*traced);
      } catch (const SolverError& e) {
        why_not = e.message();
      }
    }
    if (!profile) {
      throw SolverError(
          fmt::format("lcp (sequence form): the tracing procedure, from each of {} priors, {}{}; the methods enummixed "
                      "and qre apply",
                      kPriors, why_not, lemke));
    }
    s.detail = fmt::format(
        "the tracing procedure on the sequence form (von Stengel, van den Elzen and Talman 2002) from a fixed generic "
        "prior{}, "
        "Lemke's path with lexicographic ratio test{}",
        tried > 1 ? fmt::format(" (prior {} of {}: the earlier ones cycled)", tried, kPriors) : "", lemke);
  }
  s.detail += "; behaviour uniform at sets the equilibrium never reaches";
  s.equilibria.push_back(evaluate(g, *profile));
  return s;
}

}  // namespace backstop
