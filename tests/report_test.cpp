#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "backstop/game/gambit_io.hpp"
#include "backstop/report/labels.hpp"
#include "backstop/report/solution_report.hpp"
#include "backstop/solve/solve.hpp"

using namespace backstop;

namespace {

constexpr const char* kEntry = R"(EFG 2 R "Entry" { "Entrant" "Incumbent" } ""
p "" 1 1 "enter?" { "out" "in" } 0
t "" 1 "stays out" { 0, 2 }
p "" 2 1 "" { "fight" "fight" } 0
t "" 2 "price war" { -1, -1 }
t "" 3 "shared market" { 1, 1 }
)";

}  // namespace

TEST_CASE("distinct_names: empty and repeated labels become their position", "[report]") {
  CHECK(distinct_names({"a", "", "b", "a"}) == std::vector<std::string>{"#1", "#2", "b", "#4"});
}

TEST_CASE("gambit_number: whole numbers bare, others to 6 significant digits", "[report]") {
  CHECK(gambit_number(1.0) == "1");
  CHECK(gambit_number(0.0) == "0");
  CHECK(gambit_number(1.83548e-08, false) == "1.83548e-08");
  CHECK(gambit_number(0.7605091, false) == "0.760509");
  CHECK(gambit_number(2.0 / 11.0) == "2/11");
  CHECK(gambit_number(0.4) == "2/5");
  CHECK(gambit_number(-1.0 / 3.0) == "-1/3");
  CHECK(gambit_number(0.7605091) == "0.760509");  // no small fraction is that close
}

TEST_CASE("write_solution json: names the concept and gives profile, payoffs, beliefs and outcomes", "[report]") {
  const Game g = read_efg(kEntry, "entry.efg");
  SolveOptions options;
  options.method = Method::kSpe;
  const Solution s = solve(g, options);
  std::ostringstream out;
  write_solution(g, s, ReportFormat::kJson, out);
  const auto doc = nlohmann::json::parse(out.str());
  CHECK(doc["game"] == "Entry");
  CHECK(doc["method"] == "spe");
  CHECK(doc["concept"] == "subgame-perfect equilibrium");
  REQUIRE(doc["equilibria"].size() == 1);
  const auto& e = doc["equilibria"][0];
  // Accommodating (second action, label repeated so shown as #2) beats fighting: entry.
  CHECK(e["profile"]["Entrant"]["enter?"]["in"] == 1.0);
  CHECK(e["profile"]["Incumbent"]["#1"]["#2"] == 1.0);
  CHECK(e["payoffs"]["Incumbent"] == 1.0);
  CHECK(e["beliefs"]["Incumbent"]["#1"][0] == 1.0);
  // Every terminal node, in file order, with the probability play ends there.
  REQUIRE(e["outcomes"].size() == 3);
  CHECK(e["outcomes"][0]["outcome"] == "stays out");
  CHECK(e["outcomes"][0]["probability"] == 0.0);
  CHECK_FALSE(e["outcomes"][0].contains("path"));
  CHECK(e["outcomes"][2]["terminal"] == 3);
  CHECK(e["outcomes"][2]["outcome"] == "shared market");
  CHECK(e["outcomes"][2]["probability"] == 1.0);
  CHECK(e["outcomes"][2]["path"] == nlohmann::json::array({"in", "#2"}));
}

TEST_CASE("write_solution table: says what was computed and where play ends", "[report]") {
  const Game g = read_efg(kEntry, "entry.efg");
  SolveOptions options;
  options.method = Method::kSpe;
  std::ostringstream out;
  write_solution(g, solve(g, options), ReportFormat::kTable, out);
  CHECK_THAT(out.str(),
             Catch::Contains("Concept:  subgame-perfect equilibrium") && Catch::Contains("100.00%  shared market"));
}
