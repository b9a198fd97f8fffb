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
#include "backstop/version.hpp"
#include "report_text.hpp"

namespace backstop {
namespace {

using detail::option_name;
using detail::percent;
using detail::spread;

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
  j["fragile"] = detail::fragile_choices(model, r);
  return j;
}

std::string detail::margin_words(const ChoiceReport& c) {
  if (c.probabilities.size() < 2) return "no other action";
  const std::string share =
      c.range > 0.0 ? fmt::format("{:.2g}% of its payoff range, {:.3g}", 100.0 * c.margin / c.range, c.range)
                    : std::string("its payoffs are all equal");
  return c.fragile() ? fmt::format("margin {:.3g}, fragile ({}; under {:.0f}%)", c.margin, share,
                                   100.0 * ChoiceReport::kFragileShare)
                     : fmt::format("margin {:.3g} ({})", c.margin, share);
}

std::vector<std::string> detail::fragile_choices(const ScenarioModel& model, const OptionResult& r) {
  std::vector<std::string> out;
  for (const ChoiceReport& c : r.choices) {
    if (!c.fragile() || c.reach <= 1e-9) continue;
    const std::size_t chosen = c.chosen();
    const std::string& context = model.infoset_context(c.infoset);
    out.push_back(fmt::format("{} at {}{} chooses {} by {:.3g} ({:.2g}% of its payoff range)", mover(model, c),
                              stage_id(model, c), context.empty() ? "" : " (knowing " + context + ")",
                              action_name(model, c, chosen), c.margin,
                              c.range > 0.0 ? 100.0 * c.margin / c.range : 0.0));
  }
  return out;
}

ScenarioFormat parse_scenario_format(std::string_view name) {
  if (name == "table") return ScenarioFormat::kTable;
  if (name == "markdown") return ScenarioFormat::kMarkdown;
  if (name == "csv") return ScenarioFormat::kCsv;
  if (name == "json") return ScenarioFormat::kJson;
  throw InputError("unknown format '" + std::string(name) + "' (table, markdown, csv or json)");
}

void uncertainty_caption(const MonteCarloResult& u, bool md, std::ostream& out) {
  out << (md ? "**Over the draws:** " : "Over the draws: ")
      << fmt::format(
             "{} draw{} of every declared distribution (seed {}; --draws and --seed change them, --draws 0 "
             "leaves them out), one equilibrium each; each cell is the mean [the 2.5% and 97.5% quantiles] "
             "of the draws.\n",
             u.draws, u.draws == 1 ? "" : "s", u.seed);
}

// One option: the concept, metrics, outcome probabilities, expected
// payoffs and the equilibrium path in sentences.
void write_run(const ScenarioModel& model, const OptionResult& r, const MonteCarloResult* u, ScenarioFormat format,
               std::ostream& out) {
  const OptionSummary* drawn = u != nullptr && !u->options.empty() ? &u->options.front() : nullptr;
  const Scenario& s = model.scenario();
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["backstop"] = kVersion;
    j["scenario"] = s.name;
    j["option"] = detail::option_json(model, r);
    if (u != nullptr) j["uncertainty"] = detail::simulation_json(s, *u);
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
  out << (md ? "**Solution concept:** " : "Solution concept: ") << detail::concept_line(r) << "\n";
  if (drawn != nullptr) uncertainty_caption(*u, md, out);
  out << '\n';
  std::vector<std::vector<std::string>> rows;
  for (std::size_t m = 0; m < s.metrics.size(); ++m) {
    rows.push_back({s.metrics[m].id, percent(r.metrics[m])});
    if (drawn != nullptr) rows.back().push_back(spread(drawn->metrics[m]));
  }
  std::vector<std::string> header{"metric", "probability"};
  if (drawn != nullptr) header.emplace_back("over the draws");
  if (!rows.empty()) {
    detail::write_table(header, rows, md, out);
    out << '\n';
  }
  rows.clear();
  for (std::size_t k = 0; k < s.outcomes.size(); ++k) {
    rows.push_back({s.outcomes[k].id, s.outcomes[k].label, percent(r.outcome_probability[k])});
    if (drawn != nullptr) {
      rows.back().push_back(spread(drawn->outcomes[k]));
      rows.back().push_back(percent(drawn->likeliest[k]));
    }
  }
  header = {"outcome", "", "probability"};
  if (drawn != nullptr) header.insert(header.end(), {"over the draws", "likeliest in"});
  detail::write_table(header, rows, md, out);
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
void write_compare(const ScenarioModel& model, const std::vector<OptionResult>& results,
                   const std::vector<RankKey>& keys, const MonteCarloResult* u, ScenarioFormat format,
                   std::ostream& out) {
  const Scenario& s = model.scenario();
  // The headline: with draws, the options rank by the metrics' means over
  // them (the nominal point is one draw among many); else by the nominal values.
  std::vector<std::vector<double>> headline;
  for (std::size_t o = 0; o < results.size(); ++o) {
    std::vector<double>& row = headline.emplace_back(results[o].metrics);
    if (u == nullptr) continue;
    for (std::size_t m = 0; m < row.size(); ++m) row[m] = u->options[o].metrics[m].mean;
  }
  const Ranking ranking = rank_options(headline, keys);
  // Places: tied options share the place of the first of them.
  std::vector<std::size_t> place(ranking.order.size(), 1);
  for (std::size_t k = 1; k < place.size(); ++k) place[k] = ranking.tied_with_previous[k] ? place[k - 1] : k + 1;
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["backstop"] = kVersion;
    j["scenario"] = s.name;
    j["file"] = s.file;
    j["options"] = nlohmann::ordered_json::array();
    for (const OptionResult& r : results) j["options"].push_back(detail::option_json(model, r));
    j["ranking"] = nlohmann::ordered_json::array();
    for (std::size_t k = 0; k < ranking.order.size(); ++k) {
      const bool tied =
          ranking.tied_with_previous[k] || (k + 1 < ranking.order.size() && ranking.tied_with_previous[k + 1]);
      j["ranking"].push_back({{"option", results[ranking.order[k]].option}, {"place", place[k]}, {"tied", tied}});
    }
    j["ranked_by"] = detail::ranking_words(s, keys);
    if (u != nullptr) j["uncertainty"] = detail::simulation_json(s, *u);
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
  if (u != nullptr)
    out << (md ? "**At the nominal values** (every parameter at its value as written):\n\n"
               : "At the nominal values (every parameter at its value as written):\n");
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
  bool fragile_header = false;
  for (const OptionResult& r : results) {
    const std::vector<std::string> fragile = detail::fragile_choices(model, r);
    if (fragile.empty()) continue;
    if (!fragile_header) {
      out << '\n'
          << (md ? "**Fragile results:** " : "Fragile results: ")
          << fmt::format(
                 "these options' nominal results rest on a choice whose margin is under {:.0f}% of the "
                 "mover's payoff range; a small change of one number could flip it{}:\n",
                 100.0 * ChoiceReport::kFragileShare,
                 u != nullptr ? " (the draws below show how far the results move)" : "");
      if (md) out << '\n';
      fragile_header = true;
    }
    out << (md ? "- " : "  ") << option_name(r.option) << ": " << fmt::format("{}", fmt::join(fragile, "; ")) << '\n';
  }
  if (!keys.empty()) {
    out << '\n'
        << (md ? "**Ranking** by " : "Ranking by ") << detail::ranking_words(s, keys)
        << (std::count(ranking.tied_with_previous.begin(), ranking.tied_with_previous.end(), true) > 0
                ? "; '=' marks options tied on every ranking metric, in the scenario's order"
                : "")
        << (u != nullptr ? "; the means over the draws below; first: the share of draws in which the option ranks "
                           "first, tied or alone"
                         : "")
        << ":\n";
    if (md) out << '\n';
    for (std::size_t k = 0; k < ranking.order.size(); ++k) {
      const std::size_t o = ranking.order[k];
      const OptionResult& r = results[o];
      const bool tied =
          ranking.tied_with_previous[k] || (k + 1 < ranking.order.size() && ranking.tied_with_previous[k + 1]);
      std::string values;
      for (const RankKey& key : keys) values += (values.empty() ? "" : ", ") + percent(headline[o][key.metric]);
      out << (md ? "" : "  ") << place[k] << (tied ? "=" : ".") << ' ' << option_name(r.option) << " — "
          << detail::option_label(s, r.option) << ": " << values
          << (u != nullptr ? fmt::format(" (first in {} of draws)", percent(u->options[o].first)) : "")
          << (md ? "  \n" : "\n");
    }
  }
  if (u != nullptr) {
    out << '\n';
    uncertainty_caption(*u, md, out);
    if (md) out << '\n';
    std::vector<std::string> head{"option"};
    for (const Metric& m : s.metrics) head.push_back(m.id);
    head.emplace_back("first");
    std::vector<std::vector<std::string>> table;
    for (const OptionSummary& o : u->options) {
      std::vector<std::string> row{option_name(o.option)};
      for (const Interval& i : o.metrics) row.push_back(spread(i));
      row.push_back(percent(o.first));
      table.push_back(std::move(row));
    }
    detail::write_table(head, table, md, out);
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
    j["backstop"] = kVersion;
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
