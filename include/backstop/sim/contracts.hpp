#pragma once
// Model contracts (`checks:` in a scenario): what must hold for every
// admissible draw. check_contracts evaluates every check's every case at the
// nominal values and in `draws` seeded draws of the declared distributions,
// under every option, and returns the first case that fails, with the
// values that broke it. No tool in the field checks a model's own
// assumptions this way; `backstop validate` runs it.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backstop/scenario/scenario_model.hpp"

namespace backstop {

struct ContractOptions {
  std::uint64_t draws = 1000;
  std::uint64_t seed = 1;
};

// Where a check failed: the check, the option, the draw (none: the nominal
// values), the moves it was given, the names it reads and the drawn
// parameters with their values.
struct Breach {
  std::size_t check = 0;
  std::string option;
  std::optional<std::uint64_t> draw;
  std::string given;
  std::vector<std::pair<std::string, double>> terms, drawn;
  std::string problem;  // set instead when the draw's weights themselves were invalid
};

struct ContractReport {
  std::size_t cases = 0;        // check cases per option and draw
  std::uint64_t evaluated = 0;  // cases evaluated in all
  std::optional<Breach> breach;
};

// `model` is left at the last values it was given.
ContractReport check_contracts(ScenarioModel& model, const ContractOptions& options);

}  // namespace backstop
