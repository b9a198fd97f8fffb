#pragma once
// Monte Carlo over a scenario's declared uncertainty: each draw samples every
// parameter (sim/sampler.hpp), and for every option re-weights the game built
// once and solves it (one equilibrium: the method's selected one). The draws
// run through run_batch (sim/batch.hpp) and are summarised as they come:
// memory does not grow with the number of draws, and the numbers, and the
// bytes reported, do not depend on the number of threads.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/sim/batch.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/sim/summary.hpp"
#include "backstop/solve/solve.hpp"

namespace backstop {

struct MonteCarloOptions {
  std::uint64_t draws = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 1;
  SolveOptions solve;            // per draw; `all` is ignored (one equilibrium a draw)
  ParameterOverrides overrides;  // fixed over every draw, after the option's settings
  const std::atomic<bool>* stop = nullptr;
  std::vector<std::string> options;     // ids; empty: every option (option_ids)
  std::vector<RankKey> ranking;         // how options are compared in each draw (rank_keys)
  BatchTransport* transport = nullptr;  // MPI ranks sharing the draws; the result is rank 0's
  // Every block of draws as computed, in draw order (the CSV writer's rows).
  std::function<void(const BatchBlock&)> on_block;
};

// The share of draws in which one option ranks above another (rank_compare),
// and in which they tie.
struct Comparison {
  double better = 0.0, tied = 0.0;
};

// One option over the draws.
struct OptionSummary {
  std::string option;                                // id; "" for the scenario as written
  std::string concept_name;                          // the concept of draw 0's solution
  std::vector<Interval> metrics, outcomes, payoffs;  // per metric, outcome (its probability), actor
  std::vector<double> likeliest;                     // per outcome: the share of draws it is the likeliest
  std::vector<Comparison> head_to_head;              // per other option, by the ranking
  double first = 0.0, first_alone = 0.0;             // the share of draws it ranks first (tied or alone; alone)
};

struct MonteCarloResult {
  std::uint64_t draws = 0, seed = 0;
  std::vector<RankKey> ranking;
  std::vector<OptionSummary> options;  // every option (or the scenario as written)
};

// InputError naming the draw if one makes the game invalid (a probability
// leaving [0, 1]); SolverError if the method does not apply.
MonteCarloResult simulate(const Scenario& scenario, const MonteCarloOptions& options);

}  // namespace backstop
