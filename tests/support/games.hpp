#pragma once
// Small games shared by several tests.

#include <string>

#include "backstop/game/game_builder.hpp"

namespace backstop::test {

// A chain of `length` decision nodes, the players moving in turn, each
// choosing "stop" (a terminal paying the depth to everyone) or "pass".
inline Game chain_game(std::uint32_t length, std::uint32_t players) {
  std::vector<std::string> names;
  for (std::uint32_t p = 0; p < players; ++p) names.push_back(std::string(1, static_cast<char>('A' + p)));
  GameBuilder b("chain", names);
  for (std::uint32_t d = 0; d < length; ++d) {
    b.add_move(b.add_infoset(PlayerId{d % players}, "", {"stop", "pass"}));
    b.add_terminal("", b.add_outcome("", std::vector<double>(players, static_cast<double>(d))));
  }
  b.add_terminal("", b.add_outcome("", std::vector<double>(players, static_cast<double>(length))));
  return b.build();
}

// The deterrence example of shared/reference/gambit/FORMATS.md: Nature draws
// the challenger's type (1/3 strong); the defender sees only the challenge.
// One description is omitted (the defender's second node) and outcomes are
// reused, as Gambit allows. Gambit's answers for it are in FORMATS.md.
inline constexpr const char* kDeterrenceEfg = R"(EFG 2 R "Deterrence with private type" { "Challenger" "Defender" }
"Chance draws the challenger's type; the defender sees only whether it is challenged."

c "root" 1 "type" { "strong" 1/3 "weak" 2/3 } 0
p "strong" 1 1 "C:strong" { "challenge" "quiet" } 0
p "" 2 1 "D:challenged" { "fight" "yield" } 0
t "" 1 "war, strong" { 1 -1 }
t "" 2 "concede" { 2 -2 }
t "" 3 "status quo" { 0 0 }
p "weak" 1 2 "C:weak" { "challenge" "quiet" } 0
p "" 2 1 0
t "" 4 "war, weak" { -2 1 }
t "" 2
t "" 3
)";

}  // namespace backstop::test
