#include "backstop/solve/pure_nash.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "backstop/error.hpp"
#include "backstop/game/strategies.hpp"
#include "backstop/solve/backward_induction.hpp"

namespace backstop {
namespace {

bool gains(double deviation, double current) {
  return deviation > current + kTieTolerance * std::max(1.0, std::abs(current));
}

// Nash check over a payoff tensor (profiles x players, player 0 fastest).
// Calls found(profile index) for each pure equilibrium.
template <class Found>
void for_each_equilibrium(const std::vector<std::uint32_t>& counts, const std::vector<double>& payoff, Found&& found) {
  const std::size_t np = counts.size();
  std::vector<std::size_t> stride;
  std::vector<std::size_t> s;  // the current profile's strategy per player
  std::size_t total = 1;
  for (std::uint32_t count : counts) {
    stride.push_back(total);
    s.push_back(0);
    total *= count;
  }
  for (std::size_t c = 0; c < total; ++c) {
    bool equilibrium = true;
    for (std::size_t p = 0; p < np && equilibrium; ++p) {
      const double current = payoff[c * np + p];
      const std::size_t base = c - s[p] * stride[p];
      for (std::uint32_t alt = 0; alt < counts[p]; ++alt) {
        if (alt != s[p] && gains(payoff[(base + alt * stride[p]) * np + p], current)) {
          equilibrium = false;
          break;
        }
      }
    }
    if (equilibrium && !found(c)) return;
    for (std::size_t p = 0; p < np; ++p) {  // odometer, player 0 fastest
      if (++s[p] < counts[p]) break;
      s[p] = 0;
    }
  }
}

std::size_t checked_product(const std::vector<std::uint32_t>& counts, std::size_t limit) {
  std::size_t total = 1;
  for (std::uint32_t c : counts) {
    if (total > limit / std::max<std::uint32_t>(c, 1)) {
      throw SolverError(fmt::format(
          "pure-strategy enumeration: more than {} pure profiles; the game is too large for this method", limit));
    }
    total *= c;
  }
  return total;
}

// One equilibrium of a subgame: its value and the actions it takes inside.
struct SubEquilibrium {
  std::vector<double> value;
  std::vector<ActionId> actions;
};

class TreeEnumerator {
 public:
  TreeEnumerator(const Game& g, const PureNashOptions& options) : g_(g), options_(options), np_(g.num_players()) {
    own_parent_ = own_parent_actions(g);
    is_root_.assign(g.num_nodes(), false);
    is_root_[0] = true;
    if (options.subgame_perfect) mark_subgame_roots();
    eqs_.resize(g.num_nodes());
  }

  Solution run() {
    Solution s;
    for (std::uint32_t i = g_.num_nodes(); i-- > 0;) {
      if (is_root_[i]) solve_subgame(NodeId{i}, s.truncated);
    }
    for (const SubEquilibrium& e : eqs_[0]) {
      BehaviorProfile profile = BehaviorProfile::Zero(g_.num_player_actions());
      for (ActionId a : e.actions) profile[index(a)] = 1.0;
      if (!record_equilibrium(s, evaluate(g_, profile), options_.on_equilibrium)) break;
    }
    return s;
  }

 private:
  // A node roots a subgame when every information set met below it lies wholly below it.
  void mark_subgame_roots() {
    const std::uint32_t n = g_.num_nodes();
    std::vector<std::uint32_t> pre(n), size(n, 1), lo(n), hi(n);
    for (std::uint32_t k = 0; k < n; ++k) pre[index(g_.preorder()[k])] = k;
    std::vector<std::uint32_t> set_lo(g_.num_infosets(), kNoIndex), set_hi(g_.num_infosets(), 0);
    for (std::uint32_t h = 0; h < g_.num_infosets(); ++h) {
      for (NodeId m : g_.members(InfoSetId{h})) {
        set_lo[h] = std::min(set_lo[h], pre[index(m)]);
        set_hi[h] = std::max(set_hi[h], pre[index(m)]);
      }
    }
    for (std::uint32_t i = n; i-- > 0;) {
      const NodeId node{i};
      const InfoSetId h = g_.infoset(node);
      const bool player_set = h != kNoInfoSet && g_.infoset_player(h) != kChancePlayer;
      lo[i] = player_set ? set_lo[index(h)] : pre[i];
      hi[i] = player_set ? set_hi[index(h)] : pre[i];
      for (std::uint32_t k = 0; k < g_.num_children(node); ++k) {
        const std::uint32_t c = index(g_.child(node, k));
        size[i] += size[c];
        lo[i] = std::min(lo[i], lo[c]);
        hi[i] = std::max(hi[i], hi[c]);
      }
      is_root_[i] = g_.kind(node) != NodeKind::kTerminal && lo[i] >= pre[i] && hi[i] < pre[i] + size[i];
    }
    is_root_[0] = true;
  }

  // The subgame's own nodes (breadth-first) and the roots of the subgames hanging below it.
  struct Subgame {
    std::vector<NodeId> nodes, frontier;
  };
  Subgame subgame_at(NodeId root) const {
    Subgame sub;
    std::vector<NodeId>& nodes = sub.nodes;
    std::vector<NodeId>& frontier = sub.frontier;
    for (std::vector<NodeId> queue{root}; !queue.empty();) {
      std::vector<NodeId> next;
      for (NodeId n : queue) {
        if (n != root && is_root_[index(n)]) {
          frontier.push_back(n);
          continue;
        }
        nodes.push_back(n);
        for (std::uint32_t k = 0; k < g_.num_children(n); ++k) next.push_back(g_.child(n, k));
      }
      queue = std::move(next);
    }
    return sub;
  }

  // Each player's information sets in the subgame (in Gambit's order), each
  // set's place in its player's list, and the players' reduced strategies,
  // counted before any is listed.
  struct Strategies {
    std::vector<std::vector<InfoSetId>> sets;
    std::vector<std::uint32_t> slot;
    std::vector<std::vector<std::vector<std::uint32_t>>> strategies;
    std::vector<std::uint32_t> counts;
  };
  Strategies strategies_in(const std::vector<NodeId>& nodes) const {
    Strategies st;
    std::vector<std::vector<InfoSetId>>& sets = st.sets;
    std::vector<std::uint32_t>& slot = st.slot;
    std::vector<std::vector<std::vector<std::uint32_t>>>& strategies = st.strategies;
    std::vector<std::uint32_t>& counts = st.counts;
    sets.resize(np_);
    slot.assign(g_.num_infosets(), kNoIndex);
    for (NodeId n : nodes) {
      if (g_.kind(n) != NodeKind::kDecision) continue;
      const InfoSetId h = g_.infoset(n);
      if (slot[index(h)] == kNoIndex) slot[index(h)] = 0, sets[index(g_.player(n))].push_back(h);
    }
    strategies.resize(np_);
    counts.resize(np_);
    double profiles = 1.0;
    for (std::uint32_t p = 0; p < np_; ++p) {
      std::sort(sets[p].begin(), sets[p].end());
      profiles *= reduced_strategy_count(g_, sets[p], own_parent_);
    }
    if (profiles > static_cast<double>(options_.max_profiles)) {
      throw SolverError(
          fmt::format("pure-strategy enumeration: more than {} pure profiles; the game is too large for this method",
                      options_.max_profiles));
    }
    for (std::uint32_t p = 0; p < np_; ++p) {
      for (std::uint32_t k = 0; k < sets[p].size(); ++k) slot[index(sets[p][k])] = k;
      try {
        strategies[p] = reduced_strategies(g_, sets[p], own_parent_, options_.max_profiles);
      } catch (const InputError& e) {
        throw SolverError("pure-strategy enumeration: " + e.message());
      }
      counts[p] = static_cast<std::uint32_t>(strategies[p].size());
    }
    return st;
  }

  void solve_subgame(NodeId root, bool& truncated) {
    const Subgame here = subgame_at(root);
    const std::vector<NodeId>&nodes = here.nodes, &frontier = here.frontier;
    const Strategies st = strategies_in(nodes);
    const std::vector<std::vector<InfoSetId>>& sets = st.sets;
    const std::vector<std::vector<std::vector<std::uint32_t>>>& strategies = st.strategies;
    const std::vector<std::uint32_t>&slot = st.slot, &counts = st.counts;
    const std::size_t n_profiles = checked_product(counts, options_.max_profiles);

    std::vector<double> value(nodes.size() * np_);
    // Position of each node of the subgame in `nodes`, for child lookups.
    std::vector<std::uint32_t> pos_of(g_.num_nodes(), kNoIndex);
    for (std::uint32_t k = 0; k < nodes.size(); ++k) pos_of[index(nodes[k])] = k;
    std::vector<std::uint32_t> frontier_slot(g_.num_nodes(), kNoIndex);
    for (std::uint32_t k = 0; k < frontier.size(); ++k) frontier_slot[index(frontier[k])] = k;

    std::vector<SubEquilibrium>& out = eqs_[index(root)];
    std::vector<std::uint32_t> pick(frontier.size(), 0);  // which equilibrium of each frontier subgame
    for (NodeId f : frontier) {
      if (eqs_[index(f)].empty()) return;  // a subgame without pure equilibria: none here either
    }
    std::vector<double> payoff(n_profiles * np_);
    std::vector<std::uint32_t> s(np_, 0);
    for (;;) {
      // Payoff tensor for this choice of frontier equilibria.
      std::fill(s.begin(), s.end(), 0);
      for (std::size_t c = 0; c < n_profiles; ++c) {
        evaluate_subgame(nodes, pos_of, frontier_slot, pick, frontier, strategies, slot, s, value);
        std::copy_n(&value[0], np_, &payoff[c * np_]);
        for (std::uint32_t p = 0; p < np_; ++p) {
          if (++s[p] < counts[p]) break;
          s[p] = 0;
        }
      }
      for_each_equilibrium(counts, payoff, [&](std::size_t c) {
        if (out.size() == options_.max_equilibria) {
          truncated = true;
          return false;
        }
        SubEquilibrium e;
        e.value.assign(&payoff[c * np_], &payoff[c * np_] + np_);
        std::size_t rest = c;
        for (std::uint32_t p = 0; p < np_; ++p) {
          const auto& strategy = strategies[p][rest % counts[p]];
          rest /= counts[p];
          for (std::size_t k = 0; k < sets[p].size(); ++k) {
            if (strategy[k] != kNoIndex) e.actions.push_back(g_.action(sets[p][k], strategy[k]));
          }
        }
        for (std::size_t k = 0; k < frontier.size(); ++k) {
          const auto& sub = eqs_[index(frontier[k])][pick[k]].actions;
          e.actions.insert(e.actions.end(), sub.begin(), sub.end());
        }
        out.push_back(std::move(e));
        return true;
      });
      // Next combination of frontier equilibria.
      std::size_t k = 0;
      for (; k < frontier.size(); ++k) {
        if (++pick[k] < eqs_[index(frontier[k])].size()) break;
        pick[k] = 0;
      }
      if (k == frontier.size()) break;
    }
  }

  // Value of the subgame's root for one pure profile: bottom-up over its nodes.
  void evaluate_subgame(const std::vector<NodeId>& nodes, const std::vector<std::uint32_t>& pos_of,
                        const std::vector<std::uint32_t>& frontier_slot, const std::vector<std::uint32_t>& pick,
                        const std::vector<NodeId>& frontier,
                        const std::vector<std::vector<std::vector<std::uint32_t>>>& strategies,
                        const std::vector<std::uint32_t>& slot, const std::vector<std::uint32_t>& s,
                        std::vector<double>& value) const {
    auto child_value = [&](NodeId c, std::uint32_t p) {
      if (frontier_slot[index(c)] != kNoIndex) {
        const std::uint32_t k = frontier_slot[index(c)];
        return eqs_[index(frontier[k])][pick[k]].value[p];
      }
      return value[pos_of[index(c)] * np_ + p];
    };
    for (std::size_t k = nodes.size(); k-- > 0;) {
      const NodeId n = nodes[k];
      double* v = &value[k * np_];
      std::fill_n(v, np_, 0.0);
      switch (g_.kind(n)) {
        case NodeKind::kTerminal: break;
        case NodeKind::kChance: {
          const InfoSetId h = g_.infoset(n);
          for (std::uint32_t c = 0; c < g_.num_children(n); ++c) {
            const double pr = g_.probability(g_.action(h, c));
            for (std::uint32_t p = 0; p < np_; ++p) v[p] += pr * child_value(g_.child(n, c), p);
          }
          break;
        }
        case NodeKind::kDecision: {
          const std::uint32_t p0 = index(g_.player(n));
          const std::uint32_t act = strategies[p0][s[p0]][slot[index(g_.infoset(n))]];
          if (act == kNoIndex) break;  // unreachable under the player's own moves
          for (std::uint32_t p = 0; p < np_; ++p) v[p] = child_value(g_.child(n, act), p);
          break;
        }
      }
      if (g_.outcome(n) != kNoOutcome) {
        for (std::uint32_t p = 0; p < np_; ++p) v[p] += g_.payoff(g_.outcome(n), PlayerId{p});
      }
    }
  }

  const Game& g_;
  const PureNashOptions& options_;
  const std::uint32_t np_;
  std::vector<std::uint32_t> own_parent_;  // per information set: the player's previous action (ActionId), or kNoIndex
  std::vector<bool> is_root_;
  std::vector<std::vector<SubEquilibrium>> eqs_;  // per subgame root
};

}  // namespace

Solution solve_pure_nash(const Game& game, const PureNashOptions& options) {
  Solution s = TreeEnumerator(game, options).run();
  s.method = Method::kPure;
  s.concept_name =
      options.subgame_perfect ? "pure-strategy subgame-perfect equilibrium" : "pure-strategy Nash equilibrium";
  s.detail = options.subgame_perfect
                 ? "enumeration of reduced pure strategies, subgame by subgame from the bottom (as gambit-enumpure -P)"
                 : "enumeration of reduced pure strategy profiles (as gambit-enumpure)";
  return s;
}

Solution solve_pure_nash(const NormalFormGame& game, const PureNashOptions& options) {
  const std::uint32_t np = game.num_players();
  std::vector<std::uint32_t> counts(np);
  std::uint32_t offset_total = 0;
  std::vector<std::uint32_t> offset(np);
  for (std::uint32_t p = 0; p < np; ++p) {
    counts[p] = game.num_strategies(PlayerId{p});
    offset[p] = offset_total;
    offset_total += counts[p];
  }
  checked_product(counts, options.max_profiles);
  const PayoffMatrix& table = game.payoffs();
  std::vector<double> payoff(table.data(), table.data() + table.size());  // row-major: profile x player
  Solution s;
  s.method = Method::kPure;
  s.concept_name = "pure-strategy Nash equilibrium";
  s.detail = "enumeration of pure strategy profiles (as gambit-enumpure)";
  for_each_equilibrium(counts, payoff, [&](std::size_t c) {
    if (s.equilibria.size() == options.max_equilibria) {
      s.truncated = true;
      return false;
    }
    Equilibrium e;
    e.profile = Eigen::VectorXd::Zero(offset_total);
    std::size_t rest = c;
    for (std::uint32_t p = 0; p < np; ++p) {
      e.profile[offset[p] + rest % counts[p]] = 1.0;
      rest /= counts[p];
    }
    e.payoffs = table.row(static_cast<Eigen::Index>(c)).transpose();
    return record_equilibrium(s, std::move(e), options.on_equilibrium);
  });
  return s;
}

}  // namespace backstop
