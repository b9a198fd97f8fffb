#pragma once
// Stage expansion: the scenario's stage list walked into a game tree. Each
// path through the stages is followed depth first (pre-order, as GameBuilder
// takes nodes); a stage whose `when` is false on the path is skipped; a path
// past the last stage ends in the first outcome whose `when` holds. A
// decision stage's information set is what its mover knows: the stages it
// observes, its own earlier stages, and what it knew at them (perfect recall).

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backstop/error.hpp"
#include "backstop/expr/expression.hpp"
#include "backstop/game/game_builder.hpp"
#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"

namespace backstop::detail {

// The compiled expressions expansion reads (indices into the model's list;
// kNoIndex where there is none or it did not compile).
struct StageExpressions {
  std::vector<std::size_t> when;                 // per stage
  std::vector<std::vector<std::size_t>> chance;  // per stage: a chance stage's probability per action
  std::vector<std::size_t> outcome_when;         // per outcome
  std::vector<std::vector<std::size_t>> payoff;  // per outcome: one per actor
  std::vector<std::vector<std::size_t>> moves;   // per stage: the slot of `stage.action` per action
};

// What expansion hands the model, numbered in the builder's pre-order.
struct Expansion {
  std::vector<std::vector<std::size_t>> paths;  // the move slots set to 1 along each path
  std::vector<LeafPayoff> leaves;
  struct ChanceNode {
    std::size_t preorder;
    std::vector<std::size_t> expressions;  // one per action
    std::uint32_t path;
  };
  std::vector<ChanceNode> chance_nodes;
  std::vector<std::size_t> preorder_outcome;  // per node: the scenario outcome it ends in, or kNoIndex
  std::vector<std::size_t> preorder_infoset;  // per node: its builder information set, or kNoIndex
  std::vector<std::size_t> infoset_stage;     // per builder information set
  std::vector<std::string> infoset_context;   // per builder information set: what its mover knows, in words
};

// The earlier stages each stage's mover sees (sorted), by the rule above.
std::vector<std::vector<std::size_t>> visible_stages(const Scenario& s);

class StageExpander {
 public:
  // A scenario's tree: about 300 MB while it is built.
  static constexpr std::size_t kMaxNodes = 500'000;

  // `env` is the model's: expansion sets the move slots to follow a path.
  StageExpander(const Scenario& s, const StageExpressions& x, Environment& env, const std::vector<Expression>& exprs,
                std::vector<Diagnostic>& problems);

  // Walks every path and builds the game; nothing when a problem was found
  // (a path no outcome ends, an outcome no path reaches, too many nodes, a
  // game that breaks a rule of GameBuilder), each added to `problems`.
  std::optional<Game> expand();
  Expansion& expansion() { return out_; }

 private:
  void visit(std::size_t stage);
  void add_leaf();
  void add_chance(std::size_t stage);
  void add_decision(std::size_t stage);
  double evaluate_on_path(std::size_t expression);
  std::uint32_t record_path();
  template <class Shown>
  std::string describe(Shown shown) const;

  const Scenario& s_;
  const StageExpressions& x_;
  Environment& env_;
  const std::vector<Expression>& exprs_;
  std::vector<Diagnostic>& problems_;
  const std::vector<std::vector<std::size_t>> visible_;
  std::vector<std::string> players_;
  GameBuilder builder_;
  Expansion out_;

  std::vector<int> taken_;  // the action taken at each stage on the current path, -1 if none
  // A decision stage's builder information sets, by what its mover knows
  // (the move at each visible stage, -1 where it was skipped).
  struct SetRef {
    InfoSetId id;
    std::size_t builder;  // index into out_.infoset_*
  };
  std::vector<std::map<std::vector<int>, SetRef>> infosets_;
  std::vector<std::size_t> chance_sets_of_stage_;
  std::vector<char> outcome_used_;
  struct OpenMove {  // a move whose actions the walk has still to follow
    std::size_t stage, next_action;
  };
  std::vector<OpenMove> open_;
  std::size_t nodes_ = 0, uncovered_ = 0, first_uncovered_ = 0;
  bool too_big_ = false;
};

}  // namespace backstop::detail
