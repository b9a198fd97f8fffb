#include <catch2/catch.hpp>

#include <sstream>

#include "backstop/error.hpp"
#include "backstop/game/gambit_io.hpp"
#include "support/games.hpp"
#include "support/reference.hpp"

using namespace backstop;

namespace {

using test::kDeterrenceEfg;

std::string write(const Game& g) {
  std::ostringstream out;
  write_efg(g, out);
  return out.str();
}
std::string write(const NormalFormGame& g) {
  std::ostringstream out;
  write_nfg(g, out);
  return out.str();
}

// Two games are the same game: same players, same tree in file order, same
// information sets, labels, probabilities and payoffs.
void require_same_game(const Game& a, const Game& b) {
  REQUIRE(a.title() == b.title());
  REQUIRE(a.num_players() == b.num_players());
  REQUIRE(a.num_nodes() == b.num_nodes());
  REQUIRE(a.num_infosets() == b.num_infosets());
  for (std::uint32_t p = 0; p < a.num_players(); ++p)
    REQUIRE(a.player_label(PlayerId{p}) == b.player_label(PlayerId{p}));
  for (std::size_t i = 0; i < a.num_nodes(); ++i) {
    const NodeId na = a.preorder()[i], nb = b.preorder()[i];
    REQUIRE(a.kind(na) == b.kind(nb));
    REQUIRE(a.node_label(na) == b.node_label(nb));
    REQUIRE((a.outcome(na) == kNoOutcome) == (b.outcome(nb) == kNoOutcome));
    if (a.outcome(na) != kNoOutcome) {
      REQUIRE(a.outcome_label(a.outcome(na)) == b.outcome_label(b.outcome(nb)));
      for (std::uint32_t p = 0; p < a.num_players(); ++p) {
        REQUIRE(a.payoff(a.outcome(na), PlayerId{p}) == b.payoff(b.outcome(nb), PlayerId{p}));
      }
    }
    if (a.kind(na) == NodeKind::kTerminal) continue;
    const InfoSetId ha = a.infoset(na), hb = b.infoset(nb);
    REQUIRE(a.infoset_player(ha) == b.infoset_player(hb));
    REQUIRE(a.infoset_number(ha) == b.infoset_number(hb));
    REQUIRE(a.infoset_label(ha) == b.infoset_label(hb));
    REQUIRE(a.infoset_num_actions(ha) == b.infoset_num_actions(hb));
    for (std::uint32_t k = 0; k < a.infoset_num_actions(ha); ++k) {
      REQUIRE(a.action_label(a.action(ha, k)) == b.action_label(b.action(hb, k)));
      if (a.kind(na) == NodeKind::kChance) REQUIRE(a.probability(a.action(ha, k)) == b.probability(b.action(hb, k)));
    }
  }
}

void require_same_game(const NormalFormGame& a, const NormalFormGame& b) {
  REQUIRE(a.title() == b.title());
  REQUIRE(a.num_players() == b.num_players());
  for (std::uint32_t p = 0; p < a.num_players(); ++p) {
    REQUIRE(a.player_label(PlayerId{p}) == b.player_label(PlayerId{p}));
    REQUIRE(a.num_strategies(PlayerId{p}) == b.num_strategies(PlayerId{p}));
    for (std::uint32_t s = 0; s < a.num_strategies(PlayerId{p}); ++s) {
      REQUIRE(a.strategy_label(PlayerId{p}, s) == b.strategy_label(PlayerId{p}, s));
    }
  }
  REQUIRE(a.payoffs() == b.payoffs());
}

}  // namespace

TEST_CASE("read_efg: the FORMATS.md deterrence example has Gambit's structure", "[game][efg]") {
  const Game g = read_efg(kDeterrenceEfg, "deterrence.efg");
  CHECK(g.num_players() == 2);
  CHECK(g.num_nodes() == 11);
  CHECK(g.kind(Game::root()) == NodeKind::kChance);
  CHECK_FALSE(g.is_perfect_information());
  // Defender's one information set holds both challenged nodes.
  REQUIRE(g.infosets_of(PlayerId{1}).size() == 1);
  const InfoSetId defender = g.infosets_of(PlayerId{1})[0];
  CHECK(g.members(defender).size() == 2);
  CHECK(g.infoset_label(defender) == "D:challenged");
  // Challenger's sets in file order: strong, then weak.
  REQUIRE(g.infosets_of(PlayerId{0}).size() == 2);
  CHECK(g.infoset_label(g.infosets_of(PlayerId{0})[0]) == "C:strong");
  CHECK(g.num_player_actions() == 6);
  const InfoSetId nature = g.infosets_of(kChancePlayer)[0];
  CHECK(g.probability(g.action(nature, 0)) == Approx(1.0 / 3.0));
  CHECK(g.probability_text(g.action(nature, 0)) == "1/3");
  CHECK(g.num_outcomes() == 4);
}

TEST_CASE("write_efg: writes every node with its full description, as Gambit does", "[game][efg]") {
  const Game g = read_efg(kDeterrenceEfg, "deterrence.efg");
  const std::string expected = R"(EFG 2 R "Deterrence with private type" { "Challenger" "Defender" }
"Chance draws the challenger's type; the defender sees only whether it is challenged."

c "root" 1 "type" { "strong" 1/3 "weak" 2/3 } 0
p "strong" 1 1 "C:strong" { "challenge" "quiet" } 0
p "" 2 1 "D:challenged" { "fight" "yield" } 0
t "" 1 "war, strong" { 1, -1 }
t "" 2 "concede" { 2, -2 }
t "" 3 "status quo" { 0, 0 }
p "weak" 1 2 "C:weak" { "challenge" "quiet" } 0
p "" 2 1 "D:challenged" { "fight" "yield" } 0
t "" 4 "war, weak" { -2, 1 }
t "" 2 "concede" { 2, -2 }
t "" 3 "status quo" { 0, 0 }
)";
  CHECK(write(g) == expected);
}

TEST_CASE("write_efg: a payoff rewritten in place is written as its shortest decimal", "[game][efg]") {
  Game g = read_efg(kDeterrenceEfg, "deterrence.efg");
  g.set_payoff(OutcomeId{0}, PlayerId{0}, 0.1 + 0.2);
  const Game back = read_efg(write(g), "again.efg");
  CHECK(back.payoff(OutcomeId{0}, PlayerId{0}) == 0.1 + 0.2);
  CHECK(back.payoff_text(OutcomeId{1}, PlayerId{1}) == "-2");
}

TEST_CASE("read_nfg: player 1's strategy varies fastest, in both versions", "[game][nfg]") {
  const NormalFormGame pay = read_nfg(R"(NFG 1 R "2x3 example, payoff form" { "Row" "Col" } { 2 3 }
"optional comment"

3 1   0 0   0 0   1 3   2 2   1 1
)",
                                      "ex_payoff.nfg");
  const NormalFormGame out = read_nfg(R"(NFG 1 R "2x3 example, outcome form" { "Row" "Col" }
{ { "U" "D" }
  { "l" "c" "r" } }
"optional comment"
{
{ "A" 3, 1 }
{ "B" 1, 3 }
{ "C" 2, 2 }
{ "D" 1, 1 }
}
1 0 0 2 3 4
)",
                                      "ex_outcome.nfg");
  const std::uint32_t d_c[] = {1, 1};
  CHECK(pay.contingency(d_c) == 3);
  CHECK(pay.payoff(3, PlayerId{0}) == 1);
  CHECK(pay.payoff(3, PlayerId{1}) == 3);
  CHECK(pay.strategy_label(PlayerId{1}, 2) == "3");
  CHECK(pay.payoffs() == out.payoffs());
  CHECK(out.has_outcomes());
  CHECK(out.strategy_label(PlayerId{1}, 2) == "r");
}

TEST_CASE("write_nfg: a payoff rewritten in place turns an outcome-version game into a payoff version", "[game][nfg]") {
  NormalFormGame g = read_nfg(R"(NFG 1 R "t" { "A" "B" } { { "x" "y" } { "z" } } "" { { "o" 1, 2 } } 1 0)", "t.nfg");
  REQUIRE(g.has_outcomes());
  g.set_payoff(1, PlayerId{0}, 7);
  CHECK_FALSE(g.has_outcomes());
  const NormalFormGame back = read_nfg(write(g), "back.nfg");
  CHECK(back.payoff(0, PlayerId{1}) == 2);
  CHECK(back.payoff(1, PlayerId{0}) == 7);
}

TEST_CASE("gambit files: every reference game reads and round-trips", "[game][efg][nfg][reference]") {
  const auto games = test::reference_games();
  REQUIRE(games.size() >= 200);
  for (const std::string& name : games) {
    INFO(name);
    const std::string text = test::read_text(test::reference_dir() + "/games/" + name);
    AnyGame first = read_game(text, name);
    if (auto* efg = std::get_if<Game>(&first)) {
      const std::string written = write(*efg);
      const Game second = read_efg(written, name + " (written)");
      require_same_game(*efg, second);
      CHECK(write(second) == written);  // writing is a fixed point
    } else {
      const auto& nfg = std::get<NormalFormGame>(first);
      const std::string written = write(nfg);
      const NormalFormGame second = read_nfg(written, name + " (written)");
      require_same_game(nfg, second);
      CHECK(write(second) == written);
    }
  }
}

TEST_CASE("read_game: a missing file is an IoError with exit code 2", "[game][errors]") {
  try {
    read_game_file("/nonexistent/game.efg");
    FAIL("no error");
  } catch (const IoError& e) {
    CHECK(e.exit_code() == 2);
    CHECK(std::string(e.what()).rfind("/nonexistent/game.efg: error: cannot open", 0) == 0);
  }
}
