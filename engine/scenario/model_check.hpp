#pragma once
#include "backstop/scenario/scenario.hpp"
#include "reader.hpp"

namespace backstop {
// Compiles the scenario's model at nominal values and every option, adding
// each problem (expressions, probabilities, network cycles, paths no outcome
// names, information that breaks perfect recall) to the reader.
void check_scenario_model(const Scenario& scenario, detail::Reader& reader);
}  // namespace backstop
