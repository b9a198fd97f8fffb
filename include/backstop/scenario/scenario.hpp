#pragma once
// A scenario as the YAML file states it (schema backstop/1, documented in
// scenarios/README.md): sources, actors with their policy claims, parameters
// with distributions and their grounds, the options compared, the stages that
// expand into the game, named outcomes and metrics, payoffs, and the
// commitment network. Every element keeps where the file wrote it.
//
// load_scenario parses and validates; it throws ScenarioError listing every
// problem at once. compile (scenario_model.hpp) turns it into a game.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backstop/error.hpp"

namespace backstop {

// What a citation needs (title, author, outlet, date, url), and the name of the
// article's text file, against which quotes are checked when the texts are
// given (LoadOptions::sources_dir).
struct Source {
  std::string id, file, title, author, outlet, date, url;
  SourceLocation where;
};

// Where a number or a claim comes from: a quoted sentence of a source, or a
// stated reason (`why`) when it is a judgement.
struct Grounds {
  std::string source;  // a Source id
  std::string quote;
  std::string why;
};

struct PolicyClaim {
  std::string claim;
  Grounds grounds;
  SourceLocation where;
};

enum class DistributionKind { kFixed, kUniform, kTriangular, kNormal, kBeta, kDiscrete };

// A parameter's uncertainty. `nominal` is the value a single run uses: the
// `value` the file gives, else the distribution's mean.
struct Distribution {
  DistributionKind kind = DistributionKind::kFixed;
  double low = 0.0, high = 0.0;         // uniform, triangular, truncation of normal, scaling of beta
  double mode = 0.0;                    // triangular
  double mean = 0.0, sd = 0.0;          // normal, beta
  std::vector<double> values, weights;  // discrete
  double nominal = 0.0;
};
const char* distribution_name(DistributionKind kind);

struct Parameter {
  std::string name;  // `US.resolve` for an actor's, plain for a scenario-wide one
  std::string label;
  Distribution distribution;
  Grounds grounds;
  SourceLocation where;
};

struct Actor {
  std::string id, name;
  std::vector<PolicyClaim> policy;
  SourceLocation where;
};

// A policy lever compared with the others: values for some parameters.
struct BackstopOption {
  std::string id, label, description;
  std::vector<std::pair<std::string, double>> set;
  std::vector<SourceLocation> set_where;
  Grounds grounds;
  SourceLocation where;
};

struct StageAction {
  std::string id, label;
  std::string probability;  // chance stages: an expression
  SourceLocation where;
};

// One move of the game. A decision stage belongs to an actor; a chance stage
// to Nature. It happens on the paths where `when` holds (an expression over
// earlier moves, `stage.action`); the mover knows the moves of the stages it
// `observes` (all earlier ones if observes_all), and always its own.
struct Stage {
  std::string id, label;
  std::string actor;  // empty for chance
  std::vector<StageAction> actions;
  std::vector<std::string> observes;
  std::vector<SourceLocation> observes_where;
  bool observes_all = false;
  std::string when;
  SourceLocation where, when_where;  // expression places point at their first character
  bool is_chance() const { return actor.empty(); }
};

struct Outcome {
  std::string id, label;
  std::string when;  // an expression over the moves; the first outcome that holds names a path's end
  SourceLocation where, when_where;
};

// A named sum of outcome probabilities, e.g. p_ceasefire_holds.
struct Metric {
  std::string id, label;
  bool lower_better = false;  // `better: lower` (a war's probability): ranking puts low values first
  std::vector<std::string> outcomes;
  std::vector<SourceLocation> outcomes_where;
  SourceLocation where;
};

struct PayoffEntry {
  std::string actor, outcome, expression;
  SourceLocation where, expression_where;
};

// A named expression (`derived:`): read like a parameter by any expression
// after it, but computed from parameters, earlier derived names and the
// moves on the path, e.g. the force's strength from who deployed. It is
// inlined where it is read, so it costs nothing per draw.
struct Derived {
  std::string id, label, expression;
  Grounds grounds;
  SourceLocation where, expression_where;
};

// A model contract (`checks:`): an expression that must hold for every
// admissible draw under every option. It reads parameters, derived names,
// moves (those `given`; every other move 0) and payoffs as
// `payoff.ACTOR.OUTCOME`. A stage `given` a list of actions is checked for
// each of them (every combination, when several are).
struct Check {
  std::string claim, holds;
  std::vector<std::pair<std::string, std::vector<std::string>>> given;  // stage -> actions
  std::vector<SourceLocation> given_where;
  Grounds grounds;
  SourceLocation where, holds_where;
};

// One state variable of `dynamics:`: a parameter whose next period's value
// is an expression over the parameters now and the moves of the period
// just played (every state variable updated at once).
struct StateUpdate {
  std::string parameter, next;
  Grounds grounds;
  SourceLocation where, next_where;
};

// Time (`dynamics:`): each period the stage game is solved in the current
// state and one path is sampled; the state then moves by its expressions,
// and the belief by Bayes' rule on what the other actors saw.
struct Dynamics {
  bool declared = false;
  std::uint32_t periods = 0;
  // Chance stages drawn once for a whole history (types), the rest each period.
  std::vector<std::string> persistent;
  std::vector<SourceLocation> persistent_where;
  // Optional: the parameter that is the prior of `belief_stage` taking
  // `belief_action`, updated to the posterior given the moves everyone but
  // the type's owner saw.
  std::string belief_parameter, belief_stage, belief_action;
  Grounds belief_grounds;
  SourceLocation belief_where;
  std::string holds, war;  // metrics: the ceasefire held this period; NATO-Russia fighting
  SourceLocation holds_where, war_where;
  std::vector<std::string> ends;  // outcomes that end a history
  std::vector<SourceLocation> ends_where;
  std::vector<StateUpdate> state;
  SourceLocation where;
};

enum class TieKind { kTreaty, kBilateralPromise, kBackstop, kTripwire, kNone };
const char* tie_name(TieKind kind);

// `backer` comes to the aid of `backed` with probability `credibility` (an
// expression over parameters) when `backed` is attacked.
// Expressions read the tie's credibility as `tie.BACKER.BACKED`. With
// `attacked` and `answered` (expressions over moves: the backed party is
// attacked; the backer fights for it), who is drawn in is read from the
// equilibrium: the probability of `answered` where `attacked` holds.
struct CommitmentTie {
  std::string backer, backed;
  TieKind kind = TieKind::kNone;
  std::string credibility;
  std::string attacked, answered;
  Grounds grounds;
  SourceLocation where, credibility_where, attacked_where, answered_where;
};

// A signalling edition (a variant's `options_as_stage`): the options become
// a decision of one actor, taken after a stage it sees (its own type) and
// seen by every later stage; each action sets the parameters its option sets.
struct OptionStage {
  std::string id;                       // the new stage's id
  std::vector<BackstopOption> options;  // the options it chooses among (the scenario then has none)
};

struct Scenario {
  std::string file;
  std::string name, description;
  std::string flips;            // a variant: the one claim of its base it flips, in words
  std::string sources_dir;      // where the sources' texts were read from; empty: not given
  bool quotes_checked = false;  // every quote was found in its source's text
  std::vector<Source> sources;
  std::vector<Actor> actors;
  std::vector<std::string> parties;  // network members that are not actors (e.g. the force)
  std::vector<Parameter> parameters;
  std::vector<BackstopOption> options;
  std::vector<Stage> stages;
  std::vector<Outcome> outcomes;
  std::vector<Metric> metrics;
  // The metrics that rank options, in order: the first ranks, each next one
  // breaks the ties the ones before leave (`ranking:`; default the first metric alone).
  std::vector<std::string> ranking;
  std::vector<SourceLocation> ranking_where;
  std::vector<PayoffEntry> payoffs;
  std::vector<Derived> derived;
  std::vector<Check> checks;
  std::vector<CommitmentTie> network;
  Dynamics dynamics;
  std::optional<OptionStage> option_stage;
  // The solution method the scenario asks for (`method:`; "" = auto), where
  // its structure calls for a concept chosen on purpose (a signalling game).
  std::string method;

  const Parameter* parameter(const std::string& name) const;
  const BackstopOption* option(const std::string& id) const;
  // The distinct quotes the scenario cites (for its parameters, claims, options and ties).
  std::size_t distinct_quotes() const;
  // The parameters that declare a distribution (indices, in order): what a draw varies.
  std::vector<std::size_t> uncertain_parameters() const;
};

struct LoadOptions {
  // The folder holding the sources' texts (each source's `file`). The texts
  // are other people's writing and do not ship with scenarios: without them
  // every quote is kept but none is checked against its text; with them a
  // misquote or a missing text is an error.
  std::string sources_dir;
  // Where a variant's `variant_of` file is read from, by its path
  // (lexically normalised: "a/b/../c.yaml" is "a/c.yaml"); nullopt where
  // there is none. Unset: the file system. The teaching server gives its
  // shipped scenarios here, so no text a client sends opens a file.
  std::function<std::optional<std::string>(const std::string& path)> scenario_text;
};

// Reads and validates a scenario file; throws ScenarioError with every problem.
Scenario load_scenario(const std::string& path, const LoadOptions& options = {});
// The same from text (tests); `file` names it in messages.
Scenario parse_scenario(const std::string& text, const std::string& file, const LoadOptions& options = {});

// A parameter's distribution given on the command line in the YAML's own
// terms: a flow map, "{dist: beta, mean: 0.6, sd: 0.1}", or the short form
// "beta(0.6, 0.1)" whose arguments are the keys in the order the schema
// lists them: uniform(low, high), triangular(low, mode, high),
// normal(mean, sd[, low, high]), beta(mean, sd[, low, high]). The same
// checks as in a file; ScenarioError naming "--set NAME" where it fails.
Distribution parse_distribution(const std::string& name, const std::string& text);

}  // namespace backstop
