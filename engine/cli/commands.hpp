#pragma once
// The subcommands of the backstop executable: each takes parsed arguments,
// does its work through the engine, and returns an exit code.

#include <cstddef>
#include <optional>
#include <string>

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

}  // namespace backstop::cli
