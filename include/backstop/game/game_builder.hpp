#pragma once
// Builds a Game from nodes given in pre-order (a node, then the subtree under
// each of its actions in action order), which is how Gambit files list them
// and how a scenario's stages expand. build() validates the whole game and
// lays it out flat; every problem is an InputError at the place it was given.

#include <cstdint>
#include <string>
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

  // True once the root and every subtree below it have been given.
  bool complete() const noexcept { return !nodes_.empty() && open_.empty(); }
  std::uint32_t num_players() const noexcept { return static_cast<std::uint32_t>(players_.size()); }
  std::uint32_t num_infoset_actions(InfoSetId h) const {
    return static_cast<std::uint32_t>(infosets_[index(h)].actions.size());
  }

  Game build() const;

 private:
  struct InfoSetDecl {
    PlayerId player;
    std::string label;
    std::vector<std::string> actions;
    std::vector<double> probabilities;
    std::vector<std::string> texts;
    SourceLocation where;
  };
  struct NodeDecl {
    InfoSetId infoset;  // builder id, or kNoInfoSet
    OutcomeId outcome;
    std::string label;
    SourceLocation where;
  };
  struct Open {  // a node still waiting for children
    std::uint32_t node;
    std::uint32_t remaining;
  };
  void add_node(InfoSetId infoset, std::string label, OutcomeId outcome, SourceLocation where);

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
  std::vector<InfoSetDecl> infosets_;
  std::vector<NodeDecl> nodes_;        // pre-order
  std::vector<std::uint32_t> parent_;  // pre-order parent, kNoIndex for the root
  std::vector<Open> open_;
  std::vector<std::string> outcome_labels_;
  std::vector<double> payoffs_;  // outcomes x players
  std::vector<std::string> payoff_texts_;
};

}  // namespace backstop
