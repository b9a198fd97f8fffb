#include "backstop/report/play_report.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "report_text.hpp"

namespace backstop {
namespace {

using detail::action_name;

std::string number(double x) { return fmt::format("{:.3g}", x); }

// "the equilibrium" or "the logit QRE": who the others follow.
std::string profile_name(const OptionResult& run) {
  return run.solution.method == Method::kQre
             ? fmt::format("the logit QRE (lambda {:g})",
                           run.solution.equilibria.empty() ? 0.0 : run.solution.equilibria[run.shown].lambda)
             : std::string("the equilibrium");
}

// The best action other than k by the mover's expected payoff.
std::size_t best_other(const ChoiceReport& c, std::size_t k) {
  std::size_t best = kNoIndex;
  for (std::size_t j = 0; j < c.action_values.size(); ++j) {
    if (j != k && (best == kNoIndex || c.action_values[j] > c.action_values[best])) best = j;
  }
  return best;
}

std::string where(const ScenarioModel& model, const ChoiceReport& c) {
  const std::string& known = model.infoset_context(c.infoset);
  return known.empty() ? detail::stage_id(model, c) : fmt::format("{} (knowing {})", detail::stage_id(model, c), known);
}

// Decisions of the seat that agree with the run's chosen action, and the
// expected payoff the seat gave up at each (its best value less its choice's).
struct Agreement {
  std::size_t agreed = 0, decisions = 0;
  double given_up = 0.0;
};
Agreement agreement(const OptionResult& run, const PlayState& state) {
  Agreement a;
  for (const PlayMove& m : state.moves) {
    if (!m.seat) continue;
    const ChoiceReport& c = run.choices[m.choice];
    ++a.decisions;
    if (m.action == c.chosen()) ++a.agreed;
    if (!c.action_values.empty()) a.given_up += std::max(0.0, c.action_values[c.chosen()] - c.action_values[m.action]);
  }
  return a;
}

}  // namespace

std::string play_introduction(const ScenarioModel& model, const OptionResult& run, PlayerId seat) {
  const Scenario& s = model.scenario();
  return fmt::format("{}{}\nYou play {}. The others follow {}: {}.", s.name,
                     run.option.empty() ? "" : fmt::format(", option {}", run.option), s.actors[index(seat)].id,
                     profile_name(run), detail::concept_line(run));
}

std::string play_move_sentence(const ScenarioModel& model, const OptionResult& run, const PlayState& state,
                               std::size_t k) {
  const PlayMove& m = state.moves[k];
  const ChoiceReport& c = run.choices[m.choice];
  const std::string action = action_name(model, c, m.action);
  const double p = c.probabilities[m.action];
  if (c.chance)
    return fmt::format("Nature: {} = {} (probability {}).", detail::stage_id(model, c), action, detail::percent(p));
  const std::string actor = detail::mover(model, c);
  const bool valued = c.action_values.size() == c.probabilities.size();
  if (m.seat) {
    const std::size_t eq = c.chosen();
    if (!valued) return fmt::format("You ({}) at {} chose {}.", actor, where(model, c), action);
    if (eq == m.action) {
      return fmt::format("You ({}) at {} chose {}, as {} does: expected payoff {}.", actor, where(model, c), action,
                         profile_name(run), number(c.action_values[m.action]));
    }
    return fmt::format(
        "You ({}) at {} chose {}: expected payoff {} against the others' play; {} plays {} ({}), worth {}.", actor,
        where(model, c), action, number(c.action_values[m.action]), profile_name(run), action_name(model, c, eq),
        detail::percent(c.probabilities[eq]), number(c.action_values[eq]));
  }
  std::string why;
  if (valued) {
    const std::size_t other = best_other(c, m.action);
    why = other == kNoIndex ? fmt::format(": expected payoff {}", number(c.action_values[m.action]))
                            : fmt::format(": expected payoff {}, against {} for {}", number(c.action_values[m.action]),
                                          number(c.action_values[other]), action_name(model, c, other));
  }
  return fmt::format("{} at {} chooses {} ({} plays it with probability {}){}.", actor, where(model, c), action,
                     profile_name(run), detail::percent(p), why);
}

std::string play_prompt(const ScenarioModel& model, const OptionResult& run, const PlayState& state) {
  if (state.finished) return "";
  const Game& g = model.game();
  const InfoSetId h = g.infoset(state.node);
  for (const ChoiceReport& c : run.choices) {
    if (c.infoset == h) return fmt::format("Your move as {} at {}", detail::mover(model, c), where(model, c));
  }
  return "Your move";
}

std::vector<std::string> play_actions(const ScenarioModel& model, const PlayState& state) {
  std::vector<std::string> actions;
  if (state.finished) return actions;
  const Game& g = model.game();
  const InfoSetId h = g.infoset(state.node);
  for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) actions.emplace_back(g.action_label(g.action(h, k)));
  return actions;
}

std::vector<std::string> play_ending(const ScenarioModel& model, const OptionResult& run, const PlayState& state,
                                     PlayerId seat) {
  if (!state.finished) return {};
  const Scenario& s = model.scenario();
  std::vector<std::string> lines;
  const Outcome& o = s.outcomes[state.outcome];
  lines.push_back(fmt::format("Outcome: {} ({}).", o.label.empty() ? o.id : o.label, o.id));
  std::vector<std::string> paid;
  for (std::size_t a = 0; a < s.actors.size(); ++a)
    paid.push_back(fmt::format("{} {}", s.actors[a].id, number(state.payoffs[a])));
  lines.push_back(fmt::format("Payoffs: {}.", fmt::join(paid, ", ")));
  const std::size_t me = index(seat);
  lines.push_back(fmt::format("You ({}) got {}; under {} your expected payoff is {}.", s.actors[me].id,
                              number(state.payoffs[me]), profile_name(run), number(run.payoffs[me])));
  const Agreement a = agreement(run, state);
  if (a.decisions == 0) {
    lines.push_back("You had no move on this path: the others' play and Nature decided it.");
  } else {
    lines.push_back(
        fmt::format("Your choices agreed with {} at {} of {} decision{}; they gave up {} of expected "
                    "payoff against its choices.",
                    profile_name(run), a.agreed, a.decisions, a.decisions == 1 ? "" : "s", number(a.given_up)));
  }
  return lines;
}

void write_play_json(const ScenarioModel& model, const OptionResult& run, const PlayState& state, PlayerId seat,
                     std::ostream& out) {
  nlohmann::ordered_json j;
  j["scenario"] = model.scenario().name;
  j["option"] = run.option;
  j["seat"] = model.scenario().actors[index(seat)].id;
  j["concept"] = detail::concept_line(run);
  j["introduction"] = play_introduction(model, run, seat);
  j["moves"] = nlohmann::ordered_json::array();
  for (std::size_t k = 0; k < state.moves.size(); ++k) {
    const PlayMove& m = state.moves[k];
    const ChoiceReport& c = run.choices[m.choice];
    j["moves"].push_back({{"actor", detail::mover(model, c)},
                          {"stage", detail::stage_id(model, c)},
                          {"action", action_name(model, c, m.action)},
                          {"seat", m.seat},
                          {"probability", c.probabilities[m.action]},
                          {"sentence", play_move_sentence(model, run, state, k)}});
  }
  j["finished"] = state.finished;
  if (!state.finished) {
    j["prompt"] = play_prompt(model, run, state);
    j["actions"] = play_actions(model, state);
  } else {
    const Scenario& s = model.scenario();
    j["outcome"] = s.outcomes[state.outcome].id;
    for (std::size_t a = 0; a < s.actors.size(); ++a) j["payoffs"][s.actors[a].id] = state.payoffs[a];
    j["expected"] = run.payoffs[index(seat)];
    j["ending"] = play_ending(model, run, state, seat);
  }
  out << j.dump(2) << '\n';
}

}  // namespace backstop
