#include "backstop/solve/backward_induction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "backstop/error.hpp"

namespace backstop {
namespace {

bool near_max(double v, double best) { return v >= best - kTieTolerance * std::max(1.0, std::abs(best)); }

}  // namespace

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

void BackwardInduction::evaluate_node(const Game& g, std::uint32_t i, std::uint32_t pick, std::vector<std::uint32_t>* optimal) {
  const std::size_t np = players_;
  double* v = &value_[i * np];
  const InfoSetId h = g.node_infosets()[i];
  choice_[i] = kNoIndex;
  if (optimal) optimal->clear();
  if (h == kNoInfoSet) {
    std::fill_n(v, np, 0.0);
  } else {
    const std::uint32_t first = g.node_first_children()[i];
    const std::uint32_t k = g.infoset_action_counts()[index(h)];
    const PlayerId mover = g.infoset_players()[index(h)];
    if (mover == kChancePlayer) {
      const double* prob = &g.probabilities()[index(g.infoset_first_actions()[index(h)])];
      std::fill_n(v, np, 0.0);
      for (std::uint32_t c = 0; c < k; ++c) {
        const double* cv = &value_[(first + c) * np];
        for (std::size_t p = 0; p < np; ++p) v[p] += prob[c] * cv[p];
      }
    } else {
      const std::size_t p = index(mover);
      double best = value_[first * np + p];
      for (std::uint32_t c = 1; c < k; ++c) best = std::max(best, value_[(first + c) * np + p]);
      std::uint32_t chosen = kNoIndex;
      for (std::uint32_t c = 0; c < k; ++c) {
        if (!near_max(value_[(first + c) * np + p], best)) continue;
        if (chosen == kNoIndex) chosen = c;
        if (optimal) optimal->push_back(c);
        else break;
      }
      if (pick != kNoIndex) chosen = pick;
      choice_[i] = chosen;
      std::copy_n(&value_[(first + chosen) * np], np, v);
    }
  }
  const OutcomeId o = g.node_outcomes()[i];
  if (o != kNoOutcome) {
    const double* pay = g.payoffs().row(index(o)).data();
    for (std::size_t p = 0; p < np; ++p) v[p] += pay[p];
  }
}

void BackwardInduction::solve(const Game& g) {
  prepare(g);
  for (std::uint32_t i = g.num_nodes(); i-- > 0;) evaluate_node(g, i, kNoIndex, nullptr);
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
  for (;;) {
    for (std::uint32_t i = from; i-- > 0;) {
      evaluate_node(g, i, kNoIndex, &optimal);
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
    evaluate_node(g, top.node, options[top.begin + top.next++], nullptr);
    from = top.node;
  }
}

}  // namespace backstop
