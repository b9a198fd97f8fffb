#pragma once
// Monte Carlo over a scenario's declared uncertainty: each draw samples every
// parameter (sim/sampler.hpp), and for every option re-weights the game built
// once and solves it (one equilibrium: the method's selected one), keeping
// the metrics, outcome probabilities and expected payoffs. Draw d is
// computed the same way whatever thread computes it, and every summary is
// taken in draw order, so the numbers, and the bytes reported, do not depend
// on the number of threads.
//
// Memory: the per-draw values are kept (draws x options x (metrics +
// outcomes + actors) doubles) for exact intervals.

#include <cstdint>
#include <string>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/solve/solve.hpp"

namespace backstop {

struct MonteCarloOptions {
  std::uint64_t draws = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 1;
  SolveOptions solve;            // per draw; `all` is ignored (one equilibrium a draw)
  ParameterOverrides overrides;  // fixed over every draw, after the option's settings
};

// One option's values over the draws, draw-major: values(draw, k).
struct OptionDraws {
  std::string option;        // id; "" for the scenario as written
  std::string concept_name;  // the concept of draw 0's solution
  std::size_t metrics = 0, outcomes = 0, actors = 0;
  std::vector<double> values;  // per draw: metrics, then outcome probabilities, then payoffs
  std::size_t width() const { return metrics + outcomes + actors; }
  double metric(std::uint64_t draw, std::size_t m) const { return values[draw * width() + m]; }
  double outcome(std::uint64_t draw, std::size_t o) const { return values[draw * width() + metrics + o]; }
  double payoff(std::uint64_t draw, std::size_t a) const { return values[draw * width() + metrics + outcomes + a]; }
};

struct MonteCarloResult {
  std::uint64_t draws = 0, seed = 0;
  std::vector<OptionDraws> options;  // every option (or the scenario as written)
  std::vector<double> parameters;    // per draw, every parameter as sampled: parameters[draw * P + k]
};

// InputError naming the draw if one makes the game invalid (a probability
// leaving [0, 1]); SolverError if the method does not apply.
MonteCarloResult simulate(const Scenario& scenario, const MonteCarloOptions& options);

// Summaries, in draw order.
struct Interval {
  double mean = 0.0, low = 0.0, high = 0.0;  // low, high: the 2.5% and 97.5% quantiles of the draws
};
Interval summarise(const OptionDraws& o, std::uint64_t draws, std::size_t column);
// The share of draws in which each outcome is the likeliest (the first of equals).
std::vector<double> likeliest_shares(const OptionDraws& o, std::uint64_t draws);
// The share of draws in which option a's metric m exceeds b's (by more than 1e-12), and in which they tie.
struct Comparison {
  double better = 0.0, tied = 0.0;
};
Comparison compare_draws(const OptionDraws& a, const OptionDraws& b, std::uint64_t draws, std::size_t metric);

}  // namespace backstop
