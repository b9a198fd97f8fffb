#include <catch2/catch.hpp>

#include "backstop/error.hpp"
#include "backstop/game/game_builder.hpp"

using namespace backstop;

namespace {

// Entry deterrence: the entrant stays out (0, 2) or enters; the incumbent
// fights (-1, -1) or accommodates (1, 1).
Game entry_game() {
  GameBuilder b("Entry", {"Entrant", "Incumbent"});
  const InfoSetId e = b.add_infoset(PlayerId{0}, "entrant", {"out", "in"});
  const InfoSetId i = b.add_infoset(PlayerId{1}, "incumbent", {"fight", "accommodate"});
  const OutcomeId out = b.add_outcome("out", {0, 2});
  const OutcomeId fight = b.add_outcome("fight", {-1, -1});
  const OutcomeId acc = b.add_outcome("accommodate", {1, 1});
  b.add_move(e);
  b.add_terminal("", out);
  b.add_move(i);
  b.add_terminal("", fight);
  b.add_terminal("", acc);
  return b.build();
}

}  // namespace

TEST_CASE("GameBuilder: lays nodes out breadth-first with children contiguous", "[game][builder]") {
  const Game g = entry_game();
  REQUIRE(g.num_nodes() == 5);
  CHECK(g.kind(Game::root()) == NodeKind::kDecision);
  // Root's children are nodes 1 and 2; the incumbent's node is 2, its children 3 and 4.
  CHECK(index(g.child(Game::root(), 0)) == 1);
  CHECK(index(g.child(Game::root(), 1)) == 2);
  const NodeId inc = g.child(Game::root(), 1);
  CHECK(g.player(inc) == PlayerId{1});
  CHECK(index(g.child(inc, 0)) == 3);
  CHECK(g.parent(g.child(inc, 1)) == inc);
  CHECK(g.action_label(g.action_into(g.child(inc, 1))) == "accommodate");
  // Pre-order gives back the order the nodes were added in.
  CHECK(index(g.preorder()[2]) == 2);
  CHECK(index(g.preorder()[3]) == 3);
  CHECK(g.is_perfect_information());
  CHECK(g.num_player_actions() == 4);
}

TEST_CASE("GameBuilder: an incomplete tree or an extra node is an error", "[game][builder][errors]") {
  GameBuilder b("x", {"A"});
  const InfoSetId h = b.add_infoset(PlayerId{0}, "", {"l", "r"});
  b.add_move(h, "", kNoOutcome, {"f.efg", 3, 1});
  b.add_terminal();
  CHECK_THROWS_WITH(b.build(), Catch::Contains("incomplete"));
  b.add_terminal();
  CHECK_THROWS_WITH(b.add_terminal("", kNoOutcome, {"f.efg", 9, 2}),
                    "f.efg:9:2: error: node after the end of the tree (every branch is already complete)");
}

TEST_CASE("GameBuilder: probabilities must lie in [0,1] and sum to one exactly", "[game][builder][errors]") {
  auto build_with = [](std::vector<double> probs, std::vector<std::string> texts) {
    GameBuilder b("x", {"A"});
    const InfoSetId c = b.add_chance_infoset("nature", {"h", "t"}, std::move(probs), std::move(texts), {"c.efg", 4, 1});
    b.add_move(c);
    b.add_terminal();
    b.add_terminal();
    return b.build();
  };
  CHECK_NOTHROW(build_with({1.0 / 3, 2.0 / 3}, {"1/3", "2/3"}));
  CHECK_THROWS_WITH(build_with({0.5, 1.0 / 3}, {"1/2", "1/3"}),
                    "c.efg:4:1: error: chance move \"nature\": probabilities sum to 5/6, not 1");
  CHECK_THROWS_WITH(build_with({-0.5, 1.5}, {"-1/2", "3/2"}),
                    Catch::Contains("probability -1/2 of \"h\" is outside [0, 1]"));
  CHECK_THROWS_WITH(build_with({0.5, 0.25}, {}), Catch::Contains("probabilities sum to 0.75, not 1"));
  CHECK_NOTHROW(build_with({1.0 / 3, 2.0 / 3}, {"0.3333333333333333", "0.6666666666666666"}));  // rounding only
  CHECK_THROWS_WITH(build_with({0.333333, 0.666666}, {"0.333333", "0.666666"}),
                    Catch::Contains("sum to 999999/1000000"));
}

TEST_CASE("GameBuilder: a game without perfect recall is rejected at the offending node", "[game][builder][errors]") {
  // Player A moves, then moves again without remembering the first move.
  GameBuilder b("forgetful", {"A"});
  const InfoSetId first = b.add_infoset(PlayerId{0}, "first", {"l", "r"});
  const InfoSetId second = b.add_infoset(PlayerId{0}, "second", {"x", "y"});
  b.add_move(first, "", kNoOutcome, {"r.efg", 1, 1});
  b.add_move(second, "", kNoOutcome, {"r.efg", 2, 1});
  b.add_terminal();
  b.add_terminal();
  b.add_move(second, "", kNoOutcome, {"r.efg", 5, 1});
  b.add_terminal();
  b.add_terminal();
  CHECK_THROWS_WITH(
      b.build(),
      Catch::StartsWith("r.efg:5:1: error: information set 2 (\"second\") of player \"A\" breaks perfect recall") &&
          Catch::Contains("r.efg:2:1"));
}

TEST_CASE("GameBuilder: an absent-minded player (one set met twice on a path) breaks perfect recall",
          "[game][builder][errors]") {
  GameBuilder b("absent-minded driver", {"Driver"});
  const InfoSetId h = b.add_infoset(PlayerId{0}, "exit?", {"exit", "continue"});
  b.add_move(h);
  b.add_terminal();
  b.add_move(h, "", kNoOutcome, {"d.efg", 3, 1});
  b.add_terminal();
  b.add_terminal();
  CHECK_THROWS_WITH(b.build(), Catch::Contains("breaks perfect recall"));
}

TEST_CASE("GameBuilder: an outcome with the wrong number of payoffs is an error", "[game][builder][errors]") {
  GameBuilder b("x", {"A", "B"});
  CHECK_THROWS_WITH(b.add_outcome("o", {1, 2, 3}, {}, {"o.efg", 7, 9}),
                    "o.efg:7:9: error: outcome \"o\" has 3 payoffs; the game has 2 players");
}

TEST_CASE("Game: payoffs and probabilities are rewritten in place", "[game]") {
  Game g = entry_game();
  g.payoffs()(2, 1) = -5;  // accommodation now hurts the incumbent
  CHECK(g.payoff(OutcomeId{2}, PlayerId{1}) == -5);
  CHECK(g.payoff_text(OutcomeId{2}, PlayerId{1}) == "-5");
  CHECK(g.num_nodes() == 5);
}
