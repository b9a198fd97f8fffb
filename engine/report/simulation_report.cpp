#include "backstop/report/simulation_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "backstop/error.hpp"
#include "backstop/version.hpp"
#include "report_text.hpp"

namespace backstop {
namespace {

using detail::option_name;
using detail::percent;

std::string concepts(const MonteCarloResult& r) {
  std::vector<std::string> seen;
  for (const OptionSummary& o : r.options) {
    if (std::find(seen.begin(), seen.end(), o.concept_name) == seen.end()) seen.push_back(o.concept_name);
  }
  return fmt::format("{}", fmt::join(seen, "; "));
}

}  // namespace

nlohmann::ordered_json detail::simulation_json(const Scenario& s, const MonteCarloResult& r) {
  nlohmann::ordered_json j;
  j["backstop"] = kVersion;
  j["scenario"] = s.name;
  j["draws"] = r.draws;
  j["seed"] = r.seed;
  j["concept"] = concepts(r);
  j["interval"] = "2.5% to 97.5% of the draws";
  j["ranked_by"] = detail::ranking_words(s, r.ranking);
  j["head_to_head"] = "shares of draws in which this option ranks above the other (ranks_above) and ties it (tied)";
  for (std::size_t k = 0; k < r.options.size(); ++k) {
    const OptionSummary& o = r.options[k];
    nlohmann::ordered_json oj;
    oj["name"] = o.option;
    oj["label"] = detail::option_label(s, o.option);
    for (std::size_t m = 0; m < o.metrics.size(); ++m) {
      oj["metrics"][s.metrics[m].id] = detail::interval_json(o.metrics[m]);
    }
    for (std::size_t x = 0; x < o.outcomes.size(); ++x) {
      oj["outcomes"][s.outcomes[x].id] = detail::interval_json(o.outcomes[x]);
    }
    for (std::size_t a = 0; a < o.payoffs.size(); ++a) {
      oj["payoffs"][s.actors[a].id] = detail::interval_json(o.payoffs[a]);
    }
    for (std::size_t x = 0; x < o.likeliest.size(); ++x) oj["likeliest_outcome"][s.outcomes[x].id] = o.likeliest[x];
    if (!r.ranking.empty()) {
      oj["first"] = {{"tied_or_alone", o.first}, {"alone", o.first_alone}};
      for (std::size_t other = 0; other < r.options.size(); ++other) {
        if (other == k) continue;
        const Comparison& c = o.head_to_head[other];
        oj["head_to_head"][r.options[other].option] = {{"ranks_above", c.better}, {"tied", c.tied}};
      }
    }
    j["options"].push_back(std::move(oj));
  }
  return j;
}

void write_simulation(const Scenario& s, const MonteCarloResult& r, ScenarioFormat format, std::ostream& out) {
  BACKSTOP_CHECK(format != ScenarioFormat::kCsv, "simulation rows are written as the draws come");
  if (format == ScenarioFormat::kJson) {
    out << detail::simulation_json(s, r).dump(2) << '\n';
    return;
  }
  const bool md = format == ScenarioFormat::kMarkdown;
  out << (md ? "# " : "") << s.name
      << fmt::format(" — Monte Carlo over {} draw{} (seed {})\n\n", r.draws, r.draws == 1 ? "" : "s", r.seed);
  out << (md ? "**Solution concept:** " : "Solution concept: ") << concepts(r)
      << "; one equilibrium per draw and option, every parameter with a distribution drawn from it. "
         "Each cell: the mean over the draws [the 2.5% and 97.5% quantiles of the draws]; the middle 95% of "
         "draws lie between them, so a mean can lie outside when a few draws differ from the rest.\n";
  if (s.uncertain_parameters().empty()) out << "No parameter declares a distribution: every draw is the same.\n";
  out << '\n';
  std::vector<std::string> header{"option"};
  for (const Metric& m : s.metrics) header.push_back(m.id);
  for (const Actor& a : s.actors) header.push_back("payoff " + a.id);
  std::vector<std::vector<std::string>> rows;
  for (const OptionSummary& o : r.options) {
    std::vector<std::string> row{option_name(o.option)};
    for (const Interval& i : o.metrics) row.push_back(detail::spread(i));
    for (const Interval& i : o.payoffs) row.push_back(fmt::format("{:.3g} [{:.3g}, {:.3g}]", i.mean, i.low, i.high));
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
  out << '\n' << (md ? "**Likeliest outcome** (share of draws):\n\n" : "Likeliest outcome (share of draws):\n");
  header = {"option"};
  for (const Outcome& o : s.outcomes) header.push_back(o.id);
  rows.clear();
  for (const OptionSummary& o : r.options) {
    std::vector<std::string> row{option_name(o.option)};
    for (double x : o.likeliest) row.push_back(percent(x));
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
  if (r.ranking.empty() || r.options.size() < 2) return;
  out << '\n'
      << (md ? "**Ranked first** by " : "Ranked first by ") << detail::ranking_words(s, r.ranking)
      << " (share of draws; alone: no other option ties it):\n"
      << (md ? "\n" : "");
  header = {"option", "first", "alone"};
  rows.clear();
  for (const OptionSummary& o : r.options)
    rows.push_back({option_name(o.option), percent(o.first), percent(o.first_alone)});
  detail::write_table(header, rows, md, out);
  out << '\n'
      << (md ? "**Head to head**" : "Head to head")
      << ": the share of draws in which the row's option ranks above the column's (in parentheses: the share of "
         "ties; the rest: the column's ranks above):\n"
      << (md ? "\n" : "");
  header = {"option"};
  for (const OptionSummary& o : r.options) header.push_back(option_name(o.option));
  rows.clear();
  for (std::size_t a = 0; a < r.options.size(); ++a) {
    std::vector<std::string> row{option_name(r.options[a].option)};
    for (std::size_t b = 0; b < r.options.size(); ++b) {
      if (a == b) {
        row.emplace_back("-");
        continue;
      }
      const Comparison& c = r.options[a].head_to_head[b];
      row.push_back(fmt::format("{} ({})", percent(c.better), percent(c.tied)));
    }
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
}

void write_dynamics(const Scenario& s, const DynamicsResult& r, ScenarioFormat format, std::ostream& out) {
  const Dynamics& d = s.dynamics;
  const std::string concept_name = r.options.empty() ? std::string() : r.options.front().concept_name;
  const std::string draws = r.draws == 0 ? std::string("the nominal values")
                                         : fmt::format("{} draws of every declared distribution", r.draws);
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["backstop"] = kVersion;
    j["scenario"] = s.name;
    j["concept"] = concept_name + ", solved afresh each period in that period's state";
    j["draws"] = r.draws;
    j["seed"] = r.seed;
    j["histories"] = r.histories;
    j["periods"] = r.periods;
    j["interval"] = "2.5% to 97.5% of the draws";
    j["holds"] = d.holds;
    j["war"] = d.war;
    j["belief"] = d.belief_parameter;
    for (const DynamicsOption& o : r.options) {
      nlohmann::ordered_json oj;
      oj["name"] = o.option;
      oj["label"] = detail::option_label(s, o.option);
      for (std::size_t t = 0; t < o.survival.size(); ++t) {
        oj["survival"].push_back(detail::interval_json(o.survival[t]));
        oj["war"].push_back(detail::interval_json(o.war[t]));
      }
      oj["violated"] = detail::interval_json(o.violated);
      oj["first_violation"] = detail::interval_json(o.first_violation);
      oj["belief"] = detail::interval_json(o.belief);
      j["options"].push_back(oj);
    }
    out << j.dump(2) << '\n';
    return;
  }
  if (format == ScenarioFormat::kCsv) {
    out << "option,period,survival,survival_low,survival_high,war,war_low,war_high\n";
    for (const DynamicsOption& o : r.options) {
      for (std::size_t t = 0; t < o.survival.size(); ++t) {
        const Interval& a = o.survival[t];
        const Interval& w = o.war[t];
        out << detail::csv_field(o.option) << ',' << t + 1
            << fmt::format(",{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g}\n", a.mean, a.low, a.high, w.mean, w.low,
                           w.high);
      }
    }
    return;
  }
  const bool md = format == ScenarioFormat::kMarkdown;
  out << (md ? "# " : "") << s.name << fmt::format(" — {} periods\n\n", r.periods);
  out << (md ? "**Solution concept:** " : "Solution concept: ") << concept_name
      << ", solved afresh each period in that period's state: the actors are myopic, so waiting and coming again is "
         "Russia complying now and challenging once the state has moved its way.\n\n";
  out << (md ? "**Histories:** " : "Histories: ")
      << fmt::format(
             "{}, {} sampled histories each per option (seed {}; the options share their random numbers); "
             "types ({}) drawn once a history{}; a history ends at {}. Each cell is the mean [the 2.5% and "
             "97.5% quantiles] over the draws.\n\n",
             draws, r.histories, r.seed, fmt::join(d.persistent, ", "),
             d.belief_parameter.empty() ? std::string()
                                        : fmt::format("; {} follows Bayes' rule on what was seen", d.belief_parameter),
             d.ends.empty() ? std::string("the last period") : fmt::format("{}", fmt::join(d.ends, ", ")))
      << (md ? "\n" : "");
  out << (md ? "## " : "") << "Survival: the share of histories in which the ceasefire (" << d.holds
      << ") has held in every period so far\n";
  if (md) out << '\n';
  std::vector<std::string> header{"option"};
  for (std::uint32_t t = 1; t <= r.periods; ++t) header.push_back(fmt::format("t={}", t));
  std::vector<std::vector<std::string>> rows;
  for (const DynamicsOption& o : r.options) {
    std::vector<std::string> row{detail::option_name(o.option)};
    for (const Interval& i : o.survival) row.push_back(detail::percent(i.mean));
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
  out << '\n' << (md ? "## " : "") << fmt::format("By period {}\n", r.periods);
  if (md) out << '\n';
  header = {"option", "survival", "violated", "first violation (period)"};
  if (!d.war.empty()) header.push_back(d.war);
  if (!d.belief_parameter.empty()) header.push_back(d.belief_parameter);
  rows.clear();
  for (const DynamicsOption& o : r.options) {
    std::vector<std::string> row{
        detail::option_name(o.option), detail::spread(o.survival.back()), detail::spread(o.violated),
        std::isnan(o.first_violation.mean) ? std::string("-")
                                           : fmt::format("{:.2f} [{:.2f}, {:.2f}]", o.first_violation.mean,
                                                         o.first_violation.low, o.first_violation.high)};
    if (!d.war.empty()) row.push_back(detail::spread(o.war.back()));
    if (!d.belief_parameter.empty()) row.push_back(detail::spread(o.belief));
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
}

}  // namespace backstop
