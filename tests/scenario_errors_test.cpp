// Invalid scenarios: one defect per file in tests/data/invalid/scenario/, the
// first line of each stating where the one message points and what it says:
//   # expect: LINE:COL: message
// Quotes are checked against the texts in tests/data/sources/.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "backstop/error.hpp"
#include "backstop/scenario/scenario.hpp"

using namespace backstop;

TEST_CASE("load_scenario: each invalid file gives exactly its expected message at file:line:column", "[scenario][errors]") {
  const std::string dir = std::string(BACKSTOP_TEST_DATA) + "/invalid/scenario";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string path = entry.path().string();
    INFO(path);
    std::ifstream in(path);
    std::string first;
    std::getline(in, first);
    const std::string prefix = "# expect: ";
    REQUIRE(first.rfind(prefix, 0) == 0);
    const std::string expected = path + ":" + first.substr(prefix.size());
    try {
      (void)load_scenario(path, LoadOptions{std::string(BACKSTOP_TEST_DATA) + "/sources"});
      FAIL("loaded without error");
    } catch (const ScenarioError& e) {
      REQUIRE(e.problems().size() == 1);
      const Diagnostic& d = e.problems().front();
      CHECK(format_location(d.where) + ": " + d.message == expected);
      CHECK(e.exit_code() == kExitBadInput);
    }
    ++files;
  }
  CHECK(files >= 30);
}
