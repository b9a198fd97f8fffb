#pragma once
// One tidy row per run, as Mesa's batch_run keeps them: the row `compare
// --format csv` writes today, and the row Monte Carlo draws and sweeps append
// (run id, option, replicate, seed, each varied parameter, each metric, each
// outcome's probability, each actor's expected payoff). The report layer
// writes rows one at a time (report/rows.hpp), so a long sweep's memory does
// not grow with its runs.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/sim/batch.hpp"
#include "backstop/sim/run.hpp"

namespace backstop {

// The columns, by the scenario's ids.
struct RowSchema {
  bool replicated = false;              // run, replicate and seed columns (Monte Carlo, sweeps)
  std::vector<std::string> parameters;  // the parameters a design varies, by name
  std::vector<std::string> metrics, outcomes, actors;
};
RowSchema row_schema(const Scenario& scenario, std::vector<std::string> parameters = {}, bool replicated = false);

struct ResultRow {
  std::uint64_t run = 0, replicate = 0, seed = 0;  // with RowSchema::replicated
  std::string option;                              // the option's id; "" for the scenario as written
  std::string concept_name;                        // the solution concept the numbers come from
  std::vector<double> parameters;                  // per RowSchema::parameters
  std::vector<double> metrics, outcomes, payoffs;  // per metric, outcome, actor
};
// The row of one solved option (parameters left for the caller to fill).
ResultRow result_row(const OptionResult& result);

// Which numbers of a batch's points make a row: the run is point x options +
// option; the parameters are the point's values at `parameters` (indices
// into the scenario's); replicate and seed come from `numbering`.
struct BlockRows {
  std::vector<std::string> options;     // ids, as option_ids gives them
  std::vector<std::size_t> parameters;  // columns of RowSchema::parameters
  std::function<void(std::uint64_t point, ResultRow& row)> numbering;
};
// Calls `write` with each row of the block, in order (one row reused).
void for_each_row(const BatchBlock& block, const BlockRows& rows, const std::function<void(const ResultRow&)>& write);

}  // namespace backstop
