// libFuzzer target: the scenario loader with validation and game building
// (parse_scenario compiles the model at nominal values and for every option),
// then a run of the first option. Bad input must end in backstop::Error,
// never a crash, a sanitizer report, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "backstop/error.hpp"
#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/run.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const backstop::Scenario s = backstop::parse_scenario(text, "fuzz.yaml");
    backstop::ScenarioModel model(s);
    (void)backstop::run_option(model, s.options.empty() ? std::string() : s.options.front().id, {});
  } catch (const backstop::Error&) {}
  return 0;
}
