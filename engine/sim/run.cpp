#include "backstop/sim/run.hpp"

#include <fmt/format.h>

#include <cmath>

#include "backstop/error.hpp"

namespace backstop {

namespace {

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

// Every information set's choice under the equilibrium, in stage order. Each
// action's value to the mover: the continuation value at each child, weighted
// by the beliefs (uniform at a set play never reaches, where evaluate()
// leaves them undefined).
std::vector<ChoiceReport> choices(const ScenarioModel& model, const Equilibrium& e) {
  const Game& g = model.game();
  std::vector<std::vector<double>> node_value;
  for (std::uint32_t p = 0; p < g.num_players(); ++p)
    node_value.push_back(continuation_values(g, e.profile, PlayerId{p}));
  std::vector<ChoiceReport> out;
  for (std::size_t stage = 0; stage < model.scenario().stages.size(); ++stage) {
    for (std::uint32_t hi = 0; hi < g.num_infosets(); ++hi) {
      const InfoSetId h{hi};
      if (model.stage_of(h) != stage) continue;
      ChoiceReport c;
      c.infoset = h;
      c.stage = stage;
      c.chance = g.infoset_player(h) == kChancePlayer;
      const auto members = g.members(h);
      for (NodeId m : members) c.reach += e.reach[index(m)];
      for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k)
        c.probabilities.push_back(move_probability(g, e.profile, members.front(), g.action(h, k)));
      if (!c.chance) {
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
        if (members.size() > 1) c.beliefs = std::move(belief);
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace

OptionResult run_option(ScenarioModel& model, const std::string& option, const ParameterOverrides& overrides,
                        const SolveOptions& solve_options, std::size_t shown) {
  model.apply(option, overrides);
  const Game& g = model.game();

  OptionResult r;
  r.option = option;
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
  outcome_summary(model, e.reach, r.outcome_probability, r.metrics);
  for (const PathPoint& point : r.solution.path) {
    TracedPoint t;
    t.lambda = point.lambda;
    const Equilibrium at = evaluate(g, point.profile);
    outcome_summary(model, at.reach, t.outcome_probability, t.metrics);
    t.payoffs.assign(at.payoffs.data(), at.payoffs.data() + at.payoffs.size());
    r.path.push_back(std::move(t));
  }
  for (Eigen::Index a = 0; a < e.payoffs.size(); ++a) r.payoffs.push_back(e.payoffs[a]);

  r.choices = choices(model, e);
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
