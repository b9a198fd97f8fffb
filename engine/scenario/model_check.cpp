#include "model_check.hpp"

#include <set>
#include <utility>

#include "backstop/scenario/scenario_model.hpp"

namespace backstop {

void check_scenario_model(const Scenario& scenario, detail::Reader& reader) {
  std::vector<Diagnostic> problems;
  if (!reader.problems().empty()) {  // names that do not resolve: the expressions alone
    ScenarioModel::check_expressions(scenario, problems, !reader.broken_declaration());
    for (const Diagnostic& d : problems) reader.error(d.where, d.message);
    return;
  }
  std::optional<ScenarioModel> model = ScenarioModel::compile(scenario, problems);
  for (const Diagnostic& d : problems) reader.error(d.where, d.message);
  if (!model) return;
  std::vector<std::string> options{""};
  for (const BackstopOption& o : scenario.options) options.push_back(o.id);
  // A place wrong at the nominal values is not reported again per option.
  std::set<std::pair<int, int>> reported;
  for (const std::string& id : options) {
    std::vector<Diagnostic> found;
    model->select_option(id);
    model->check_weights(found);
    const std::string where = id.empty() ? "at the nominal values" : "with option '" + id + "'";
    for (const Diagnostic& d : found) {
      if (reported.emplace(d.where.line, d.where.column).second) reader.error(d.where, d.message + " (" + where + ")");
    }
  }
}

}  // namespace backstop
