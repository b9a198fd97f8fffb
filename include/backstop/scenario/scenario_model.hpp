#pragma once
// A scenario compiled into a game. The stage list expands once into the tree
// (the structure); parameters live in an Environment, every expression is
// compiled once, and reweight() writes chance probabilities and payoffs into
// the same Game in place, so an option, an override or a Monte Carlo draw costs
// expression evaluations, never a rebuild.
//
// Names an expression can read:
//   parameters          US.resolve, cost_of_war (scenario-wide)
//   moves on the path   russia.attack = 1 if the stage `russia` took `attack`
//                       (in `when`, chance probabilities and payoffs)
//   the network         draw_in.Force.US = probability that an attack on Force
//                       draws US in, along the commitment network's paths

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backstop/expr/expression.hpp"
#include "backstop/game/game.hpp"
#include "backstop/scenario/network.hpp"
#include "backstop/scenario/scenario.hpp"

namespace backstop {

namespace detail {
// A terminal node's payoff expressions (one per actor, indices into the
// model's list) and the path of moves that leads there.
struct LeafPayoff {
  OutcomeId outcome;
  std::uint32_t path;
  std::vector<std::size_t> expressions;
};
struct StageExpressions;
struct Expansion;
}  // namespace detail
struct Inlining;
class ExpressionCompiler;

class ScenarioModel {
 public:
  // Throws ScenarioError if the scenario does not compile (load_scenario has
  // already checked that it does). The model reads `scenario`, which must
  // outlive it: a temporary is refused.
  explicit ScenarioModel(const Scenario& scenario);
  ScenarioModel(Scenario&&) = delete;
  // The same, adding every problem to `problems` instead of throwing: the
  // model, or nothing if there was a problem (validation). Probabilities and
  // payoffs are not yet written: check_weights() or reweight() does that.
  static std::optional<ScenarioModel> compile(const Scenario& scenario, std::vector<Diagnostic>& problems);
  static std::optional<ScenarioModel> compile(Scenario&&, std::vector<Diagnostic>&) = delete;
  // Only compiles the expressions, adding their problems to `problems`: for a
  // scenario whose names do not all resolve, so that validation still
  // reports every independent problem at once. Without `unknown_names`
  // (a declaration was broken), names that do not resolve are not reported.
  static void check_expressions(const Scenario& scenario, std::vector<Diagnostic>& problems, bool unknown_names);
  ~ScenarioModel();
  ScenarioModel(ScenarioModel&&) noexcept;

  const Scenario& scenario() const noexcept { return *scenario_; }
  const Game& game() const noexcept { return *game_; }

  // Parameters back to their nominal values, then the option's (none: "").
  void select_option(const std::string& option_id);
  // One parameter by name; throws InputError for an unknown name.
  void set_parameter(const std::string& name, double value);
  double parameter(const std::string& name) const;
  // select_option, then each override in order (later wins), then reweight.
  // An override named "OPTION.PARAMETER" (OPTION a declared option, and the
  // whole name not a parameter itself) counts only under that option.
  void apply(const std::string& option_id, const std::vector<std::pair<std::string, double>>& overrides);
  // The same settings resolved once to slots, for the Monte Carlo path:
  // the option's, then the overrides that apply to it; InputError for an
  // unknown option or parameter.
  struct Setting {
    std::size_t slot;
    double value;
  };
  std::vector<Setting> settings(const std::string& option_id,
                                const std::vector<std::pair<std::string, double>>& overrides) const;
  // Every parameter from `values` (the scenario's order; empty: nominal), then the settings.
  void assign(std::span<const double> values, std::span<const Setting> settings);
  // Writes probabilities and payoffs for the current parameter values; throws
  // InputError if a chance move's probabilities leave [0,1] or do not sum to 1.
  void reweight();
  // The same, collecting every problem (each place once) instead of
  // throwing the first: for validation.
  void check_weights(std::vector<Diagnostic>& problems);
  // reweight() for a Monte Carlo draw: the same numbers, without the exact
  // decimal text of each chance probability that exports write.
  void reweight_draw();

  // The scenario outcome at the end of each terminal node (by NodeId), and the
  // stage whose move each information set is (by InfoSetId).
  std::size_t outcome_of(NodeId leaf) const { return leaf_outcome_[index(leaf)]; }
  // The outcomes (indices) each metric sums, in the scenario's order.
  const std::vector<std::vector<std::size_t>>& metric_outcomes() const { return metric_outcomes_; }
  std::size_t stage_of(InfoSetId h) const { return infoset_stage_[index(h)]; }
  // The earlier moves the mover knows at an information set, in words
  // ("uk = deploy"); empty at the first move.
  const std::string& infoset_context(InfoSetId h) const { return infoset_context_[index(h)]; }
  std::size_t actor_index(PlayerId p) const { return index(p); }
  // Draw-in probabilities at the current parameters: (attacked, drawn in, p).
  struct DrawIn {
    std::string attacked, drawn_in;
    double probability;
    // From the equilibrium (a tie's `answered` where its `attacked` holds),
    // with the probability that the party is attacked at all; else from the
    // ties' credibility along the network's paths.
    bool equilibrium = false;
    double attack_probability = 0.0;
  };
  std::vector<DrawIn> draw_ins() const;
  // The same with the equilibrium's reach (per node of the game): ties with
  // `attacked` and `answered` read from it, the others as draw_ins() says.
  std::vector<DrawIn> draw_ins(std::span<const double> reach);
  const CommitmentNetwork& network() const { return *network_; }
  // The current credibility of each tie, in the scenario's order.
  std::vector<double> credibilities() const;

  // Dynamics (`dynamics:`). The parameters' current values, in the scenario's order.
  void read_parameters(std::span<double> out) const;
  // With the parameters at `values` (assign()), each state variable's next
  // value after the period whose path ends at `leaf`, written into `values`
  // (all computed before any is written).
  void next_state(NodeId leaf, std::span<double> values);
  // The action each stage took on the path to `leaf` (kNoAction where the stage did not happen).
  static constexpr std::uint32_t kNoAction = 0xffffffffu;
  std::span<const std::uint32_t> path_actions(NodeId leaf) const;

  // Model contracts (`checks:`). A case is one check with one combination
  // of the actions it is given.
  struct CheckCase {
    std::size_t check;
    std::vector<std::size_t> moves;  // the move slots set to 1
    std::string given;               // in words: "us_type = resolute, uk = deploy"
  };
  const std::vector<CheckCase>& check_cases() const { return check_cases_; }
  // Whether the case holds at the current parameters (after assign() and
  // reweight_draw(), which computes the network's draw-ins).
  bool holds(const CheckCase& c);
  // The names the check's expression reads (moves aside), with their values
  // in the case: parameters, derived names, payoffs.
  std::vector<std::pair<std::string, double>> check_terms(const CheckCase& c);

 private:
  struct ChanceWeight {
    ActionId action;
    std::size_t expression;
    std::uint32_t path;  // index into paths_
  };
  // The compiler's steps, in order (build() runs them): names, expressions
  // and the network's routes each add their problems; the expansion and the
  // indexing run only when there were none.
  ScenarioModel(const Scenario& scenario, std::nullptr_t);
  std::vector<std::string> define_names();
  detail::StageExpressions compile_expressions(const std::vector<std::string>& parties,
                                               std::vector<Diagnostic>& problems, bool unknown_names);
  void compile_checks(ExpressionCompiler& x);
  void route_draw_ins(std::vector<Diagnostic>& problems);
  void index_game(detail::Expansion&& expansion);
  bool build(std::vector<Diagnostic>& problems);
  enum class Weighing { kFull, kDraw };
  void reweight(std::vector<Diagnostic>* problems, Weighing mode);
  template <class Problem>
  std::uint32_t weigh_chance(std::size_t c, bool texts, Problem& problem);
  template <class Problem>
  void weigh_payoffs(std::size_t payoff_class, Problem& problem);
  std::size_t parameter_slot(const std::string& name) const;  // InputError naming the parameters
  void set_path(std::uint32_t path);
  void set_moves(std::span<const std::size_t> taken);  // these move slots 1, every other 0
  // A terminal node's index in leaves_.
  std::size_t leaf_index(NodeId leaf) const { return leaf_of_outcome_[index(game_->outcome(leaf))]; }
  void update_network();

  const Scenario* scenario_;
  Environment env_;
  std::size_t first_move_ = 0;   // the first slot of a move (stage.action); parameters and draw-ins before
  std::vector<double> nominal_;  // parameter values before options
  std::vector<Expression> expressions_;
  std::vector<SourceLocation> expression_where_;  // where each was written
  std::vector<std::vector<std::size_t>> paths_;   // slots of the moves set to 1 along each path
  std::vector<std::size_t> move_slots_;
  std::vector<ChanceWeight> chance_;
  std::vector<detail::LeafPayoff> leaves_;
  // Payoffs equal by construction: one actor's expression at leaves whose
  // paths agree on every move it reads (the types an actor's payoff does not
  // depend on, say). Each class is evaluated once and written to its members.
  struct PayoffClass {
    std::size_t expression, actor;
    std::uint32_t path;          // a member's path, to set the moves
    std::uint32_t first, count;  // its members in payoff_members_
  };
  std::vector<PayoffClass> payoff_classes_;
  std::vector<OutcomeId> payoff_members_;
  std::vector<std::size_t> leaf_outcome_, infoset_stage_;
  std::vector<std::size_t> leaf_of_outcome_;  // per game outcome: its index in leaves_
  std::vector<std::uint32_t> leaf_actions_;   // per leaf, per stage: the action taken (kNoAction: none)
  struct StateRule {
    std::size_t slot, expression;
  };
  std::vector<StateRule> state_rules_;
  std::vector<double> next_values_;
  std::vector<std::vector<std::size_t>> metric_outcomes_;
  std::vector<std::string> infoset_context_;
  std::unique_ptr<Inlining> named_;            // derived names and (with checks) payoffs
  std::vector<std::size_t> named_expression_;  // per named expression: its compiled expression
  std::vector<std::size_t> check_expression_;  // per check
  std::vector<CheckCase> check_cases_;
  std::unique_ptr<CommitmentNetwork> network_;
  std::vector<std::size_t> credibility_;                         // expression per tie
  std::vector<std::string> tie_names_;                           // `tie.BACKER.BACKED`, one per pair the ties join
  std::vector<std::pair<std::size_t, std::size_t>> tie_events_;  // per tie: attacked, answered (or kNoIndex)
  std::vector<std::size_t> draw_in_slots_;                       // attacked x drawn in, row-major over parties
  // The draw-in variables some expression reads, with their routes; only
  // these are evaluated per draw.
  struct DrawInUse {
    std::size_t slot;
    CommitmentNetwork::Route route;
  };
  std::vector<DrawInUse> draw_in_used_;
  std::vector<double> credibility_values_;
  // reweight_draw's memory: per weighing (chance nodes, then leaf x actor)
  // the slots before the moves it reads; each slot's value at the last draw.
  struct DrawCache {
    std::vector<std::vector<std::size_t>> reads;
    std::vector<double> seen;
    std::vector<std::uint8_t> changed;
    bool stale = true;  // weigh everything next time
  };
  DrawCache draw_;
  std::optional<Game> game_;
};

}  // namespace backstop
