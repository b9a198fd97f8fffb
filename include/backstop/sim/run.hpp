#pragma once
// One run of a scenario: an option and parameter overrides in, the solved
// game and what it means out (outcome probabilities, metrics, expected
// payoffs per actor, every choice with its reasons, the concept used), as
// numbers; the report layer writes them in words.

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "backstop/scenario/scenario_model.hpp"
#include "backstop/solve/solve.hpp"

namespace backstop {

// Parameter values set by name over the option's, in order (later wins).
using ParameterOverrides = std::vector<std::pair<std::string, double>>;

// A mover's choice at one information set on or off the path, as numbers;
// the report layer puts it in words (the actor, stage and actions by the
// scenario's ids, what the mover knows, the hidden moves behind a belief).
struct ChoiceReport {
  InfoSetId infoset{};
  std::size_t stage = 0;              // index into the scenario's stages
  bool chance = false;                // a move of Nature
  double reach = 0.0;                 // probability play gets here
  std::vector<double> probabilities;  // per action of the set
  std::vector<double> action_values;  // the mover's expected payoff of each action here (decisions only)
  std::vector<double> beliefs;        // per node of the set, where it holds several (decisions only)
  // Decisions: how far the chosen (likeliest) action's value lies above the
  // best other one's, and the mover's payoff range over the whole game (its
  // best outcome less its worst). A margin under kFragileShare of the range
  // makes the choice fragile: a small change of a number could flip it.
  double margin = 0.0, range = 0.0;
  static constexpr double kFragileShare = 0.05;
  // The chosen action: the likeliest (the first of equals).
  std::size_t chosen() const {
    return static_cast<std::size_t>(std::max_element(probabilities.begin(), probabilities.end()) -
                                    probabilities.begin());
  }
  bool fragile() const { return !chance && probabilities.size() > 1 && margin < kFragileShare * range; }
};

// A point of a traced logit QRE path, read as the scenario's outcomes.
struct TracedPoint {
  double lambda = 0.0;
  std::vector<double> outcome_probability;  // per scenario outcome
  std::vector<double> metrics;              // per scenario metric
  std::vector<double> payoffs;              // per actor, expected
};

struct OptionResult {
  std::string option;  // the option's id; "" for the scenario as written
  Solution solution;
  std::size_t shown = 0;                    // the equilibrium reported, of solution.equilibria
  std::vector<double> outcome_probability;  // per scenario outcome
  std::vector<double> metrics;              // per scenario metric
  std::vector<double> payoffs;              // per actor, expected
  std::vector<ChoiceReport> choices;        // every information set, in stage order
  std::vector<ScenarioModel::DrawIn> draw_ins;
  std::vector<TracedPoint> path;  // with SolveOptions::path (method qre)
};

// The options a scenario runs: its declared ones, or "" (as written) when it has none.
std::vector<std::string> option_ids(const Scenario& scenario);

// How a scenario's game is solved, for one run or one Monte Carlo draw:
// `options.method`, and where auto finds no equilibrium the logit QRE limit;
// equilibria of a tree's reduced strategic form (enummixed) come back as the
// behaviour they induce on the tree.
Solution solve_scenario_game(const Game& game, const SolveOptions& options);
// The options with the scenario's own method (`method:`) where they ask for auto.
SolveOptions with_scenario_method(const Scenario& scenario, SolveOptions options);

// Each outcome's probability and each metric's, from what play reaches
// (spans of the scenario's numbers of outcomes and metrics).
void outcome_summary(const ScenarioModel& model, std::span<const double> reach, std::span<double> outcomes,
                     std::span<double> metrics);

// How options are ranked: metrics in order, each breaking the ties of the
// ones before; higher first unless the metric says lower is better.
struct RankKey {
  std::size_t metric = 0;
  bool lower_better = false;
};
// The scenario's `ranking:` (default: its first metric), or with `rank_by`
// that metric alone; InputError naming the metrics for an unknown one. Empty
// when the scenario has no metrics.
std::vector<RankKey> rank_keys(const Scenario& scenario, const std::string& rank_by = "");
// +1 where metrics a rank above b, -1 below, 0 where every key ties (within 1e-12).
int rank_compare(std::span<const double> a, std::span<const double> b, std::span<const RankKey> keys);
// Options in rank order (a stable sort: ties keep the scenario's order), and
// for each place whether it ties the place before.
struct Ranking {
  std::vector<std::size_t> order;
  std::vector<bool> tied_with_previous;
};
Ranking rank_options(const std::vector<std::vector<double>>& metrics, std::span<const RankKey> keys);

// Selects the option (nominal values for ""), applies the overrides,
// re-weights and solves. The solver: `method` if given, else the exact method
// auto picks; where that finds no equilibrium, the logit QRE limit. Of the
// equilibria the method lists, the one numbered `shown` (0-based) is
// reported; InputError where there are fewer.
OptionResult run_option(ScenarioModel& model, const std::string& option, const ParameterOverrides& overrides,
                        const SolveOptions& solve_options = {}, std::size_t shown = 0);

// Every option (or, with none declared, the scenario as written).
std::vector<OptionResult> run_all_options(ScenarioModel& model, const ParameterOverrides& overrides,
                                          const SolveOptions& solve_options = {}, std::size_t shown = 0);

}  // namespace backstop
