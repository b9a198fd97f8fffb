#include "backstop/report/scenario_report.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include "backstop/error.hpp"

namespace backstop {
namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string percent(double p) { return fmt::format("{:.1f}%", 100.0 * p); }

// How tables name an option; a scenario without options runs "as written".
std::string option_name(const OptionResult& r) { return r.option.empty() ? "(as written)" : r.option; }

// "uk deploy (1)" / "russia: comply 62%, attack 38%".
std::string choice_sentence(const ChoiceReport& c) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < c.actions.size(); ++k) {
    if (c.probabilities[k] <= 1e-9) continue;
    parts.push_back(c.probabilities[k] < 1.0 - 1e-9 ? fmt::format("{} {}", c.actions[k], percent(c.probabilities[k]))
                                                    : c.actions[k]);
  }
  const std::string who = c.actor == "Nature" ? "Nature draws " + c.stage : c.actor + " (" + c.stage + ")";
  return who + (c.context.empty() ? "" : ", knowing " + c.context) + ": " + join(parts, ", ");
}

// The equilibrium path in words: every choice play reaches, in stage order.
std::vector<std::string> path_sentences(const OptionResult& r) {
  std::vector<std::string> out;
  for (const ChoiceReport& c : r.choices) {
    if (c.reach <= 1e-9) continue;
    std::string sentence = choice_sentence(c);
    // Nature's same draw at several nodes (one per earlier move) is said once.
    if (std::find(out.begin(), out.end(), sentence) == out.end()) out.push_back(std::move(sentence));
  }
  return out;
}

std::string concept_line(const OptionResult& r) {
  const Solution& s = r.solution;
  const std::size_t n = s.equilibria.size();
  const std::string several = n > 1 || s.truncated
                                  ? fmt::format("; equilibrium {} of {}{} is shown, --equilibrium N for another",
                                                r.shown + 1, n, s.truncated ? "+" : "")
                                  : "";
  return s.concept_name + " (method " + std::string(method_name(s.method)) + several + ")";
}

nlohmann::ordered_json option_json(const ScenarioModel& model, const OptionResult& r) {
  const Scenario& s = model.scenario();
  nlohmann::ordered_json j;
  j["name"] = r.option;
  j["label"] = r.label;
  j["metrics"] = nlohmann::ordered_json::object();
  for (const auto& [id, p] : r.metrics) j["metrics"][id] = p;
  j["outcomes"] = nlohmann::ordered_json::object();
  for (std::size_t k = 0; k < s.outcomes.size(); ++k) j["outcomes"][s.outcomes[k].id] = r.outcome_probability[k];
  j["payoffs"] = nlohmann::ordered_json::object();
  for (std::size_t a = 0; a < s.actors.size(); ++a) j["payoffs"][s.actors[a].id] = r.payoffs[a];
  j["concept"] = r.solution.concept_name;
  j["method"] = method_name(r.solution.method);
  j["equilibria"] = r.solution.equilibria.size();
  j["equilibrium_shown"] = r.shown + 1;
  j["path"] = path_sentences(r);
  return j;
}

void csv_header(const Scenario& s, std::ostream& out) {
  out << "option,label,concept";
  for (const Metric& m : s.metrics) out << ',' << m.id;
  for (const Outcome& o : s.outcomes) out << ",outcome_" << o.id;
  for (const Actor& a : s.actors) out << ",payoff_" << a.id;
  out << '\n';
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void csv_row(const OptionResult& r, std::ostream& out) {
  out << csv_field(r.option) << ',' << csv_field(r.label) << ',' << csv_field(r.solution.concept_name);
  for (const auto& [id, p] : r.metrics) out << ',' << fmt::format("{:.6g}", p);
  for (double p : r.outcome_probability) out << ',' << fmt::format("{:.6g}", p);
  for (double v : r.payoffs) out << ',' << fmt::format("{:.6g}", v);
  out << '\n';
}

// A plain-text or markdown table.
void write_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                 bool markdown, std::ostream& out) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text = markdown ? "|" : "";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string padded = cells[c] + std::string(width[c] - cells[c].size(), ' ');
      text += markdown ? " " + padded + " |" : padded + "  ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  };
  line(header);
  if (markdown) {
    std::string rule = "|";
    for (std::size_t w : width) rule += std::string(w + 2, '-') + "|";
    out << rule << '\n';
  }
  for (const auto& row : rows) line(row);
}

}  // namespace

ScenarioFormat parse_scenario_format(std::string_view name) {
  if (name == "table") return ScenarioFormat::kTable;
  if (name == "markdown") return ScenarioFormat::kMarkdown;
  if (name == "csv") return ScenarioFormat::kCsv;
  if (name == "json") return ScenarioFormat::kJson;
  throw InputError("unknown format '" + std::string(name) + "' (table, markdown, csv or json)");
}

std::vector<std::size_t> rank_options(const Scenario& s, const std::vector<OptionResult>& results) {
  std::vector<std::size_t> order(results.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  if (s.metrics.empty()) return order;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return results[a].metrics.front().second > results[b].metrics.front().second + 1e-12;
  });
  return order;
}

void write_run(const ScenarioModel& model, const OptionResult& r, ScenarioFormat format, std::ostream& out) {
  const Scenario& s = model.scenario();
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["scenario"] = s.name;
    j["option"] = option_json(model, r);
    out << j.dump(2) << '\n';
    return;
  }
  if (format == ScenarioFormat::kCsv) {
    csv_header(s, out);
    csv_row(r, out);
    return;
  }
  const bool md = format == ScenarioFormat::kMarkdown;
  out << (md ? "# " : "") << s.name << (r.option.empty() ? "" : " — option " + r.option + ": " + r.label) << "\n\n";
  out << (md ? "**Solution concept:** " : "Solution concept: ") << concept_line(r) << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [id, p] : r.metrics) rows.push_back({id, percent(p)});
  if (!rows.empty()) {
    write_table({"metric", "probability"}, rows, md, out);
    out << '\n';
  }
  rows.clear();
  for (std::size_t k = 0; k < s.outcomes.size(); ++k) {
    rows.push_back({s.outcomes[k].id, s.outcomes[k].label, percent(r.outcome_probability[k])});
  }
  write_table({"outcome", "", "probability"}, rows, md, out);
  out << '\n';
  rows.clear();
  for (std::size_t a = 0; a < s.actors.size(); ++a)
    rows.push_back({s.actors[a].id, fmt::format("{:.4g}", r.payoffs[a])});
  write_table({"actor", "expected payoff"}, rows, md, out);
  out << '\n' << (md ? "**Equilibrium path:**\n\n" : "Equilibrium path:\n");
  for (const std::string& line : path_sentences(r)) out << (md ? "- " : "  ") << line << '\n';
}

void write_compare(const ScenarioModel& model, const std::vector<OptionResult>& results, ScenarioFormat format,
                   std::ostream& out) {
  const Scenario& s = model.scenario();
  const std::vector<std::size_t> ranking = rank_options(s, results);
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["scenario"] = s.name;
    j["file"] = s.file;
    j["options"] = nlohmann::ordered_json::array();
    for (const OptionResult& r : results) j["options"].push_back(option_json(model, r));
    j["ranking"] = nlohmann::ordered_json::array();
    for (std::size_t k : ranking) j["ranking"].push_back(results[k].option);
    j["ranked_by"] = s.metrics.empty() ? "" : s.metrics.front().id;
    out << j.dump(2) << '\n';
    return;
  }
  if (format == ScenarioFormat::kCsv) {
    csv_header(s, out);
    for (const OptionResult& r : results) csv_row(r, out);
    return;
  }
  const bool md = format == ScenarioFormat::kMarkdown;
  out << (md ? "# " : "") << s.name << " — options compared\n\n";
  std::vector<std::string> concepts;
  for (const OptionResult& r : results) {
    const std::string c = concept_line(r);
    if (std::find(concepts.begin(), concepts.end(), c) == concepts.end()) concepts.push_back(c);
  }
  out << (md ? "**Solution concept:** " : "Solution concept: ") << join(concepts, "; ") << "\n\n";
  std::vector<std::string> header{"option"};
  for (const Metric& m : s.metrics) header.push_back(m.id);
  for (const Actor& a : s.actors) header.push_back("payoff " + a.id);
  std::vector<std::vector<std::string>> rows;
  for (const OptionResult& r : results) {
    std::vector<std::string> row{option_name(r)};
    for (const auto& [id, p] : r.metrics) row.push_back(percent(p));
    for (double v : r.payoffs) row.push_back(fmt::format("{:.4g}", v));  // as run prints them
    rows.push_back(std::move(row));
  }
  write_table(header, rows, md, out);
  rows.clear();
  out << '\n';
  header = {"option"};
  for (const Outcome& o : s.outcomes) header.push_back(o.id);
  for (const OptionResult& r : results) {
    std::vector<std::string> row{option_name(r)};
    for (double p : r.outcome_probability) row.push_back(percent(p));
    rows.push_back(std::move(row));
  }
  write_table(header, rows, md, out);
  if (!s.metrics.empty()) {
    out << '\n' << (md ? "**Ranking** by " : "Ranking by ") << s.metrics.front().id << " (highest first):\n";
    for (std::size_t k = 0; k < ranking.size(); ++k) {
      const OptionResult& r = results[ranking[k]];
      out << (md ? fmt::format("{}. ", k + 1) : fmt::format("  {}. ", k + 1)) << option_name(r) << " — " << r.label
          << ": " << percent(r.metrics.front().second) << '\n';
    }
  }
  out << '\n' << (md ? "**Equilibrium paths:**\n" : "Equilibrium paths:\n");
  for (const OptionResult& r : results) {
    out << (md ? "- **" : "  ") << option_name(r) << (md ? "**: " : ": ") << join(path_sentences(r), "; ") << '\n';
  }
}

void write_explain(const ScenarioModel& model, const OptionResult& r, ScenarioFormat format, std::ostream& out) {
  const Scenario& s = model.scenario();
  if (format == ScenarioFormat::kJson) {
    nlohmann::ordered_json j;
    j["scenario"] = s.name;
    j["option"] = option_json(model, r);
    j["choices"] = nlohmann::ordered_json::array();
    for (const ChoiceReport& c : r.choices) {
      nlohmann::ordered_json cj;
      cj["actor"] = c.actor;
      cj["stage"] = c.stage;
      cj["knows"] = c.context;
      cj["reach"] = c.reach;
      for (std::size_t k = 0; k < c.actions.size(); ++k) {
        nlohmann::ordered_json aj;
        aj["action"] = c.actions[k];
        aj["probability"] = c.probabilities[k];
        if (!c.action_values.empty()) aj["expected_payoff"] = c.action_values[k];
        cj["actions"].push_back(aj);
      }
      for (const auto& [story, b] : c.beliefs) cj["beliefs"][story] = b;
      j["choices"].push_back(cj);
    }
    for (const auto& d : r.draw_ins)
      j["drawn_in"].push_back({{"attacked", d.attacked}, {"drawn_in", d.drawn_in}, {"probability", d.probability}});
    out << j.dump(2) << '\n';
    return;
  }
  if (format == ScenarioFormat::kCsv) {
    out << "actor,stage,knows,reach,action,probability,expected_payoff\n";
    for (const ChoiceReport& c : r.choices) {
      for (std::size_t k = 0; k < c.actions.size(); ++k) {
        out << csv_field(c.actor) << ',' << csv_field(c.stage) << ',' << csv_field(c.context) << ','
            << fmt::format("{:.6g}", c.reach) << ',' << csv_field(c.actions[k]) << ','
            << fmt::format("{:.6g}", c.probabilities[k]) << ','
            << (c.action_values.empty() ? "" : fmt::format("{:.6g}", c.action_values[k])) << '\n';
      }
    }
    return;
  }
  const bool md = format == ScenarioFormat::kMarkdown;
  write_run(model, r, format, out);
  out << '\n' << (md ? "## Why\n\n" : "Why:\n");
  for (const ChoiceReport& c : r.choices) {
    if (c.actor == "Nature") {
      std::vector<std::string> parts;
      for (std::size_t k = 0; k < c.actions.size(); ++k)
        parts.push_back(fmt::format("{} {}", c.actions[k], percent(c.probabilities[k])));
      out << (md ? "- " : "  ") << "Nature draws " << c.stage << ": " << join(parts, ", ") << ".\n";
      continue;
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < c.actions.size(); ++k) {
      if (c.probabilities[k] > c.probabilities[best]) best = k;
    }
    std::vector<std::string> values;
    for (std::size_t k = 0; k < c.actions.size(); ++k)
      values.push_back(fmt::format("{} {:.3g}", c.actions[k], c.action_values[k]));
    out << (md ? "- " : "  ") << c.actor << " at " << c.stage
        << (c.context.empty() ? "" : " (knowing " + c.context + ")")
        << (c.reach > 1e-9 ? fmt::format(", reached with probability {}", percent(c.reach))
                           : ", off the equilibrium path")
        << ", chooses " << c.actions[best]
        << (c.probabilities[best] < 1.0 - 1e-9 ? " (" + percent(c.probabilities[best]) + ")" : "")
        << ": its expected payoff per action is " << join(values, ", ") << ".";
    if (!c.beliefs.empty()) {
      std::vector<std::string> bs;
      for (const auto& [story, b] : c.beliefs) bs.push_back(fmt::format("{} {}", story, percent(b)));
      out << " It believes " << join(bs, "; ") << ".";
    }
    out << '\n';
  }
  if (!r.draw_ins.empty()) {
    out << '\n' << (md ? "## Who is drawn in\n\n" : "Who is drawn in (commitment network):\n");
    for (const auto& d : r.draw_ins) {
      out << (md ? "- " : "  ")
          << fmt::format("an attack on {} draws in {} with probability {}", d.attacked, d.drawn_in,
                         percent(d.probability))
          << '\n';
    }
  }
}

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
      std::vector<std::string> row{csv ? csv_field(r.option) : option_name(r), fmt::format("{:.6g}", t.lambda)};
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
  write_table(header, rows, md, out);
}

}  // namespace backstop
