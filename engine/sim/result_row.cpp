#include "backstop/sim/result_row.hpp"

namespace backstop {

RowSchema row_schema(const Scenario& s, std::vector<std::string> parameters, bool replicated) {
  RowSchema schema;
  schema.replicated = replicated;
  schema.parameters = std::move(parameters);
  for (const Metric& m : s.metrics) schema.metrics.push_back(m.id);
  for (const Outcome& o : s.outcomes) schema.outcomes.push_back(o.id);
  for (const Actor& a : s.actors) schema.actors.push_back(a.id);
  return schema;
}

ResultRow result_row(const OptionResult& r) {
  ResultRow row;
  row.option = r.option;
  row.concept_name = r.solution.concept_name;
  row.metrics = r.metrics;
  row.outcomes = r.outcome_probability;
  row.payoffs = r.payoffs;
  return row;
}

}  // namespace backstop
