#include "backstop/report/rows.hpp"

#include <fmt/format.h>

#include <ostream>

#include "report_text.hpp"

namespace backstop {

CsvRowWriter::CsvRowWriter(const Scenario& scenario, RowSchema schema, std::ostream& out, bool header)
    : scenario_(scenario), schema_(std::move(schema)), out_(out) {
  if (!header) return;
  out_ << (schema_.replicated ? "run,option,replicate,seed" : "option") << ",label,concept";
  for (const std::string& p : schema_.parameters) out_ << ',' << detail::csv_field(p);
  for (const std::string& m : schema_.metrics) out_ << ',' << m;
  for (const std::string& o : schema_.outcomes) out_ << ",outcome_" << o;
  for (const std::string& a : schema_.actors) out_ << ",payoff_" << a;
  out_ << '\n';
}

void CsvRowWriter::write(const ResultRow& row) {
  const std::string option = detail::csv_field(row.option);
  if (schema_.replicated) out_ << fmt::format("{},{},{},{}", row.run, option, row.replicate, row.seed);
  else out_ << option;
  out_ << ',' << detail::csv_field(detail::option_label(scenario_, row.option)) << ','
       << detail::csv_field(row.concept_name);
  for (const std::vector<double>* values : {&row.parameters, &row.metrics, &row.outcomes, &row.payoffs}) {
    for (double v : *values) out_ << ',' << fmt::format("{:.6g}", v);
  }
  out_ << '\n';
}

}  // namespace backstop
