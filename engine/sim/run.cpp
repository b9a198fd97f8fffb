#include "backstop/sim/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "backstop/error.hpp"
#include "backstop/expr/expression.hpp"

namespace backstop {

namespace {

// Every information set's choice under the equilibrium, in stage order. Each
// action's value to the mover: the continuation value at each child, weighted
// by the beliefs (uniform at a set play never reaches, where evaluate()
// leaves them undefined).
std::vector<ChoiceReport> choices(const ScenarioModel& model, const Equilibrium& e) {
  const Game& g = model.game();
  std::vector<std::vector<double>> node_value;
  for (std::uint32_t p = 0; p < g.num_players(); ++p)
    node_value.push_back(continuation_values(g, e.profile, PlayerId{p}));
  std::vector<double> range(g.num_players(), 0.0);
  for (std::uint32_t p = 0; p < g.num_players(); ++p) {
    double low = 0.0, high = 0.0;
    for (std::uint32_t o = 0; o < g.num_outcomes(); ++o) {
      const double v = g.payoff(OutcomeId{o}, PlayerId{p});
      low = o == 0 ? v : std::min(low, v);
      high = o == 0 ? v : std::max(high, v);
    }
    range[p] = high - low;
  }
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
        const std::size_t chosen = c.chosen();
        double other = -std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < c.action_values.size(); ++k) {
          if (k != chosen) other = std::max(other, c.action_values[k]);
        }
        c.margin = c.action_values.size() > 1 ? c.action_values[chosen] - other : 0.0;
        c.range = range[index(g.infoset_player(h))];
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> option_ids(const Scenario& s) {
  std::vector<std::string> ids;
  for (const BackstopOption& o : s.options) ids.push_back(o.id);
  if (ids.empty()) ids.emplace_back();
  return ids;
}

SolveOptions with_scenario_method(const Scenario& s, SolveOptions options) {
  if (options.method != Method::kAuto || s.method.empty()) return options;
  for (Method m : kMethods) {
    if (s.method == method_name(m)) options.method = m;
  }
  return options;
}

Solution solve_scenario_game(const Game& g, const SolveOptions& options) {
  Solution solution = solve(g, options);
  if (solution.equilibria.empty() && options.method == Method::kAuto) {
    SolveOptions qre = options;
    qre.method = Method::kQre;
    solution = solve(g, qre);
  }
  if (solution.strategic_form) {
    for (Equilibrium& e : solution.equilibria) e = evaluate(g, behavior_from_mixed(g, e.profile));
    solution.strategic_form.reset();
  }
  return solution;
}

void outcome_summary(const ScenarioModel& model, std::span<const double> reach, std::span<double> outcomes,
                     std::span<double> metrics) {
  const Game& g = model.game();
  std::fill(outcomes.begin(), outcomes.end(), 0.0);
  for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
    if (g.num_children(NodeId{i}) == 0) outcomes[model.outcome_of(NodeId{i})] += reach[i];
  }
  for (std::size_t m = 0; m < metrics.size(); ++m) {
    double p = 0.0;
    for (std::size_t o : model.metric_outcomes()[m]) p += outcomes[o];
    metrics[m] = p;
  }
}

std::vector<RankKey> rank_keys(const Scenario& s, const std::string& rank_by) {
  std::vector<std::string> ids;
  for (const Metric& m : s.metrics) ids.push_back(m.id);
  auto key = [&](const std::string& id) {
    const auto at = std::find(ids.begin(), ids.end(), id);
    if (at == ids.end()) {
      throw InputError(ids.empty() ? "'" + id + "': the scenario declares no metrics to rank by"
                                   : "unknown metric '" + id + "'" + did_you_mean(id, ids) +
                                         fmt::format(" (the metrics: {})", fmt::join(ids, ", ")));
    }
    const auto m = static_cast<std::size_t>(at - ids.begin());
    return RankKey{m, s.metrics[m].lower_better};
  };
  if (!rank_by.empty()) return {key(rank_by)};
  std::vector<RankKey> keys;
  for (const std::string& id : s.ranking) keys.push_back(key(id));
  if (keys.empty() && !s.metrics.empty()) keys.push_back({0, s.metrics.front().lower_better});
  return keys;
}

int rank_compare(std::span<const double> a, std::span<const double> b, std::span<const RankKey> keys) {
  constexpr double kTie = 1e-12;
  for (const RankKey& k : keys) {
    const double x = a[k.metric], y = b[k.metric];
    if (std::abs(x - y) <= kTie) continue;
    return (x > y) != k.lower_better ? 1 : -1;
  }
  return 0;
}

Ranking rank_options(const std::vector<std::vector<double>>& metrics, std::span<const RankKey> keys) {
  Ranking r;
  for (std::size_t k = 0; k < metrics.size(); ++k) r.order.push_back(k);
  std::stable_sort(r.order.begin(), r.order.end(),
                   [&](std::size_t a, std::size_t b) { return rank_compare(metrics[a], metrics[b], keys) > 0; });
  for (std::size_t k = 0; k < r.order.size(); ++k)
    r.tied_with_previous.push_back(k > 0 && rank_compare(metrics[r.order[k - 1]], metrics[r.order[k]], keys) == 0);
  return r;
}

OptionResult run_option(ScenarioModel& model, const std::string& option, const ParameterOverrides& overrides,
                        const SolveOptions& given, std::size_t shown) {
  const SolveOptions solve_options = with_scenario_method(model.scenario(), given);
  model.apply(option, overrides);
  const Game& g = model.game();

  OptionResult r;
  r.option = option;
  // Every equilibrium the method lists (up to a bound), so the report can say
  // when the one it shows is one of several.
  SolveOptions listing = solve_options;
  listing.all = true;
  listing.max_equilibria = std::min<std::size_t>(listing.max_equilibria, 1000);
  r.solution = solve_scenario_game(g, listing);
  if (shown >= r.solution.equilibria.size()) {
    throw InputError(fmt::format("equilibrium {} was asked for; {} lists {}", shown + 1, method_name(r.solution.method),
                                 r.solution.equilibria.size()));
  }
  r.shown = shown;
  const Equilibrium& e = r.solution.equilibria[shown];
  const std::size_t n_outcomes = model.scenario().outcomes.size(), n_metrics = model.scenario().metrics.size();
  r.outcome_probability.resize(n_outcomes);
  r.metrics.resize(n_metrics);
  outcome_summary(model, {e.reach.data(), static_cast<std::size_t>(e.reach.size())}, r.outcome_probability, r.metrics);
  for (const PathPoint& point : r.solution.path) {
    TracedPoint t;
    t.lambda = point.lambda;
    const Equilibrium at = evaluate(g, point.profile);
    t.outcome_probability.resize(n_outcomes);
    t.metrics.resize(n_metrics);
    outcome_summary(model, {at.reach.data(), static_cast<std::size_t>(at.reach.size())}, t.outcome_probability,
                    t.metrics);
    t.payoffs.assign(at.payoffs.data(), at.payoffs.data() + at.payoffs.size());
    r.path.push_back(std::move(t));
  }
  for (Eigen::Index a = 0; a < e.payoffs.size(); ++a) r.payoffs.push_back(e.payoffs[a]);

  r.choices = choices(model, e);
  r.draw_ins = model.draw_ins({e.reach.data(), static_cast<std::size_t>(e.reach.size())});
  return r;
}

std::vector<OptionResult> run_all_options(ScenarioModel& model, const ParameterOverrides& overrides,
                                          const SolveOptions& solve_options, std::size_t shown) {
  std::vector<OptionResult> out;
  for (const std::string& id : option_ids(model.scenario()))
    out.push_back(run_option(model, id, overrides, solve_options, shown));
  return out;
}

}  // namespace backstop
