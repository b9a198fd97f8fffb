#include "commands.hpp"

#include <iostream>
#include <variant>

#include "backstop/error.hpp"
#include "backstop/game/dot.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/report/output.hpp"
#include "backstop/report/solution_report.hpp"
#include "backstop/solve/solve.hpp"

namespace backstop::cli {

int run_solve(const SolveArgs& args) {
  SolveOptions options;
  options.method = parse_method(args.method);
  options.all = !args.one;
  options.max_equilibria = args.max_equilibria;
  options.subgame_perfect = args.spe;
  options.lambda = args.lambda;
  options.path = args.path;
  if ((args.lambda || args.path) && options.method != Method::kQre) {
    throw InputError("--lambda and --path go with --method qre");
  }
  const ReportFormat format = parse_report_format(args.format);
  AnyGame any = read_game_file(args.file);
  Solution solution;
  try {
    solution = std::visit([&](const auto& game) { return solve(game, options); }, any);
  } catch (const SolverError& e) {
    throw InputError(SourceLocation{args.file, 0, 0}, e.message());  // name the file
  }
  write_output(args.out, [&](std::ostream& out) {
    std::visit([&](const auto& game) { write_solution(game, solution, format, out); }, any);
  });
  if (solution.stalled) std::cerr << "backstop: warning: " << solution.detail << '\n';
  if (solution.truncated) {
    std::cerr << "backstop: note: listed the first " << solution.equilibria.size()
              << " equilibria; more exist (raise --max)\n";
  }
  return 0;
}

int run_tree(const TreeArgs& args) {
  if (args.format != "dot") throw InputError("unknown tree format '" + args.format + "' (known: dot)");
  AnyGame any = read_game_file(args.file);
  const auto* game = std::get_if<Game>(&any);
  if (!game) throw InputError(SourceLocation{args.file, 0, 0}, "a tree picture needs an extensive-form game (.efg)");
  write_output(args.out, [&](std::ostream& out) { write_dot(*game, out); });
  return 0;
}

}  // namespace backstop::cli
