#include "backstop/game/game_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace backstop {

GameBuilder::GameBuilder(std::string title, std::vector<std::string> players, std::string comment)
    : title_(std::move(title)), comment_(std::move(comment)), players_(std::move(players)) {}

GameBuilder::Text GameBuilder::keep(std::string_view s) {
  const Text t{pool_.size(), static_cast<std::uint32_t>(s.size())};
  pool_.append(s);
  return t;
}

void GameBuilder::reserve(std::size_t nodes) {
  // At most 2^20 ahead: an estimate from a file's size must not reserve for a
  // hostile file what it will never hold; beyond, the arrays grow as usual.
  nodes = std::min<std::size_t>(nodes, std::size_t{1} << 20);
  nodes_.reserve(nodes);
  parent_.reserve(nodes);
  infosets_.reserve(nodes / 2);
  action_labels_.reserve(nodes);
  action_probabilities_.reserve(nodes);
  probability_texts_.reserve(nodes);
  outcome_labels_.reserve(nodes / 2);
  const std::size_t values = std::min<std::size_t>(nodes / 2 * players_.size(), std::size_t{1} << 20);
  payoffs_.reserve(values);
  payoff_texts_.reserve(values);
  pool_.reserve(nodes * 4);
}

void GameBuilder::set_file(const std::string& file) { current_file_ = place({file, 0, 0}).file; }

GameBuilder::Where GameBuilder::place(const SourceLocation& where) {
  if (files_.back() != where.file) files_.push_back(where.file);
  return {static_cast<std::uint32_t>(files_.size() - 1), where.line, where.column};
}

InfoSetId GameBuilder::declare(PlayerId player, std::string_view label, std::span<const std::string_view> actions,
                               std::span<const double> probabilities, std::span<const std::string_view> texts,
                               Where where) {
  if (actions.empty()) {
    throw InputError(location(where), player == kChancePlayer ? "a chance move needs at least one outcome"
                                                              : "an information set needs at least one action");
  }
  InfoSetDecl d{player, keep(label), static_cast<std::uint32_t>(action_labels_.size()),
                static_cast<std::uint32_t>(actions.size()), where};
  for (std::size_t k = 0; k < actions.size(); ++k) {
    action_labels_.push_back(keep(actions[k]));
    action_probabilities_.push_back(probabilities.empty() ? 0.0 : probabilities[k]);
    probability_texts_.push_back(k < texts.size() ? keep(texts[k]) : Text{});
  }
  infosets_.push_back(d);
  return InfoSetId{static_cast<std::uint32_t>(infosets_.size() - 1)};
}

namespace {
std::vector<std::string_view> views(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }
}  // namespace

InfoSetId GameBuilder::add_infoset(PlayerId player, std::string label, std::vector<std::string> actions,
                                   SourceLocation where) {
  const Where w = place(where);
  if (player == kChancePlayer || index(player) >= players_.size()) {
    throw InputError(std::move(where),
                     fmt::format("player {} does not exist (the game has {})", index(player) + 1, players_.size()));
  }
  return declare(player, label, views(actions), {}, {}, w);
}

InfoSetId GameBuilder::add_infoset_at(PlayerId player, std::string_view label,
                                      std::span<const std::string_view> actions, Position at) {
  if (player == kChancePlayer || index(player) >= players_.size()) {
    throw InputError(location(here(at)),
                     fmt::format("player {} does not exist (the game has {})", index(player) + 1, players_.size()));
  }
  return declare(player, label, actions, {}, {}, here(at));
}

InfoSetId GameBuilder::add_chance_infoset(std::string label, std::vector<std::string> actions,
                                          std::vector<double> probabilities, std::vector<std::string> texts,
                                          SourceLocation where) {
  const Where w = place(where);
  if (probabilities.size() != actions.size() && !actions.empty()) {
    throw InputError(std::move(where),
                     fmt::format("{} probabilities for {} chance outcomes", probabilities.size(), actions.size()));
  }
  return declare(kChancePlayer, label, views(actions), probabilities, views(texts), w);
}

InfoSetId GameBuilder::add_chance_infoset_at(std::string_view label, std::span<const std::string_view> actions,
                                             std::span<const double> probabilities,
                                             std::span<const std::string_view> texts, Position at) {
  if (probabilities.size() != actions.size() && !actions.empty()) {
    throw InputError(location(here(at)),
                     fmt::format("{} probabilities for {} chance outcomes", probabilities.size(), actions.size()));
  }
  return declare(kChancePlayer, label, actions, probabilities, texts, here(at));
}

OutcomeId GameBuilder::add_outcome(std::string label, std::vector<double> payoffs, std::vector<std::string> texts,
                                   SourceLocation where) {
  return outcome(label, payoffs, views(texts), place(where));
}

OutcomeId GameBuilder::add_outcome_at(std::string_view label, std::span<const double> payoffs,
                                      std::span<const std::string_view> texts, Position at) {
  return outcome(label, payoffs, texts, here(at));
}

OutcomeId GameBuilder::outcome(std::string_view label, std::span<const double> payoffs,
                               std::span<const std::string_view> texts, Where where) {
  if (payoffs.size() != players_.size()) {
    throw InputError(location(where), fmt::format("outcome \"{}\" has {} payoffs; the game has {} players", label,
                                                  payoffs.size(), players_.size()));
  }
  outcome_labels_.push_back(keep(label));
  payoffs_.insert(payoffs_.end(), payoffs.begin(), payoffs.end());
  for (std::size_t k = 0; k < payoffs.size(); ++k) payoff_texts_.push_back(k < texts.size() ? keep(texts[k]) : Text{});
  return OutcomeId{static_cast<std::uint32_t>(outcome_labels_.size() - 1)};
}

void GameBuilder::add_move(InfoSetId infoset, std::string label, OutcomeId outcome, SourceLocation where) {
  const Where w = place(where);
  if (index(infoset) >= infosets_.size()) throw InputError(std::move(where), "unknown information set");
  node(infoset, label, outcome, w);
}

void GameBuilder::add_terminal(std::string label, OutcomeId outcome, SourceLocation where) {
  node(kNoInfoSet, label, outcome, place(where));
}

void GameBuilder::add_node_at(InfoSetId infoset, std::string_view label, OutcomeId outcome, Position at) {
  node(infoset, label, outcome, here(at));
}

void GameBuilder::node(InfoSetId infoset, std::string_view label, OutcomeId outcome, Where where) {
  if (!nodes_.empty() && open_.empty())
    throw InputError(location(where), "node after the end of the tree (every branch is already complete)");
  if (infoset != kNoInfoSet && index(infoset) >= infosets_.size())
    throw InputError(location(where), "unknown information set");
  if (outcome != kNoOutcome && index(outcome) >= outcome_labels_.size())
    throw InputError(location(where), "unknown outcome");
  const auto id = static_cast<std::uint32_t>(nodes_.size());
  if (open_.empty()) {
    parent_.push_back(kNoIndex);
  } else {
    parent_.push_back(open_.back().node);
    if (--open_.back().remaining == 0) open_.pop_back();
  }
  nodes_.push_back({infoset, outcome, keep(label), where});
  if (infoset != kNoInfoSet) open_.push_back({id, infosets_[index(infoset)].num_actions});
}

// Every problem is found before a Game exists: sizes, then the layout,
// then the game filled in, then its chance moves and perfect recall checked.
Game GameBuilder::build() const {
  check_complete();
  const Layout layout = lay_out();
  const InfoSetOrder sets = order_infosets();
  Game g;
  g.title_ = title_;
  g.comment_ = comment_;
  g.players_ = players_;
  fill_infosets(g, sets);
  fill_nodes(g, layout, sets);
  g.perfect_information_ = g.first_imperfect_infoset() == kNoInfoSet;
  g.outcome_label_.reserve(outcome_labels_.size(), 0);
  for (Text t : outcome_labels_) g.outcome_label_.push_back(text(t));
  g.payoffs_ = Eigen::Map<const PayoffMatrix>(payoffs_.data(), static_cast<Eigen::Index>(outcome_labels_.size()),
                                              static_cast<Eigen::Index>(players_.size()));
  g.payoff_text_.reserve(payoff_texts_.size(), 0);
  for (Text t : payoff_texts_) g.payoff_text_.push_back(text(t));
  check_chance(g, sets);
  check_perfect_recall(g, layout);
  return g;
}

// A builder set's player as a slot: players in order, chance last.
std::uint32_t GameBuilder::player_slot(std::uint32_t h) const {
  return infosets_[h].player == kChancePlayer ? static_cast<std::uint32_t>(players_.size())
                                              : index(infosets_[h].player);
}

void GameBuilder::check_complete() const {
  if (nodes_.empty()) throw InputError("the game has no nodes");
  if (!open_.empty()) {
    throw InputError(location(nodes_.back().where),
                     fmt::format("the tree is incomplete: {} more subtree(s) expected", open_.size()));
  }
  const auto n_nodes = static_cast<std::uint32_t>(nodes_.size());
  const auto n_players = static_cast<std::uint32_t>(players_.size());
  if (n_players == 0) throw InputError(location(nodes_.front().where), "the game has no players");
  // Solvers keep a value per node and player (backward induction, expected
  // payoffs): refuse a game whose table would not fit, before any is made.
  if (static_cast<std::uint64_t>(n_nodes) * n_players > kMaxNodePlayerValues) {
    throw InputError(location(nodes_.front().where),
                     fmt::format("the game is too large: {} nodes x {} players is over {} values per table", n_nodes,
                                 n_players, kMaxNodePlayerValues));
  }
}

// Children of each pre-order node, in action order (pre-order lists them
// so), and the breadth-first id of each.
GameBuilder::Layout GameBuilder::lay_out() const {
  const auto n_nodes = static_cast<std::uint32_t>(nodes_.size());
  Layout l;
  auto arity = [&](std::uint32_t pre) {
    InfoSetId h = nodes_[pre].infoset;
    return h == kNoInfoSet ? 0u : infosets_[index(h)].num_actions;
  };

  l.child_begin.assign(n_nodes + 1, 0);
  for (std::uint32_t n = 0; n < n_nodes; ++n) l.child_begin[n + 1] = l.child_begin[n] + arity(n);
  l.children.resize(l.child_begin[n_nodes]);
  {
    std::vector<std::uint32_t> cursor(l.child_begin.begin(), l.child_begin.end() - 1);
    for (std::uint32_t n = 1; n < n_nodes; ++n) l.children[cursor[parent_[n]]++] = n;
  }
  // Breadth-first layout: new id of each pre-order node.
  std::vector<std::uint32_t> bfs{0};
  bfs.reserve(n_nodes);
  for (std::size_t i = 0; i < bfs.size(); ++i) {
    const std::uint32_t pre = bfs[i];
    bfs.insert(bfs.end(), l.children.begin() + l.child_begin[pre], l.children.begin() + l.child_begin[pre + 1]);
  }
  l.new_id.resize(n_nodes);
  for (std::uint32_t i = 0; i < n_nodes; ++i) l.new_id[bfs[i]] = i;

  return l;
}

// Information sets: used ones only, player by player (chance last), by first
// appearance in pre-order.
GameBuilder::InfoSetOrder GameBuilder::order_infosets() const {
  const auto n_nodes = static_cast<std::uint32_t>(nodes_.size());
  InfoSetOrder o;
  std::vector<std::uint32_t> first_seen(infosets_.size(), kNoIndex);
  for (std::uint32_t n = 0; n < n_nodes; ++n) {
    InfoSetId h = nodes_[n].infoset;
    if (h != kNoInfoSet && first_seen[index(h)] == kNoIndex) first_seen[index(h)] = n;
  }
  std::vector<std::uint32_t>& order = o.order;
  for (std::uint32_t h = 0; h < infosets_.size(); ++h)
    if (first_seen[h] != kNoIndex) order.push_back(h);
  std::vector<std::uint32_t> slot(infosets_.size());
  for (std::uint32_t h = 0; h < infosets_.size(); ++h) slot[h] = player_slot(h);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::pair(slot[a], first_seen[a]) < std::pair(slot[b], first_seen[b]);
  });
  o.new_infoset.assign(infosets_.size(), kNoIndex);
  for (std::uint32_t i = 0; i < order.size(); ++i) o.new_infoset[order[i]] = i;

  return o;
}

void GameBuilder::fill_infosets(Game& g, const InfoSetOrder& sets) const {
  const auto n_players = static_cast<std::uint32_t>(players_.size());
  const std::vector<std::uint32_t>& order = sets.order;
  g.player_infoset_begin_.assign(n_players + 2, 0);
  std::vector<std::uint32_t> number_in_player(n_players + 1, 0);
  g.action_label_.reserve(action_labels_.size(), 0);
  g.action_probability_text_.reserve(action_labels_.size(), 0);
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    const InfoSetDecl& d = infosets_[order[i]];
    g.infoset_player_.push_back(d.player);
    g.infoset_label_.push_back(text(d.label));
    g.infoset_num_actions_.push_back(d.num_actions);
    g.infoset_first_action_.push_back(ActionId{static_cast<std::uint32_t>(g.action_label_.size())});
    g.infoset_number_.push_back(++number_in_player[player_slot(order[i])]);
    g.player_infoset_begin_[player_slot(order[i]) + 1]++;
    g.player_infosets_.push_back(InfoSetId{i});
    const bool chance = d.player == kChancePlayer;
    for (std::uint32_t k = d.first_action; k < d.first_action + d.num_actions; ++k) {
      g.action_infoset_.push_back(InfoSetId{i});
      g.action_label_.push_back(text(action_labels_[k]));
      g.action_probability_.push_back(chance ? action_probabilities_[k] : 0.0);
      g.action_probability_text_.push_back(chance ? text(probability_texts_[k]) : std::string_view());
    }
    if (!chance) g.num_player_actions_ = static_cast<std::uint32_t>(g.action_label_.size());
  }
  std::partial_sum(g.player_infoset_begin_.begin(), g.player_infoset_begin_.end(), g.player_infoset_begin_.begin());
}

// Nodes, breadth-first, and the members of each information set in pre-order.
void GameBuilder::fill_nodes(Game& g, const Layout& l, const InfoSetOrder& sets) const {
  const auto n_nodes = static_cast<std::uint32_t>(nodes_.size());
  const std::vector<std::uint32_t>& new_id = l.new_id;
  const std::vector<std::uint32_t>& new_infoset = sets.new_infoset;
  g.node_infoset_.resize(n_nodes);
  g.node_first_child_.resize(n_nodes);
  g.node_parent_.resize(n_nodes);
  g.node_outcome_.resize(n_nodes);
  g.preorder_.resize(n_nodes);
  for (std::uint32_t pre = 0; pre < n_nodes; ++pre) {
    const std::uint32_t id = new_id[pre];
    const NodeDecl& d = nodes_[pre];
    g.preorder_[pre] = NodeId{id};
    g.node_infoset_[id] = d.infoset == kNoInfoSet ? kNoInfoSet : InfoSetId{new_infoset[index(d.infoset)]};
    g.node_first_child_[id] =
        l.child_begin[pre] < l.child_begin[pre + 1] ? new_id[l.children[l.child_begin[pre]]] : kNoIndex;
    g.node_parent_[id] = NodeId{parent_[pre] == kNoIndex ? kNoIndex : new_id[parent_[pre]]};
    g.node_outcome_[id] = d.outcome;
  }
  // Labels in breadth-first order: the pre-order node at each id.
  std::vector<std::uint32_t> at_id(n_nodes);
  for (std::uint32_t pre = 0; pre < n_nodes; ++pre) at_id[new_id[pre]] = pre;
  g.node_label_.reserve(n_nodes, 0);
  for (std::uint32_t id = 0; id < n_nodes; ++id) g.node_label_.push_back(text(nodes_[at_id[id]].label));
  g.infoset_member_begin_.assign(sets.order.size() + 1, 0);
  for (const NodeDecl& d : nodes_)
    if (d.infoset != kNoInfoSet) g.infoset_member_begin_[new_infoset[index(d.infoset)] + 1]++;
  std::partial_sum(g.infoset_member_begin_.begin(), g.infoset_member_begin_.end(), g.infoset_member_begin_.begin());
  g.infoset_members_.resize(g.infoset_member_begin_.back());
  {
    std::vector<std::uint32_t> cursor(g.infoset_member_begin_.begin(), g.infoset_member_begin_.end() - 1);
    for (std::uint32_t pre = 0; pre < n_nodes; ++pre) {
      if (nodes_[pre].infoset != kNoInfoSet)
        g.infoset_members_[cursor[new_infoset[index(nodes_[pre].infoset)]]++] = NodeId{new_id[pre]};
    }
  }
}

// Chance probabilities, reported where each chance move was declared.
void GameBuilder::check_chance(const Game& g, const InfoSetOrder& sets) const {
  const std::vector<std::uint32_t>& order = sets.order;
  for (std::uint32_t i = 0; i < order.size(); ++i) {
    if (g.infoset_player_[i] != kChancePlayer) continue;
    if (std::string problem = g.probability_problem(InfoSetId{i}); !problem.empty()) {
      throw InputError(location(infosets_[order[i]].where),
                       fmt::format("chance move \"{}\": {}", g.infoset_label_[i], problem));
    }
  }
}

// Perfect recall: all nodes of an information set follow the same last own
// move (information set and action) of its player. By induction over the
// path this makes their whole own histories equal, and it also rejects a
// path that meets one information set twice. seq is pre-order x players.
void GameBuilder::check_perfect_recall(const Game& g, const Layout& l) const {
  // One node per player information set: no two nodes to compare, and a path
  // meets a node once.
  if (g.perfect_information_) return;
  const auto n_nodes = static_cast<std::uint32_t>(nodes_.size());
  const auto n_players = static_cast<std::uint32_t>(players_.size());
  const std::vector<std::uint32_t>& new_id = l.new_id;
  std::vector<std::uint32_t> seq(static_cast<std::size_t>(n_nodes) * n_players, kNoIndex);
  std::vector<std::uint32_t> reference(g.num_infosets(), kNoIndex);  // first member's pre-order index
  for (std::uint32_t pre = 0; pre < n_nodes; ++pre) {
    std::uint32_t* row = &seq[static_cast<std::size_t>(pre) * n_players];
    if (parent_[pre] != kNoIndex) {
      const std::uint32_t q = parent_[pre];
      std::copy_n(&seq[static_cast<std::size_t>(q) * n_players], n_players, row);
      const InfoSetId hq = g.node_infoset_[new_id[q]];
      const PlayerId pq = g.infoset_player_[index(hq)];
      if (pq != kChancePlayer) row[index(pq)] = index(g.action(hq, new_id[pre] - g.node_first_child_[new_id[q]]));
    }
    const InfoSetId h = g.node_infoset_[new_id[pre]];
    if (h == kNoInfoSet || g.infoset_player_[index(h)] == kChancePlayer) continue;
    const std::uint32_t p = index(g.infoset_player_[index(h)]);
    std::uint32_t& ref = reference[index(h)];
    if (ref == kNoIndex) {
      ref = pre;
    } else if (seq[static_cast<std::size_t>(ref) * n_players + p] != row[p]) {
      throw InputError(location(nodes_[pre].where),
                       fmt::format("information set {} (\"{}\") of player \"{}\" breaks perfect recall: this node and "
                                   "the one at {} follow different earlier moves of that player",
                                   g.infoset_number_[index(h)], g.infoset_label_[index(h)], players_[p],
                                   format_location(location(nodes_[ref].where))));
    }
  }
}

}  // namespace backstop
