#pragma once
// The subcommands of the backstop executable: each takes parsed arguments,
// does its work through the engine, and returns an exit code.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace backstop::cli {

struct SolveArgs {
  std::string file;
  std::string method = "auto";
  std::string format = "table";
  std::string out;
  bool one = false;
  bool spe = false;
  std::optional<double> lambda;
  bool path = false;
  std::size_t max_equilibria = 10000;
};
int run_solve(const SolveArgs& args);

struct TreeArgs {
  std::string file;
  std::string format = "dot";
  std::string out;
};
int run_tree(const TreeArgs& args);

// validate, run, compare, explain, export, network: a scenario file, an
// option where one is needed, --set overrides, a format, an output file.
struct ScenarioArgs {
  std::string file;
  std::string option;
  std::vector<std::string> sets;
  std::string format = "table";
  std::string method = "auto";
  std::string out;
};
int run_validate(const ScenarioArgs& args);
int run_scenario(const ScenarioArgs& args);   // backstop run
int run_compare(const ScenarioArgs& args);
int run_explain(const ScenarioArgs& args);
int run_export(const ScenarioArgs& args);
int run_network(const ScenarioArgs& args);

}  // namespace backstop::cli
