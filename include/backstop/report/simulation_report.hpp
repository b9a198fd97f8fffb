#pragma once
// Monte Carlo results for people and programs: per option the mean and the
// 95% interval (2.5% to 97.5% of the draws) of each metric and expected
// payoff, the share of draws in which each outcome is the likeliest, and for
// each pair of options the share of draws in which one scores higher on the
// first metric than the other (and ties). CSV is one tidy row per draw and
// option, with every parameter as drawn.

#include <iosfwd>

#include "backstop/report/scenario_report.hpp"
#include "backstop/sim/dynamics.hpp"
#include "backstop/sim/monte_carlo.hpp"

namespace backstop {

// `dynamics`: per option the ceasefire's survival curve, the chance of
// NATO-Russia fighting by each period, the first violation and the belief
// at the end, each as the mean [2.5%, 97.5%] over the draws.
void write_dynamics(const Scenario& scenario, const DynamicsResult& result, ScenarioFormat format, std::ostream& out);

void write_simulation(const Scenario& scenario, const MonteCarloResult& result, ScenarioFormat format,
                      std::ostream& out);

}  // namespace backstop
