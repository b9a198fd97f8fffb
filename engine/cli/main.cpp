// The backstop executable: argument parsing and nothing else.
#include <CLI/CLI.hpp>

#include <deque>
#include <iostream>

#include "backstop/error.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace backstop;
  CLI::App app{"backstop: scenario simulator for security guarantees"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "backstop 0.1.0");

  cli::SolveArgs solve;
  CLI::App* solve_cmd = app.add_subcommand("solve", "Solve a Gambit game (.efg or .nfg) and print its equilibria");
  solve_cmd->add_option("file", solve.file, "The game file")->required();
  solve_cmd->add_option("--method", solve.method,
                        "auto: the fastest exact method that applies; spe: backward induction (subgame-perfect, "
                        "perfect information); sequential: backward induction over information sets (hidden chance moves); "
                        "pure: every pure-strategy Nash equilibrium; lcp: two players, Lemke-Howson from every label on a .nfg, "
                        "one equilibrium of the sequence form on a .efg; enummixed: every extreme equilibrium (two players; a "
                        ".efg through its reduced strategic form); qre: the logit quantal response branch, "
                        "traced to its limit (a sequential equilibrium)")
      ->check(CLI::IsMember({"auto", "spe", "sequential", "pure", "lcp", "enummixed", "qre"}));
  solve_cmd->add_option("--lambda", solve.lambda, "With --method qre: solve at this lambda (noisy actors; 0 = uniform)")
      ->check(CLI::NonNegativeNumber);
  solve_cmd->add_flag("--path", solve.path, "With --method qre: print every traced point (lambda, then the profile)");
  solve_cmd->add_flag("--spe", solve.spe, "With --method pure: only subgame-perfect equilibria (subgame by subgame)");
  solve_cmd->add_option("--format", solve.format, "table, json, or gambit (NE lines as Gambit's tools print)")
      ->check(CLI::IsMember({"table", "json", "gambit"}));
  solve_cmd->add_flag("--one", solve.one, "Only the equilibrium the tie rule selects, not every pure one");
  solve_cmd->add_option("--max", solve.max_equilibria, "List at most this many equilibria")->check(CLI::PositiveNumber);
  solve_cmd->add_option("--out", solve.out, "Write to this file instead of standard output");

  cli::TreeArgs tree;
  CLI::App* tree_cmd = app.add_subcommand("tree", "Write the game tree for Graphviz");
  tree_cmd->add_option("file", tree.file, "The game file (.efg)")->required();
  tree_cmd->add_option("--format", tree.format, "dot")->check(CLI::IsMember({"dot"}));
  tree_cmd->add_option("--out", tree.out, "Write to this file instead of standard output");

  // The scenario commands take the same arguments, each into its own record.
  std::deque<cli::ScenarioArgs> scenario_args;
  auto scenario_command = [&](const char* name, const char* help, bool option, const char* format_help,
                              std::vector<std::string> formats, bool sets) {
    CLI::App* cmd = app.add_subcommand(name, help);
    cli::ScenarioArgs& scenario = scenario_args.emplace_back();
    cmd->add_option("file", scenario.file, "The scenario (YAML, schema backstop/1)")->required();
    if (option) cmd->add_option("--option", scenario.option, "The option (policy lever) to use; default: the parameters as written");
    if (sets) {
      cmd->add_option("--set", scenario.sets, "Override a parameter: NAME=VALUE (repeatable), e.g. --set US.resolve=0.8");
      cmd->add_option("--method", scenario.method, "The solver (as for 'solve'); auto picks the fastest exact one that applies")
          ->check(CLI::IsMember({"auto", "spe", "sequential", "pure", "qre"}));
    }
    if (format_help != nullptr) {
      scenario.format = formats.front();
      cmd->add_option("--format", scenario.format, format_help)->check(CLI::IsMember(formats));
      cmd->add_option("--out", scenario.out, "Write to this file instead of standard output");
    }
    return cmd;
  };
  CLI::App* validate_cmd = scenario_command("validate", "Check a scenario: keys, types, names, expressions, probabilities, sources", false,
                                            nullptr, {}, false);
  CLI::App* run_cmd = scenario_command("run", "Solve a scenario under one option and report outcomes, payoffs and the path", true,
                                       "table, markdown, csv or json", {"table", "markdown", "csv", "json"}, true);
  CLI::App* compare_cmd = scenario_command("compare", "Run every option of a scenario side by side and rank them", false,
                                           "table, markdown, csv or json", {"table", "markdown", "csv", "json"}, true);
  CLI::App* explain_cmd = scenario_command("explain", "Say why each actor chooses as it does, with the numbers behind it", true,
                                           "table, markdown, csv or json", {"table", "markdown", "csv", "json"}, true);
  CLI::App* export_cmd = scenario_command("export", "Write the game a scenario builds for Gambit (.efg, or the reduced .nfg)", true,
                                          "efg or nfg", {"efg", "nfg"}, true);
  CLI::App* network_cmd = scenario_command("network", "Draw the commitment network (who backs whom) for Graphviz", true, "dot", {"dot"}, true);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "backstop: error: " << e.what() << "\n(run 'backstop --help' for usage)\n";
    return kExitBadInput;
  }

  try {
    if (*solve_cmd) return cli::run_solve(solve);
    if (*tree_cmd) return cli::run_tree(tree);
    if (*validate_cmd) return cli::run_validate(scenario_args[0]);
    if (*run_cmd) return cli::run_scenario(scenario_args[1]);
    if (*compare_cmd) return cli::run_compare(scenario_args[2]);
    if (*explain_cmd) return cli::run_explain(scenario_args[3]);
    if (*export_cmd) return cli::run_export(scenario_args[4]);
    if (*network_cmd) return cli::run_network(scenario_args[5]);
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
  return kExitFailure;
}
