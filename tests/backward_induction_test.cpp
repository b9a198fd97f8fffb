#include <catch2/catch.hpp>

#include "backstop/error.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/game/game_builder.hpp"
#include "backstop/report/solution_report.hpp"
#include "backstop/solve/backward_induction.hpp"
#include "backstop/solve/solve.hpp"
#include "support/reference.hpp"

using namespace backstop;

namespace {

Game load(const std::string& reference_name) {
  return std::get<Game>(read_game(test::read_text(test::reference_dir() + "/games/" + reference_name), reference_name));
}

std::set<std::string> our_spe_lines(const Game& g) {
  SolveOptions options;
  options.method = Method::kSpe;
  options.all = true;
  std::set<std::string> lines;
  for (const Equilibrium& e : solve(g, options).equilibria) lines.insert(gambit_line(e.profile));
  return lines;
}

}  // namespace

TEST_CASE("backward induction: the centipede unravels to TAKE at the first move", "[solve][spe]") {
  // Closed form: at the last node player 2 takes (6.40 > 3.20); then every
  // earlier mover takes too, so play ends at once with (0.80, 0.20).
  const Game g = load("contrib__cent4.efg");
  SolveOptions options;
  options.method = Method::kSpe;
  const Solution s = solve(g, options);
  REQUIRE(s.equilibria.size() == 1);
  CHECK(s.concept_name == "subgame-perfect equilibrium");
  CHECK(gambit_line(s.equilibria[0].profile) == "NE,1,0,1,0,1,0,1,0");
  CHECK(s.equilibria[0].payoffs[0] == Approx(0.8));
  CHECK(s.equilibria[0].payoffs[1] == Approx(0.2));
}

TEST_CASE("backward induction: chance nodes take expectations", "[solve][spe]") {
  // A chooses safe (1) or a lottery: 1/4 win 5, 3/4 lose -1 (value 1/2).
  // Lower the loss to 0 and the lottery is worth 5/4: A switches.
  GameBuilder b("lottery", {"A"});
  const InfoSetId a = b.add_infoset(PlayerId{0}, "choose", {"safe", "lottery"});
  const InfoSetId nature = b.add_chance_infoset("draw", {"win", "lose"}, {0.25, 0.75}, {"1/4", "3/4"});
  b.add_move(a);
  b.add_terminal("", b.add_outcome("safe", {1}));
  b.add_move(nature);
  b.add_terminal("", b.add_outcome("win", {5}));
  const OutcomeId lose = b.add_outcome("lose", {-1});
  b.add_terminal("", lose);
  Game g = b.build();

  BackwardInduction bi;
  bi.solve(g);
  CHECK(bi.choices()[0] == 0);
  CHECK(bi.value(Game::root(), PlayerId{0}) == Approx(1.0));
  CHECK(bi.value(g.child(Game::root(), 1), PlayerId{0}) == Approx(0.5));

  g.set_payoff(lose, PlayerId{0}, 0.0);  // re-weighted in place, same workspace
  bi.solve(g);
  CHECK(bi.choices()[0] == 1);
  CHECK(bi.value(Game::root(), PlayerId{0}) == Approx(1.25));

  g.set_probability(g.action(g.infosets_of(kChancePlayer)[0], 0), 0.1);
  g.set_probability(g.action(g.infosets_of(kChancePlayer)[0], 1), 0.9);
  bi.solve(g);
  CHECK(bi.choices()[0] == 0);  // 0.5 < 1
}

TEST_CASE("backward induction: outcomes on inner nodes add up along the path", "[solve][spe]") {
  GameBuilder b("toll", {"A", "B"});
  const InfoSetId a = b.add_infoset(PlayerId{0}, "", {"go", "stop"});
  b.add_move(a, "", b.add_outcome("toll", {-1, 1}));
  b.add_terminal("", b.add_outcome("far", {3, 0}));
  b.add_terminal("", b.add_outcome("near", {1, 0}));
  const Game g = b.build();
  BackwardInduction bi;
  bi.solve(g);
  CHECK(bi.value(Game::root(), PlayerId{0}) == Approx(2.0));
  CHECK(bi.value(Game::root(), PlayerId{1}) == Approx(1.0));
  const Equilibrium e = evaluate(g, BehaviorProfile::Unit(2, 0));
  CHECK(e.payoffs[0] == Approx(2.0));
}

TEST_CASE("backward induction: ties go to the first action; enumerate lists every tied choice", "[solve][spe]") {
  GameBuilder b("tie", {"A", "B"});
  const InfoSetId a = b.add_infoset(PlayerId{0}, "", {"l", "r"});
  const InfoSetId bset = b.add_infoset(PlayerId{1}, "", {"x", "y"});
  b.add_move(a);
  b.add_move(bset);
  b.add_terminal("", b.add_outcome("lx", {1, 0}));
  b.add_terminal("", b.add_outcome("ly", {3, 0}));
  b.add_terminal("", b.add_outcome("r", {2, 0}));
  const Game g = b.build();
  // B is indifferent: picking x makes A play r (2 > 1); picking y makes A play l (3 > 2).
  BackwardInduction bi;
  bi.solve(g);
  CHECK(bi.choices()[1] == 0);
  CHECK(bi.choices()[0] == 1);
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  const std::size_t n = bi.enumerate(g, [&] {
    seen.insert({bi.choices()[0], bi.choices()[1]});
    return true;
  });
  CHECK(n == 2);
  CHECK(seen == std::set<std::pair<std::uint32_t, std::uint32_t>>{{1, 0}, {0, 1}});
}

TEST_CASE("backward induction: refuses a game with imperfect information", "[solve][spe][errors]") {
  const Game g = load("contrib__e04.efg");
  REQUIRE_FALSE(g.is_perfect_information());
  SolveOptions options;
  options.method = Method::kSpe;
  CHECK_THROWS_AS(solve(g, options), SolverError);
  try {
    solve(g, options);
  } catch (const SolverError& e) {
    CHECK(e.exit_code() == 2);
    CHECK_THAT(e.message(), Catch::Contains("needs perfect information"));
  }
}

TEST_CASE("backward induction: a chain 100,000 deep solves without recursion", "[solve][spe]") {
  // Each mover may stop (payoff = depth) or pass; passing to the end pays 0.
  constexpr int kDepth = 100000;
  GameBuilder b("chain", {"A"});
  for (int d = 0; d < kDepth; ++d) {
    b.add_move(b.add_infoset(PlayerId{0}, "", {"stop", "pass"}));
    b.add_terminal("", b.add_outcome("", {static_cast<double>(d)}));
  }
  b.add_terminal();
  const Game g = b.build();
  CHECK(g.num_nodes() == 2 * kDepth + 1);
  BackwardInduction bi;
  bi.solve(g);
  // The best stop is the deepest one: pass all the way, stop at depth kDepth-1.
  CHECK(bi.value(Game::root(), PlayerId{0}) == Approx(kDepth - 1));
}

TEST_CASE("backward induction: agrees with Gambit's enumpure -P on every perfect-information reference game",
          "[solve][spe][reference]") {
  int checked = 0;
  for (const std::string& name : test::games_answered_by("enumpure-P")) {
    const Game g = load(name);
    if (!g.is_perfect_information()) continue;
    INFO(name);
    CHECK(our_spe_lines(g) == test::answer_lines(name, "enumpure-P"));
    ++checked;
  }
  // Guard against a silently empty loop: the reference set has this many.
  CHECK(checked >= 27);
  WARN("perfect-information reference games checked: " << checked);
}
