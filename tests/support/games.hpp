#pragma once
// Small games shared by several tests.

namespace backstop::test {

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
