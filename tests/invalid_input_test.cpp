#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <sstream>

#include "backstop/error.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/game/game_builder.hpp"
#include "support/reference.hpp"

using namespace backstop;

namespace {

struct Expected {
  int line = 0, column = 0;
  std::string message;
};

std::map<std::string, Expected> manifest() {
  std::istringstream in(test::read_text(test::test_data_dir() + "/invalid/gambit.expected"));
  std::map<std::string, Expected> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    const std::string where = line.substr(t1 + 1, t2 - t1 - 1);
    Expected e;
    e.line = std::stoi(where.substr(0, where.find(':')));
    e.column = std::stoi(where.substr(where.find(':') + 1));
    e.message = line.substr(t2 + 1);
    out.emplace(line.substr(0, t1), e);
  }
  return out;
}

}  // namespace

TEST_CASE("invalid gambit files: each names its line, column and defect", "[game][errors]") {
  const auto expected = manifest();
  const std::string dir = test::test_data_dir() + "/invalid/gambit";
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    INFO(name);
    auto it = expected.find(name);
    REQUIRE(it != expected.end());  // every file in the corpus states what it must say
    ++seen;
    try {
      read_game_file(entry.path().string());
      FAIL("read without error");
    } catch (const InputError& e) {
      CHECK(e.where().file == entry.path().string());
      CHECK(e.where().line == it->second.line);
      CHECK(e.where().column == it->second.column);
      CHECK_THAT(e.message(), Catch::Contains(it->second.message));
      CHECK(e.exit_code() == 2);
      CHECK_THAT(std::string(e.what()), Catch::StartsWith(fmt::format("{}:{}:{}: error: ", entry.path().string(),
                                                                      it->second.line, it->second.column)));
    }
  }
  CHECK(seen == expected.size());
}

TEST_CASE("invalid gambit files: a tree nested 100,000 deep and cut short is an error, not a stack overflow",
          "[game][errors]") {
  std::string text = "EFG 2 R \"deep\" { \"A\" } \"\"\n";
  for (int d = 1; d <= 100000; ++d) text += fmt::format("p \"\" 1 {} \"\" {{ \"a\" \"b\" }} 0\nt \"\" 0\n", d);
  // Each node's second child is the next node; the last one lacks it.
  try {
    read_efg(text, "deep.efg");
    FAIL("read without error");
  } catch (const InputError& e) {
    CHECK(e.where().line == 200002);
    CHECK_THAT(e.message(), Catch::Contains("the tree is incomplete"));
  }
  text += "t \"\" 0\n";
  const Game g = read_efg(text, "deep.efg");
  CHECK(g.num_nodes() == 200001);
}

TEST_CASE("invalid gambit files: random damage to every reference game never crashes the reader", "[game][errors]") {
  // Deterministic corruption: truncate each game at several points and flip
  // single bytes; every outcome must be a game or an InputError.
  std::size_t errors = 0, reads = 0;
  for (const std::string& name : test::reference_games()) {
    const std::string text = test::read_text(test::reference_dir() + "/games/" + name);
    for (std::size_t cut : {text.size() / 3, text.size() / 2, text.size() - 2}) {
      for (int flip = 0; flip < 2; ++flip) {
        std::string damaged = text.substr(0, cut);
        if (flip) damaged[cut / 2] = static_cast<char>(damaged[cut / 2] ^ 0x5a);
        try {
          read_game(damaged, name);
          ++reads;
        } catch (const InputError& e) {
          ++errors;
          REQUIRE(e.where().line > 0);
        }
      }
    }
  }
  CHECK(errors > 0);
  WARN("damaged reference games: " << errors << " rejected, " << reads << " still read");
}
