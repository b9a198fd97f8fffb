// `run`, `compare` and the traced paths, for people (tables, markdown) and
// programs (CSV rows, JSON). Probabilities print as percentages to one
// decimal in tables and to 6 significant digits in CSV; payoffs to 4 in
// tables. Every output names the solution concept it comes from (and which
// of several equilibria it shows); `explain` is in explain_report.cpp.
#include "backstop/report/scenario_report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include "backstop/error.hpp"
#include "backstop/report/rows.hpp"
#include "report_text.hpp"

namespace backstop {
namespace {

using detail::option_name;
using detail::percent;

}  // namespace

nlohmann::ordered_json detail::option_json(const ScenarioModel& model, const OptionResult& r) {
  const Scenario& s = model.scenario();
  nlohmann::ordered_json j;
  j["name"] = r.option;
  j["label"] = detail::option_label(s, r.option);
  j["metrics"] = nlohmann::ordered_json::object();
  for (std::size_t m = 0; m < s.metrics.size(); ++m) j["metrics"][s.metrics[m].id] = r.metrics[m];
  j["outcomes"] = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < s.outcomes.size(); ++k) j["outcomes"][s.outcomes[k].id] = r.outcome_probability[k];
  j["payoffs"] = nlohmann::ordered_json::object();
  for (std::size_t a = 0; a < s.actors.size(); ++a) j["payoffs"][s.actors[a].id] = r.payoffs[a];
  j["concept"] = r.solution.concept_name;
  j["method"] = method_name(r.solution.method);
  j["equilibria"] = r.solution.equilibria.size();
  j["equilibrium_shown"] = r.shown + 1;
  j["path"] = detail::path_sentences(model, r);
  return j;
}

ScenarioFormat parse_scenario_format(std::string_view name) {
  if (name == "table") return ScenarioFormat::kTable;
  if (name == "markdown") return ScenarioFormat::kMarkdown;
  if (name == "csv") return ScenarioFormat::kCsv;
  if (name == "json") return ScenarioFormat::kJson;
  throw InputError("unknown format '" + std::string(name) + "' (table, markdown, csv or json)");
}

// A stable sort: options the first metric cannot tell apart (within 1e-12)
// keep the scenario's order.
std::vector<std::size_t> rank_options(const Scenario& s, const std::vector<OptionResult>& results) {
  std::vector<std::size_t> order(results.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  if (s.metrics.empty()) return order;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return results[a].metrics.front() > results[b].metrics.front() + 1e-12;
  });
  return order;
}

// One option: the concept, metrics, outcome probabilities, expected
// payoffs and the equilibrium path in sentences.
void write_run(const ScenarioModel& model, const OptionResult& r, ScenarioFormat format, std::ostream& out) {
  const Scenario& s = model.scenario();
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["scenario"] = s.name;
    j["option"] = detail::option_json(model, r);
    out << j.dump(2) << '\n';
    return;
  }
  if (format == ScenarioFormat::kCsv) {
    CsvRowWriter(s, row_schema(s), out).write(result_row(r));
    return;
  }
  const bool md = format == ScenarioFormat::kMarkdown;
  out << (md ? "# " : "") << s.name
      << (r.option.empty() ? "" : " — option " + r.option + ": " + detail::option_label(s, r.option)) << "\n\n";
  out << (md ? "**Solution concept:** " : "Solution concept: ") << detail::concept_line(r) << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t m = 0; m < s.metrics.size(); ++m) rows.push_back({s.metrics[m].id, percent(r.metrics[m])});
  if (!rows.empty()) {
    detail::write_table({"metric", "probability"}, rows, md, out);
    out << '\n';
  }
  rows.clear();
  for (std::size_t k = 0; k < s.outcomes.size(); ++k) {
    rows.push_back({s.outcomes[k].id, s.outcomes[k].label, percent(r.outcome_probability[k])});
  }
  detail::write_table({"outcome", "", "probability"}, rows, md, out);
  out << '\n';
  rows.clear();
  for (std::size_t a = 0; a < s.actors.size(); ++a)
    rows.push_back({s.actors[a].id, fmt::format("{:.4g}", r.payoffs[a])});
  detail::write_table({"actor", "expected payoff"}, rows, md, out);
  out << '\n' << (md ? "**Equilibrium path:**\n\n" : "Equilibrium path:\n");
  for (const std::string& line : detail::path_sentences(model, r)) out << (md ? "- " : "  ") << line << '\n';
}

// Every option side by side: metrics and payoffs, outcome probabilities,
// the ranking by the first metric, and each option's path in one line.
void write_compare(const ScenarioModel& model, const std::vector<OptionResult>& results, ScenarioFormat format,
                   std::ostream& out) {
  const Scenario& s = model.scenario();
  const std::vector<std::size_t> ranking = rank_options(s, results);
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["scenario"] = s.name;
    j["file"] = s.file;
    j["options"] = nlohmann::ordered_json::array();
    for (const OptionResult& r : results) j["options"].push_back(detail::option_json(model, r));
    j["ranking"] = nlohmann::ordered_json::array();
    for (std::size_t k : ranking) j["ranking"].push_back(results[k].option);
    j["ranked_by"] = s.metrics.empty() ? "" : s.metrics.front().id;
    out << j.dump(2) << '\n';
    return;
  }
  if (format == ScenarioFormat::kCsv) {
    CsvRowWriter rows(s, row_schema(s), out);
    for (const OptionResult& r : results) rows.write(result_row(r));
    return;
  }
  const bool md = format == ScenarioFormat::kMarkdown;
  out << (md ? "# " : "") << s.name << " — options compared\n\n";
  std::vector<std::string> concepts;
  for (const OptionResult& r : results) {
    const std::string c = detail::concept_line(r);
    if (std::find(concepts.begin(), concepts.end(), c) == concepts.end()) concepts.push_back(c);
  }
  out << (md ? "**Solution concept:** " : "Solution concept: ") << fmt::format("{}", fmt::join(concepts, "; "))
      << "\n\n";
  std::vector<std::string> header{"option"};
  for (const Metric& m : s.metrics) header.push_back(m.id);
  for (const Actor& a : s.actors) header.push_back("payoff " + a.id);
  std::vector<std::vector<std::string>> rows;
  for (const OptionResult& r : results) {
    std::vector<std::string> row{option_name(r.option)};
    for (double p : r.metrics) row.push_back(percent(p));
    for (double v : r.payoffs) row.push_back(fmt::format("{:.4g}", v));  // as run prints them
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
  rows.clear();
  out << '\n';
  header = {"option"};
  for (const Outcome& o : s.outcomes) header.push_back(o.id);
  for (const OptionResult& r : results) {
    std::vector<std::string> row{option_name(r.option)};
    for (double p : r.outcome_probability) row.push_back(percent(p));
    rows.push_back(std::move(row));
  }
  detail::write_table(header, rows, md, out);
  if (!s.metrics.empty()) {
    out << '\n' << (md ? "**Ranking** by " : "Ranking by ") << s.metrics.front().id << " (highest first):\n";
    for (std::size_t k = 0; k < ranking.size(); ++k) {
      const OptionResult& r = results[ranking[k]];
      out << (md ? fmt::format("{}. ", k + 1) : fmt::format("  {}. ", k + 1)) << option_name(r.option) << " — "
          << detail::option_label(s, r.option) << ": " << percent(r.metrics.front()) << '\n';
    }
  }
  out << '\n' << (md ? "**Equilibrium paths:**\n" : "Equilibrium paths:\n");
  for (const OptionResult& r : results) {
    out << (md ? "- **" : "  ") << option_name(r.option) << (md ? "**: " : ": ")
        << fmt::format("{}", fmt::join(detail::path_sentences(model, r), "; ")) << '\n';
  }
}

// The traced logit QRE as rows of (option, lambda): what the scenario's
// metrics, outcomes and payoffs become as the actors grow less noisy.
void write_path(const ScenarioModel& model, const std::vector<OptionResult>& results, ScenarioFormat format,
                std::ostream& out) {
  const Scenario& s = model.scenario();
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["scenario"] = s.name;
    j["concept"] = results.empty() ? "" : results.front().solution.concept_name;
    j["points"] = nlohmann::ordered_json::array();
    for (const OptionResult& r : results) {
      for (const TracedPoint& t : r.path) {
        nlohmann::ordered_json p;
        p["option"] = r.option;
        p["lambda"] = t.lambda;
        for (std::size_t m = 0; m < t.metrics.size(); ++m) p["metrics"][s.metrics[m].id] = t.metrics[m];
        for (std::size_t o = 0; o < t.outcome_probability.size(); ++o)
          p["outcomes"][s.outcomes[o].id] = t.outcome_probability[o];
        for (std::size_t a = 0; a < t.payoffs.size(); ++a) p["payoffs"][s.actors[a].id] = t.payoffs[a];
        j["points"].push_back(std::move(p));
      }
    }
    out << j.dump(2) << '\n';
    return;
  }
  std::vector<std::string> header{"option", "lambda"};
  for (const Metric& m : s.metrics) header.push_back(m.id);
  for (const Outcome& o : s.outcomes) header.push_back("outcome_" + o.id);
  for (const Actor& a : s.actors) header.push_back("payoff_" + a.id);
  const bool csv = format == ScenarioFormat::kCsv;
  std::vector<std::vector<std::string>> rows;
  for (const OptionResult& r : results) {
    for (const TracedPoint& t : r.path) {
      std::vector<std::string> row{csv ? detail::csv_field(r.option) : option_name(r.option),
                                   fmt::format("{:.6g}", t.lambda)};
      for (double p : t.metrics) row.push_back(csv ? fmt::format("{:.6g}", p) : percent(p));
      for (double p : t.outcome_probability) row.push_back(csv ? fmt::format("{:.6g}", p) : percent(p));
      for (double v : t.payoffs) row.push_back(csv ? fmt::format("{:.6g}", v) : fmt::format("{:.4g}", v));
      rows.push_back(std::move(row));
    }
  }
  if (csv) {
    out << fmt::format("{}\n", fmt::join(header, ","));
    for (const auto& row : rows) out << fmt::format("{}\n", fmt::join(row, ","));
    return;
  }
  const bool md = format == ScenarioFormat::kMarkdown;
  out << (md ? "# " : "") << s.name << " — the logit QRE traced in lambda\n\n";
  detail::write_table(header, rows, md, out);
}

}  // namespace backstop
