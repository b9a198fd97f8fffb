#pragma once
// The subcommands of the backstop executable: each takes parsed arguments,
// does its work through the engine, and returns an exit code.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/monte_carlo.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/solve/solution.hpp"
#include "backstop/solve/solve.hpp"
#include "backstop/version.hpp"

namespace backstop::cli {

struct SolveArgs {
  std::string file;
  Method method = Method::kAuto;
  std::string format = "table";
  std::string out;
  bool one = false;
  bool spe = false;
  std::optional<double> lambda;
  bool path = false;
  bool cross_branch_points = false;
  std::size_t max_equilibria = 10000;
};
int run_solve(const SolveArgs& args);

// validate: several scenarios, and the folder of their sources' texts.
struct ValidateArgs {
  std::vector<std::string> files;
  std::string sources;
  std::uint64_t draws = 1000, seed = 1;  // the draws the checks are tried in
};
int run_validate(const ValidateArgs& args);

// run, compare, explain, export, network: a scenario file, an option where
// one is needed, --set overrides, a solver, a format, an output file.
struct ScenarioArgs {
  std::string file;
  std::string sources;
  std::string option;
  std::vector<std::string> sets;
  std::string format = "table";
  Method method = Method::kAuto;
  std::optional<double> lambda;
  std::size_t equilibrium = 1;       // which of the listed equilibria to report (1-based)
  bool path = false;                 // run, compare: the traced logit path instead of its end
  bool cross_branch_points = false;  // method qre: straight through branch points
  std::string out;
  std::uint64_t draws = 1000, seed = 1;       // simulate
  std::optional<std::uint64_t> draws_beside;  // run, compare (default: 1000, or 0 with qre or --path)
  std::string rank_by;
  unsigned threads = 1;
};
// The scenario a command names and its --set overrides, after the checks
// every scenario command makes first.
struct ScenarioInput {
  Scenario scenario;
  ParameterOverrides sets;
};
ScenarioInput read_scenario(const ScenarioArgs& args);
// Commands that solve many runs report the method's selected equilibrium in
// each: --equilibrium N is refused, saying where it goes ("simulate reports
// ... in every draw").
void refuse_equilibrium(const ScenarioArgs& args, std::string_view subject, std::string_view run);
SolveOptions scenario_solve_options(const ScenarioArgs& args);
// run and compare (and the page): the options over Monte Carlo draws beside
// the nominal point (args.draws_beside; default 1000, or 0 where the method
// is the slow logit QRE), or nothing with 0 draws or nothing uncertain.
std::optional<MonteCarloResult> draws_beside(const ScenarioArgs& args, const Scenario& s,
                                             const ParameterOverrides& sets, std::vector<std::string> options,
                                             std::vector<RankKey> ranking);

int run_scenario(const ScenarioArgs& args);  // backstop run
int run_compare(const ScenarioArgs& args);
int run_explain(const ScenarioArgs& args);
int run_export(const ScenarioArgs& args);
int run_network(const ScenarioArgs& args);
// backstop tree: a scenario under one option, or a Gambit .efg, as a picture.
struct TreeArgs {
  ScenarioArgs scenario;  // file, sources, option, sets, method, lambda, equilibrium, format, out
  std::string collapse = "auto";
};
int run_tree(const TreeArgs& args);
// A run's tree as DOT with its equilibrium marked, folded by `collapse` (auto, off-path, none).
std::string scenario_tree_dot(const ScenarioModel& model, const OptionResult& run, const std::string& collapse,
                              bool note);
// backstop play (cli/play.cpp): take one actor's seat; the others move by the equilibrium or the logit QRE.
struct PlayArgs {
  ScenarioArgs scenario;  // file, sources, option, sets, method, lambda, seed
  std::string actor;
};
int run_play(const PlayArgs& args);
int run_simulate(const ScenarioArgs& args);
// backstop dynamics (cli/analysis.cpp): the scenario over time, per option.
struct DynamicsArgs {
  ScenarioArgs scenario;  // file, sources, sets, option, method, seed, threads, format, out
  std::uint64_t draws = 200;
  std::uint32_t histories = 50, periods = 0;
};
int run_dynamics(const DynamicsArgs& args);

// backstop sweep (cli/sweep.cpp): runs over a design, streamed to --out with a JSON sidecar.
struct SweepArgs {
  ScenarioArgs scenario;            // file, sources, sets, option, method, lambda, seed, threads, format, out
  std::vector<std::string> params;  // NAME=LOW:HIGH[:STEPS]
  std::string design = "grid";
  std::uint64_t samples = 0, replicates = 0;
  std::string shard;  // I/N
  bool resume = false;
  std::vector<std::string> command;  // the whole command line, for the sidecar
};
int run_sweep(const SweepArgs& args);
// backstop merge: shards of one sweep, in order, into one output.
struct MergeArgs {
  std::vector<std::string> files;
  std::string out;
};
int run_merge(const MergeArgs& args);

// backstop sensitivity and backstop threshold (cli/analysis.cpp).
struct SensitivityArgs {
  ScenarioArgs scenario;            // file, sources, sets, option, method, seed, threads, format, out
  std::vector<std::string> params;  // the factors (default: every parameter with a distribution)
  std::uint64_t samples = 1024, bootstrap = 200;
};
int run_sensitivity(const SensitivityArgs& args);
struct ThresholdArgs {
  ScenarioArgs scenario;  // file, sources, sets, option, method, seed, threads, format, out, draws
  std::string param, metric;
  double target = 0.9;
  std::optional<double> low, high;
};
int run_threshold(const ThresholdArgs& args);

// backstop plot KIND ARGS... (cli/plot.cpp): runs plots/KIND.py with ARGS.
struct PlotArgs {
  std::string kind;
  std::vector<std::string> rest;
  std::string python = "/usr/bin/python3";
};
int run_plot(const PlotArgs& args);

// backstop serve (cli/serve.cpp): the teaching page and its JSON API.
struct ServeArgs {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string
      scenarios;         // the folder of shipped scenarios (default: ./scenarios, else installed, else the source tree)
  unsigned threads = 8;  // connections served at once
  unsigned jobs = 2;     // solves at once
  unsigned wait = 60;    // seconds a request waits for a solve slot before a 503
  std::uint64_t max_draws = 5000;
  std::size_t max_body = std::size_t{256} << 10;
};
int run_serve(const ServeArgs& args);

}  // namespace backstop::cli
