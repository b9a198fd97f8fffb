#include "backstop/solve/backward_induction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "backstop/error.hpp"

namespace backstop {

void BackwardInduction::prepare(const Game& g) {
  if (!g.is_perfect_information()) {
    const InfoSetId h = g.first_imperfect_infoset();
    throw SolverError(fmt::format(
        "backward induction needs perfect information, but information set {} (\"{}\") of player \"{}\" holds {} nodes",
        g.infoset_number(h), g.infoset_label(h), g.player_label(g.infoset_player(h)), g.members(h).size()));
  }
  players_ = g.num_players();
  value_.resize(static_cast<std::size_t>(g.num_nodes()) * players_);
  choice_.resize(g.num_nodes());
}

namespace {

// The game's arrays, hoisted out of the sweep.
struct Arrays {
  std::size_t np;
  const InfoSetId* node_set;
  const std::uint32_t* first_child;
  const OutcomeId* node_outcome;
  const PlayerId* set_player;
  const std::uint32_t* set_actions;
  const ActionId* set_first_action;
  const double* prob;
  const double* pay;
  double* value;
  std::uint32_t* choice;
};

// Value of node i from its children's values. A mover takes `pick`, or with
// kNoIndex the first action within tolerance of the best; `optimal`, when
// given, receives every such action. Inlined into both sweeps, so the fast
// sweep (no pick, no list) compiles without those branches.
inline void evaluate_node(const Arrays& a, std::uint32_t i, std::uint32_t pick, std::vector<std::uint32_t>* optimal) {
  const std::size_t np = a.np;
  double* v = a.value + i * np;
  const InfoSetId h = a.node_set[i];
  a.choice[i] = kNoIndex;
  if (optimal) optimal->clear();
  if (h == kNoInfoSet) {
    for (std::size_t p = 0; p < np; ++p) v[p] = 0.0;
  } else {
    const std::uint32_t k = a.set_actions[index(h)];
    const PlayerId mover = a.set_player[index(h)];
    const double* child = a.value + static_cast<std::size_t>(a.first_child[i]) * np;
    if (mover == kChancePlayer) {
      const double* pr = a.prob + index(a.set_first_action[index(h)]);
      for (std::size_t p = 0; p < np; ++p) v[p] = 0.0;
      for (std::uint32_t c = 0; c < k; ++c) {
        for (std::size_t p = 0; p < np; ++p) v[p] += pr[c] * child[c * np + p];
      }
    } else {
      const std::size_t p0 = index(mover);
      double best = child[p0];
      for (std::uint32_t c = 1; c < k; ++c) best = std::max(best, child[c * np + p0]);
      std::uint32_t chosen = 0;
      while (!ties_best(child[chosen * np + p0], best)) ++chosen;
      if (optimal) {
        for (std::uint32_t c = chosen; c < k; ++c) {
          if (ties_best(child[c * np + p0], best)) optimal->push_back(c);
        }
      }
      if (pick != kNoIndex) chosen = pick;
      a.choice[i] = chosen;
      for (std::size_t p = 0; p < np; ++p) v[p] = child[chosen * np + p];
    }
  }
  const OutcomeId o = a.node_outcome[i];
  if (o != kNoOutcome) {
    for (std::size_t p = 0; p < np; ++p) v[p] += a.pay[index(o) * np + p];
  }
}

Arrays arrays(const Game& g, std::vector<double>& value, std::vector<std::uint32_t>& choice) {
  return {g.num_players(),
          g.node_infosets().data(),
          g.node_first_children().data(),
          g.node_outcomes().data(),
          g.infoset_players().data(),
          g.infoset_action_counts().data(),
          g.infoset_first_actions().data(),
          g.probabilities().data(),
          g.payoffs().data(),
          value.data(),
          choice.data()};
}

}  // namespace

void BackwardInduction::solve(const Game& g) {
  prepare(g);
  const Arrays a = arrays(g, value_, choice_);
  for (std::uint32_t i = g.num_nodes(); i-- > 0;) evaluate_node(a, i, kNoIndex, nullptr);
}

std::size_t BackwardInduction::enumerate(const Game& g, const std::function<bool()>& visit) {
  prepare(g);
  // Depth-first search over the tied choices. Sweeping ids downwards, a node's
  // value depends only on nodes with larger ids; changing the choice at node i
  // thus changes only nodes below i, which are swept again.
  struct ChoicePoint {
    std::uint32_t node;
    std::uint32_t next;  // index into `options` of the next choice to try
    std::uint32_t begin, end;
  };
  std::vector<ChoicePoint> stack;
  std::vector<std::uint32_t> options, optimal;
  std::size_t found = 0;
  std::uint32_t from = g.num_nodes();
  const Arrays a = arrays(g, value_, choice_);
  for (;;) {
    for (std::uint32_t i = from; i-- > 0;) {
      evaluate_node(a, i, kNoIndex, &optimal);
      if (optimal.size() > 1) {
        const auto begin = static_cast<std::uint32_t>(options.size());
        options.insert(options.end(), optimal.begin(), optimal.end());
        stack.push_back({i, 1, begin, static_cast<std::uint32_t>(options.size())});
      }
    }
    ++found;
    if (!visit()) return found;
    while (!stack.empty() && stack.back().begin + stack.back().next == stack.back().end) {
      options.resize(stack.back().begin);
      stack.pop_back();
    }
    if (stack.empty()) return found;
    ChoicePoint& top = stack.back();
    evaluate_node(a, top.node, options[top.begin + top.next++], nullptr);
    from = top.node;
  }
}

}  // namespace backstop
