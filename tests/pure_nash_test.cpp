#include <catch2/catch.hpp>

#include "backstop/error.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/report/solution_report.hpp"
#include "backstop/solve/pure_nash.hpp"
#include "support/reference.hpp"

using namespace backstop;

namespace {

std::set<std::string> lines(const Solution& s) {
  std::set<std::string> out;
  for (const Equilibrium& e : s.equilibria) out.insert(gambit_line(e.profile));
  return out;
}

Solution solve_reference(const std::string& name, bool subgame_perfect) {
  PureNashOptions options;
  options.subgame_perfect = subgame_perfect;
  const AnyGame game = read_game(test::read_text(test::reference_dir() + "/games/" + name), name);
  return std::visit([&](const auto& g) { return solve_pure_nash(g, options); }, game);
}

}  // namespace

TEST_CASE("pure Nash: the prisoner's dilemma has mutual defection only", "[solve][pure]") {
  const NormalFormGame g = read_nfg(R"(NFG 1 R "PD" { "A" "B" } { { "C" "D" } { "C" "D" } } ""
3 3  5 0  0 5  1 1)",
                                    "pd.nfg");
  // Closed form: D strictly dominates C for both (5 > 3, 1 > 0).
  const Solution s = solve_pure_nash(g, {});
  REQUIRE(s.equilibria.size() == 1);
  CHECK(gambit_line(s.equilibria[0].profile) == "NE,0,1,0,1");
  CHECK(s.equilibria[0].payoffs[0] == 1);
}

TEST_CASE("pure Nash: matching pennies has none; coordination has both diagonals", "[solve][pure]") {
  const NormalFormGame pennies = read_nfg(R"(NFG 1 R "MP" { "A" "B" } { 2 2 } ""
1 -1  -1 1  -1 1  1 -1)",
                                          "mp.nfg");
  CHECK(solve_pure_nash(pennies, {}).equilibria.empty());
  const NormalFormGame coord = read_nfg(R"(NFG 1 R "C" { "A" "B" } { 2 2 } ""
2 1  0 0  0 0  1 2)",
                                        "c.nfg");
  CHECK(lines(solve_pure_nash(coord, {})) == std::set<std::string>{"NE,1,0,1,0", "NE,0,1,0,1"});
}

TEST_CASE("pure Nash: a tree's reduced strategies leave own-unreachable sets empty, as Gambit prints",
          "[solve][pure]") {
  // Selten's figure 2: player 1 ends the game at once (R), so its second set is
  // unreachable under its own strategy and prints as zeros.
  const Solution s = solve_reference("catalog__journals__ijgt__selten1975__fig2.efg", false);
  CHECK(lines(s) == std::set<std::string>{"NE,1,0,0,0,1,0"});
}

TEST_CASE("pure Nash: agrees with gambit-enumpure on every reference game", "[solve][pure][reference]") {
  int checked = 0;
  for (const std::string& name : test::games_answered_by("enumpure")) {
    INFO(name);
    CHECK(lines(solve_reference(name, false)) == test::answer_lines(name, "enumpure"));
    ++checked;
  }
  CHECK(checked >= 200);
}

TEST_CASE("pure Nash --spe: agrees with gambit-enumpure -P on every reference game", "[solve][pure][reference]") {
  int checked = 0;
  for (const std::string& name : test::games_answered_by("enumpure-P")) {
    INFO(name);
    CHECK(lines(solve_reference(name, true)) == test::answer_lines(name, "enumpure-P"));
    ++checked;
  }
  CHECK(checked >= 130);
}

TEST_CASE("pure Nash: too many profiles is refused, not attempted", "[solve][pure][errors]") {
  PureNashOptions options;
  options.max_profiles = 10;
  const NormalFormGame g = read_nfg(R"(NFG 1 R "big" { "A" "B" } { 4 4 } ""
0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)",
                                    "big.nfg");
  CHECK_THROWS_AS(solve_pure_nash(g, options), SolverError);
}
