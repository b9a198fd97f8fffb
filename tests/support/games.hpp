#pragma once
// Small games shared by several tests.

#include <fmt/format.h>

#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

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

// A random two-player tree with a hidden type: chance draws player 1's type
// (2 types, random weights); the players then move in turn, `depth` moves,
// 2 or 3 actions each (by seed). Player 1 knows its type and its own moves,
// player 2 only its own moves (perfect recall holds). Integer payoffs 0..9
// make ties, and so degenerate paths and bifurcations, common.
inline Game random_hidden_type_tree(std::uint32_t seed, std::uint32_t depth) {
  std::mt19937 rng(seed);
  const std::uint32_t k = 2 + seed % 2;
  GameBuilder b("random", {"1", "2"});
  std::vector<std::string> actions;
  for (std::uint32_t a = 0; a < k; ++a) actions.push_back(fmt::format("a{}", a));
  const double w = 0.2 + 0.6 * std::uniform_real_distribution<double>(0, 1)(rng);
  std::map<std::vector<std::uint32_t>, InfoSetId> sets;  // (player, level, what it has seen) -> set
  std::vector<std::uint32_t> path;
  std::function<void(std::uint32_t, std::uint32_t)> walk = [&](std::uint32_t type, std::uint32_t level) {
    if (level == depth) {
      std::uniform_int_distribution<int> pay(0, 9);
      b.add_terminal("", b.add_outcome("", {double(pay(rng)), double(pay(rng))}));
      return;
    }
    const std::uint32_t mover = level % 2;
    std::vector<std::uint32_t> seen{mover, level, mover == 0 ? type : 0};
    for (std::uint32_t l = mover; l < level; l += 2) seen.push_back(path[l]);
    auto [it, fresh] = sets.try_emplace(seen, kNoInfoSet);
    if (fresh) it->second = b.add_infoset(PlayerId{mover}, "", actions);
    b.add_move(it->second);
    for (std::uint32_t a = 0; a < k; ++a) {
      path.push_back(a);
      walk(type, level + 1);
      path.pop_back();
    }
  };
  b.add_move(b.add_chance_infoset("type", {"t0", "t1"}, {w, 1 - w}, {}));
  walk(0, 0);
  walk(1, 0);
  return b.build();
}

// A symmetric 2x2 game whose first action gains gain + slope * p over the
// other against an opponent playing it with p (slope < 0: anti-coordination,
// as chicken and Hawk-Dove). Its symmetric logit QRE at lambda: the p with
// p = 1 / (1 + exp(-lambda (gain + slope p))), by bisection.
inline double symmetric_qre(double lambda, double gain, double slope) {
  double lo = 0.0, hi = 1.0;
  for (int i = 0; i < 200; ++i) {
    const double p = 0.5 * (lo + hi);
    (p < 1.0 / (1.0 + std::exp(-lambda * (gain + slope * p))) ? lo : hi) = p;
  }
  return lo;
}

// Where that symmetric branch loses stability and another crosses it:
// -slope lambda p (1 - p) = 1, searched in [lo, hi].
inline double symmetric_branch_point(double gain, double slope, double lo, double hi) {
  for (int i = 0; i < 200; ++i) {
    const double lambda = 0.5 * (lo + hi);
    const double p = symmetric_qre(lambda, gain, slope);
    (-slope * lambda * p * (1.0 - p) < 1.0 ? lo : hi) = lambda;
  }
  return lo;
}

}  // namespace backstop::test
