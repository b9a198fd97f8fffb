#include "backstop/solve/sequential.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "backstop/error.hpp"
#include "backstop/solve/backward_induction.hpp"

namespace backstop {
namespace {

// Per node: an id of the sequence of player moves on its path (chance moves
// left out), and that sequence's length. Parents precede children.
struct Histories {
  std::vector<std::uint32_t> id;
  std::vector<std::uint32_t> length;
};

Histories player_histories(const Game& g) {
  Histories h{std::vector<std::uint32_t>(g.num_nodes(), 0), std::vector<std::uint32_t>(g.num_nodes(), 0)};
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> interned;
  for (std::uint32_t i = 1; i < g.num_nodes(); ++i) {
    const NodeId n{i}, q = g.parent(n);
    if (g.kind(q) == NodeKind::kChance) {
      h.id[i] = h.id[index(q)];
      h.length[i] = h.length[index(q)];
      continue;
    }
    const auto key = std::pair(h.id[index(q)], index(g.action_into(n)));
    auto [it, fresh] = interned.emplace(key, static_cast<std::uint32_t>(interned.size() + 1));
    (void)fresh;
    h.id[i] = it->second;
    h.length[i] = h.length[index(q)] + 1;
  }
  return h;
}

InfoSetId first_outside_class(const Game& g, const Histories& h) {
  for (std::uint32_t s = 0; s < g.num_infosets(); ++s) {
    const InfoSetId set{s};
    if (g.infoset_player(set) == kChancePlayer) continue;
    const auto members = g.members(set);
    for (NodeId m : members) {
      if (h.id[index(m)] != h.id[index(members[0])]) return set;
    }
  }
  return kNoInfoSet;
}

}  // namespace

bool has_strategy_independent_beliefs(const Game& g) {
  return first_outside_class(g, player_histories(g)) == kNoInfoSet;
}

Eigen::VectorXd chance_beliefs(const Game& g) {
  // Chance reach: product of chance probabilities on the path.
  Eigen::VectorXd reach = Eigen::VectorXd::Ones(g.num_nodes());
  for (std::uint32_t i = 1; i < g.num_nodes(); ++i) {
    const NodeId n{i}, q = g.parent(n);
    reach[i] = reach[index(q)] * (g.kind(q) == NodeKind::kChance ? g.probability(g.action_into(n)) : 1.0);
  }
  Eigen::VectorXd belief = Eigen::VectorXd::Constant(g.num_nodes(), std::nan(""));
  for (std::uint32_t s = 0; s < g.num_infosets(); ++s) {
    const auto members = g.members(InfoSetId{s});
    double total = 0.0;
    for (NodeId m : members) total += reach[index(m)];
    for (NodeId m : members) {
      belief[index(m)] = total > 0.0 ? reach[index(m)] / total : 1.0 / static_cast<double>(members.size());
    }
  }
  return belief;
}

// The value to each player of a subtree whose information sets are all
// decided (`chosen`); memoised, and iterative so deep trees cannot overflow
// the call stack.
class SubtreeValues {
 public:
  SubtreeValues(const Game& g, const std::vector<std::uint32_t>& chosen)
      : g_(g),
        chosen_(chosen),
        np_(g.num_players()),
        value_(std::size_t{g.num_nodes()} * np_, 0.0),
        done_(g.num_nodes(), false) {}

  const double* of(NodeId top) {
    stack_.assign(1, top);
    while (!stack_.empty()) {
      const NodeId n = stack_.back();
      if (done_[index(n)]) {
        stack_.pop_back();
        continue;
      }
      bool ready = true;
      for (std::uint32_t k = 0; k < g_.num_children(n); ++k) {
        const NodeId c = g_.child(n, k);
        if (!done_[index(c)]) ready = false, stack_.push_back(c);
      }
      if (!ready) continue;
      stack_.pop_back();
      double* v = &value_[index(n) * np_];
      std::fill_n(v, np_, 0.0);
      if (g_.kind(n) == NodeKind::kChance) {
        for (std::uint32_t k = 0; k < g_.num_children(n); ++k) {
          const double pr = g_.probability(g_.action(g_.infoset(n), k));
          for (std::size_t p = 0; p < np_; ++p) v[p] += pr * value_[index(g_.child(n, k)) * np_ + p];
        }
      } else if (g_.kind(n) == NodeKind::kDecision) {
        const std::uint32_t a = chosen_[index(g_.infoset(n))];
        BACKSTOP_CHECK(a != kNoIndex, "information set solved out of order");
        std::copy_n(&value_[index(g_.child(n, a)) * np_], np_, v);
      }
      if (g_.outcome(n) != kNoOutcome) {
        for (std::size_t p = 0; p < np_; ++p) v[p] += g_.payoff(g_.outcome(n), PlayerId{static_cast<std::uint32_t>(p)});
      }
      done_[index(n)] = true;
    }
    return &value_[index(top) * np_];
  }

 private:
  const Game& g_;
  const std::vector<std::uint32_t>& chosen_;
  const std::size_t np_;
  std::vector<double> value_;
  std::vector<bool> done_;
  std::vector<NodeId> stack_;
};

Solution solve_sequential(const Game& g) {
  const Histories hist = player_histories(g);
  if (const InfoSetId bad = first_outside_class(g, hist); bad != kNoInfoSet) {
    throw SolverError(fmt::format(
        "backward induction over information sets needs beliefs that do not depend on strategies, but the nodes of "
        "information set {} (\"{}\") of player \"{}\" follow different player moves (a signalling game, say); the "
        "methods pure, lcp and qre apply",
        g.infoset_number(bad), g.infoset_label(bad), g.player_label(g.infoset_player(bad))));
  }
  const Eigen::VectorXd belief = chance_beliefs(g);

  // Longest history first: everything below a set's nodes has a longer history.
  std::vector<InfoSetId> order;
  for (std::uint32_t s = 0; s < g.num_infosets(); ++s) {
    if (g.infoset_player(InfoSetId{s}) != kChancePlayer) order.push_back(InfoSetId{s});
  }
  std::stable_sort(order.begin(), order.end(), [&](InfoSetId a, InfoSetId b) {
    return hist.length[index(g.members(a)[0])] > hist.length[index(g.members(b)[0])];
  });

  std::vector<std::uint32_t> chosen(g.num_infosets(), kNoIndex);
  SubtreeValues values(g, chosen);
  for (InfoSetId h : order) {
    const std::size_t p = index(g.infoset_player(h));
    std::vector<double> expected(g.infoset_num_actions(h), 0.0);
    for (NodeId m : g.members(h)) {
      for (std::uint32_t a = 0; a < g.infoset_num_actions(h); ++a)
        expected[a] += belief[index(m)] * values.of(g.child(m, a))[p];
    }
    const double best = *std::max_element(expected.begin(), expected.end());
    std::uint32_t a = 0;
    while (!ties_best(expected[a], best)) ++a;
    chosen[index(h)] = a;
  }

  BehaviorProfile profile = BehaviorProfile::Zero(g.num_player_actions());
  for (InfoSetId h : order) profile[index(g.action(h, chosen[index(h)]))] = 1.0;
  Solution s;
  s.method = Method::kSequential;
  s.concept_name = "sequential equilibrium";
  s.detail =
      "backward induction over information sets; beliefs from chance alone (they do not depend on strategies in "
      "this game); ties go to the first action in file order";
  Equilibrium e = evaluate(g, profile);
  e.beliefs = belief;
  s.equilibria.push_back(std::move(e));
  return s;
}

}  // namespace backstop
