// Reads a game, solves it, prints the first equilibrium's payoffs: the
// library through its installed headers only.
#include <iostream>
#include <variant>

#include "backstop/error.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/solve/solve.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  try {
    const backstop::AnyGame any = backstop::read_game_file(argv[1]);
    const backstop::Solution s = std::visit([](const auto& g) { return backstop::solve(g, {}); }, any);
    std::cout << s.concept_name << ':';
    for (double v : s.equilibria.front().payoffs) std::cout << ' ' << v;
    std::cout << '\n';
  } catch (const backstop::Error& e) {
    std::cerr << e.what() << '\n';
    return e.exit_code();
  }
  return 0;
}
