// Names that point across sections: actors, parties, sources, observed
// stages, outcomes and the parameters options set. Each unknown name is
// reported where it is used, with the closest known name.
#include <algorithm>
#include <set>
#include <unordered_set>

#include "backstop/expr/expression.hpp"
#include "loader.hpp"

namespace backstop::detail {

void Loader::report_unknown(const std::string& kind, const std::string& name, const std::vector<std::string>& known,
                            const SourceLocation& where) {
  // Past the problems shown, only counted: no search for a suggestion.
  r_.error(where, r_.full() ? std::string() : "unknown " + kind + " '" + name + "'" + did_you_mean(name, known));
}

// Names that point across sections, and the quotes against their articles.
void Loader::check_references() {
  std::set<std::string> actors;
  for (const Actor& a : s_.actors) actors.insert(a.id);
  std::vector<std::string> actor_names(actors.begin(), actors.end());
  for (const auto& [name, where] : actor_refs_) {
    if (!actors.count(name) && !actors.empty()) report_unknown("actor", name, actor_names, where);
  }
  std::vector<std::string> parties = actor_names;
  parties.insert(parties.end(), s_.parties.begin(), s_.parties.end());
  const std::unordered_set<std::string> party_set(parties.begin(), parties.end());
  for (const auto& [name, where] : party_refs_) {
    if (!party_set.count(name)) report_unknown("actor or party", name, parties, where);
  }
  std::vector<std::string> source_ids;
  for (const Source& src : s_.sources) source_ids.push_back(src.id);
  const std::unordered_set<std::string> source_set(source_ids.begin(), source_ids.end());
  for (const auto& [id, where] : grounded_) {
    if (!source_set.count(id)) report_unknown("source", id, source_ids, where);
  }
  // Stages: observed stages come earlier.
  for (std::size_t i = 0; i < s_.stages.size(); ++i) {
    const Stage& st = s_.stages[i];
    for (std::size_t k = 0; k < st.observes.size(); ++k) {
      bool earlier = false;
      for (std::size_t j = 0; j < i; ++j) earlier = earlier || s_.stages[j].id == st.observes[k];
      if (!earlier)
        r_.error(st.observes_where[k],
                 "stage '" + st.id + "' observes '" + st.observes[k] + "', which is not an earlier stage");
    }
  }
  // Outcomes, metrics, payoffs.
  std::vector<std::string> outcome_ids;
  for (const Outcome& o : s_.outcomes) outcome_ids.push_back(o.id);
  const std::unordered_set<std::string> outcome_set(outcome_ids.begin(), outcome_ids.end());
  if (s_.outcomes.empty()) r_.error(SourceLocation{s_.file, 1, 1}, "'outcomes' must name at least one outcome");
  for (const Metric& m : s_.metrics) {
    for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
      if (!outcome_set.count(m.outcomes[k])) report_unknown("outcome", m.outcomes[k], outcome_ids, m.outcomes_where[k]);
    }
  }
  std::vector<std::string> metric_ids;
  for (const Metric& m : s_.metrics) metric_ids.push_back(m.id);
  for (std::size_t k = 0; k < s_.ranking.size(); ++k) {
    if (std::find(metric_ids.begin(), metric_ids.end(), s_.ranking[k]) == metric_ids.end())
      report_unknown("metric", s_.ranking[k], metric_ids, s_.ranking_where[k]);
  }
  std::set<std::pair<std::string, std::string>> paid;  // (actor, outcome)
  for (const PayoffEntry& e : s_.payoffs) {
    if (!outcome_set.count(e.outcome)) report_unknown("outcome", e.outcome, outcome_ids, e.where);
    paid.emplace(e.actor, e.outcome);
  }
  for (const Actor& a : s_.actors) {
    for (const Outcome& o : s_.outcomes) {
      if (!paid.count({a.id, o.id}) && actors.count(a.id))
        r_.error(a.where, "actor '" + a.id + "' has no payoff for outcome '" + o.id + "'");
    }
  }
  std::vector<std::string> parameter_names;
  for (const Parameter& p : s_.parameters) parameter_names.push_back(p.name);
  for (const BackstopOption& o : s_.options) {
    for (std::size_t k = 0; k < o.set.size(); ++k) {
      if (!parameter_names_.count(o.set[k].first))
        report_unknown("parameter", o.set[k].first, parameter_names, o.set_where[k]);
    }
  }
  // Derived names are plain names beside the parameters; checks assume moves of declared stages.
  for (const Derived& d : s_.derived) {
    if (parameter_names_.count(d.id)) r_.error(d.where, "derived name '" + d.id + "' is already a parameter");
  }
  std::vector<std::string> stage_ids;
  for (const Stage& st : s_.stages) stage_ids.push_back(st.id);
  for (const Check& c : s_.checks) {
    for (std::size_t k = 0; k < c.given.size(); ++k) {
      const auto& [stage, actions] = c.given[k];
      const auto at = std::find(stage_ids.begin(), stage_ids.end(), stage);
      if (at == stage_ids.end()) {
        report_unknown("stage", stage, stage_ids, c.given_where[k]);
        continue;
      }
      std::vector<std::string> action_ids;
      for (const StageAction& a : s_.stages[static_cast<std::size_t>(at - stage_ids.begin())].actions)
        action_ids.push_back(a.id);
      for (const std::string& a : actions) {
        if (std::find(action_ids.begin(), action_ids.end(), a) == action_ids.end())
          r_.error(c.given_where[k], "stage '" + stage + "' has no action '" + a + "'" + did_you_mean(a, action_ids));
      }
    }
  }
  check_dynamics_references(stage_ids, metric_ids, outcome_ids, parameter_names);
  check_quotes();
}

// Dynamics: its stages, belief, metrics, outcomes and state variables name
// what the scenario declares; a state variable is not one an option sets
// (the option would set it back each period).
void Loader::check_dynamics_references(const std::vector<std::string>& stage_ids,
                                       const std::vector<std::string>& metric_ids,
                                       const std::vector<std::string>& outcome_ids,
                                       const std::vector<std::string>& parameter_names) {
  const Dynamics& d = s_.dynamics;
  if (!d.declared) return;
  auto find = [](const std::vector<std::string>& in, const std::string& x) {
    return static_cast<std::size_t>(std::find(in.begin(), in.end(), x) - in.begin());
  };
  for (std::size_t k = 0; k < d.persistent.size(); ++k) {
    const std::size_t at = find(stage_ids, d.persistent[k]);
    if (at == stage_ids.size()) report_unknown("stage", d.persistent[k], stage_ids, d.persistent_where[k]);
    else if (!s_.stages[at].is_chance())
      r_.error(d.persistent_where[k], "stage '" + d.persistent[k] + "' is a decision; only chance stages persist");
  }
  if (!d.belief_stage.empty()) {
    if (!parameter_names_.count(d.belief_parameter))
      report_unknown("parameter", d.belief_parameter, parameter_names, d.belief_where);
    const std::size_t at = find(stage_ids, d.belief_stage);
    if (find(d.persistent, d.belief_stage) == d.persistent.size()) {
      r_.error(d.belief_where, "the belief's stage '" + d.belief_stage + "' must be listed under 'persistent'");
    } else if (at < stage_ids.size()) {
      std::vector<std::string> actions;
      for (const StageAction& a : s_.stages[at].actions) actions.push_back(a.id);
      if (find(actions, d.belief_action) == actions.size())
        r_.error(d.belief_where, "stage '" + d.belief_stage + "' has no action '" + d.belief_action + "'" +
                                     did_you_mean(d.belief_action, actions));
    }
  }
  if (!d.holds.empty() && find(metric_ids, d.holds) == metric_ids.size())
    report_unknown("metric", d.holds, metric_ids, d.holds_where);
  if (!d.war.empty() && find(metric_ids, d.war) == metric_ids.size())
    report_unknown("metric", d.war, metric_ids, d.war_where);
  for (std::size_t k = 0; k < d.ends.size(); ++k) {
    if (find(outcome_ids, d.ends[k]) == outcome_ids.size())
      report_unknown("outcome", d.ends[k], outcome_ids, d.ends_where[k]);
  }
  for (const StateUpdate& u : d.state) {
    if (!parameter_names_.count(u.parameter)) {
      report_unknown("parameter", u.parameter, parameter_names, u.where);
      continue;
    }
    for (const BackstopOption& o : s_.options) {
      for (const auto& [name, value] : o.set) {
        if (name == u.parameter) {
          r_.error(u.where, "state variable '" + u.parameter + "' is set by option '" + o.id +
                                "'; a state variable must be one no option sets");
        }
      }
    }
  }
}

}  // namespace backstop::detail
