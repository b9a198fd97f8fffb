#pragma once
// A finite extensive-form game with perfect recall, stored flat.
//
// Nodes live in breadth-first order: the root is node 0, the children of a
// node are a contiguous range, and every child has a larger id than its
// parent, so one reverse sweep over the ids visits children before parents.
// Information sets are ordered player by player (chance last), each player's
// in the order a depth-first walk first meets them, which is the order
// Gambit prints them; actions are numbered globally in the same order, so the
// non-chance actions 0..num_player_actions()-1 are a behaviour profile's
// layout. Payoffs and chance probabilities can be rewritten in place; the
// structure never changes after GameBuilder::build().

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <Eigen/Core>

#include "backstop/ids.hpp"

namespace backstop {

enum class NodeKind : std::uint8_t { kDecision, kChance, kTerminal };

// outcomes x players, one outcome's payoffs contiguous.
// How far from one a chance move's probabilities may sum when they are not
// exact fractions that sum to one: rounding of doubles, nothing more.
inline constexpr double kProbabilityTolerance = 1e-12;

using PayoffMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Many short texts in one buffer (the labels of a large tree): an end offset
// each, so a million labels cost a few allocations, not a million.
class TextTable {
 public:
  void reserve(std::size_t texts, std::size_t bytes) {
    end_.reserve(texts);
    bytes_.reserve(bytes);
  }
  void push_back(std::string_view s) {
    bytes_.append(s);
    end_.push_back(bytes_.size());
  }
  std::string_view operator[](std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : end_[i - 1];
    return std::string_view(bytes_).substr(begin, end_[i] - begin);
  }
  std::size_t size() const noexcept { return end_.size(); }
  bool empty() const noexcept { return end_.empty(); }

 private:
  std::string bytes_;
  std::vector<std::size_t> end_;
};

class Game {
 public:
  // -- the game as a whole
  const std::string& title() const noexcept { return title_; }
  const std::string& comment() const noexcept { return comment_; }
  std::uint32_t num_players() const noexcept { return static_cast<std::uint32_t>(players_.size()); }
  const std::string& player_label(PlayerId p) const { return players_[index(p)]; }
  std::uint32_t num_nodes() const noexcept { return static_cast<std::uint32_t>(node_infoset_.size()); }
  std::uint32_t num_infosets() const noexcept { return static_cast<std::uint32_t>(infoset_player_.size()); }
  std::uint32_t num_actions() const noexcept { return static_cast<std::uint32_t>(action_infoset_.size()); }
  // Actions of the players (not chance): the length of a behaviour profile.
  std::uint32_t num_player_actions() const noexcept { return num_player_actions_; }
  std::uint32_t num_outcomes() const noexcept { return static_cast<std::uint32_t>(outcome_label_.size()); }
  static constexpr NodeId root() noexcept { return NodeId{0}; }

  // -- nodes
  NodeKind kind(NodeId n) const {
    InfoSetId h = node_infoset_[index(n)];
    if (h == kNoInfoSet) return NodeKind::kTerminal;
    return infoset_player_[index(h)] == kChancePlayer ? NodeKind::kChance : NodeKind::kDecision;
  }
  InfoSetId infoset(NodeId n) const { return node_infoset_[index(n)]; }
  // The player to move; kChancePlayer at chance nodes. Not for terminal nodes.
  PlayerId player(NodeId n) const { return infoset_player_[index(node_infoset_[index(n)])]; }
  std::uint32_t num_children(NodeId n) const {
    InfoSetId h = node_infoset_[index(n)];
    return h == kNoInfoSet ? 0 : infoset_num_actions_[index(h)];
  }
  NodeId child(NodeId n, std::uint32_t k) const { return NodeId{node_first_child_[index(n)] + k}; }
  NodeId parent(NodeId n) const { return node_parent_[index(n)]; }  // NodeId{kNoIndex} for the root
  // The action taken at the parent to reach n (kNoIndex for the root).
  ActionId action_into(NodeId n) const;
  OutcomeId outcome(NodeId n) const { return node_outcome_[index(n)]; }
  std::string_view node_label(NodeId n) const { return node_label_[index(n)]; }
  // Nodes in the depth-first (file) order Gambit writes them.
  std::span<const NodeId> preorder() const noexcept { return preorder_; }

  // -- information sets
  PlayerId infoset_player(InfoSetId h) const { return infoset_player_[index(h)]; }
  std::string_view infoset_label(InfoSetId h) const { return infoset_label_[index(h)]; }
  std::uint32_t infoset_num_actions(InfoSetId h) const { return infoset_num_actions_[index(h)]; }
  ActionId first_action(InfoSetId h) const { return infoset_first_action_[index(h)]; }
  ActionId action(InfoSetId h, std::uint32_t k) const { return ActionId{index(first_action(h)) + k}; }
  std::span<const NodeId> members(InfoSetId h) const;
  // 1-based number within its player, as in Gambit's files and output.
  std::uint32_t infoset_number(InfoSetId h) const { return infoset_number_[index(h)]; }
  // A player's information sets in Gambit's order; kChancePlayer gives Nature's.
  std::span<const InfoSetId> infosets_of(PlayerId p) const;

  // -- actions
  InfoSetId action_infoset(ActionId a) const { return action_infoset_[index(a)]; }
  std::string_view action_label(ActionId a) const { return action_label_[index(a)]; }
  // Chance actions only.
  double probability(ActionId a) const { return action_probability_[index(a)]; }
  // The probability as the file wrote it, or its shortest decimal once rewritten.
  std::string probability_text(ActionId a) const;
  // In place. The caller keeps each chance information set summing to one;
  // check_probabilities() says where it does not.
  void set_probability(ActionId a, double p) { action_probability_[index(a)] = p; }
  // With the text to write it as (its value must be p), e.g. "0.2".
  void set_probability(ActionId a, double p, std::string text) {
    action_probability_[index(a)] = p;
    rewritten_probability_text_[index(a)] = std::move(text);
  }
  void check_probabilities() const;  // throws InputError
  // Empty if the chance information set h has probabilities in [0,1] summing
  // to one (exactly as written, or within kProbabilityTolerance); else the problem.
  std::string probability_problem(InfoSetId h) const;

  // -- outcomes
  std::string_view outcome_label(OutcomeId o) const { return outcome_label_[index(o)]; }
  double payoff(OutcomeId o, PlayerId p) const { return payoffs_(index(o), index(p)); }
  std::string payoff_text(OutcomeId o, PlayerId p) const;
  void set_payoff(OutcomeId o, PlayerId p, double v) { payoffs_(index(o), index(p)) = v; }
  // The whole outcomes x players matrix, for re-weighting many at once.
  PayoffMatrix& payoffs() noexcept { return payoffs_; }
  const PayoffMatrix& payoffs() const noexcept { return payoffs_; }

  // -- facts that decide which solvers apply
  // Every player's information set has a single node (chance may be anywhere).
  bool is_perfect_information() const noexcept { return perfect_information_; }
  // The first information set with more than one node, if any.
  InfoSetId first_imperfect_infoset() const noexcept;

  // -- raw arrays for solvers' inner loops (indexed by id)
  std::span<const InfoSetId> node_infosets() const noexcept { return node_infoset_; }
  std::span<const std::uint32_t> node_first_children() const noexcept { return node_first_child_; }
  std::span<const OutcomeId> node_outcomes() const noexcept { return node_outcome_; }
  std::span<const PlayerId> infoset_players() const noexcept { return infoset_player_; }
  std::span<const std::uint32_t> infoset_action_counts() const noexcept { return infoset_num_actions_; }
  std::span<const ActionId> infoset_first_actions() const noexcept { return infoset_first_action_; }
  std::span<const double> probabilities() const noexcept { return action_probability_; }

 private:
  friend class GameBuilder;
  Game() = default;

  std::string title_, comment_;
  std::vector<std::string> players_;

  std::vector<InfoSetId> node_infoset_;
  std::vector<std::uint32_t> node_first_child_;
  std::vector<NodeId> node_parent_;
  std::vector<OutcomeId> node_outcome_;
  TextTable node_label_;
  std::vector<NodeId> preorder_;

  std::vector<PlayerId> infoset_player_;
  TextTable infoset_label_;
  std::vector<std::uint32_t> infoset_num_actions_;
  std::vector<ActionId> infoset_first_action_;
  std::vector<std::uint32_t> infoset_number_;
  std::vector<std::uint32_t> infoset_member_begin_;  // CSR into infoset_members_
  std::vector<NodeId> infoset_members_;
  std::vector<std::uint32_t> player_infoset_begin_;  // CSR over the infoset order; chance last
  std::vector<InfoSetId> player_infosets_;

  std::vector<InfoSetId> action_infoset_;
  TextTable action_label_;
  std::vector<double> action_probability_;
  TextTable action_probability_text_;                                          // as read (empty for player actions)
  std::unordered_map<std::uint32_t, std::string> rewritten_probability_text_;  // by action, once set again
  std::string_view probability_text_as_given(ActionId a) const {
    const auto it = rewritten_probability_text_.find(index(a));
    return it != rewritten_probability_text_.end() ? std::string_view(it->second) : action_probability_text_[index(a)];
  }
  std::uint32_t num_player_actions_ = 0;

  TextTable outcome_label_;
  PayoffMatrix payoffs_;
  TextTable payoff_text_;  // outcomes x players, as written

  bool perfect_information_ = true;
};

}  // namespace backstop
