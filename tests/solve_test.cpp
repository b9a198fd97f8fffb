// solve(): one entry over every method, and equilibria streamed to a callback.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "backstop/game/gambit_io.hpp"
#include "backstop/solve/solve.hpp"
#include "support/reference.hpp"

using namespace backstop;

namespace {

AnyGame reference(const std::string& name) { return read_game_file(test::reference_dir() + "/games/" + name); }

// Solves with a callback that stops after `stop_after`; returns what it saw.
std::vector<Eigen::VectorXd> streamed(const AnyGame& any, Method method, std::size_t stop_after, Solution& out) {
  std::vector<Eigen::VectorXd> seen;
  SolveOptions options;
  options.method = method;
  options.all = true;
  options.on_equilibrium = [&](const Equilibrium& e) {
    seen.push_back(e.profile);
    return seen.size() < stop_after;
  };
  out = std::visit([&](const auto& g) { return solve(g, options); }, any);
  return seen;
}

}  // namespace

TEST_CASE("solve: each equilibrium streams to the callback in listing order, and false stops the search",
          "[solve][stream]") {
  struct Case {
    const char* game;
    Method method;
  };
  // Games with several equilibria under each listing method (75 extreme ones
  // in von Stengel's 6x6; 4 and 8 pure ones, 64 subgame-perfect ones in nim7).
  for (const Case& c : {Case{"catalog__journals__dcg__vonstengel1999__6x6_game_with_75_eq.nfg", Method::kEnumMixed},
                        Case{"catalog__journals__dcg__vonstengel1999__6x6_game_with_75_eq.nfg", Method::kLcp},
                        Case{"contrib__2x2x2.nfg", Method::kPure}, Case{"contrib__bcp3.efg", Method::kPure},
                        Case{"contrib__nim7.efg", Method::kSpe}}) {
    INFO(c.game << " " << method_name(c.method));
    const AnyGame any = reference(c.game);
    Solution all;
    const std::vector<Eigen::VectorXd> every = streamed(any, c.method, 1000000, all);
    REQUIRE(all.equilibria.size() >= 2);
    REQUIRE(every.size() == all.equilibria.size());
    for (std::size_t k = 0; k < every.size(); ++k) CHECK(every[k] == all.equilibria[k].profile);

    Solution first;
    const std::vector<Eigen::VectorXd> one = streamed(any, c.method, 1, first);
    REQUIRE(one.size() == 1);
    REQUIRE(first.equilibria.size() == 1);  // the search stopped there
    CHECK(one.front() == all.equilibria.front().profile);
  }
}

TEST_CASE("solve: a method that finds one equilibrium hands it to the callback too", "[solve][stream]") {
  Solution s;
  const std::vector<Eigen::VectorXd> seen =
      streamed(reference("catalog__journals__ijgt__selten1975__fig1.efg"), Method::kQre, 5, s);
  REQUIRE(seen.size() == 1);
  CHECK(seen.front() == s.equilibria.front().profile);
}
