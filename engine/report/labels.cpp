#include "backstop/report/labels.hpp"

#include <fmt/format.h>

#include <map>

namespace backstop {

std::vector<std::string> distinct_names(const std::vector<std::string>& labels) {
  std::map<std::string, int> count;
  for (const auto& l : labels) ++count[l];
  std::vector<std::string> out(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    out[i] = labels[i].empty() || count[labels[i]] > 1 ? fmt::format("#{}", i + 1) : labels[i];
  }
  return out;
}

DisplayNames display_names(const Game& g) {
  DisplayNames names;
  std::vector<std::string> players;
  for (std::uint32_t p = 0; p < g.num_players(); ++p) players.push_back(g.player_label(PlayerId{p}));
  names.players = distinct_names(players);
  names.infosets.resize(g.num_infosets());
  names.actions.resize(g.num_actions());
  for (std::uint32_t slot = 0; slot <= g.num_players(); ++slot) {
    const PlayerId p = slot == g.num_players() ? kChancePlayer : PlayerId{slot};
    const auto sets = g.infosets_of(p);
    std::vector<std::string> labels;
    for (InfoSetId h : sets) labels.emplace_back(g.infoset_label(h));
    const auto unique = distinct_names(labels);
    for (std::size_t i = 0; i < sets.size(); ++i) {
      const InfoSetId h = sets[i];
      names.infosets[index(h)] = unique[i];
      std::vector<std::string> acts;
      for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) acts.emplace_back(g.action_label(g.action(h, k)));
      const auto unique_acts = distinct_names(acts);
      for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k)
        names.actions[index(g.action(h, k))] = unique_acts[k];
    }
  }
  return names;
}

}  // namespace backstop
