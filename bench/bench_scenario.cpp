// The scenario path, step by step, on the Ukraine baseline: loading and
// validating the YAML (with the quotes checked against the articles),
// compiling the model (stages expanded once), re-weighting the game for a new
// parameter draw (expressions only, no rebuild), and a whole run of one option
// (re-weight + solve + report data). Prints microseconds per call; then the
// Monte Carlo path in option-solves per second and peak memory.
//
//   build/bench/bench_scenario [scenario.yaml [LARGE_DRAWS]]   (LARGE_DRAWS default 10^6)

#include <fmt/format.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/monte_carlo.hpp"
#include "backstop/sim/run.hpp"

using namespace backstop;
using Clock = std::chrono::steady_clock;

namespace {

// Median microseconds per call over `rounds` rounds of `calls` calls.
double time_us(int rounds, int calls, const std::function<void()>& f) {
  std::vector<double> us;
  for (int r = 0; r < rounds; ++r) {
    const auto start = Clock::now();
    for (int c = 0; c < calls; ++c) f();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count() / calls);
  }
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string file = argc > 1 ? argv[1] : std::string(BACKSTOP_SCENARIO_DIR) + "/ukraine/baseline.yaml";
  const std::uint64_t large = argc > 2 ? std::stoull(argv[2]) : 1'000'000;
  const Scenario s = load_scenario(file);
  ScenarioModel m(s);
  fmt::print("{}: {} nodes, {} information sets, {} options, {} parameters\n", file, m.game().num_nodes(),
             m.game().num_infosets(), s.options.size(), s.parameters.size());
  fmt::print("load + validate      {:10.1f} us\n", time_us(5, 20, [&] { (void)load_scenario(file); }));
  fmt::print("compile the model    {:10.1f} us\n", time_us(5, 50, [&] { ScenarioModel again(s); }));
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  fmt::print("re-weight one draw   {:10.2f} us\n", time_us(5, 2000, [&] {
               m.set_parameter("US.resolve", unit(rng));
               m.set_parameter("Russia.attack_gain", 3 + 4 * unit(rng));
               m.reweight();
             }));
  for (const BackstopOption& o : s.options) {
    fmt::print("run option {:<12}{:8.1f} us\n", o.id, time_us(5, 200, [&] { (void)run_option(m, o.id, {}); }));
  }
  fmt::print("compare (all options){:9.1f} us\n", time_us(5, 50, [&] { (void)run_all_options(m, {}); }));

  // The Monte Carlo path: option-solves per second on 1 and 2 threads (each
  // run in a child process, so its peak resident memory is its own), at
  // 10^4 and 10^6 draws: memory must not grow with the draws.
  const std::size_t options = std::max<std::size_t>(1, s.options.size());
  auto measure = [&](std::uint64_t draws, unsigned threads) {
    int fd[2];
    if (pipe(fd) != 0) return std::pair(0.0, 0L);
    const pid_t child = fork();
    if (child == 0) {
      close(fd[0]);
      MonteCarloOptions mc;
      mc.draws = draws;
      mc.seed = 1;
      mc.threads = threads;
      const auto start = Clock::now();
      (void)simulate(s, mc);
      const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
      rusage usage{};
      getrusage(RUSAGE_SELF, &usage);
      const std::pair<double, long> out(static_cast<double>(draws * options) / seconds, usage.ru_maxrss);
      if (write(fd[1], &out, sizeof out) != sizeof out) _exit(1);
      _exit(0);
    }
    close(fd[1]);
    std::pair<double, long> out(0.0, 0L);
    if (read(fd[0], &out, sizeof out) != sizeof out) out = {0.0, 0L};
    close(fd[0]);
    waitpid(child, nullptr, 0);
    return out;
  };
  double one_thread = 0.0;
  for (const std::uint64_t draws : {std::uint64_t{10000}, large}) {
    for (const unsigned threads : {1u, 2u}) {
      const auto [rate, rss] = measure(draws, threads);
      if (threads == 1) one_thread = rate;
      fmt::print(
          "monte carlo {:>7} draws, {} thread{}: {:9.0f} option-solves/s ({:6.0f} per core){}, peak RSS {:.1f} MB\n",
          draws, threads, threads == 1 ? " " : "s", rate, rate / threads,
          threads == 2 ? fmt::format(", speed-up {:.2f}", rate / one_thread) : std::string(),
          static_cast<double>(rss) / 1024.0);
    }
  }
}
