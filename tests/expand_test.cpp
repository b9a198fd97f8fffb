// Stage expansion: what each mover sees (perfect recall), stages skipped by
// their `when`, and paths ending in the first outcome that holds.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "scenario/expand.hpp"

using namespace backstop;

namespace {

const char* kScenario = R"(schema: backstop/1
name: expansion
actors: {A: {}, B: {}}
parameters:
  p: {value: 0.5, why: a coin}
stages:
  - {id: coin, chance: {heads: "p", tails: "1 - p"}}
  - {id: first, actor: A, actions: [go, stop]}
  - {id: second, actor: B, actions: [left, right], observes: [first], when: "first.go"}
  - {id: third, actor: A, actions: [x, y], observes: [coin]}
  - {id: last, actor: B, actions: [u, v], observes: all}
outcomes:
  stopped: {when: "first.stop"}
  played: {when: "1"}
payoffs:
  A: {stopped: "0", played: "1"}
  B: {stopped: "0", played: "2"}
)";

}  // namespace

TEST_CASE("expand: a mover sees what it observes, its own earlier stages, and what it knew then",
          "[scenario][expand]") {
  const Scenario s = parse_scenario(kScenario, "expansion.yaml");
  const std::vector<std::vector<std::size_t>> visible = detail::visible_stages(s);
  REQUIRE(visible.size() == 5);
  CHECK(visible[0].empty());                                  // coin
  CHECK(visible[1].empty());                                  // first: A sees nothing before it
  CHECK(visible[2] == std::vector<std::size_t>{1});           // second: B observes first
  CHECK(visible[3] == std::vector<std::size_t>{0, 1});        // third: the coin, and A's own first move
  CHECK(visible[4] == std::vector<std::size_t>{0, 1, 2, 3});  // last: everything
}

TEST_CASE("expand: a stage whose 'when' fails is skipped, and each path ends in the first outcome that holds",
          "[scenario][expand]") {
  const Scenario s = parse_scenario(kScenario, "expansion.yaml");
  const ScenarioModel m(s);
  const Game& g = m.game();
  // coin (2) x first (2); after go: second (2); then third (2) x last (2) on every path:
  // leaves = 2 x [go: 2 x 2 x 2 + stop: 2 x 2] = 24.
  std::size_t leaves = 0, stopped = 0;
  for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
    if (g.num_children(NodeId{i}) != 0) continue;
    ++leaves;
    if (s.outcomes[m.outcome_of(NodeId{i})].id == "stopped") ++stopped;
  }
  CHECK(leaves == 24);
  CHECK(stopped == 8);  // every path through first = stop, though `played` holds there too
  // Information sets: first 1 (A sees nothing), second 1, third 2 coin x 2 first = 4, last one per history.
  std::size_t first = 0, second = 0, third = 0;
  for (std::uint32_t h = 0; h < g.num_infosets(); ++h) {
    const std::string& id = s.stages[m.stage_of(InfoSetId{h})].id;
    first += id == "first";
    second += id == "second";
    third += id == "third";
  }
  CHECK(first == 1);
  CHECK(second == 1);
  CHECK(third == 4);
}
