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

SequentialSolver::SequentialSolver(const Game& g) {
  const Histories hist = player_histories(g);
  if (const InfoSetId bad = first_outside_class(g, hist); bad != kNoInfoSet) {
    throw SolverError(fmt::format(
        "backward induction over information sets needs beliefs that do not depend on strategies, but the nodes of "
        "information set {} (\"{}\") of player \"{}\" follow different player moves (a signalling game, say); the "
        "methods pure, lcp and qre apply",
        g.infoset_number(bad), g.infoset_label(bad), g.player_label(g.infoset_player(bad))));
  }
  // Longest history first: everything below a set's nodes has a longer history.
  std::size_t widest = 0;
  for (std::uint32_t s = 0; s < g.num_infosets(); ++s) {
    if (g.infoset_player(InfoSetId{s}) != kChancePlayer) order_.push_back(InfoSetId{s});
    widest = std::max<std::size_t>(widest, g.infoset_num_actions(InfoSetId{s}));
  }
  std::stable_sort(order_.begin(), order_.end(), [&](InfoSetId a, InfoSetId b) {
    return hist.length[index(g.members(a)[0])] > hist.length[index(g.members(b)[0])];
  });
  chosen_.assign(g.num_infosets(), kNoIndex);
  belief_.assign(g.num_nodes(), 0.0);
  chance_reach_.assign(g.num_nodes(), 1.0);
  value_.assign(std::size_t{g.num_nodes()} * g.num_players(), 0.0);
  expected_.assign(widest, 0.0);
  done_.assign(g.num_nodes(), 0);
  stack_.reserve(g.num_nodes());
}

// The value to each player of a subtree whose information sets are all
// decided; memoised in value_ (done_), iterative so deep trees cannot
// overflow the call stack.
const double* SequentialSolver::subtree_value(const Game& g, NodeId top) {
  const std::size_t np = g.num_players();
  stack_.assign(1, top);
  while (!stack_.empty()) {
    const NodeId n = stack_.back();
    if (done_[index(n)]) {
      stack_.pop_back();
      continue;
    }
    bool ready = true;
    for (std::uint32_t k = 0; k < g.num_children(n); ++k) {
      const NodeId c = g.child(n, k);
      if (!done_[index(c)]) ready = false, stack_.push_back(c);
    }
    if (!ready) continue;
    stack_.pop_back();
    double* v = &value_[index(n) * np];
    std::fill_n(v, np, 0.0);
    if (g.kind(n) == NodeKind::kChance) {
      for (std::uint32_t k = 0; k < g.num_children(n); ++k) {
        const double pr = g.probability(g.action(g.infoset(n), k));
        for (std::size_t p = 0; p < np; ++p) v[p] += pr * value_[index(g.child(n, k)) * np + p];
      }
    } else if (g.kind(n) == NodeKind::kDecision) {
      const std::uint32_t a = chosen_[index(g.infoset(n))];
      BACKSTOP_CHECK(a != kNoIndex, "information set solved out of order");
      std::copy_n(&value_[index(g.child(n, a)) * np], np, v);
    }
    if (g.outcome(n) != kNoOutcome) {
      for (std::size_t p = 0; p < np; ++p) v[p] += g.payoff(g.outcome(n), PlayerId{static_cast<std::uint32_t>(p)});
    }
    done_[index(n)] = 1;
  }
  return &value_[index(top) * np];
}

void SequentialSolver::solve(const Game& g) {
  BACKSTOP_CHECK(done_.size() == g.num_nodes(), "a solver used on another structure");
  // Beliefs from chance alone: chance reach normalised over each set.
  for (std::uint32_t i = 1; i < g.num_nodes(); ++i) {
    const NodeId n{i}, q = g.parent(n);
    chance_reach_[i] =
        chance_reach_[index(q)] * (g.kind(q) == NodeKind::kChance ? g.probability(g.action_into(n)) : 1.0);
  }
  for (std::uint32_t s = 0; s < g.num_infosets(); ++s) {
    const auto members = g.members(InfoSetId{s});
    double total = 0.0;
    for (NodeId m : members) total += chance_reach_[index(m)];
    for (NodeId m : members) {
      belief_[index(m)] = total > 0.0 ? chance_reach_[index(m)] / total : 1.0 / static_cast<double>(members.size());
    }
  }
  std::fill(done_.begin(), done_.end(), 0);
  std::fill(chosen_.begin(), chosen_.end(), kNoIndex);
  for (InfoSetId h : order_) {
    const std::size_t p = index(g.infoset_player(h));
    const std::uint32_t k = g.infoset_num_actions(h);
    std::fill_n(expected_.begin(), k, 0.0);
    for (NodeId m : g.members(h)) {
      for (std::uint32_t a = 0; a < k; ++a) expected_[a] += belief_[index(m)] * subtree_value(g, g.child(m, a))[p];
    }
    const double best = *std::max_element(expected_.begin(), expected_.begin() + k);
    std::uint32_t a = 0;
    while (!ties_best(expected_[a], best)) ++a;
    chosen_[index(h)] = a;
  }
}

Solution solve_sequential(const Game& g) {
  SequentialSolver solver(g);
  solver.solve(g);
  BehaviorProfile profile = BehaviorProfile::Zero(g.num_player_actions());
  for (std::uint32_t h = 0; h < g.num_infosets(); ++h) {
    if (solver.chosen()[h] != kNoIndex) profile[index(g.action(InfoSetId{h}, solver.chosen()[h]))] = 1.0;
  }
  Solution s;
  s.method = Method::kSequential;
  s.concept_name = kSequentialConcept;
  s.detail =
      "backward induction over information sets; beliefs from chance alone (they do not depend on strategies in "
      "this game); ties go to the first action in file order";
  Equilibrium e = evaluate(g, profile);
  e.beliefs = Eigen::Map<const Eigen::VectorXd>(solver.beliefs().data(), static_cast<Eigen::Index>(g.num_nodes()));
  s.equilibria.push_back(std::move(e));
  return s;
}

}  // namespace backstop
