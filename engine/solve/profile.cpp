#include <cmath>
#include <limits>

#include "backstop/solve/solution.hpp"

namespace backstop {

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
    const bool chance = g.infoset_player(h) == kChancePlayer;
    for (std::uint32_t c = 0; c < k; ++c) {
      const ActionId a = g.action(h, c);
      e.reach[index(g.child(n, c))] = r * (chance ? g.probability(a) : profile[index(a)]);
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

}  // namespace backstop
