#include "backstop/report/simulation_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include "backstop/report/rows.hpp"
#include "backstop/sim/result_row.hpp"
#include "report_text.hpp"

namespace backstop {
namespace {

using detail::option_name;
using detail::percent;

std::string concepts(const MonteCarloResult& r) {
  std::vector<std::string> seen;
  for (const OptionDraws& o : r.options) {
    if (std::find(seen.begin(), seen.end(), o.concept_name) == seen.end()) seen.push_back(o.concept_name);
  }
  return fmt::format("{}", fmt::join(seen, "; "));
}

void simulation_csv(const Scenario& s, const MonteCarloResult& r, std::ostream& out) {
  std::vector<std::string> names;
  for (const Parameter& p : s.parameters) names.push_back(p.name);
  CsvRowWriter rows(s, row_schema(s, names, true), out);
  const std::size_t np = s.parameters.size();
  ResultRow row;
  for (std::uint64_t d = 0; d < r.draws; ++d) {
    row.parameters.assign(r.parameters.begin() + static_cast<std::ptrdiff_t>(d * np),
                          r.parameters.begin() + static_cast<std::ptrdiff_t>((d + 1) * np));
    for (std::size_t k = 0; k < r.options.size(); ++k) {
      const OptionDraws& o = r.options[k];
      row.run = d * r.options.size() + k;
      row.option = o.option;
      row.replicate = d;
      row.seed = r.seed;
      row.concept_name = o.concept_name;
      const double* v = o.values.data() + d * o.width();
      row.metrics.assign(v, v + o.metrics);
      row.outcomes.assign(v + o.metrics, v + o.metrics + o.outcomes);
      row.payoffs.assign(v + o.metrics + o.outcomes, v + o.width());
      rows.write(row);
    }
  }
}

void simulation_json(const Scenario& s, const MonteCarloResult& r, std::ostream& out) {
  nlohmann::ordered_json j;
  j["scenario"] = s.name;
  j["draws"] = r.draws;
  j["seed"] = r.seed;
  j["concept"] = concepts(r);
  j["interval"] = "2.5% to 97.5% of the draws";
  j["head_to_head"] = s.metrics.empty() ? ""
                                        : "shares of draws in which this option's " + s.metrics.front().id +
                                              " is higher than (or equal to) the other's";
  for (const OptionDraws& o : r.options) {
    nlohmann::ordered_json oj;
    oj["name"] = o.option;
    oj["label"] = detail::option_label(s, o.option);
    for (std::size_t m = 0; m < o.metrics; ++m) {
      const Interval i = summarise(o, r.draws, m);
      oj["metrics"][s.metrics[m].id] = {{"mean", i.mean}, {"low", i.low}, {"high", i.high}};
    }
    for (std::size_t a = 0; a < o.actors; ++a) {
      const Interval i = summarise(o, r.draws, o.metrics + o.outcomes + a);
      oj["payoffs"][s.actors[a].id] = {{"mean", i.mean}, {"low", i.low}, {"high", i.high}};
    }
    const std::vector<double> shares = likeliest_shares(o, r.draws);
    for (std::size_t k = 0; k < shares.size(); ++k) oj["likeliest_outcome"][s.outcomes[k].id] = shares[k];
    if (o.metrics > 0) {
      for (const OptionDraws& other : r.options) {
        if (&other == &o) continue;
        const Comparison c = compare_draws(o, other, r.draws, 0);
        oj["head_to_head"][other.option] = {{"higher", c.better}, {"tied", c.tied}};
      }
    }
    j["options"].push_back(std::move(oj));
  }
  out << j.dump(2) << '\n';
}

}  // namespace

void write_simulation(const Scenario& s, const MonteCarloResult& r, ScenarioFormat format, std::ostream& out) {
  if (format == ScenarioFormat::kCsv) return simulation_csv(s, r, out);
  if (format == ScenarioFormat::kJson) return simulation_json(s, r, out);
  const bool md = format == ScenarioFormat::kMarkdown;
  out << (md ? "# " : "") << s.name
      << fmt::format(" — Monte Carlo over {} draw{} (seed {})\n\n", r.draws, r.draws == 1 ? "" : "s", r.seed);
  out << (md ? "**Solution concept:** " : "Solution concept: ") << concepts(r)
      << "; one equilibrium per draw and option, every parameter with a distribution drawn from it. "
         "Each cell: the mean over the draws [the 2.5% and 97.5% quantiles of the draws]; the middle 95% of "
         "draws lie between them, so a mean can lie outside when a few draws differ from the rest.\n";
  const bool uncertain = std::any_of(s.parameters.begin(), s.parameters.end(), [](const Parameter& p) {
    return p.distribution.kind != DistributionKind::kFixed;
  });
  if (!uncertain) out << "No parameter declares a distribution: every draw is the same.\n";
  out << '\n';
  std::vector<std::string> header{"option"};
  for (const Metric& m : s.metrics) header.push_back(m.id);
  for (const Actor& a : s.actors) header.push_back("payoff " + a.id);
  std::vector<std::vector<std::string>> rows;
  for (const OptionDraws& o : r.options) {
    std::vector<std::string> row{option_name(o.option)};
    for (std::size_t m = 0; m < o.metrics; ++m) {
      const Interval i = summarise(o, r.draws, m);
      row.push_back(fmt::format("{} [{}, {}]", percent(i.mean), percent(i.low), percent(i.high)));
    }
    for (std::size_t a = 0; a < o.actors; ++a) {
      const Interval i = summarise(o, r.draws, o.metrics + o.outcomes + a);
      row.push_back(fmt::format("{:.3g} [{:.3g}, {:.3g}]", i.mean, i.low, i.high));
    }
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
  out << '\n' << (md ? "**Likeliest outcome** (share of draws):\n\n" : "Likeliest outcome (share of draws):\n");
  header = {"option"};
  for (const Outcome& o : s.outcomes) header.push_back(o.id);
  rows.clear();
  for (const OptionDraws& o : r.options) {
    std::vector<std::string> row{option_name(o.option)};
    for (double x : likeliest_shares(o, r.draws)) row.push_back(percent(x));
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
  if (s.metrics.empty() || r.options.size() < 2) return;
  out << '\n'
      << (md ? "**Head to head** by " : "Head to head by ") << s.metrics.front().id
      << ": the share of draws in which the row's option gives it a higher value than the column's (in "
         "parentheses: the share of ties; the rest: the column's is higher):\n"
      << (md ? "\n" : "");
  header = {"option"};
  for (const OptionDraws& o : r.options) header.push_back(option_name(o.option));
  rows.clear();
  for (const OptionDraws& a : r.options) {
    std::vector<std::string> row{option_name(a.option)};
    for (const OptionDraws& b : r.options) {
      if (&a == &b) {
        row.emplace_back("-");
        continue;
      }
      const Comparison c = compare_draws(a, b, r.draws, 0);
      row.push_back(fmt::format("{} ({})", percent(c.better), percent(c.tied)));
    }
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
}

}  // namespace backstop
