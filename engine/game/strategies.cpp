#include "backstop/game/strategies.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "backstop/error.hpp"

namespace backstop {

std::vector<std::uint32_t> last_own_moves(const Game& g) {
  const std::size_t np = g.num_players();
  std::vector<std::uint32_t> last(static_cast<std::size_t>(g.num_nodes()) * np, kNoIndex);
  for (std::uint32_t i = 1; i < g.num_nodes(); ++i) {  // parents precede children
    const NodeId n{i}, q = g.parent(n);
    std::copy_n(&last[index(q) * np], np, &last[i * np]);
    if (g.kind(q) == NodeKind::kDecision) last[i * np + index(g.player(q))] = index(g.action_into(n));
  }
  return last;
}

std::vector<std::uint32_t> own_parent_actions(const Game& g) {
  const std::size_t np = g.num_players();
  const std::vector<std::uint32_t> last = last_own_moves(g);
  std::vector<std::uint32_t> out(g.num_infosets(), kNoIndex);
  for (std::uint32_t h = 0; h < g.num_infosets(); ++h) {
    const PlayerId p = g.infoset_player(InfoSetId{h});
    if (p != kChancePlayer) out[h] = last[index(g.members(InfoSetId{h})[0]) * np + index(p)];
  }
  return out;
}

double reduced_strategy_count(const Game& g, std::span<const InfoSetId> sets,
                              std::span<const std::uint32_t> own_parent) {
  // R(h) = sum over h's actions a of the product of R over the sets whose
  // previous own move is a; sets come after their parents in `sets` (both
  // are in the order a depth-first walk meets them), so one reverse sweep.
  std::vector<double> product(g.num_actions(), 1.0);
  std::vector<char> inside(g.num_infosets(), 0);
  for (InfoSetId h : sets) inside[index(h)] = 1;
  double total = 1.0;
  for (std::size_t k = sets.size(); k-- > 0;) {
    const InfoSetId h = sets[k];
    double r = 0.0;
    for (std::uint32_t a = 0; a < g.infoset_num_actions(h); ++a) r += product[index(g.action(h, a))];
    const std::uint32_t parent = own_parent[index(h)];
    if (parent != kNoIndex && inside[index(g.action_infoset(ActionId{parent}))]) product[parent] *= r;
    else total *= r;
  }
  return total;
}

double reduced_profile_count(const Game& g) { return reduced_profile_count(g, own_parent_actions(g)); }

double reduced_profile_count(const Game& g, std::span<const std::uint32_t> own_parent) {
  double total = 1.0;
  for (std::uint32_t p = 0; p < g.num_players(); ++p)
    total *= reduced_strategy_count(g, g.infosets_of(PlayerId{p}), own_parent);
  return total;
}

std::vector<std::vector<std::uint32_t>> reduced_strategies(const Game& g, std::span<const InfoSetId> sets,
                                                           std::span<const std::uint32_t> own_parent,
                                                           std::size_t limit) {
  const std::size_t n = sets.size();
  auto position = [&](InfoSetId h) -> std::size_t {
    for (std::size_t k = 0; k < n; ++k)
      if (sets[k] == h) return k;
    return n;
  };
  // Where each set's previous own move was made, as a position in `sets` (n: outside).
  std::vector<std::size_t> parent_pos(n, n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t parent = own_parent[index(sets[k])];
    if (parent != kNoIndex) parent_pos[k] = position(g.action_infoset(ActionId{parent}));
  }
  std::vector<std::uint32_t> a(n, kNoIndex);
  auto reachable = [&](std::size_t k) {
    if (parent_pos[k] == n) return true;
    const std::size_t pk = parent_pos[k];
    return a[pk] != kNoIndex && index(g.action(sets[pk], a[pk])) == own_parent[index(sets[k])];
  };
  auto fill_from = [&](std::size_t k) {
    for (; k < n; ++k) a[k] = reachable(k) ? 0 : kNoIndex;
  };
  // Counted before any is listed, and the list bounded in memory too (each
  // strategy holds an action per set).
  const double count = reduced_strategy_count(g, sets, own_parent);
  if (count > static_cast<double>(limit))
    throw InputError(fmt::format("a player has more than {} reduced strategies", limit));
  if (count * static_cast<double>(std::max<std::size_t>(n, 1)) > static_cast<double>(kMaxStrategyEntries)) {
    throw InputError(
        fmt::format("a player's {:.0f} reduced strategies over {} information sets are too many to list", count, n));
  }
  std::vector<std::vector<std::uint32_t>> out;
  out.reserve(static_cast<std::size_t>(count));
  fill_from(0);
  for (;;) {
    out.push_back(a);
    std::size_t k = n;
    while (k-- > 0) {
      if (a[k] != kNoIndex && a[k] + 1 < g.infoset_num_actions(sets[k])) break;
    }
    if (k == static_cast<std::size_t>(-1)) return out;
    ++a[k];
    fill_from(k + 1);
  }
}

NormalFormGame reduced_normal_form(const Game& g, std::size_t max_contingencies) {
  const std::uint32_t np = g.num_players();
  const std::vector<std::uint32_t> own_parent = own_parent_actions(g);
  std::vector<std::vector<std::vector<std::uint32_t>>> strategies(np);
  std::vector<std::vector<std::string>> labels(np);
  std::vector<std::string> players;
  if (reduced_profile_count(g, own_parent) > static_cast<double>(max_contingencies)) {
    throw InputError(fmt::format("the reduced strategic form has more than {} cells", max_contingencies));
  }
  std::size_t cells = 1;
  for (std::uint32_t p = 0; p < np; ++p) {
    players.push_back(g.player_label(PlayerId{p}));
    const auto sets = g.infosets_of(PlayerId{p});
    strategies[p] = reduced_strategies(g, sets, own_parent, max_contingencies);
    cells *= strategies[p].size();
    if (cells > max_contingencies) {
      throw InputError(fmt::format("the reduced strategic form has more than {} cells", max_contingencies));
    }
    // Gambit's labels: the 1-based action at each set, '*' where none.
    for (const auto& s : strategies[p]) {
      std::string label;
      for (std::uint32_t a : s) label += a == kNoIndex ? std::string("*") : std::to_string(a + 1);
      labels[p].push_back(label);
    }
  }
  NormalFormGame nf(g.title(), players, labels, g.comment());
  // Each cell: the expected payoffs of the tree, sweeping ids upwards with
  // reach probabilities (children have larger ids).
  std::vector<double> reach(g.num_nodes());
  std::vector<std::uint32_t> choice(g.num_actions(), kNoIndex);  // per information set: chosen action
  std::vector<std::uint32_t> s(np, 0);
  for (std::uint32_t c = 0; c < nf.num_contingencies(); ++c) {
    for (std::uint32_t p = 0; p < np; ++p) {
      const auto sets = g.infosets_of(PlayerId{p});
      for (std::size_t k = 0; k < sets.size(); ++k) choice[index(sets[k])] = strategies[p][s[p]][k];
    }
    std::fill(reach.begin(), reach.end(), 0.0);
    reach[0] = 1.0;
    Eigen::VectorXd pay = Eigen::VectorXd::Zero(np);
    for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
      const NodeId n{i};
      if (reach[i] == 0.0) continue;
      if (g.outcome(n) != kNoOutcome) pay += reach[i] * g.payoffs().row(index(g.outcome(n))).transpose();
      switch (g.kind(n)) {
        case NodeKind::kTerminal: break;
        case NodeKind::kChance:
          for (std::uint32_t k = 0; k < g.num_children(n); ++k) {
            reach[index(g.child(n, k))] = reach[i] * g.probability(g.action(g.infoset(n), k));
          }
          break;
        case NodeKind::kDecision: {
          const std::uint32_t a = choice[index(g.infoset(n))];
          if (a != kNoIndex) reach[index(g.child(n, a))] = reach[i];
          break;
        }
      }
    }
    for (std::uint32_t p = 0; p < np; ++p) nf.payoffs()(c, p) = pay[p];
    for (std::uint32_t p = 0; p < np; ++p) {  // next cell: player 0 fastest
      if (++s[p] < strategies[p].size()) break;
      s[p] = 0;
    }
  }
  return nf;
}

}  // namespace backstop
