#pragma once
// Scenario results for people and programs: `run` (one option), `compare`
// (all options side by side, ranked), `explain` (why, with the numbers behind
// each choice). Formats: table, markdown, csv, json. Every output names the
// solution concept.

#include <iosfwd>
#include <string_view>
#include <vector>

#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/monte_carlo.hpp"
#include "backstop/sim/run.hpp"

namespace backstop {

enum class ScenarioFormat { kTable, kMarkdown, kCsv, kJson };
ScenarioFormat parse_scenario_format(std::string_view name);  // InputError for an unknown name

// Options ranked by the first metric the scenario declares (highest first;
// ties keep the scenario's order). Returns indices into `results`.
std::vector<std::size_t> rank_options(const Scenario& scenario, const std::vector<OptionResult>& results);

// `uncertainty` (may be null): the same option(s) over Monte Carlo draws,
// reported beside the nominal numbers (CSV rows stay nominal). Compare ranks
// by `ranking` (sim/run.hpp rank_keys) and marks ties.
void write_run(const ScenarioModel& model, const OptionResult& result, const MonteCarloResult* uncertainty,
               ScenarioFormat format, std::ostream& out);
void write_compare(const ScenarioModel& model, const std::vector<OptionResult>& results,
                   const std::vector<RankKey>& ranking, const MonteCarloResult* uncertainty, ScenarioFormat format,
                   std::ostream& out);
void write_explain(const ScenarioModel& model, const OptionResult& result, ScenarioFormat format, std::ostream& out);
// The traced logit paths (run/compare --path): a row per option and lambda
// with the metrics and outcome probabilities.
void write_path(const ScenarioModel& model, const std::vector<OptionResult>& results, ScenarioFormat format,
                std::ostream& out);

}  // namespace backstop
