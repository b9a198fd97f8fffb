#include "report_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace backstop::detail {

std::string percent(double p) { return fmt::format("{:.1f}%", 100.0 * p); }

std::string spread(const Interval& i) {
  if (std::isnan(i.mean)) return "-";
  return fmt::format("{} [{}, {}]", percent(i.mean), percent(i.low), percent(i.high));
}

nlohmann::ordered_json interval_json(const Interval& i) {
  if (std::isnan(i.mean)) return nullptr;
  return {{"mean", i.mean}, {"low", i.low}, {"high", i.high}};
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

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

std::string ranking_words(const Scenario& s, std::span<const RankKey> keys) {
  std::string out;
  for (const RankKey& k : keys) {
    out += fmt::format("{}{} ({} first)", out.empty() ? "" : ", then ", s.metrics[k.metric].id,
                       k.lower_better ? "lowest" : "highest");
  }
  return out;
}

std::string option_name(const std::string& option) { return option.empty() ? "(as written)" : option; }

const std::string& option_label(const Scenario& s, const std::string& option) {
  return option.empty() ? s.name : s.option(option)->label;
}

std::string concept_line(const OptionResult& r) {
  const Solution& s = r.solution;
  const std::size_t n = s.equilibria.size();
  const std::string several =
      n > 1 || s.truncated ? fmt::format("; equilibrium {} of {}{} is shown", r.shown + 1, n, s.truncated ? "+" : "")
                           : "";
  return s.concept_name + " (method " + std::string(method_name(s.method)) + several + ")";
}

std::string mover(const ScenarioModel& model, const ChoiceReport& c) {
  return c.chance ? std::string("Nature") : model.scenario().stages[c.stage].actor;
}

const std::string& stage_id(const ScenarioModel& model, const ChoiceReport& c) {
  return model.scenario().stages[c.stage].id;
}

std::string action_name(const ScenarioModel& model, const ChoiceReport& c, std::size_t k) {
  const Game& g = model.game();
  return std::string(g.action_label(g.action(c.infoset, static_cast<std::uint32_t>(k))));
}

std::string belief_story(const ScenarioModel& model, const ChoiceReport& c, std::size_t j) {
  const Game& g = model.game();
  const std::string& known = model.infoset_context(c.infoset);
  std::string out;
  for (NodeId v = g.members(c.infoset)[j]; v != Game::root();) {
    const NodeId q = g.parent(v);
    const std::string& id = model.scenario().stages[model.stage_of(g.infoset(q))].id;
    const std::string piece = fmt::format("{} = {}", id, g.action_label(g.action_into(v)));
    if (known.find(piece) == std::string::npos) out = piece + (out.empty() ? "" : ", " + out);
    v = q;
  }
  return out.empty() ? "-" : out;
}

std::string choice_sentence(const ScenarioModel& model, const ChoiceReport& c) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < c.probabilities.size(); ++k) {
    if (c.probabilities[k] <= 1e-9) continue;
    const std::string& action = action_name(model, c, k);
    parts.push_back(c.probabilities[k] < 1.0 - 1e-9 ? fmt::format("{} {}", action, percent(c.probabilities[k]))
                                                    : action);
  }
  const std::string& stage = stage_id(model, c);
  const std::string who = c.chance ? "Nature draws " + stage : mover(model, c) + " (" + stage + ")";
  const std::string& context = model.infoset_context(c.infoset);
  return who + (context.empty() ? "" : ", knowing " + context) + ": " + fmt::format("{}", fmt::join(parts, ", "));
}

std::vector<std::string> path_sentences(const ScenarioModel& model, const OptionResult& r) {
  std::vector<std::string> out;
  for (const ChoiceReport& c : r.choices) {
    if (c.reach <= 1e-9) continue;
    std::string sentence = choice_sentence(model, c);
    // Nature's same draw at several nodes (one per earlier move) is said once.
    if (std::find(out.begin(), out.end(), sentence) == out.end()) out.push_back(std::move(sentence));
  }
  return out;
}

}  // namespace backstop::detail
