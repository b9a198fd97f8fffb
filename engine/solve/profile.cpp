#include <algorithm>
#include <cmath>
#include <limits>

#include "backstop/game/strategies.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

bool record_equilibrium(Solution& s, Equilibrium e, const EquilibriumCallback& on_found) {
  s.equilibria.push_back(std::move(e));
  return !on_found || on_found(s.equilibria.back());
}

Equilibrium evaluate(const Game& g, const BehaviorProfile& profile) {
  Equilibrium e;
  e.profile = profile;
  const auto n_nodes = static_cast<Eigen::Index>(g.num_nodes());
  e.reach = Eigen::VectorXd::Zero(n_nodes);
  e.payoffs = Eigen::VectorXd::Zero(g.num_players());
  e.reach[0] = 1.0;
  // Parents come before children, so one forward sweep propagates reach.
  for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
    const NodeId n{i};
    const double r = e.reach[i];
    if (r == 0.0) continue;
    if (g.outcome(n) != kNoOutcome) e.payoffs += r * g.payoffs().row(index(g.outcome(n))).transpose();
    const std::uint32_t k = g.num_children(n);
    if (k == 0) continue;
    const InfoSetId h = g.infoset(n);
    for (std::uint32_t c = 0; c < k; ++c) {
      e.reach[index(g.child(n, c))] = r * move_probability(g, profile, n, g.action(h, c));
    }
  }
  e.beliefs = Eigen::VectorXd::Constant(n_nodes, std::numeric_limits<double>::quiet_NaN());
  for (std::uint32_t h = 0; h < g.num_infosets(); ++h) {
    auto members = g.members(InfoSetId{h});
    double total = 0.0;
    for (NodeId m : members) total += e.reach[index(m)];
    for (NodeId m : members) {
      if (total > 0.0) e.beliefs[index(m)] = e.reach[index(m)] / total;
      else if (members.size() == 1) e.beliefs[index(m)] = 1.0;
    }
  }
  return e;
}

void pure_play(const Game& g, std::span<const std::uint32_t> action_of_set, std::span<double> reach,
               std::span<double> payoffs) {
  std::fill(reach.begin(), reach.end(), 0.0);
  std::fill(payoffs.begin(), payoffs.end(), 0.0);
  reach[0] = 1.0;
  for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
    const NodeId n{i};
    const double r = reach[i];
    if (r == 0.0) continue;
    if (g.outcome(n) != kNoOutcome) {
      for (std::size_t p = 0; p < payoffs.size(); ++p)
        payoffs[p] += r * g.payoff(g.outcome(n), PlayerId{static_cast<std::uint32_t>(p)});
    }
    const std::uint32_t k = g.num_children(n);
    if (k == 0) continue;
    const InfoSetId h = g.infoset(n);
    if (g.kind(n) == NodeKind::kChance) {
      for (std::uint32_t c = 0; c < k; ++c) reach[index(g.child(n, c))] = r * g.probability(g.action(h, c));
    } else {
      reach[index(g.child(n, action_of_set[index(h)]))] = r;
    }
  }
}

std::vector<double> continuation_values(const Game& g, const BehaviorProfile& profile, PlayerId player) {
  std::vector<double> v(g.num_nodes(), 0.0);
  for (std::uint32_t i = g.num_nodes(); i-- > 0;) {
    const NodeId n{i};
    double x = g.outcome(n) == kNoOutcome ? 0.0 : g.payoff(g.outcome(n), player);
    for (std::uint32_t k = 0; k < g.num_children(n); ++k) {
      const ActionId a = g.action(g.infoset(n), k);
      x += move_probability(g, profile, n, a) * v[index(g.child(n, k))];
    }
    v[i] = x;
  }
  return v;
}

double max_regret(const Game& g, const BehaviorProfile& profile) {
  const std::size_t np = g.num_players(), n = g.num_player_actions();
  const Equilibrium e = evaluate(g, profile);
  // Per node: each player's last own move, and the probability that chance
  // and the other players bring play there.
  const std::vector<std::uint32_t> last = last_own_moves(g);
  std::vector<double> others(static_cast<std::size_t>(g.num_nodes()) * np, 1.0);
  for (std::uint32_t i = 1; i < g.num_nodes(); ++i) {
    const NodeId node{i}, q = g.parent(node);
    const ActionId a = g.action_into(node);
    for (std::size_t p = 0; p < np; ++p) {
      others[i * np + p] = others[index(q) * np + p];
      if (g.kind(q) == NodeKind::kChance) others[i * np + p] *= g.probability(a);
      else if (index(g.player(q)) != p) others[i * np + p] *= profile[index(a)];
    }
  }
  // A best reply, built over the player's own move history from the deepest
  // information set up: acc[sequence] = what the best continuation after it
  // earns (slot n: the empty history). A player's later sets have larger ids
  // (Gambit's order is first met depth-first), so walking ids downwards
  // finishes every set before the one whose move leads to it.
  auto slot = [n](std::uint32_t move) { return move == kNoIndex ? n : static_cast<std::size_t>(move); };
  double worst = 0.0;
  std::vector<double> acc(n + 1);
  for (std::size_t p = 0; p < np; ++p) {
    std::fill(acc.begin(), acc.end(), 0.0);
    for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
      const OutcomeId o = g.outcome(NodeId{i});
      if (o != kNoOutcome)
        acc[slot(last[i * np + p])] += others[i * np + p] * g.payoff(o, PlayerId{static_cast<std::uint32_t>(p)});
    }
    const auto own = g.infosets_of(PlayerId{static_cast<std::uint32_t>(p)});
    for (auto it = own.rbegin(); it != own.rend(); ++it) {
      const InfoSetId h = *it;
      double best = -std::numeric_limits<double>::infinity();
      for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) best = std::max(best, acc[index(g.action(h, k))]);
      acc[slot(last[index(g.members(h)[0]) * np + p])] += best;
    }
    worst = std::max(worst, acc[n] - e.payoffs[static_cast<Eigen::Index>(p)]);
  }
  return worst;
}

}  // namespace backstop

namespace backstop {

BehaviorProfile behavior_from_mixed(const Game& g, const Eigen::VectorXd& mixed) {
  BehaviorProfile behavior = BehaviorProfile::Zero(g.num_player_actions());
  const std::vector<std::uint32_t> own_parent = own_parent_actions(g);
  Eigen::Index offset = 0;
  for (std::uint32_t p = 0; p < g.num_players(); ++p) {
    const auto sets = g.infosets_of(PlayerId{p});
    // The same list, in the same order, as reduced_normal_form made.
    const auto strategies = reduced_strategies(g, sets, own_parent, static_cast<std::size_t>(mixed.size()));
    std::vector<double> reaching(sets.size(), 0.0);
    for (std::size_t s = 0; s < strategies.size(); ++s) {
      const double w = mixed[offset + static_cast<Eigen::Index>(s)];
      for (std::size_t k = 0; k < sets.size(); ++k) {
        if (strategies[s][k] == kNoIndex) continue;
        reaching[k] += w;
        behavior[index(g.action(sets[k], strategies[s][k]))] += w;
      }
    }
    for (std::size_t k = 0; k < sets.size(); ++k) {
      const std::uint32_t n = g.infoset_num_actions(sets[k]);
      for (std::uint32_t a = 0; a < n; ++a) {
        double& b = behavior[index(g.action(sets[k], a))];
        b = reaching[k] > 0.0 ? b / reaching[k] : 1.0 / n;
      }
    }
    offset += static_cast<Eigen::Index>(strategies.size());
  }
  return behavior;
}

}  // namespace backstop
