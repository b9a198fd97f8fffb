// Reads and solves generated perfect-information trees of 10^3..10^6 nodes and
// prints nodes per second: writing .efg text, reading it back, and backward
// induction on the tree already in memory (best and median of repeated solves,
// one core, workspace reused as a Monte Carlo loop would).
//
//   build/bench/bench_backward_induction [max_nodes]

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "backstop/game/gambit_io.hpp"
#include "backstop/game/game_builder.hpp"
#include "backstop/solve/backward_induction.hpp"

using namespace backstop;
using Clock = std::chrono::steady_clock;

namespace {

// A random two-player tree with about `target` nodes: 2-4 actions a node,
// one chance node in ten, every decision node its own information set.
Game generate(std::uint32_t target, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  GameBuilder b(fmt::format("random tree {}", target), {"P1", "P2"});
  std::uint32_t created = 0, open_slots = 1;
  while (!b.complete()) {
    const std::uint32_t k = 2 + static_cast<std::uint32_t>(unit(rng) * 3);
    if (created + open_slots + k <= target && unit(rng) < 0.7) {
      if (unit(rng) < 0.1) {
        std::vector<double> p(k, 1.0 / k);
        b.add_move(b.add_chance_infoset("", std::vector<std::string>(k, "c"), p));
      } else {
        const PlayerId player{static_cast<std::uint32_t>(unit(rng) < 0.5)};
        std::vector<std::string> actions;
        for (std::uint32_t a = 0; a < k; ++a) actions.push_back(fmt::format("a{}", a));
        b.add_move(b.add_infoset(player, "", std::move(actions)));
      }
      open_slots += k - 1;
    } else {
      b.add_terminal("", b.add_outcome("", {std::round(unit(rng) * 100), std::round(unit(rng) * 100)}));
      --open_slots;
    }
    ++created;
  }
  return b.build();
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

}  // namespace

int main(int argc, char** argv) {
  const std::uint32_t max_nodes = argc > 1 ? static_cast<std::uint32_t>(std::stoul(argv[1])) : 1000000;
  fmt::print("{:>9} {:>12} {:>12} {:>14} {:>14} {:>10}\n", "nodes", "write n/s", "read n/s", "solve best n/s",
             "solve med n/s", "root value");
  for (std::uint32_t target = 1000; target <= max_nodes; target *= 10) {
    const Game game = generate(target, 42);
    auto t0 = Clock::now();
    std::ostringstream text;
    write_efg(game, text);
    const double write_s = seconds_since(t0);
    t0 = Clock::now();
    const Game read_back = read_efg(text.str(), "generated.efg");
    const double read_s = seconds_since(t0);

    BackwardInduction bi;
    bi.solve(read_back);  // size the workspace once
    const int repeats = std::max(5, static_cast<int>(20000000 / game.num_nodes()));
    std::vector<double> times;
    for (int r = 0; r < repeats; ++r) {
      t0 = Clock::now();
      bi.solve(read_back);
      times.push_back(seconds_since(t0));
    }
    std::sort(times.begin(), times.end());
    const double n = game.num_nodes();
    fmt::print("{:>9} {:>12.3g} {:>12.3g} {:>14.3g} {:>14.3g} {:>10.4g}\n", game.num_nodes(), n / write_s, n / read_s,
               n / times.front(), n / times[times.size() / 2], bi.value(Game::root(), PlayerId{0}));
  }
  return 0;
}
