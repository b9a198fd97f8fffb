#pragma once
// The words and shapes the scenario reports share (private to the report
// layer): numbers as people read them, tables, CSV fields, and a run's
// choices put in the scenario's terms.

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/monte_carlo.hpp"
#include "backstop/sim/run.hpp"

namespace backstop::detail {

std::string percent(double p);  // "62.5%"
// "62.5% [40.1%, 80.0%]": a probability's mean and 95% interval over the draws; "-" where there is none (NaN).
std::string spread(const Interval& i);
// {"mean", "low", "high"}, or null where there is none (NaN).
nlohmann::ordered_json interval_json(const Interval& i);
std::string csv_field(const std::string& text);
// A plain-text or markdown table.
void write_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                 bool markdown, std::ostream& out);

// How tables name an option; a scenario without options runs "as written".
// A Monte Carlo result as JSON (simulate --format json, and compare's and run's "uncertainty").
nlohmann::ordered_json simulation_json(const Scenario& scenario, const MonteCarloResult& result);
// "p_ceasefire_holds (highest first), then p_nato_russia_war (lowest first)"
std::string ranking_words(const Scenario& scenario, std::span<const RankKey> keys);
std::string option_name(const std::string& option);
// The option's label, or the scenario's name for the scenario as written.
const std::string& option_label(const Scenario& scenario, const std::string& option);
// "pure-strategy Nash equilibrium (method pure; equilibrium 1 of 2 is shown)"
std::string concept_line(const OptionResult& result);

// A choice in the scenario's terms.
std::string mover(const ScenarioModel& model, const ChoiceReport& c);  // the actor's id, or "Nature"
const std::string& stage_id(const ScenarioModel& model, const ChoiceReport& c);
std::string action_name(const ScenarioModel& model, const ChoiceReport& c, std::size_t k);
// The hidden moves that tell the set's node j apart from the others: "russia_type = limited".
std::string belief_story(const ScenarioModel& model, const ChoiceReport& c, std::size_t j);
// "uk (deploy): stay 62.5%, leave 37.5%"; the path in such sentences, every choice play reaches.
std::string choice_sentence(const ScenarioModel& model, const ChoiceReport& c);
std::vector<std::string> path_sentences(const ScenarioModel& model, const OptionResult& result);
// "margin 0.06, fragile (0.33% of its payoff range, 18.6; under 5%)": how far a choice's action leads the next.
std::string margin_words(const ChoiceReport& c);
// The fragile choices play reaches, one phrase each: "Russia at russia (knowing ...) chooses comply by 0.061
// (0.33% of its payoff range)".
std::vector<std::string> fragile_choices(const ScenarioModel& model, const OptionResult& result);

// One option's results as JSON (the element of compare's "options").
nlohmann::ordered_json option_json(const ScenarioModel& model, const OptionResult& result);

}  // namespace backstop::detail
