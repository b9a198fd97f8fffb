// The backstop executable: argument parsing and nothing else.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "backstop/error.hpp"
#include "backstop/expr/expression.hpp"
#include "backstop/game/dot.hpp"
#include "backstop/solve/solution.hpp"
#include "commands.hpp"
#include "mpi.hpp"

namespace {

using namespace backstop;

constexpr const char* kMethodHelp =
    "auto: an exact method that applies and will finish; spe: backward induction (subgame-perfect, perfect "
    "information); sequential: backward induction over information sets (hidden chance moves); pure: every "
    "pure-strategy Nash equilibrium; lcp: two players, Lemke-Howson from every label on a table, one equilibrium of "
    "the sequence form on a tree; enummixed: every extreme equilibrium (two players; a tree through its reduced "
    "strategic form); qre: the logit quantal response branch, traced to its limit (a sequential equilibrium) or to "
    "--lambda";

constexpr const char* kCrossHelp =
    "With --method qre: go straight through a branch point of the logit path (where, in a symmetric game, the "
    "symmetric branch loses stability) and stay on the branch, instead of unfolding it onto a stable branch as "
    "gambit-logit does";
constexpr const char* kOutHelp = "Write to this file instead of standard output (whole, or not at all)";
constexpr const char* kSourcesHelp =
    "The folder with the sources' texts, to check every quote against them (default: $BACKSTOP_SOURCES)";

// Number checks whose messages a person can read (CLI11's own print the
// whole double range).
const CLI::Validator kNonNegative(
    [](std::string& text) {
      char* end = nullptr;
      const double x = std::strtod(text.c_str(), &end);
      return text.empty() || *end != '\0' || !(x >= 0.0) || !std::isfinite(x) ? "'" + text + "' is not a number >= 0"
                                                                              : std::string();
    },
    "NUMBER >= 0");
const CLI::Validator kPositiveWhole(
    [](std::string& text) {
      const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      if (digits && text.size() > 9) return "'" + text + "' is more than 999,999,999";
      return !digits || std::stoul(text) == 0 ? "'" + text + "' is not a whole number >= 1" : std::string();
    },
    "WHOLE NUMBER >= 1");

// The solvers by name, for --method (CheckedTransformer: only these names).
const std::map<std::string, Method>& method_map() {
  static const std::map<std::string, Method> map = [] {
    std::map<std::string, Method> m;
    for (Method method : kMethods) m.emplace(method_name(method), method);
    return m;
  }();
  return map;
}

// --method: CLI11's CheckedTransformer over the map, with a refusal in words.
CLI::Option* add_method_option(CLI::App* cmd, Method& method) {
  std::vector<std::string> names;
  for (Method m : kMethods) names.emplace_back(method_name(m));
  const std::string choices = fmt::format("{{{}}}", fmt::join(names, ","));
  const CLI::CheckedTransformer by_name(method_map());
  const CLI::Validator known(
      [by_name, names](std::string& text) {
        const std::string given = text;  // a name only: the transformer would take the enum's number too
        if (method_map().count(given) != 0 && by_name(text).empty()) return std::string();
        return fmt::format("'{}' is not a method{}; the methods are {}", given, did_you_mean(given, names),
                           fmt::join(names, ", "));
      },
      choices);
  return cmd->add_option("--method", method, kMethodHelp)->transform(known)->option_text("TEXT:" + choices);
}

const CLI::Validator kWhole(
    [](std::string& text) {
      const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      return !digits || text.size() > 19 ? "'" + text + "' is not a whole number (0 to 10^19 - 1)" : std::string();
    },
    "WHOLE NUMBER");

// What the scenario commands share; each adds only the flags it uses, so a
// flag that would do nothing is refused by the parser.
// Draws: simulate needs at least one; run and compare report them beside the nominal point unless --draws 0.
enum class Draws { kNone, kRequired, kBeside };

struct ScenarioFlags {
  bool option = false, sets = false, method = false, path = false;
  Draws draws = Draws::kNone;
  bool rank = false;                 // --rank-by
  std::vector<std::string> formats;  // empty: no --format and no --out
};

CLI::App* scenario_command(CLI::App& app, const char* name, const char* help, cli::ScenarioArgs& args,
                           const ScenarioFlags& flags) {
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->add_option("file", args.file, "The scenario (YAML, schema backstop/1); - reads standard input")->required();
  cmd->add_option("--sources", args.sources, kSourcesHelp)->envname("BACKSTOP_SOURCES");
  if (flags.option)
    cmd->add_option("--option", args.option, "The option (policy lever) to use; default: the parameters as written");
  if (flags.sets)
    cmd->add_option("--set", args.sets,
                    "Override a parameter (repeatable): NAME=VALUE (--set US.resolve=0.8), OPTION.NAME=VALUE under one "
                    "option only, or NAME=DISTRIBUTION (--set 'US.resolve=beta(0.6, 0.1)')");
  if (flags.method) {
    add_method_option(cmd, args.method);
    cmd->add_option("--lambda", args.lambda, "With --method qre: solve at this lambda (noisy actors; 0 = uniform)")
        ->check(kNonNegative);
    cmd->add_flag("--cross-branch-points", args.cross_branch_points, kCrossHelp);
    cmd->add_option(
           "--equilibrium", args.equilibrium,
           "Which of the equilibria the method lists to report (1 = the first; enummixed lists mixed ones too)")
        ->check(kPositiveWhole);
  }
  if (flags.draws == Draws::kRequired) {
    cmd->add_option("--draws", args.draws,
                    "How many draws of the parameters, each solved for every option (default 1000)")
        ->check(kPositiveWhole);
  } else if (flags.draws == Draws::kBeside) {
    cmd->add_option("--draws", args.draws_beside,
                    "Monte Carlo draws of every declared distribution reported beside the nominal numbers (default "
                    "1000; with --method qre or --path, 0); 0: the nominal numbers alone")
        ->check(kWhole);
  }
  if (flags.draws != Draws::kNone) {
    cmd->add_option("--seed", args.seed,
                    "The seed (default 1): the same seed gives the same draws, on any number of threads")
        ->check(kWhole);
    cmd->add_option("--threads", args.threads,
                    "Threads to share the draws (default 1; the results do not depend on it)")
        ->check(kPositiveWhole & CLI::Validator(
                                     [](std::string& t) {
                                       return std::stoul(t) > 256 ? "'" + t + "' is more than 256 threads"
                                                                  : std::string();
                                     },
                                     "AT MOST 256"));
  }
  if (flags.rank) {
    cmd->add_option("--rank-by", args.rank_by,
                    "The metric that ranks options (default: the scenario's 'ranking', else its first metric)");
  }
  if (flags.path) {
    cmd->add_flag("--path", args.path,
                  "With --method qre: every traced point (lambda, then the metrics and outcome probabilities)");
  }
  if (!flags.formats.empty()) {
    args.format = flags.formats.front();
    cmd->add_option("--format", args.format, fmt::format("{}", fmt::join(flags.formats, ", ")))
        ->check(CLI::IsMember(flags.formats));
    cmd->add_option("--out", args.out, kOutHelp);
  }
  return cmd;
}

// A flag the command does not have, with the closest one it has.
std::string unknown_flag_message(const CLI::App& app, int argc, char** argv) {
  const CLI::App* command = nullptr;
  for (int i = 1; i < argc && command == nullptr; ++i) {
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->get_name() == argv[i]) command = sub;
    }
  }
  if (command == nullptr) return {};
  std::vector<std::string> flags;
  for (const CLI::Option* o : command->get_options()) {
    for (const std::string& name : o->get_lnames()) flags.push_back("--" + name);
  }
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.rfind("-", 0) != 0 || word == "-" || word.find_first_not_of("-.0123456789eE") == std::string::npos)
      continue;
    word = word.substr(0, word.find('='));
    if (std::find(flags.begin(), flags.end(), word) != flags.end() || word == "--help" || word == "-h") continue;
    return fmt::format("'{}' has no flag '{}'{}; its flags are {}", command->get_name(), word,
                       did_you_mean(word, flags), fmt::join(flags, ", "));
  }
  return {};
}

// The first argument that is not a flag, when it names no command.
int unknown_command(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word.front() == '-') continue;
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      names.push_back(sub->get_name());
    for (const std::string& n : names) {
      if (n == word) return 0;
    }
    std::cerr << fmt::format(
        "backstop: error: unknown command '{}'{}; the commands are {}\n(run 'backstop --help' for usage)\n", word,
        did_you_mean(word, names), fmt::join(names, ", "));
    return kExitBadInput;
  }
  return 0;
}

// Every command's arguments, filled by the parser.
struct Arguments {
  cli::SolveArgs solve;
  cli::TreeArgs tree;
  cli::PlayArgs play;
  cli::ServeArgs serve;
  cli::PlotArgs plot;
  cli::ValidateArgs validate;
  cli::ScenarioArgs run, compare, explain, export_args, network, simulate;
  cli::DynamicsArgs dynamics;
  cli::SweepArgs sweep;
  cli::SensitivityArgs sensitivity;
  cli::ThresholdArgs threshold;
  cli::MergeArgs merge;
};

// Each command runs from its own callback, after the whole line has parsed,
// leaving its exit code in `code`.
void add_game_commands(CLI::App& app, Arguments& a, int& code) {
  CLI::App* solve_cmd = app.add_subcommand("solve", "Solve a Gambit game (.efg or .nfg) and print its equilibria");
  solve_cmd->add_option("file", a.solve.file, "The game file; - reads standard input")->required();
  add_method_option(solve_cmd, a.solve.method);
  solve_cmd
      ->add_option("--lambda", a.solve.lambda, "With --method qre: solve at this lambda (noisy actors; 0 = uniform)")
      ->check(kNonNegative);
  solve_cmd->add_flag("--cross-branch-points", a.solve.cross_branch_points, kCrossHelp);
  solve_cmd->add_flag("--path", a.solve.path,
                      "With --method qre and --format gambit: print every traced point (lambda, then the profile)");
  solve_cmd->add_flag("--spe", a.solve.spe, "With --method pure: only subgame-perfect equilibria (subgame by subgame)");
  solve_cmd->add_option("--format", a.solve.format, "table, json, or gambit (NE lines as Gambit's tools print)")
      ->check(CLI::IsMember({"table", "json", "gambit"}));
  solve_cmd->add_flag("--one", a.solve.one, "Only the equilibrium the tie rule selects, not every pure one");
  solve_cmd->add_option("--max", a.solve.max_equilibria, "List at most this many equilibria")->check(kPositiveWhole);
  solve_cmd->add_option("--out", a.solve.out, kOutHelp);
  solve_cmd->callback([&] { code = cli::run_solve(a.solve); });
}

// --seed and --threads for a command that adds its own draws (sweep, sensitivity, threshold, dynamics).
void add_seed_and_threads(CLI::App* cmd, cli::ScenarioArgs& args, const char* seed_help, const char* what) {
  cmd->add_option("--seed", args.seed, seed_help)->check(kWhole);
  cmd->add_option("--threads", args.threads, fmt::format("Threads (default 1; the {} do not depend on it)", what))
      ->check(kPositiveWhole);
}

void add_scenario_commands(CLI::App& app, Arguments& a, int& code) {
  CLI::App* validate_cmd = app.add_subcommand(
      "validate",
      "Check scenarios: keys, types, names, expressions, probabilities, and quotes when the texts are given");
  validate_cmd->add_option("files", a.validate.files, "The scenarios (YAML, schema backstop/1); - reads standard input")
      ->required();
  validate_cmd->add_option("--sources", a.validate.sources, kSourcesHelp)->envname("BACKSTOP_SOURCES");
  validate_cmd
      ->add_option("--draws", a.validate.draws,
                   "Draws of the declared distributions in which every check must hold, under every option "
                   "(default 1000; 0: the nominal values alone)")
      ->check(kWhole);
  validate_cmd->add_option("--seed", a.validate.seed, "The draws' seed (default 1)")->check(kWhole);
  validate_cmd->callback([&] { code = cli::run_validate(a.validate); });

  const std::vector<std::string> report_formats{"table", "markdown", "csv", "json"};
  scenario_command(app, "run", "Solve a scenario under one option and report outcomes, payoffs and the path", a.run,
                   {true, true, true, true, Draws::kBeside, false, report_formats})
      ->callback([&] { code = cli::run_scenario(a.run); });
  scenario_command(app, "compare", "Run every option of a scenario side by side and rank them", a.compare,
                   {false, true, true, true, Draws::kBeside, true, report_formats})
      ->callback([&] { code = cli::run_compare(a.compare); });
  scenario_command(app, "explain", "Say why each actor chooses as it does, with the numbers behind it", a.explain,
                   {true, true, true, false, Draws::kNone, false, report_formats})
      ->callback([&] { code = cli::run_explain(a.explain); });
  scenario_command(app, "export", "Write the game a scenario builds for Gambit (.efg, or the reduced .nfg)",
                   a.export_args, {true, true, false, false, Draws::kNone, false, {"efg", "nfg"}})
      ->callback([&] { code = cli::run_export(a.export_args); });
  CLI::App* play_cmd = scenario_command(
      app, "play",
      "Take one actor's seat: the others move by the equilibrium (or, with --method qre --lambda L, the noisy logit "
      "QRE), Nature by its odds; each move explained, then how your play compares",
      a.play.scenario, {true, true, true, false, Draws::kNone, false, {}});
  play_cmd->add_option("--as", a.play.actor, "The actor you play (its id or name)")->required();
  play_cmd->add_option("--seed", a.play.scenario.seed, "The seed of the others' and Nature's draws (default 1)")
      ->check(kWhole);
  play_cmd->callback([&] { code = cli::run_play(a.play); });
  CLI::App* tree_cmd = scenario_command(
      app, "tree",
      "Draw the game tree with the equilibrium path marked (a scenario under one option, or a Gambit .efg): DOT, "
      "or SVG and PNG through Graphviz",
      a.tree.scenario, {true, true, true, false, Draws::kNone, false, {"dot", "svg", "png"}});
  tree_cmd->get_option("file")->description(
      "The scenario (YAML) or game (.efg); - reads a scenario from standard input");
  tree_cmd
      ->add_option("--collapse", a.tree.collapse,
                   fmt::format("Fold the branches play never reaches into one box per node: auto (trees of more than "
                               "{} leaves), off-path, or none",
                               backstop::kFoldLeaves))
      ->check(CLI::IsMember({"auto", "off-path", "none"}));
  tree_cmd->callback([&] { code = cli::run_tree(a.tree); });
  scenario_command(app, "network",
                   "Draw the commitment network (who backs whom), with who is drawn in under the equilibrium: DOT, "
                   "or SVG and PNG through Graphviz",
                   a.network, {true, true, true, false, Draws::kNone, false, {"dot", "svg", "png"}})
      ->callback([&] { code = cli::run_network(a.network); });
  scenario_command(app, "simulate",
                   "Monte Carlo: draw every parameter from its distribution, solve every option per draw, and "
                   "report means, 95% intervals and head-to-head shares",
                   a.simulate, {false, true, true, false, Draws::kRequired, true, report_formats})
      ->callback([&] { code = cli::run_simulate(a.simulate); });

  CLI::App* sweep = scenario_command(
      app, "sweep",
      "Run every option over a design of parameter values (grid, Latin hypercube, Sobol), one row per run, "
      "streamed to --out with a JSON sidecar",
      a.sweep.scenario, {true, true, true, false, Draws::kNone, false, {"csv", "jsonl"}});
  sweep->get_option("--out")->description(
      "The rows' file, written as they come (required; its sidecar is FILE.json; --resume continues it)");
  sweep
      ->add_option("--param", a.sweep.params,
                   "A swept parameter: NAME=LOW:HIGH:STEPS (grid) or NAME=LOW:HIGH (lhs, sobol); repeatable")
      ->required();
  sweep->add_option("--design", a.sweep.design, "grid (default), lhs or sobol")
      ->check(CLI::IsMember({"grid", "lhs", "sobol"}));
  sweep->add_option("--samples", a.sweep.samples, "Points of an lhs or sobol design")->check(kPositiveWhole);
  sweep
      ->add_option("--replicates", a.sweep.replicates,
                   "Runs per design point, each drawing the other parameters from their distributions (default 0: "
                   "one run, the others at their nominal values)")
      ->check(kWhole);
  add_seed_and_threads(sweep, a.sweep.scenario, "The seed of the design (lhs) and of the draws (default 1)", "rows");
  sweep->add_option("--shard", a.sweep.shard, "I/N: run only shard I (from 0) of N; 'backstop merge' joins them");
  sweep->add_flag("--resume", a.sweep.resume, "Continue a sweep that was stopped or killed, where it left off");
  sweep->callback([&] { code = cli::run_sweep(a.sweep); });

  CLI::App* sens = scenario_command(
      app, "sensitivity",
      "Which uncertain parameters matter: first- and total-order Sobol indices of each metric and payoff, with "
      "bootstrap intervals",
      a.sensitivity.scenario, {true, true, true, false, Draws::kNone, false, {"table", "markdown", "csv", "json"}});
  sens->add_option("--param", a.sensitivity.params,
                   "A parameter to vary (repeatable; default: every parameter with a distribution)");
  sens->add_option("--samples", a.sensitivity.samples,
                   "Rows of Saltelli's matrices (default 1024); the runs are rows x (parameters + 2) per option")
      ->check(kPositiveWhole);
  sens->add_option("--bootstrap", a.sensitivity.bootstrap, "Bootstrap resamples for the intervals (default 200)")
      ->check(kWhole);
  add_seed_and_threads(sens, a.sensitivity.scenario, "The bootstrap's seed (default 1)", "results");
  sens->callback([&] { code = cli::run_sensitivity(a.sensitivity); });

  CLI::App* thr = scenario_command(
      app, "threshold",
      "Where a metric crosses a target as one parameter moves: the lowest value at which its mean over the draws "
      "reaches it, with an interval",
      a.threshold.scenario, {true, true, true, false, Draws::kNone, false, {"table", "csv", "json"}});
  thr->add_option("--param", a.threshold.param, "The parameter that moves")->required();
  thr->add_option("--metric", a.threshold.metric, "The metric (default: the first the scenario ranks by)");
  thr->add_option("--target", a.threshold.target, "The level to reach, a probability (default 0.9)");
  thr->add_option("--low", a.threshold.low, "Where the search starts (default: the parameter's distribution's low)");
  thr->add_option("--high", a.threshold.high, "Where it ends (default: the distribution's high)");
  thr->add_option("--draws", a.threshold.scenario.draws_beside,
                  "Draws of the other parameters at each value (default 1000)")
      ->check(kPositiveWhole);
  add_seed_and_threads(thr, a.threshold.scenario, "The draws' seed (default 1)", "results");
  thr->callback([&] { code = cli::run_threshold(a.threshold); });

  CLI::App* dyn = scenario_command(
      app, "dynamics",
      "The scenario over time: each period solved in its state and one path sampled; per option the ceasefire's "
      "survival curve, the first violation and NATO-Russia fighting by each period, over draws",
      a.dynamics.scenario, {true, true, true, false, Draws::kNone, false, {"table", "markdown", "csv", "json"}});
  dyn->add_option("--draws", a.dynamics.draws,
                  "Draws of every declared distribution (default 200; 0: the nominal values alone)")
      ->check(kWhole);
  dyn->add_option("--histories", a.dynamics.histories, "Sampled histories per draw and option (default 50)")
      ->check(kPositiveWhole);
  dyn->add_option("--periods", a.dynamics.periods, "Periods (default: the scenario's)")->check(kPositiveWhole);
  add_seed_and_threads(dyn, a.dynamics.scenario, "The seed (default 1)", "results");
  dyn->callback([&] { code = cli::run_dynamics(a.dynamics); });

  CLI::App* plot = app.add_subcommand(
      "plot",
      "Draw a figure with the matplotlib scripts in plots/: backstop plot KIND INPUT --out OUT (KIND: compare_bars, "
      "sweep_lines, sweep_heatmap, survival, sobol_bars, qre_path, threshold_curve; 'backstop plot KIND --help' for "
      "its flags)");
  plot->add_option("kind", a.plot.kind, "The figure: the name of a script in plots/")->required();
  plot->callback([&] { code = cli::run_plot(a.plot); });  // main() runs it before parsing when a KIND is given

  CLI::App* serve = app.add_subcommand(
      "serve",
      "The teaching page: pick a scenario and options, move the parameters' sliders, see the comparison, the tree, "
      "the explanation, and take a seat (a local web page; the API is in docs/api.md)");
  serve->add_option("--port", a.serve.port, "The port (default 8080; 0: a free one, printed)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--host", a.serve.host,
                    "The address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 opens it to the network)");
  serve->add_option("--scenarios", a.serve.scenarios,
                    "The folder of scenarios the page offers, read once at start (default: ./scenarios, else the "
                    "installed ones, else the source tree's)");
  serve->add_option("--threads", a.serve.threads, "Connections served at once (default 8)")->check(CLI::Range(2, 256));
  serve->add_option("--jobs", a.serve.jobs, "Solves run at once (default 2); others wait their turn")
      ->check(CLI::Range(1, 256));
  serve->add_option("--wait", a.serve.wait, "Seconds a request waits for its turn before a 503 (default 60)")
      ->check(CLI::Range(1, 3600));
  serve->add_option("--max-draws", a.serve.max_draws, "The most draws a request may ask (default 5000)")
      ->check(kPositiveWhole);
  serve->add_option("--max-body", a.serve.max_body, "The largest request body in bytes (default 262144)")
      ->check(kPositiveWhole);
  serve->callback([&] { code = cli::run_serve(a.serve); });

  CLI::App* merge =
      app.add_subcommand("merge", "Join the shards of one sweep (--shard I/N), in order, into one output");
  merge->add_option("files", a.merge.files, "The shards' row files, shard 0 first (each with its .json sidecar)")
      ->required();
  merge->add_option("--out", a.merge.out, "Where the merged rows go (and its sidecar, with .json added)")->required();
  merge->callback([&] { code = cli::run_merge(a.merge); });
}

}  // namespace

int main(int argc, char** argv) {
  const cli::MpiSession mpi(argc, argv);
  if (cli::mpi_rank() > 0 && !(argc > 1 && (std::string(argv[1]) == "simulate" || std::string(argv[1]) == "sweep")))
    return 0;  // under mpirun, only simulate and sweep share their work; the rest runs on rank 0
  CLI::App app{"backstop: scenario simulator for security guarantees"};
  app.require_subcommand(1);
  app.set_version_flag("--version", fmt::format("backstop {}", backstop::kVersion));
  Arguments args;
  int code = kExitFailure;
  add_game_commands(app, args, code);
  add_scenario_commands(app, args, code);

  if (const int unknown = unknown_command(app, argc, argv)) return unknown;
  // backstop plot KIND ...: everything after KIND is the script's, --help too.
  if (argc > 2 && std::string(argv[1]) == "plot" && argv[2][0] != '-') {
    args.plot.kind = argv[2];
    args.plot.rest.assign(argv + 3, argv + argc);
    try {
      return cli::run_plot(args.plot);
    } catch (const Error& e) {
      std::cerr << e.what() << '\n';
      return e.exit_code();
    }
  }
  args.sweep.command.assign(argv, argv + argc);
  args.sweep.command.front() = "backstop";
  try {
    app.parse(argc, argv);
    return code;
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string flag =
        dynamic_cast<const CLI::ExtrasError*>(&e) ? unknown_flag_message(app, argc, argv) : std::string();
    std::string command;
    for (const CLI::App* sub : app.get_subcommands()) command = sub->get_name();
    std::cerr << "backstop: error: " << (flag.empty() ? std::string(e.what()) : flag) << "\n(run 'backstop "
              << (command.empty() ? "" : command + " ") << "--help' for usage)\n";
    return kExitBadInput;
  } catch (const Error& e) {
    std::cerr << e.what() << '\n';
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    std::cerr << "backstop: error: out of memory\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    std::cerr << "backstop: internal error: " << e.what() << '\n';
    return kExitFailure;
  }
}
