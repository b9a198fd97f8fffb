// The sim layer: a run's results as numbers (choices, outcome probabilities,
// metrics, payoffs) and the tidy row Monte Carlo and sweeps append.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <sstream>
#include <string>

#include "backstop/report/rows.hpp"
#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/design.hpp"
#include "backstop/sim/dynamics.hpp"
#include "backstop/sim/monte_carlo.hpp"
#include "backstop/sim/result_row.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/sim/sampler.hpp"
#include "backstop/sim/sensitivity.hpp"
#include "backstop/sim/summary.hpp"

using namespace backstop;

namespace {

const std::string kScenarios = BACKSTOP_SCENARIO_DIR;

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

}  // namespace

TEST_CASE("sim: every information set's choice is reported as numbers, in stage order", "[sim]") {
  const Scenario s = load_scenario(kScenarios + "/classics/deterrence_incomplete.yaml");
  ScenarioModel m(s);
  const Game& g = m.game();
  const OptionResult r = run_option(m, "", {{"p_credible", 0.3}});
  // Nature's type draw, the challenger's one set (it sees nothing), the defender's two (it knows its type).
  REQUIRE(r.choices.size() == 4);
  std::size_t previous = 0;
  for (const ChoiceReport& c : r.choices) {
    INFO(s.stages[c.stage].id);
    CHECK(c.stage >= previous);  // stage order
    previous = c.stage;
    CHECK(m.stage_of(c.infoset) == c.stage);
    CHECK(c.chance == s.stages[c.stage].is_chance());
    CHECK(c.probabilities.size() == g.infoset_num_actions(c.infoset));
    CHECK(sum(c.probabilities) == Approx(1.0));
    CHECK(c.action_values.size() == (c.chance ? 0 : c.probabilities.size()));
    if (!c.beliefs.empty()) {
      CHECK(c.beliefs.size() == g.members(c.infoset).size());
      CHECK(sum(c.beliefs) == Approx(1.0));
    }
  }
  const ChoiceReport& nature = r.choices.front();
  CHECK(nature.chance);
  CHECK(nature.reach == 1.0);
  CHECK(nature.probabilities[0] == Approx(0.3));  // credible
  const ChoiceReport& challenger = r.choices[1];
  REQUIRE(challenger.beliefs.size() == 2);
  CHECK(challenger.beliefs[0] == Approx(0.3));  // its belief is the prior: it saw nothing
  // Challenging pays 0.3 (-3) + 0.7 (2) = 0.5 against 0 for the status quo.
  CHECK(challenger.action_values[0] == Approx(0.0));
  CHECK(challenger.action_values[1] == Approx(0.5));
  CHECK(sum(r.outcome_probability) == Approx(1.0));
  REQUIRE(r.metrics.size() == s.metrics.size());
  CHECK(r.metrics[0] == 0.0);  // p_deterred: the challenger challenges below 0.4
}

TEST_CASE("sim: each node's continuation value at the root is the expected payoff", "[sim][solve]") {
  const Scenario s = load_scenario(kScenarios + "/classics/chicken.yaml");
  ScenarioModel m(s);
  SolveOptions noisy;
  noisy.method = Method::kQre;
  noisy.lambda = 0.7;  // a mixed profile: every node's value matters
  const OptionResult r = run_option(m, "", {}, noisy);
  const Equilibrium& e = r.solution.equilibria[r.shown];
  for (std::uint32_t p = 0; p < m.game().num_players(); ++p) {
    const std::vector<double> v = continuation_values(m.game(), e.profile, PlayerId{p});
    CHECK(v[index(Game::root())] == Approx(e.payoffs[p]));
    CHECK(v[index(Game::root())] == Approx(r.payoffs[p]));
  }
}

TEST_CASE("sim: a result row carries the run's numbers in the schema's order, and CSV writes it", "[sim][rows]") {
  const Scenario s = load_scenario(kScenarios + "/ukraine/baseline.yaml");
  ScenarioModel m(s);
  const std::vector<OptionResult> results = run_all_options(m, {});
  REQUIRE(results.size() >= 2);
  const RowSchema schema = row_schema(s);
  CHECK(schema.metrics.size() == s.metrics.size());
  CHECK(schema.outcomes.size() == s.outcomes.size());
  CHECK(schema.actors.size() == s.actors.size());
  ResultRow row = result_row(results[1]);
  CHECK(row.option == results[1].option);
  CHECK(row.metrics == results[1].metrics);
  CHECK(row.outcomes == results[1].outcome_probability);
  CHECK(row.payoffs == results[1].payoffs);

  std::ostringstream plain;
  CsvRowWriter(s, schema, plain).write(row);
  std::string header = "option,label,concept";
  for (const Metric& x : s.metrics) header += "," + x.id;
  for (const Outcome& x : s.outcomes) header += ",outcome_" + x.id;
  for (const Actor& x : s.actors) header += ",payoff_" + x.id;
  CHECK(plain.str().substr(0, plain.str().find('\n')) == header);
  CHECK(plain.str().find("\n" + row.option + "," + s.options[1].label + ",") != std::string::npos);

  // A replicated row (Monte Carlo, sweeps): run, option, replicate, seed, then the varied parameters.
  row.run = 7;
  row.replicate = 3;
  row.seed = 42;
  row.parameters = {0.25};
  std::ostringstream replicated;
  CsvRowWriter(s, row_schema(s, {"US.resolve"}, true), replicated).write(row);
  const std::string text = replicated.str();
  CHECK(text.rfind("run,option,replicate,seed,label,concept,US.resolve,", 0) == 0);
  CHECK(text.find("\n7," + row.option + ",3,42,") != std::string::npos);
  CHECK(text.find(",0.25,") != std::string::npos);
}

TEST_CASE("monte carlo: deterrence with a uniformly uncertain resolve holds in the share of draws theory says",
          "[sim][montecarlo]") {
  Scenario s = load_scenario(kScenarios + "/classics/deterrence_incomplete.yaml");
  // p_credible ~ uniform(0, 1): the challenger is deterred iff p >= 2/5, so in 60% of draws;
  // conflict happens with probability p when it is not: E[p 1{p < 2/5}] = 0.08.
  for (Parameter& p : s.parameters) {
    if (p.name != "p_credible") continue;
    p.distribution = Distribution{};
    p.distribution.kind = DistributionKind::kUniform;
    p.distribution.low = 0.0;
    p.distribution.high = 1.0;
  }
  MonteCarloOptions options;
  options.draws = 4000;
  options.seed = 11;
  std::vector<double> first_draw;
  options.on_block = [&](const BatchBlock& b) {
    if (b.first == 0) first_draw.assign(b.parameters_of(0).begin(), b.parameters_of(0).end());
  };
  const MonteCarloResult r = simulate(s, options);
  REQUIRE(r.options.size() == 1);
  const OptionSummary& o = r.options.front();
  const double se = std::sqrt(0.6 * 0.4 / 4000);
  const Interval deterred = o.metrics[0], conflict = o.metrics[1];
  CHECK(deterred.mean == Approx(0.6).margin(4 * se));
  CHECK(deterred.low == 0.0);
  CHECK(deterred.high == 1.0);
  CHECK(conflict.mean == Approx(0.08).margin(0.01));
  // Conflict's probability is 0 in 60% of draws and p ~ U(0, 2/5) in the rest: its 97.5%
  // quantile is the uniform's (0.975 - 0.6) / 0.4 = 0.9375 quantile, 0.375.
  CHECK(conflict.high == Approx(0.375).margin(0.01));
  // The likeliest outcome: the status quo exactly when deterred (conflict and concession split the rest).
  CHECK(o.likeliest[0] == Approx(deterred.mean));
  CHECK(o.concept_name == "sequential equilibrium");
  // The draws' parameters are handed over as drawn: draw 0's are the sampler's.
  std::vector<double> drawn;
  ParameterSampler(s, 11).draw(0, drawn);
  CHECK(drawn == first_draw);
}

TEST_CASE("monte carlo: the same seed gives the same numbers on 1, 2 and 4 threads", "[sim][montecarlo]") {
  const Scenario s = load_scenario(kScenarios + "/ukraine/baseline.yaml");
  MonteCarloOptions options;
  options.seed = 5;
  std::vector<double> stream;
  options.on_block = [&](const BatchBlock& b) {
    stream.insert(stream.end(), b.values.begin(), b.values.begin() + static_cast<std::ptrdiff_t>(b.count * b.stride()));
  };
  auto same = [](const Interval& a, const Interval& b) {
    return a.mean == b.mean && a.low == b.low && a.high == b.high;
  };
  for (std::uint64_t draws : {700, 5000}) {  // 700: not a multiple of the block size; 5000: quantiles from buckets
    options.draws = draws;
    options.threads = 1;
    stream.clear();
    const MonteCarloResult one = simulate(s, options);
    const std::vector<double> one_stream = stream;
    REQUIRE(one_stream.size() > draws);
    for (unsigned threads : {2u, 4u}) {
      options.threads = threads;
      stream.clear();
      const MonteCarloResult many = simulate(s, options);
      CHECK(stream == one_stream);
      REQUIRE(many.options.size() == one.options.size());
      for (std::size_t k = 0; k < one.options.size(); ++k) {
        const OptionSummary &x = one.options[k], &y = many.options[k];
        for (std::size_t m = 0; m < x.metrics.size(); ++m) CHECK(same(x.metrics[m], y.metrics[m]));
        for (std::size_t a = 0; a < x.payoffs.size(); ++a) CHECK(same(x.payoffs[a], y.payoffs[a]));
        CHECK(x.likeliest == y.likeliest);
        for (std::size_t o = 0; o < x.head_to_head.size(); ++o) {
          CHECK(x.head_to_head[o].better == y.head_to_head[o].better);
          CHECK(x.head_to_head[o].tied == y.head_to_head[o].tied);
        }
        CHECK(x.first == y.first);
        CHECK(x.first_alone == y.first_alone);
      }
    }
    // Head to head: better, worse and tied shares add up to one.
    const Comparison ab = one.options[1].head_to_head[2], ba = one.options[2].head_to_head[1];
    CHECK(ab.better + ba.better + ab.tied == Approx(1.0));
    CHECK(ab.tied == ba.tied);
    // Someone ranks first in every draw; alone at most once per draw.
    double first = 0.0, alone = 0.0;
    for (const OptionSummary& o : one.options) first += o.first, alone += o.first_alone;
    CHECK(first >= 1.0 - 1e-12);
    CHECK(alone <= 1.0 + 1e-12);
  }
}

TEST_CASE("quantile sketch: exact while small, within its accuracy beyond, whatever the order", "[sim][summary]") {
  QuantileSketch small;
  for (int k = 10; k >= 1; --k) small.add(k);
  CHECK(small.quantile(0.025) == 1.0);
  CHECK(small.quantile(0.5) == 5.0);  // the smallest value with at least half at or below it
  CHECK(small.quantile(0.975) == 10.0);
  CHECK(QuantileSketch().quantile(0.5) == 0.0);

  // 100,000 values, two thirds a point mass at 0 or 1, the rest spread over
  // (-3, 3): the buckets answer within the stated relative accuracy, and
  // exactly at the point masses.
  std::vector<double> v;
  std::uint64_t x = 88172645463325252ULL;
  for (int k = 0; k < 100000; ++k) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const double u = static_cast<double>(x >> 11) * 0x1.0p-53;
    v.push_back(k % 3 == 0 ? 0.0 : k % 3 == 1 ? 1.0 : 6.0 * u - 3.0);
  }
  QuantileSketch whole, left, right;
  for (double y : v) whole.add(y);
  for (std::size_t k = 0; k < v.size(); ++k) (k < 37000 ? left : right).add(v[v.size() - 1 - k]);
  left.merge(right);
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  for (double q : {0.01, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.99}) {
    const double exact = sorted[static_cast<std::size_t>(std::ceil(q * 100000.0)) - 1];
    CHECK(whole.quantile(q) == Approx(exact).epsilon(QuantileSketch::kRelativeAccuracy));
    CHECK(left.quantile(q) == whole.quantile(q));  // another order, another split: the same bytes
  }
  CHECK(whole.quantile(0.3) == 0.0);  // in the point masses: exact
  CHECK(whole.quantile(0.6) == 1.0);
  CHECK(whole.count() == 100000);
}

TEST_CASE("sweep designs: a grid's corners, a Latin hypercube's strata, Sobol's first points", "[sim][design]") {
  const Scenario s = load_scenario(kScenarios + "/ukraine/baseline.yaml");
  std::size_t resolve = 0;
  while (s.parameters[resolve].name != "US.resolve") ++resolve;
  std::vector<double> v(s.parameters.size());

  const SweepDesign grid(s, {{"US.resolve", 0.0, 1.0, 5}, {"Russia.attack_gain", 2.0, 6.0, 3}}, DesignKind::kGrid, 0, 0,
                         1);
  REQUIRE(grid.points() == 15);
  grid.fill(0, v);
  CHECK(v[resolve] == 0.0);
  grid.fill(14, v);
  CHECK(v[resolve] == 1.0);
  grid.fill(3, v);  // the first axis varies slowest: point 3 is (0.25, 6)
  CHECK(v[resolve] == 0.25);

  // A keyed permutation is a bijection; Latin hypercube strata are each used once per axis.
  for (std::uint64_t n : {1u, 2u, 7u, 64u, 1000u}) {
    std::vector<int> seen(n, 0);
    for (std::uint64_t i = 0; i < n; ++i) ++seen[keyed_permutation(i, n, 42)];
    CHECK(std::all_of(seen.begin(), seen.end(), [](int c) { return c == 1; }));
  }
  const std::uint64_t n = 500;
  const SweepDesign lhs(s, {{"US.resolve", 0.0, 1.0, 0}}, DesignKind::kLhs, n, 0, 9);
  std::vector<int> strata(n, 0);
  for (std::uint64_t i = 0; i < n; ++i) {
    lhs.fill(i, v);
    ++strata[std::min<std::uint64_t>(n - 1, static_cast<std::uint64_t>(v[resolve] * n))];
  }
  CHECK(std::all_of(strata.begin(), strata.end(), [](int c) { return c == 1; }));

  // Sobol in one dimension from the second point: 1/2, 3/4, 1/4, 3/8.
  const SweepDesign sobol(s, {{"US.resolve", 0.0, 1.0, 0}}, DesignKind::kSobol, 4, 0, 1);
  const double expected[] = {0.5, 0.75, 0.25, 0.375};
  for (std::uint64_t i = 0; i < 4; ++i) {
    sobol.fill(i, v);
    CHECK(v[resolve] == expected[i]);
  }
  CHECK_THROWS_AS(SweepDesign(s, {{"US.resolv", 0.0, 1.0, 3}}, DesignKind::kGrid, 0, 0, 1), InputError);
}

TEST_CASE("sensitivity: Ishigami's Sobol indices within 0.02 of their closed form at N = 8192", "[sim][sensitivity]") {
  // f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3, as a payoff (tests/data/ishigami.yaml).
  const Scenario s = load_scenario(std::string(BACKSTOP_TEST_DATA) + "/ishigami.yaml");
  const std::uint64_t n = 8192;
  const SaltelliDesign design(s, {0, 1, 2}, n);
  struct Collect : BatchSink {
    std::vector<std::vector<double>> f = std::vector<std::vector<double>>(5, std::vector<double>(8192));
    void consume(const BatchBlock& b) override {
      for (std::uint64_t r = 0; r < b.count; ++r) {
        const std::uint64_t p = b.first + r;
        f[p % 5][p / 5] = b.result(r, 0)[b.metrics + b.outcomes];  // A's expected payoff
      }
    }
  } sink;
  BatchOptions batch;
  batch.end = design.points();
  batch.threads = 2;
  run_batch(
      s, [&](std::uint64_t p, std::span<double> v) { design.fill(p, v); }, batch, sink);
  const SobolEstimate e = jansen_indices(sink.f[0], sink.f[1], {sink.f[2], sink.f[3], sink.f[4]}, 100, 1);
  const double pi = 3.141592653589793, a = 7.0, b = 0.1;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), v2 = a * a / 8,
               v13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  CHECK(e.variance == Approx(v).epsilon(0.02));
  const double first[] = {v1 / v, v2 / v, 0.0}, total[] = {(v1 + v13) / v, v2 / v, v13 / v};
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(e.factors[i].first.value == Approx(first[i]).margin(0.02));
    CHECK(e.factors[i].total.value == Approx(total[i]).margin(0.02));
    CHECK(e.factors[i].first.low <= e.factors[i].first.value);
    CHECK(e.factors[i].total.high >= e.factors[i].total.value);
  }
}

TEST_CASE("dynamics: deterrence erodes as the challenger's gain grows, in the period the closed form says",
          "[sim][dynamics]") {
  // dynamics_deterrence.yaml: p = 1/2, gain 1.5 + t; the challenger challenges
  // once gain > 3, from period 3. A credible defender (half the histories)
  // resists, which ends the history; a soft one concedes, and the
  // challenger's belief falls to 0.
  const Scenario s = load_scenario(std::string(BACKSTOP_TEST_DATA) + "/dynamics_deterrence.yaml");
  DynamicsOptions options;
  options.draws = 0;
  options.histories = 4000;
  options.seed = 5;
  const DynamicsResult r = simulate_dynamics(s, options);
  REQUIRE(r.options.size() == 1);
  const DynamicsOption& o = r.options.front();
  REQUIRE(o.survival.size() == 5);
  CHECK(o.survival[0].mean == 1.0);
  CHECK(o.survival[1].mean == 1.0);
  for (std::size_t t = 2; t < 5; ++t) CHECK(o.survival[t].mean == 0.0);
  CHECK(o.first_violation.mean == 3.0);
  CHECK(o.war[1].mean == 0.0);
  const double credible = o.war[2].mean;  // the histories whose defender resisted
  CHECK(credible == Approx(0.5).margin(4 * std::sqrt(0.25 / 4000)));
  CHECK(o.war[4].mean == credible);  // conflict ends a history: no more after period 3
  // The belief: 1/2 where the history ended in conflict (no update after the end), 0 after a concession.
  CHECK(o.belief.mean == Approx(credible / 2).margin(1e-12));
}

TEST_CASE("dynamics: the same seed gives the same numbers on 1, 2 and 4 threads", "[sim][dynamics]") {
  const Scenario s = load_scenario(kScenarios + "/ukraine/baseline.yaml");
  DynamicsOptions options;
  options.draws = 300;  // more than one chunk of draws
  options.histories = 5;
  options.periods = 6;
  std::vector<double> first;
  for (unsigned threads : {1u, 2u, 4u}) {
    options.threads = threads;
    const DynamicsResult r = simulate_dynamics(s, options);
    std::vector<double> all;
    for (const DynamicsOption& o : r.options) {
      for (const Interval& i : o.survival) all.insert(all.end(), {i.mean, i.low, i.high});
      for (const Interval& i : o.war) all.insert(all.end(), {i.mean, i.low, i.high});
      all.insert(all.end(), {o.violated.mean, o.first_violation.mean, o.belief.mean, o.belief.high});
    }
    if (threads == 1) first = all;
    else CHECK(std::memcmp(all.data(), first.data(), all.size() * sizeof(double)) == 0);
  }
}
