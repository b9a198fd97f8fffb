// `explain`: why each actor chooses as it does. Every information set in
// stage order, with the mover's expected payoff of each action there (the
// continuation values weighted by its beliefs), the beliefs themselves where
// the mover cannot tell nodes apart, and who the commitment network draws in.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "backstop/report/scenario_report.hpp"
#include "backstop/version.hpp"
#include "report_text.hpp"

namespace backstop {
namespace {

using detail::action_name;
using detail::percent;

void explain_json(const ScenarioModel& model, const OptionResult& r, std::ostream& out) {
  nlohmann::ordered_json j;
  j["backstop"] = kVersion;
  j["scenario"] = model.scenario().name;
  j["option"] = detail::option_json(model, r);
  j["choices"] = nlohmann::ordered_json::array();
  for (const ChoiceReport& c : r.choices) {
    nlohmann::ordered_json cj;
    cj["actor"] = detail::mover(model, c);
    cj["stage"] = detail::stage_id(model, c);
    cj["knows"] = model.infoset_context(c.infoset);
    cj["reach"] = c.reach;
    for (std::size_t k = 0; k < c.probabilities.size(); ++k) {
      nlohmann::ordered_json aj;
      aj["action"] = action_name(model, c, k);
      aj["probability"] = c.probabilities[k];
      if (!c.action_values.empty()) aj["expected_payoff"] = c.action_values[k];
      cj["actions"].push_back(aj);
    }
    for (std::size_t m = 0; m < c.beliefs.size(); ++m) cj["beliefs"][detail::belief_story(model, c, m)] = c.beliefs[m];
    if (!c.chance) {
      cj["margin"] = c.margin;
      cj["payoff_range"] = c.range;
      cj["fragile"] = c.fragile();
    }
    j["choices"].push_back(cj);
  }
  for (const auto& d : r.draw_ins)
    j["drawn_in"].push_back({{"attacked", d.attacked},
                             {"drawn_in", d.drawn_in},
                             {"probability", d.probability},
                             {"from", d.equilibrium ? "equilibrium" : "credibility"},
                             {"attack_probability", d.equilibrium ? nlohmann::ordered_json(d.attack_probability)
                                                                  : nlohmann::ordered_json()}});
  out << j.dump(2) << '\n';
}

void explain_csv(const ScenarioModel& model, const OptionResult& r, std::ostream& out) {
  out << "actor,stage,knows,reach,action,probability,expected_payoff,margin,fragile\n";
  for (const ChoiceReport& c : r.choices) {
    for (std::size_t k = 0; k < c.probabilities.size(); ++k) {
      out << detail::csv_field(detail::mover(model, c)) << ',' << detail::csv_field(detail::stage_id(model, c)) << ','
          << detail::csv_field(model.infoset_context(c.infoset)) << ',' << fmt::format("{:.6g}", c.reach) << ','
          << detail::csv_field(action_name(model, c, k)) << ',' << fmt::format("{:.6g}", c.probabilities[k]) << ','
          << (c.action_values.empty() ? "" : fmt::format("{:.6g}", c.action_values[k])) << ','
          << (c.chance ? "," : fmt::format("{:.6g},{}", c.margin, c.fragile() ? "yes" : "no")) << '\n';
    }
  }
}

// One sentence per choice: Nature's draw, or the mover's choice and its reasons.
std::string why_sentence(const ScenarioModel& model, const ChoiceReport& c) {
  const std::string& stage = detail::stage_id(model, c);
  if (c.chance) {
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < c.probabilities.size(); ++k)
      parts.push_back(fmt::format("{} {}", action_name(model, c, k), percent(c.probabilities[k])));
    return fmt::format("Nature draws {}: {}.", stage, fmt::join(parts, ", "));
  }
  const std::size_t best = c.chosen();
  std::vector<std::string> values;
  for (std::size_t k = 0; k < c.probabilities.size(); ++k)
    values.push_back(fmt::format("{} {:.3g}", action_name(model, c, k), c.action_values[k]));
  const std::string& context = model.infoset_context(c.infoset);
  std::string text =
      detail::mover(model, c) + " at " + stage + (context.empty() ? "" : " (knowing " + context + ")") +
      (c.reach > 1e-9 ? fmt::format(", reached with probability {}", percent(c.reach)) : ", off the equilibrium path") +
      ", chooses " + action_name(model, c, best) +
      (c.probabilities[best] < 1.0 - 1e-9 ? " (" + percent(c.probabilities[best]) + ")" : "") +
      fmt::format(": its expected payoff per action is {}; {}.", fmt::join(values, ", "), detail::margin_words(c));
  if (!c.beliefs.empty()) {
    std::vector<std::string> bs;
    for (std::size_t m = 0; m < c.beliefs.size(); ++m)
      bs.push_back(fmt::format("{} {}", detail::belief_story(model, c, m), percent(c.beliefs[m])));
    text += fmt::format(" It believes {}.", fmt::join(bs, "; "));
  }
  return text;
}

}  // namespace

void write_explain(const ScenarioModel& model, const OptionResult& r, ScenarioFormat format, std::ostream& out) {
  if (format == ScenarioFormat::kJson) return explain_json(model, r, out);
  if (format == ScenarioFormat::kCsv) return explain_csv(model, r, out);
  const bool md = format == ScenarioFormat::kMarkdown;
  write_run(model, r, nullptr, format, out);
  out << '\n' << (md ? "## Why\n\n" : "Why:\n");
  // Nature's draw at one stage reads the same at each of its nodes: said once.
  std::string previous;
  for (const ChoiceReport& c : r.choices) {
    std::string sentence = why_sentence(model, c);
    if (c.chance && sentence == previous) continue;
    out << (md ? "- " : "  ") << sentence << '\n';
    previous = std::move(sentence);
  }
  std::size_t fragile_on_path = 0;
  for (const ChoiceReport& c : r.choices) fragile_on_path += c.fragile() && c.reach > 1e-9 ? 1 : 0;
  if (fragile_on_path > 0) {
    out << '\n'
        << fmt::format(
               "{} {} on the equilibrium path {} fragile: {} margin is under {:.0f}% of the mover's payoff "
               "range, so a small change of one number could flip {} and the result with {}.",
               fragile_on_path, fragile_on_path == 1 ? "choice" : "choices", fragile_on_path == 1 ? "is" : "are",
               fragile_on_path == 1 ? "its" : "their", 100.0 * ChoiceReport::kFragileShare,
               fragile_on_path == 1 ? "it" : "them", fragile_on_path == 1 ? "it" : "them")
        << '\n';
  }
  if (!r.draw_ins.empty()) {
    out << '\n' << (md ? "## Who is drawn in\n\n" : "Who is drawn in (commitment network):\n");
    for (const auto& d : r.draw_ins) {
      out << (md ? "- " : "  ");
      if (!d.equilibrium) {
        out << fmt::format(
            "an attack on {} draws in {} with probability {} (by the ties' credibility along the "
            "network; the scenario does not say which moves answer it)",
            d.attacked, d.drawn_in, percent(d.probability));
      } else if (d.attack_probability <= 0.0) {
        out << fmt::format("{} is not attacked under the equilibrium (so {} is not drawn in)", d.attacked, d.drawn_in);
      } else {
        out << fmt::format("{} is attacked with probability {}; the equilibrium draws in {} in {} of those attacks",
                           d.attacked, percent(d.attack_probability), d.drawn_in, percent(d.probability));
      }
      out << '\n';
    }
  }
}

}  // namespace backstop
