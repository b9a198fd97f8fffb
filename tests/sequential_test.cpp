#include <catch2/catch.hpp>

#include "backstop/error.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/game/game_builder.hpp"
#include "backstop/report/solution_report.hpp"
#include "backstop/solve/sequential.hpp"
#include "support/reference.hpp"

using namespace backstop;

namespace {

// Hidden resolve: Nature makes the defender resolute with probability p; the
// challenger, not seeing it, attacks or complies; after an attack the
// defender, who knows its type, responds or backs down.
//   comply: (0, 0).  attack, respond: (-war, resolute ? 1 : -2).  attack, back down: (gain, -1).
Game hidden_resolve(double p, double gain, double war) {
  GameBuilder b("hidden resolve", {"Challenger", "Defender"});
  const InfoSetId nature = b.add_chance_infoset("type", {"resolute", "reluctant"}, {p, 1 - p});
  const InfoSetId challenger = b.add_infoset(PlayerId{0}, "challenger", {"attack", "comply"});
  const InfoSetId resolute = b.add_infoset(PlayerId{1}, "resolute", {"respond", "back down"});
  const InfoSetId reluctant = b.add_infoset(PlayerId{1}, "reluctant", {"respond", "back down"});
  b.add_move(nature);
  for (const bool is_resolute : {true, false}) {
    b.add_move(challenger);
    b.add_move(is_resolute ? resolute : reluctant);
    b.add_terminal("", b.add_outcome("war", {-war, is_resolute ? 1.0 : -2.0}));
    b.add_terminal("", b.add_outcome("backs down", {gain, -1}));
    b.add_terminal("", b.add_outcome("peace", {0, 0}));
  }
  return b.build();
}

// The profile with every information set its own moves make unreachable
// emptied, as gambit-enumpure prints a reduced strategy.
BehaviorProfile reduced(const Game& g, BehaviorProfile profile) {
  for (std::uint32_t s = 0; s < g.num_infosets(); ++s) {
    const InfoSetId h{s};
    if (g.infoset_player(h) == kChancePlayer) continue;
    bool reachable = true;
    for (NodeId n = g.members(h)[0]; n != Game::root() && reachable; n = g.parent(n)) {
      const NodeId q = g.parent(n);
      if (g.kind(q) == NodeKind::kDecision && g.player(q) == g.infoset_player(h))
        reachable = profile[index(g.action_into(n))] > 0;
    }
    if (!reachable) {
      for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) profile[index(g.action(h, k))] = 0;
    }
  }
  return profile;
}

}  // namespace

TEST_CASE("sequential: the challenger attacks exactly when resolve is below gain/(gain+war)", "[solve][sequential]") {
  // Closed form: the resolute type responds (1 > -1), the reluctant backs down
  // (-1 > -2). Attacking pays p(-war) + (1-p) gain against 0 for complying:
  // attack iff p < gain / (gain + war) = 2/5 with gain 2, war 3.
  for (const double p : {0.1, 0.39, 0.41, 0.9}) {
    INFO("p = " << p);
    const Game g = hidden_resolve(p, 2.0, 3.0);
    REQUIRE(has_strategy_independent_beliefs(g));
    const Solution s = solve_sequential(g);
    REQUIRE(s.equilibria.size() == 1);
    const Equilibrium& e = s.equilibria[0];
    const InfoSetId challenger = g.infosets_of(PlayerId{0})[0];
    CHECK(e.profile[index(g.action(challenger, 0))] == (p < 0.4 ? 1.0 : 0.0));
    CHECK(e.profile[index(g.action(g.infosets_of(PlayerId{1})[0], 0))] == 1.0);  // resolute responds
    CHECK(e.profile[index(g.action(g.infosets_of(PlayerId{1})[1], 1))] == 1.0);  // reluctant backs down
    // Beliefs at the challenger's set are Nature's odds, on the path or off it.
    CHECK(e.beliefs[index(g.members(challenger)[0])] == Approx(p));
    CHECK(e.payoffs[0] == Approx(std::max(0.0, -3.0 * p + 2.0 * (1 - p))));
    CHECK(s.concept_name == "sequential equilibrium");
  }
}

TEST_CASE("sequential: a signalling game is outside the class and refused", "[solve][sequential][errors]") {
  // FORMATS.md's deterrence game: the defender's nodes follow different challenger moves.
  const Game g = std::get<Game>(read_game_file(test::reference_dir() + "/games/contrib__e04.efg"));
  CHECK_FALSE(has_strategy_independent_beliefs(g));
  CHECK_THROWS_WITH(solve_sequential(g), Catch::Contains("beliefs that do not depend on strategies"));
}

TEST_CASE("sequential: every reference game in the class yields an equilibrium Gambit also finds",
          "[solve][sequential][reference]") {
  int checked = 0, imperfect = 0;
  for (const std::string& name : test::games_answered_by("enumpure")) {
    AnyGame any = read_game_file(test::reference_dir() + "/games/" + name);
    const Game* g = std::get_if<Game>(&any);
    if (!g || !has_strategy_independent_beliefs(*g)) continue;
    INFO(name);
    const Solution s = solve_sequential(*g);
    const auto gambit = test::answer_lines(name, "enumpure");
    CHECK(gambit.count(gambit_line(reduced(*g, s.equilibria[0].profile))) == 1);
    ++checked;
    imperfect += g->is_perfect_information() ? 0 : 1;
  }
  CHECK(checked >= 30);
  CHECK(imperfect >= 4);
  WARN("reference games in the class: " << checked << " (" << imperfect << " with imperfect information)");
}
