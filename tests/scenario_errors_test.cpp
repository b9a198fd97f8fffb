// Invalid scenarios: one defect per file in tests/data/invalid/scenario/, the
// first line of each stating where the one message points and what it says:
//   # expect: LINE:COL: message
// A file with several independent defects has one such line for each, in
// file order: every one is reported in one run, and nothing else.
// Quotes are checked against the texts in tests/data/sources/.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "backstop/error.hpp"
#include "backstop/scenario/scenario.hpp"

using namespace backstop;

TEST_CASE("load_scenario: each invalid file gives exactly its expected message at file:line:column",
          "[scenario][errors]") {
  const std::string dir = std::string(BACKSTOP_TEST_DATA) + "/invalid/scenario";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string path = entry.path().string();
    INFO(path);
    std::ifstream in(path);
    const std::string prefix = "# expect: ";
    std::vector<std::string> expected;
    for (std::string line; std::getline(in, line) && line.rfind(prefix, 0) == 0;)
      expected.push_back(path + ":" + line.substr(prefix.size()));
    REQUIRE(!expected.empty());
    try {
      (void)load_scenario(path, LoadOptions{std::string(BACKSTOP_TEST_DATA) + "/sources", {}});
      FAIL("loaded without error");
    } catch (const ScenarioError& e) {
      REQUIRE(e.problems().size() == expected.size());
      for (std::size_t k = 0; k < expected.size(); ++k) {
        const Diagnostic& d = e.problems()[k];
        CHECK(format_location(d.where) + ": " + d.message == expected[k]);
      }
      CHECK(e.exit_code() == kExitBadInput);
    }
    ++files;
  }
  CHECK(files >= 30);
}
