// The Ukraine model (second edition) read as a specialist would: every actor
// decides something that moves the headline, denial that needs the US to act
// counts only where it acts, the model's own contracts hold over the
// declared uncertainty, the headline is not a wall of 0% and 100%, and each
// variant flips something.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backstop/error.hpp"
#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/contracts.hpp"
#include "backstop/sim/dynamics.hpp"
#include "backstop/sim/monte_carlo.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/solve/sequential.hpp"

using namespace backstop;

namespace {

const std::string kScenarios = BACKSTOP_SCENARIO_DIR;
const std::string kBaseline = kScenarios + "/ukraine/baseline.yaml";

std::size_t metric_index(const Scenario& s, const std::string& id) {
  for (std::size_t k = 0; k < s.metrics.size(); ++k) {
    if (s.metrics[k].id == id) return k;
  }
  FAIL("no metric " << id);
  return 0;
}

// Every option's metrics, nominal.
std::vector<std::vector<double>> nominal_metrics(ScenarioModel& m, const ParameterOverrides& sets) {
  std::vector<std::vector<double>> out;
  for (const OptionResult& r : run_all_options(m, sets)) out.push_back(r.metrics);
  return out;
}

// Every option's metrics, as means over the draws.
std::vector<std::vector<double>> mean_metrics(const Scenario& s, const ParameterOverrides& sets,
                                              std::uint64_t draws = 200) {
  MonteCarloOptions options;
  options.draws = draws;
  options.seed = 7;
  options.overrides = sets;
  std::vector<std::vector<double>> out;
  for (const OptionSummary& o : simulate(s, options).options) {
    std::vector<double>& row = out.emplace_back();
    for (const Interval& i : o.metrics) row.push_back(i.mean);
  }
  return out;
}

double largest_difference(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b) {
  double d = 0.0;
  for (std::size_t o = 0; o < a.size(); ++o) {
    for (std::size_t k = 0; k < a[o].size(); ++k) d = std::max(d, std::abs(a[o][k] - b[o][k]));
  }
  return d;
}

// The ends of a parameter's declared range (none for a fixed value).
std::optional<std::pair<double, double>> declared_range(const Distribution& d) {
  switch (d.kind) {
    case DistributionKind::kUniform:
    case DistributionKind::kTriangular: return std::pair(d.low, d.high);
    case DistributionKind::kBeta: return std::pair(d.low, d.high);
    case DistributionKind::kNormal:
      return std::pair(std::max(d.low, d.mean - 2 * d.sd), std::min(d.high, d.mean + 2 * d.sd));
    case DistributionKind::kDiscrete:
      return std::pair(*std::min_element(d.values.begin(), d.values.end()),
                       *std::max_element(d.values.begin(), d.values.end()));
    case DistributionKind::kFixed: break;
  }
  return std::nullopt;
}

// The largest move of any headline (a metric's mean over the draws, any
// option) that one of the actor's parameters makes across its declared range.
double actor_moves_headline(const std::string& actor) {
  const Scenario s = load_scenario(kBaseline);
  double best = 0.0;
  for (const Parameter& p : s.parameters) {
    if (p.name.rfind(actor + ".", 0) != 0) continue;
    const auto range = declared_range(p.distribution);
    if (!range) continue;
    const double moved =
        largest_difference(mean_metrics(s, {{p.name, range->first}}), mean_metrics(s, {{p.name, range->second}}));
    INFO(p.name << " [" << range->first << ", " << range->second << "] moves a headline by " << moved);
    best = std::max(best, moved);
    if (best >= 0.05) break;
  }
  return best;
}

// Whether the actor moves at some stage of the baseline.
bool decides(const Scenario& s, const std::string& actor) {
  return std::any_of(s.stages.begin(), s.stages.end(),
                     [&](const Stage& st) { return st.actor == actor && st.actions.size() >= 2; });
}

}  // namespace

TEST_CASE("ukraine: every option's outcomes sum to 1, its metrics partition them, and it names its concept",
          "[ukraine]") {
  const Scenario s = load_scenario(kBaseline);
  ScenarioModel m(s);
  const std::vector<OptionResult> results = run_all_options(m, {});
  REQUIRE(results.size() == s.options.size());
  CHECK(results.size() >= 8);
  for (const OptionResult& r : results) {
    INFO(r.option);
    double total = 0.0;
    for (double p : r.outcome_probability) total += p;
    CHECK(total == Approx(1.0).margin(1e-12));
    CHECK(r.solution.concept_name == "sequential equilibrium");
    // Without a settlement there is no ceasefire to hold or break.
    const auto at = [&](const char* id) { return r.metrics[metric_index(s, id)]; };
    CHECK(at("p_ceasefire_holds") + at("p_limited_violation") + at("p_force_struck") + at("p_major_attack") ==
          Approx(at("p_settlement")));
  }
}

// One test per actor: it decides, and its own uncertainty moves the headline.
TEST_CASE("ukraine: the US decides, and a parameter of its own moves a headline by 5 points", "[ukraine][actors]") {
  CHECK(decides(load_scenario(kBaseline), "US"));
  CHECK(actor_moves_headline("US") >= 0.05);
}
TEST_CASE("ukraine: the UK decides, and a parameter of its own moves a headline by 5 points", "[ukraine][actors]") {
  CHECK(decides(load_scenario(kBaseline), "UK"));
  CHECK(actor_moves_headline("UK") >= 0.05);
}
TEST_CASE("ukraine: France decides, and a parameter of its own moves a headline by 5 points", "[ukraine][actors]") {
  CHECK(decides(load_scenario(kBaseline), "France"));
  CHECK(actor_moves_headline("France") >= 0.05);
}
TEST_CASE("ukraine: Russia decides, and a parameter of its own moves a headline by 5 points", "[ukraine][actors]") {
  CHECK(decides(load_scenario(kBaseline), "Russia"));
  CHECK(actor_moves_headline("Russia") >= 0.05);
}
TEST_CASE("ukraine: Ukraine decides, and a parameter of its own moves a headline by 5 points", "[ukraine][actors]") {
  CHECK(decides(load_scenario(kBaseline), "Ukraine"));
  CHECK(actor_moves_headline("Ukraine") >= 0.05);
}

TEST_CASE("ukraine: with a US that never fights, no option deters by the US's use of force", "[ukraine]") {
  // US.resolve = 0: the reluctant type alone. Taking away what only the US's
  // fighting brings (air power's denial, punishment) then changes nothing,
  // at the nominal values and in every draw.
  const Scenario s = load_scenario(kBaseline);
  ScenarioModel m(s);
  const ParameterOverrides reluctant{{"US.resolve", 0.0}};
  ParameterOverrides without_use = reluctant;
  without_use.emplace_back("bs_denial_active", 0.0);
  without_use.emplace_back("bs_punishment", 0.0);
  CHECK(nominal_metrics(m, reluctant) == nominal_metrics(m, without_use));
  CHECK(mean_metrics(s, reluctant, 300) == mean_metrics(s, without_use, 300));
  // The test can fail: with a resolute US, the same change lowers air cover's deterrence.
  const ParameterOverrides resolute{{"US.resolve", 1.0}};
  ParameterOverrides resolute_without = resolute;
  resolute_without.emplace_back("bs_denial_active", 0.0);
  resolute_without.emplace_back("bs_punishment", 0.0);
  CHECK(nominal_metrics(m, resolute) != nominal_metrics(m, resolute_without));
}

TEST_CASE("ukraine: the baseline's checks hold in 10,000 draws under every option, and a broken copy is caught",
          "[ukraine][checks]") {
  const Scenario s = load_scenario(kBaseline);
  REQUIRE(s.checks.size() >= 6);
  ScenarioModel m(s);
  const ContractReport ok = check_contracts(m, ContractOptions{10'000, 1});
  CHECK_FALSE(ok.breach.has_value());
  CHECK(ok.evaluated == ok.cases * 10'001 * s.options.size());

  // A resolute US that values its word far below a war's cost no longer
  // fights where it has forces: the check that says it does must fail, in a
  // draw, with the values that broke it.
  std::ifstream in(kBaseline);
  std::stringstream text;
  text << in.rdbuf();
  std::string broken = text.str();
  const std::string from = "        low: 14\n        mode: 17\n        high: 20\n";
  const auto at = broken.find(from);
  REQUIRE(at != std::string::npos);
  broken.replace(at, from.size(), "        low: 6\n        mode: 17\n        high: 20\n");
  const Scenario b = parse_scenario(broken, kBaseline);
  ScenarioModel mb(b);
  const ContractReport bad = check_contracts(mb, ContractOptions{10'000, 1});
  REQUIRE(bad.breach.has_value());
  CHECK(b.checks[bad.breach->check].claim.find("A resolute US fights") == 0);
  CHECK(bad.breach->given.find("us_type = resolute") != std::string::npos);
  const auto& terms = bad.breach->terms;
  CHECK(std::any_of(terms.begin(), terms.end(), [](const auto& t) { return t.first == "payoff.US.attack_fought"; }));
  // The nominal values keep it (mean 14.3); a draw with a low value breaks it, and is named with its values.
  REQUIRE(bad.breach->draw.has_value());
  const auto& drawn = bad.breach->drawn;
  const auto honour =
      std::find_if(drawn.begin(), drawn.end(), [](const auto& d) { return d.first == "US.honour_resolute"; });
  REQUIRE(honour != drawn.end());
  CHECK(honour->second < 12.0);
}

TEST_CASE("ukraine: over the draws, no more than half of the options sit at 0% or 100% on the ceasefire holding",
          "[ukraine]") {
  const Scenario s = load_scenario(kBaseline);
  const std::size_t holds = metric_index(s, "p_ceasefire_holds");
  std::size_t extreme = 0;
  const auto means = mean_metrics(s, {}, 500);
  for (const auto& row : means) extreme += row[holds] < 0.005 || row[holds] > 0.995 ? 1 : 0;
  CHECK(extreme * 2 <= means.size());
  // And the options do not all score alike.
  double low = 1.0, high = 0.0;
  for (const auto& row : means) low = std::min(low, row[holds]), high = std::max(high, row[holds]);
  CHECK(high - low >= 0.1);
}

TEST_CASE("ukraine: each variant states the claim it flips, and its results differ from the baseline's",
          "[ukraine][variants]") {
  const Scenario base = load_scenario(kBaseline);
  ScenarioModel mbase(base);
  const auto base_nominal = nominal_metrics(mbase, {});
  const auto base_means = mean_metrics(base, {});
  int variants = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kScenarios + "/ukraine/variants")) {
    if (entry.path().extension() != ".yaml") continue;
    ++variants;
    INFO(entry.path().string());
    const Scenario v = load_scenario(entry.path().string());
    CHECK(v.flips.size() >= 20);
    ScenarioModel mv(v);
    const double moved = std::max(largest_difference(nominal_metrics(mv, {}), base_nominal),
                                  largest_difference(mean_metrics(v, {}), base_means));
    CHECK(moved >= 0.005);
  }
  CHECK(variants >= 7);
}

TEST_CASE("ukraine: more resolve never lowers the ceasefire's chance, and a US-only cost never makes it fight more",
          "[ukraine][statics]") {
  const Scenario s = load_scenario(kBaseline);
  ScenarioModel m(s);
  const std::size_t holds = metric_index(s, "p_ceasefire_holds");
  for (const BackstopOption& o : s.options) {
    INFO(o.id);
    double previous = -1.0;
    for (int step = 0; step <= 20; ++step) {
      const double p = run_option(m, o.id, {{"US.resolve", step / 20.0}}).metrics[holds];
      INFO("US.resolve " << step / 20.0);
      CHECK(p >= previous - 1e-12);
      previous = p;
    }
    // The US's readiness to fight: the probability of `fight` at each of its sets, summed.
    auto readiness = [&](const ParameterOverrides& sets) {
      double total = 0.0;
      for (const ChoiceReport& c : run_option(m, o.id, sets).choices) {
        if (s.stages[c.stage].id == "us") total += c.probabilities[0];
      }
      return total;
    };
    CHECK(readiness({{"bs_upkeep", 5.0}}) == readiness({}));  // paid whatever happens
    double before = 1e9;
    for (double cost = 0.0; cost <= 40.0; cost += 2.0) {
      const double r = readiness({{"US.cost_of_war", cost}});
      CHECK(r <= before + 1e-12);
      before = r;
    }
  }
}

TEST_CASE("ukraine: over twelve periods every option has a survival curve, never rising, and they differ",
          "[ukraine][dynamics]") {
  const Scenario s = load_scenario(kBaseline);
  REQUIRE(s.dynamics.periods >= 8);
  DynamicsOptions options;
  options.draws = 100;
  options.histories = 20;
  const DynamicsResult r = simulate_dynamics(s, options);
  REQUIRE(r.options.size() == s.options.size());
  double low = 1.0, high = 0.0;
  for (const DynamicsOption& o : r.options) {
    INFO(o.option);
    REQUIRE(o.survival.size() == s.dynamics.periods);
    for (std::size_t t = 1; t < o.survival.size(); ++t) {
      CHECK(o.survival[t].mean <= o.survival[t - 1].mean + 1e-12);
      CHECK(o.war[t].mean >= o.war[t - 1].mean - 1e-12);
    }
    // Every history either survives T periods or has a first violation by then.
    CHECK(o.survival.back().mean + o.violated.mean == Approx(1.0).margin(1e-9));
    low = std::min(low, o.survival.back().mean);
    high = std::max(high, o.survival.back().mean);
  }
  CHECK(high - low >= 0.1);
}

TEST_CASE("ukraine: in the signalling edition the US picks its backstop knowing its resolve, solved at the logit limit",
          "[ukraine][signalling]") {
  const Scenario s = load_scenario(kScenarios + "/ukraine/signalling.yaml");
  REQUIRE(s.option_stage.has_value());
  CHECK(s.options.empty());
  CHECK(s.method == "qre");
  ScenarioModel m(s);
  // Russia's belief about the US's type now depends on what each type picks:
  // backward induction over hidden chance does not apply.
  CHECK_FALSE(has_strategy_independent_beliefs(m.game()));
  const OptionResult r = run_option(m, "", {});
  CHECK(r.solution.concept_name.find("logit") != std::string::npos);
  double total = 0.0;
  for (double p : r.outcome_probability) total += p;
  CHECK(total == Approx(1.0).margin(1e-6));
  // The US chooses at one set per type; Russia, seeing the pick but not the
  // type, holds beliefs over the US's type that sum to one.
  int us_sets = 0, russia_beliefs = 0;
  for (const ChoiceReport& c : r.choices) {
    const std::string& stage = s.stages[c.stage].id;
    if (stage == "us_backstop") {
      ++us_sets;
      CHECK(c.probabilities.size() == 2);
    }
    if ((stage == "russia" || stage == "russia_no_force") && !c.beliefs.empty()) {
      ++russia_beliefs;
      double b = 0.0;
      for (double x : c.beliefs) b += x;
      CHECK(b == Approx(1.0).margin(1e-6));
    }
  }
  CHECK(us_sets == 2);
  CHECK(russia_beliefs > 0);
  // Every later stage sees the pick.
  for (const Stage& st : s.stages) {
    if (st.id == "russia") CHECK(std::find(st.observes.begin(), st.observes.end(), "us_backstop") != st.observes.end());
  }
}
