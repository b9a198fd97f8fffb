#pragma once
// Result rows (sim/result_row.hpp) written as CSV, one at a time: the header
// when the writer is made, then each row as it comes. Numbers to 6
// significant digits; text fields quoted where they hold a comma, a quote
// or a line break. Columns: [run,] option, [replicate, seed,] label,
// concept, each parameter, each metric, outcome_<id> for each outcome,
// payoff_<actor> for each actor.

#include <iosfwd>

#include "backstop/scenario/scenario.hpp"
#include "backstop/sim/result_row.hpp"

namespace backstop {

class CsvRowWriter {
 public:
  // Keeps `scenario`; without `header`, the rows go on a file that has it (a resumed sweep).
  CsvRowWriter(const Scenario& scenario, RowSchema schema, std::ostream& out, bool header = true);
  CsvRowWriter(Scenario&&, RowSchema, std::ostream&, bool = true) = delete;
  void write(const ResultRow& row);

 private:
  const Scenario& scenario_;
  RowSchema schema_;
  std::ostream& out_;
};

}  // namespace backstop
