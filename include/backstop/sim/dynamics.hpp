#pragma once
// Time (a scenario's `dynamics:`). A history runs up to T periods: each
// period the stage game is solved in the current state (the parameters as
// they now stand) and one path of play is sampled from its equilibrium, the
// types listed as persistent drawn once for the whole history; then the
// state variables move by their expressions, and the belief (a parameter
// that is the prior of a type) becomes its posterior given the moves the
// other actors saw (Bayes' rule on the equilibrium's reach). A history ends
// at an outcome listed in `ends`, or after T periods.
//
// Each Monte Carlo draw of the declared distributions runs H histories per
// option with common random numbers (every option sees the same uniforms),
// so each draw gives a survival curve; the report is each curve's mean over
// the draws and its 2.5% and 97.5% quantiles. Counter-based numbers (Philox
// keyed by the seed): the same seed gives the same bytes on any number of
// threads. The actors are myopic: each period's game is solved on its own,
// so "wait and come again" is Russia complying now and challenging when the
// state has moved in its favour.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/sim/summary.hpp"
#include "backstop/solve/solve.hpp"

namespace backstop {

struct DynamicsOptions {
  std::uint64_t draws = 200;     // draws of the declared distributions (0: the nominal values alone)
  std::uint32_t histories = 50;  // sampled histories per draw and option
  std::uint32_t periods = 0;     // 0: the scenario's
  std::uint64_t seed = 1;
  unsigned threads = 1;
  SolveOptions solve;
  ParameterOverrides overrides;
  std::vector<std::string> options;  // empty: every option
  const std::atomic<bool>* stop = nullptr;
};

struct DynamicsOption {
  std::string option;
  std::string concept_name;
  // Per period t = 1..T (index t - 1), over the draws: the share of
  // histories in which the ceasefire has held in every period up to t
  // (survival), and in which NATO and Russia have fought by t.
  std::vector<Interval> survival, war;
  // Over the draws: the share of histories with a violation by T, and among
  // them the mean period of the first.
  Interval violated, first_violation;
  // The mean posterior of the belief at T (where the scenario has one).
  Interval belief;
};

struct DynamicsResult {
  std::uint64_t draws = 0, seed = 0;
  std::uint32_t histories = 0, periods = 0;
  std::vector<DynamicsOption> options;
};

// InputError when the scenario declares no dynamics; StopError is not
// thrown: with `stop` set the result is empty (draws 0).
DynamicsResult simulate_dynamics(const Scenario& scenario, const DynamicsOptions& options);

}  // namespace backstop
