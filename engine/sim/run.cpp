#include "backstop/sim/run.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "backstop/error.hpp"

namespace backstop {

ParameterOverrides parse_overrides(const std::vector<std::string>& assignments) {
  ParameterOverrides out;
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("--set expects NAME=VALUE, got '" + a + "'");
    const std::string value = a.substr(eq + 1);
    char* end = nullptr;
    errno = 0;
    const double x = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || errno != 0 || !std::isfinite(x)) {
      throw InputError("--set " + a.substr(0, eq) + ": '" + value + "' is not a number");
    }
    out.emplace_back(a.substr(0, eq), x);
  }
  return out;
}

namespace {

std::string move_name(const Game& g, NodeId n) { return g.action_label(g.action_into(n)); }

// The hidden moves that tell a set's nodes apart, in words.
std::string node_story(const Game& g, const ScenarioModel& m, NodeId n, InfoSetId h) {
  std::string out;
  for (NodeId v = n; v != Game::root();) {
    const NodeId q = g.parent(v);
    const std::size_t stage = m.stage_of(g.infoset(q));
    const std::string& known = m.infoset_context(h);
    const std::string& id = m.scenario().stages[stage].id;
    const std::string piece = id + " = " + move_name(g, v);
    if (known.find(piece) == std::string::npos) out = piece + (out.empty() ? "" : ", " + out);
    v = q;
  }
  return out.empty() ? "-" : out;
}

// Each node's expected payoff to `player` from there on, under the profile.
std::vector<double> continuation_values(const Game& g, const BehaviorProfile& profile, std::size_t player) {
  std::vector<double> v(g.num_nodes(), 0.0);
  for (std::uint32_t i = g.num_nodes(); i-- > 0;) {
    const NodeId n{i};
    double x = g.outcome(n) == kNoOutcome ? 0.0 : g.payoff(g.outcome(n), PlayerId{static_cast<std::uint32_t>(player)});
    for (std::uint32_t k = 0; k < g.num_children(n); ++k) {
      const ActionId a = g.action(g.infoset(n), k);
      const double p = g.kind(n) == NodeKind::kChance ? g.probability(a) : profile[index(a)];
      x += p * v[index(g.child(n, k))];
    }
    v[i] = x;
  }
  return v;
}

}  // namespace

OptionResult run_option(ScenarioModel& model, const std::string& option, const ParameterOverrides& overrides,
                        const SolveOptions& solve_options) {
  const Scenario& s = model.scenario();
  model.apply(option, overrides);
  const Game& g = model.game();

  OptionResult r;
  r.option = option;
  r.label = option.empty() ? s.name : s.option(option)->label;
  // Every equilibrium the method lists (up to a bound), so the report can say
  // when the one it shows is one of several.
  SolveOptions listing = solve_options;
  listing.all = true;
  listing.max_equilibria = std::min<std::size_t>(listing.max_equilibria, 1000);
  r.solution = solve(g, listing);
  if (r.solution.equilibria.empty() && solve_options.method == Method::kAuto) {
    SolveOptions qre = solve_options;
    qre.method = Method::kQre;
    r.solution = solve(g, qre);
  }
  if (r.solution.strategic_form) throw SolverError("a scenario is reported in behaviour strategies; use a method that solves the tree");
  const Equilibrium& e = r.solution.equilibria.front();
  r.outcome_probability.assign(s.outcomes.size(), 0.0);
  for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
    const NodeId n{i};
    if (g.num_children(n) == 0) r.outcome_probability[model.outcome_of(n)] += e.reach[i];
  }
  for (const Metric& m : s.metrics) {
    double p = 0.0;
    for (const std::string& o : m.outcomes) {
      for (std::size_t k = 0; k < s.outcomes.size(); ++k) {
        if (s.outcomes[k].id == o) p += r.outcome_probability[k];
      }
    }
    r.metrics.emplace_back(m.id, p);
  }
  for (Eigen::Index a = 0; a < e.payoffs.size(); ++a) r.payoffs.push_back(e.payoffs[a]);

  // Choices, in stage order; action values from the evaluated profile.
  for (std::size_t stage = 0; stage < s.stages.size(); ++stage) {
    for (std::uint32_t hi = 0; hi < g.num_infosets(); ++hi) {
      const InfoSetId h{hi};
      if (model.stage_of(h) != stage) continue;
      ChoiceReport c;
      const Stage& st = s.stages[stage];
      c.actor = st.is_chance() ? "Nature" : st.actor;
      c.stage = st.id;
      c.context = model.infoset_context(h);
      for (NodeId m : g.members(h)) c.reach += e.reach[index(m)];
      for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) {
        const ActionId a = g.action(h, k);
        c.actions.push_back(g.action_label(a));
        c.probabilities.push_back(st.is_chance() ? g.probability(a) : e.profile[index(a)]);
      }
      if (!st.is_chance()) {
        const std::size_t owner = index(g.infoset_player(h));
        const auto members = g.members(h);
        double total = 0.0;
        for (NodeId m : members) total += std::isnan(e.beliefs[index(m)]) ? 0.0 : e.beliefs[index(m)];
        // Expected value of each action: the continuation value at each child,
        // weighted by the beliefs.
        c.action_values.assign(g.infoset_num_actions(h), 0.0);
        std::vector<double> node_value = continuation_values(g, e.profile, owner);
        for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) {
          double v = 0.0;
          for (NodeId m : members) {
            double b = e.beliefs[index(m)];
            if (std::isnan(b) || total <= 0.0) b = 1.0 / static_cast<double>(members.size());
            v += b * node_value[index(g.child(m, k))];
          }
          c.action_values[k] = v;
        }
        if (members.size() > 1) {
          for (NodeId m : members) {
            double b = e.beliefs[index(m)];
            if (std::isnan(b)) b = 1.0 / static_cast<double>(members.size());
            c.beliefs.emplace_back(node_story(g, model, m, h), b);
          }
        }
      }
      r.choices.push_back(std::move(c));
    }
  }
  r.draw_ins = model.draw_ins();
  return r;
}

std::vector<OptionResult> run_all_options(ScenarioModel& model, const ParameterOverrides& overrides, const SolveOptions& solve_options) {
  std::vector<OptionResult> out;
  if (model.scenario().options.empty()) {
    out.push_back(run_option(model, "", overrides, solve_options));
  } else {
    for (const BackstopOption& o : model.scenario().options) out.push_back(run_option(model, o.id, overrides, solve_options));
  }
  return out;
}

}  // namespace backstop
