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

void for_each_row(const BatchBlock& b, const BlockRows& rows, const std::function<void(const ResultRow&)>& write) {
  ResultRow row;
  for (std::uint64_t k = 0; k < b.count; ++k) {
    const std::uint64_t point = b.first + k;
    const std::span<const double> values = b.parameters_of(k);
    row.parameters.clear();
    for (std::size_t p : rows.parameters) row.parameters.push_back(values[p]);
    if (rows.numbering) rows.numbering(point, row);
    for (std::size_t o = 0; o < b.options; ++o) {
      const std::span<const double> r = b.result(k, o);
      row.run = point * b.options + o;
      row.option = rows.options[o];
      row.concept_name = b.concepts[o];
      row.metrics.assign(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(b.metrics));
      row.outcomes.assign(r.begin() + static_cast<std::ptrdiff_t>(b.metrics),
                          r.begin() + static_cast<std::ptrdiff_t>(b.metrics + b.outcomes));
      row.payoffs.assign(r.begin() + static_cast<std::ptrdiff_t>(b.metrics + b.outcomes), r.end());
      write(row);
    }
  }
}

}  // namespace backstop
