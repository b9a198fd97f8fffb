#include "backstop/sim/run.hpp"

#include <fmt/format.h>

#include <cmath>

#include "backstop/error.hpp"

namespace backstop {

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
std::vector<double> continuation_values(const Game& g, const BehaviorProfile& profile, std::uint32_t player) {
  std::vector<double> v(g.num_nodes(), 0.0);
  for (std::uint32_t i = g.num_nodes(); i-- > 0;) {
    const NodeId n{i};
    double x = g.outcome(n) == kNoOutcome ? 0.0 : g.payoff(g.outcome(n), PlayerId{player});
    for (std::uint32_t k = 0; k < g.num_children(n); ++k) {
      const ActionId a = g.action(g.infoset(n), k);
      const double p = g.kind(n) == NodeKind::kChance ? g.probability(a) : profile[index(a)];
      x += p * v[index(g.child(n, k))];
    }
    v[i] = x;
  }
  return v;
}

// Outcome probabilities and metrics from what play reaches.
void outcome_summary(const ScenarioModel& model, const Eigen::VectorXd& reach, std::vector<double>& outcome_probability,
                     std::vector<double>& metrics) {
  const Scenario& s = model.scenario();
  const Game& g = model.game();
  outcome_probability.assign(s.outcomes.size(), 0.0);
  for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
    if (g.num_children(NodeId{i}) == 0) outcome_probability[model.outcome_of(NodeId{i})] += reach[i];
  }
  metrics.clear();
  for (const Metric& m : s.metrics) {
    double p = 0.0;
    for (const std::string& o : m.outcomes) {
      for (std::size_t k = 0; k < s.outcomes.size(); ++k) {
        if (s.outcomes[k].id == o) p += outcome_probability[k];
      }
    }
    metrics.push_back(p);
  }
}

}  // namespace

OptionResult run_option(ScenarioModel& model, const std::string& option, const ParameterOverrides& overrides,
                        const SolveOptions& solve_options, std::size_t shown) {
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
  if (r.solution.strategic_form) {
    // Solved in the reduced strategic form (enummixed): reported in the
    // behaviour strategies those mixed strategies induce on the tree.
    for (Equilibrium& e : r.solution.equilibria) e = evaluate(g, behavior_from_mixed(g, e.profile));
    r.solution.strategic_form.reset();
  }
  if (shown >= r.solution.equilibria.size()) {
    throw InputError(fmt::format("equilibrium {} was asked for; {} lists {}", shown + 1, method_name(r.solution.method),
                                 r.solution.equilibria.size()));
  }
  r.shown = shown;
  const Equilibrium& e = r.solution.equilibria[shown];
  std::vector<double> metrics;
  outcome_summary(model, e.reach, r.outcome_probability, metrics);
  for (std::size_t m = 0; m < metrics.size(); ++m) r.metrics.emplace_back(s.metrics[m].id, metrics[m]);
  for (const PathPoint& point : r.solution.path) {
    TracedPoint t;
    t.lambda = point.lambda;
    const Equilibrium at = evaluate(g, point.profile);
    outcome_summary(model, at.reach, t.outcome_probability, t.metrics);
    t.payoffs.assign(at.payoffs.data(), at.payoffs.data() + at.payoffs.size());
    r.path.push_back(std::move(t));
  }
  for (Eigen::Index a = 0; a < e.payoffs.size(); ++a) r.payoffs.push_back(e.payoffs[a]);

  // Choices, in stage order. Each action's value to the mover: the
  // continuation value at each child, weighted by the beliefs (uniform at a
  // set play never reaches, where evaluate() leaves them undefined).
  std::vector<std::vector<double>> node_value;
  for (std::uint32_t p = 0; p < g.num_players(); ++p) node_value.push_back(continuation_values(g, e.profile, p));
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
        const auto members = g.members(h);
        std::vector<double> belief;
        for (NodeId m : members) {
          const double b = e.beliefs[index(m)];
          belief.push_back(std::isnan(b) ? 1.0 / static_cast<double>(members.size()) : b);
        }
        const std::vector<double>& value = node_value[index(g.infoset_player(h))];
        for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) {
          double v = 0.0;
          for (std::size_t j = 0; j < members.size(); ++j) v += belief[j] * value[index(g.child(members[j], k))];
          c.action_values.push_back(v);
        }
        if (members.size() > 1) {
          for (std::size_t j = 0; j < members.size(); ++j)
            c.beliefs.emplace_back(node_story(g, model, members[j], h), belief[j]);
        }
      }
      r.choices.push_back(std::move(c));
    }
  }
  r.draw_ins = model.draw_ins();
  return r;
}

std::vector<OptionResult> run_all_options(ScenarioModel& model, const ParameterOverrides& overrides,
                                          const SolveOptions& solve_options, std::size_t shown) {
  std::vector<OptionResult> out;
  if (model.scenario().options.empty()) {
    out.push_back(run_option(model, "", overrides, solve_options, shown));
  } else {
    for (const BackstopOption& o : model.scenario().options)
      out.push_back(run_option(model, o.id, overrides, solve_options, shown));
  }
  return out;
}

}  // namespace backstop
