#include "backstop/sim/contracts.hpp"

#include "backstop/error.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/sim/sampler.hpp"

namespace backstop {

ContractReport check_contracts(ScenarioModel& model, const ContractOptions& options) {
  const Scenario& s = model.scenario();
  ContractReport report;
  report.cases = model.check_cases().size();
  if (report.cases == 0) return report;
  const std::vector<std::string> ids = option_ids(s);
  std::vector<std::vector<ScenarioModel::Setting>> settings;
  for (const std::string& id : ids) settings.push_back(model.settings(id, {}));
  const ParameterSampler sampler(s, options.seed);
  const std::vector<std::size_t> uncertain = s.uncertain_parameters();
  std::vector<double> values;
  // Draw "0" is the nominal values; draws 1..N are the sampler's 0..N-1.
  for (std::uint64_t d = 0; d <= options.draws; ++d) {
    const std::optional<std::uint64_t> draw = d == 0 ? std::nullopt : std::optional<std::uint64_t>(d - 1);
    if (draw) sampler.draw(*draw, values);
    for (std::size_t o = 0; o < ids.size(); ++o) {
      model.assign(draw ? std::span<const double>(values) : std::span<const double>(), settings[o]);
      auto breach = [&](std::size_t check, std::string given) {
        Breach b{check, ids[o], draw, std::move(given), {}, {}, {}};
        if (draw) {
          for (std::size_t k : uncertain) b.drawn.emplace_back(s.parameters[k].name, values[k]);
        }
        return b;
      };
      try {
        model.reweight_draw();
      } catch (const InputError& e) {
        report.breach = breach(0, "");
        report.breach->problem = e.what();
        return report;
      }
      for (const ScenarioModel::CheckCase& c : model.check_cases()) {
        ++report.evaluated;
        if (model.holds(c)) continue;
        report.breach = breach(c.check, c.given);
        report.breach->terms = model.check_terms(c);
        return report;
      }
    }
  }
  return report;
}

}  // namespace backstop
