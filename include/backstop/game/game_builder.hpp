#pragma once
// Builds a Game from nodes given in pre-order (a node, then the subtree under
// each of its actions in action order), which is how Gambit files list them
// and how a scenario's stages expand. build() validates the whole game and
// lays it out flat; every problem is an InputError at the place it was given.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backstop/error.hpp"
#include "backstop/game/game.hpp"

namespace backstop {

// The most values of one node-by-player table a game may need (2^26 doubles,
// 512 MiB): build() refuses a larger game before any such table exists.
inline constexpr std::uint64_t kMaxNodePlayerValues = std::uint64_t{1} << 26;

class GameBuilder {
 public:
  GameBuilder(std::string title, std::vector<std::string> players, std::string comment = {});

  // Information sets are declared once and referenced by any number of nodes.
  // The returned ids are the builder's; the built Game renumbers them.
  InfoSetId add_infoset(PlayerId player, std::string label, std::vector<std::string> actions,
                        SourceLocation where = {});
  // Probabilities as numbers with the text they were written as ("1/3");
  // an empty text means "write the shortest decimal".
  InfoSetId add_chance_infoset(std::string label, std::vector<std::string> actions, std::vector<double> probabilities,
                               std::vector<std::string> texts = {}, SourceLocation where = {});
  OutcomeId add_outcome(std::string label, std::vector<double> payoffs, std::vector<std::string> texts = {},
                        SourceLocation where = {});

  // A decision or chance node (its kind is its information set's player).
  void add_move(InfoSetId infoset, std::string label = {}, OutcomeId outcome = kNoOutcome, SourceLocation where = {});
  void add_terminal(std::string label = {}, OutcomeId outcome = kNoOutcome, SourceLocation where = {});

  // The same for readers of large files, allocating nothing per call once
  // the arrays have grown: text as views (copied into one pool), places as
  // line and column in the file set_file names.
  struct Position {
    int line = 0, column = 0;
  };
  void set_file(const std::string& file);
  // Room for about this many nodes (and as many information sets and outcomes), so the arrays grow once.
  void reserve(std::size_t nodes);
  InfoSetId add_infoset_at(PlayerId player, std::string_view label, std::span<const std::string_view> actions,
                           Position at);
  InfoSetId add_chance_infoset_at(std::string_view label, std::span<const std::string_view> actions,
                                  std::span<const double> probabilities, std::span<const std::string_view> texts,
                                  Position at);
  OutcomeId add_outcome_at(std::string_view label, std::span<const double> payoffs,
                           std::span<const std::string_view> texts, Position at);
  void add_node_at(InfoSetId infoset, std::string_view label, OutcomeId outcome, Position at);  // kNoInfoSet: terminal

  // True once the root and every subtree below it have been given.
  bool complete() const noexcept { return !nodes_.empty() && open_.empty(); }
  std::uint32_t num_players() const noexcept { return static_cast<std::uint32_t>(players_.size()); }
  std::uint32_t num_infoset_actions(InfoSetId h) const { return infosets_[index(h)].num_actions; }
  // What was declared, for a reader checking a repeated description against the first.
  std::string_view infoset_action(InfoSetId h, std::uint32_t k) const {
    return text(action_labels_[infosets_[index(h)].first_action + k]);
  }
  std::string_view infoset_probability_text(InfoSetId h, std::uint32_t k) const {
    return text(probability_texts_[infosets_[index(h)].first_action + k]);
  }
  std::string_view payoff_text(OutcomeId o, PlayerId p) const {
    return text(payoff_texts_[index(o) * players_.size() + index(p)]);
  }

  Game build() const;

 private:
  // Text kept in one pool: where it starts and how long it is.
  struct Text {
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
  };
  struct Where {
    std::uint32_t file = 0;  // into files_
    int line = 0, column = 0;
  };
  struct InfoSetDecl {
    PlayerId player;
    Text label;
    std::uint32_t first_action = 0, num_actions = 0;  // into the per-action arrays
    Where where;
  };
  struct NodeDecl {
    InfoSetId infoset;  // builder id, or kNoInfoSet
    OutcomeId outcome;
    Text label;
    Where where;
  };
  struct Open {  // a node still waiting for children
    std::uint32_t node;
    std::uint32_t remaining;
  };
  Text keep(std::string_view s);
  std::string_view text(Text t) const { return std::string_view(pool_).substr(t.offset, t.size); }
  Where place(const SourceLocation& where);
  Where here(Position at) const { return {current_file_, at.line, at.column}; }
  SourceLocation location(Where w) const { return {files_[w.file], w.line, w.column}; }
  InfoSetId declare(PlayerId player, std::string_view label, std::span<const std::string_view> actions,
                    std::span<const double> probabilities, std::span<const std::string_view> texts, Where where);
  OutcomeId outcome(std::string_view label, std::span<const double> payoffs, std::span<const std::string_view> texts,
                    Where where);
  void node(InfoSetId infoset, std::string_view label, OutcomeId outcome, Where where);

  // build()'s steps.
  struct Layout {
    std::vector<std::uint32_t> child_begin, children;  // per pre-order node, its children's range
    std::vector<std::uint32_t> new_id;                 // per pre-order node, its breadth-first id
  };
  struct InfoSetOrder {
    std::vector<std::uint32_t> order;        // the builder's sets in the game's order (used ones only)
    std::vector<std::uint32_t> new_infoset;  // per builder set, its id in the game (or kNoIndex)
  };
  std::uint32_t player_slot(std::uint32_t builder_set) const;
  void check_complete() const;
  Layout lay_out() const;
  InfoSetOrder order_infosets() const;
  void fill_infosets(Game& g, const InfoSetOrder& sets) const;
  void fill_nodes(Game& g, const Layout& layout, const InfoSetOrder& sets) const;
  void check_chance(const Game& g, const InfoSetOrder& sets) const;
  void check_perfect_recall(const Game& g, const Layout& layout) const;

  std::string title_, comment_;
  std::vector<std::string> players_;
  std::string pool_;
  std::vector<std::string> files_{std::string()};
  std::uint32_t current_file_ = 0;
  std::vector<InfoSetDecl> infosets_;
  std::vector<Text> action_labels_, probability_texts_;  // per declared action
  std::vector<double> action_probabilities_;
  std::vector<NodeDecl> nodes_;        // pre-order
  std::vector<std::uint32_t> parent_;  // pre-order parent, kNoIndex for the root
  std::vector<Open> open_;
  std::vector<Text> outcome_labels_;
  std::vector<double> payoffs_;     // outcomes x players
  std::vector<Text> payoff_texts_;  // outcomes x players
};

}  // namespace backstop
