// The scenario layer: the classics against their closed forms, the Ukraine
// scenario's reports and comparative statics, the export.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "backstop/error.hpp"
#include "backstop/expr/expression.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/game/number.hpp"
#include "backstop/game/strategies.hpp"
#include "backstop/scenario/network.hpp"
#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/solve/two_player.hpp"
#include "support/games.hpp"

using namespace backstop;

namespace {

const std::string kScenarios = BACKSTOP_SCENARIO_DIR;

double metric(const ScenarioModel& m, const OptionResult& r, const std::string& id) {
  const std::vector<Metric>& metrics = m.scenario().metrics;
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    if (metrics[k].id == id) return r.metrics[k];
  }
  FAIL("no metric " << id);
  return 0.0;
}

const std::string& stage_of(const ScenarioModel& m, const ChoiceReport& c) { return m.scenario().stages[c.stage].id; }

// The probability that the mover at `stage` takes `action`, over the sets of
// that stage play reaches (or all of them, when none is reached).
double choice(const ScenarioModel& m, const OptionResult& r, const std::string& stage, const std::string& action,
              const std::string& context = "") {
  const Game& g = m.game();
  for (const ChoiceReport& c : r.choices) {
    if (stage_of(m, c) != stage) continue;
    if (!context.empty() && m.infoset_context(c.infoset).find(context) == std::string::npos) continue;
    for (std::uint32_t k = 0; k < c.probabilities.size(); ++k) {
      if (g.action_label(g.action(c.infoset, k)) == action) return c.probabilities[k];
    }
  }
  FAIL("no choice " << stage << " " << action << " " << context);
  return 0.0;
}

}  // namespace

TEST_CASE("classics: entry deterrence ends in entry and accommodation exactly when fighting hurts the incumbent",
          "[scenario][classics]") {
  const Scenario s = load_scenario(kScenarios + "/classics/entry_deterrence.yaml");
  ScenarioModel m(s);
  // Closed form: the incumbent fights iff fight_cost > shared; the entrant
  // enters iff the incumbent's reply leaves it better off than staying out (0).
  for (double fight_cost : {1.0, 3.0}) {
    const OptionResult r = run_option(m, "", {{"fight_cost", fight_cost}});
    const bool fights = fight_cost > 2.0;
    CHECK(choice(m, r, "incumbent", "fight") == (fights ? 1.0 : 0.0));
    CHECK(metric(m, r, "p_entry") == (fights ? 0.0 : 1.0));
    CHECK(r.solution.concept_name == "subgame-perfect equilibrium");
  }
}

TEST_CASE("classics: chicken has two pure equilibria and the mixed one with P(straight) = 1/crash_cost",
          "[scenario][classics]") {
  const Scenario s = load_scenario(kScenarios + "/classics/chicken.yaml");
  ScenarioModel m(s);
  for (double c : {4.0, 10.0}) {
    m.select_option("");
    m.set_parameter("crash_cost", c);
    m.reweight();
    // Row: u(swerve) = -(1 - q), u(straight) = q - c (1 - q) with q = P(column swerves); equal at q = (c - 1)/c.
    const Solution all = solve_enum_mixed(reduced_normal_form(m.game()));
    REQUIRE(all.equilibria.size() == 3);
    int mixed = 0;
    for (const Equilibrium& e : all.equilibria) {
      if (e.profile[1] > 0.0 && e.profile[1] < 1.0) {
        ++mixed;
        CHECK(e.profile[1] == Approx(1.0 / c));
        CHECK(e.profile[3] == Approx(1.0 / c));
      }
    }
    CHECK(mixed == 1);
  }
}

TEST_CASE("classics: chicken's logit QRE is symmetric before the branch splits, and its end is an equilibrium",
          "[scenario][classics][qre]") {
  const Scenario s = load_scenario(kScenarios + "/classics/chicken.yaml");
  ScenarioModel m(s);
  // Each goes straight with q = 1 / (1 + exp(-lambda (1 - 10 q))): u(straight) - u(swerve) = 1 - 10 q
  // against an opponent going straight with q (crash_cost 10). The fixed point is stable (and the QRE
  // unique) while 10 lambda q (1 - q) < 1, up to lambda near 0.48.
  for (double lambda : {0.1, 0.3, 0.45}) {
    double q = 0.5;
    for (int i = 0; i < 2000; ++i) q = 0.5 * q + 0.5 / (1.0 + std::exp(-lambda * (1.0 - 10.0 * q)));
    SolveOptions qre;
    qre.method = Method::kQre;
    qre.lambda = lambda;
    const OptionResult r = run_option(m, "", {}, qre);
    INFO("lambda " << lambda << " q " << q);
    CHECK(metric(m, r, "p_crash") == Approx(q * q).epsilon(1e-6));
    CHECK(choice(m, r, "row", "straight") == Approx(q).epsilon(1e-6));
    CHECK(choice(m, r, "column", "straight") == Approx(q).epsilon(1e-6));
  }
  // Past the split the traced branch leaves the symmetric path (as gambit-logit's does, unfolding the
  // split with a small perturbation) and ends at the pure equilibrium where Row goes straight.
  SolveOptions limit;
  limit.method = Method::kQre;
  const OptionResult end = run_option(m, "", {}, limit);
  CHECK(max_regret(m.game(), end.solution.equilibria.front().profile) < 1e-6);
  CHECK(choice(m, end, "row", "straight") > 0.999);
  CHECK(choice(m, end, "column", "straight") < 0.001);
}

TEST_CASE("classics: chicken's traced logit path splits where 10 lambda q (1 - q) = 1, at lambda 0.489",
          "[scenario][classics][qre]") {
  // The split, from the closed form: on the symmetric branch q(lambda) solves
  // q = 1 / (1 + exp(-lambda (1 - 10 q))); the branch loses stability where 10 lambda q (1 - q) = 1.
  const double split = test::symmetric_branch_point(1.0, -10.0, 0.1, 2.0);
  CHECK(split == Approx(0.489).margin(0.0005));  // the description's number
  const Scenario s = load_scenario(kScenarios + "/classics/chicken.yaml");
  ScenarioModel m(s);
  SolveOptions traced;
  traced.method = Method::kQre;
  traced.path = true;
  const OptionResult r = run_option(m, "", {}, traced);
  REQUIRE(r.path.size() > 20);
  const auto outcome = [&](const TracedPoint& p, const std::string& id) {
    for (std::size_t o = 0; o < s.outcomes.size(); ++o) {
      if (s.outcomes[o].id == id) return p.outcome_probability[o];
    }
    FAIL("no outcome " << id);
    return 0.0;
  };
  double first_apart = -1.0;
  for (const TracedPoint& p : r.path) {
    const double gap = std::abs(outcome(p, "row_wins") - outcome(p, "column_wins"));
    if (p.lambda < split - 1e-3) CHECK(gap < 1e-6);  // symmetric before the split
    if (first_apart < 0 && gap > 1e-3) first_apart = p.lambda;
  }
  INFO("the traced branch leaves the symmetric path at lambda " << first_apart);
  CHECK(first_apart == Approx(split).margin(0.01));
}

TEST_CASE("classics: chicken's symmetric logit branch, crossed at the split, ends at the mixed equilibrium",
          "[scenario][classics][qre]") {
  const Scenario s = load_scenario(kScenarios + "/classics/chicken.yaml");
  ScenarioModel m(s);
  SolveOptions crossed;
  crossed.method = Method::kQre;
  crossed.path = true;
  crossed.cross_branch_points = true;
  const OptionResult r = run_option(m, "", {}, crossed);
  REQUIRE(r.path.size() > 20);
  double widest = 0.0;
  for (const TracedPoint& p : r.path) {
    double row_wins = 0.0, column_wins = 0.0;
    for (std::size_t o = 0; o < s.outcomes.size(); ++o) {
      if (s.outcomes[o].id == "row_wins") row_wins = p.outcome_probability[o];
      if (s.outcomes[o].id == "column_wins") column_wins = p.outcome_probability[o];
    }
    widest = std::max(widest, std::abs(row_wins - column_wins));
  }
  CHECK(widest < 1e-6);  // symmetric all the way
  // The end: each goes straight with 1 / crash_cost, as the description says.
  crossed.path = false;
  const OptionResult end = run_option(m, "", {}, crossed);
  CHECK(choice(m, end, "row", "straight") == Approx(0.1).margin(1e-6));
  CHECK(choice(m, end, "column", "straight") == Approx(0.1).margin(1e-6));
  CHECK(max_regret(m.game(), end.solution.equilibria.front().profile) < 1e-6);
  CHECK_THAT(end.solution.detail, Catch::Contains("branch point at lambda = 0.489"));
}

TEST_CASE("classics: a tripwire deters exactly when it makes the response credible", "[scenario][classics]") {
  const Scenario s = load_scenario(kScenarios + "/classics/tripwire.yaml");
  ScenarioModel m(s);
  // war_cost 5 against concede_loss 3: without troops at stake the defender
  // concedes; with them it responds iff 5 < 3 + tripwire_loss. Stationing
  // (cost 1 < 3) is worth it exactly when it turns the reply into a response.
  for (double h : {1.0, 4.0}) {
    const OptionResult r = run_option(m, "", {{"tripwire_loss", h}});
    const bool credible = 5.0 < 3.0 + h;
    CHECK(choice(m, r, "defender", "station") == (credible ? 1.0 : 0.0));
    CHECK(metric(m, r, "p_deterred") == (credible ? 1.0 : 0.0));
    CHECK(choice(m, r, "response", "respond", "defender = station") == (credible ? 1.0 : 0.0));
    CHECK(choice(m, r, "response", "respond", "defender = stay_home") == 0.0);
  }
  // With the response credible, stationing pays exactly when station_cost < concede_loss (3).
  for (double cost : {2.9, 3.1}) {
    const OptionResult r = run_option(m, "", {{"station_cost", cost}});
    CHECK(choice(m, r, "defender", "station") == (cost < 3.0 ? 1.0 : 0.0));
  }
}

TEST_CASE(
    "classics: deterrence with a defender of unknown resolve holds iff p_credible >= gain / (gain + conflict_cost)",
    "[scenario][classics]") {
  const Scenario s = load_scenario(kScenarios + "/classics/deterrence_incomplete.yaml");
  ScenarioModel m(s);
  // Challenging pays p (-3) + (1 - p) 2 against 0: the threshold is 2/5.
  for (double p : {0.1, 0.3, 0.39, 0.41, 0.6, 0.9}) {
    const OptionResult r = run_option(m, "", {{"p_credible", p}});
    CHECK(metric(m, r, "p_deterred") == (p >= 0.4 ? 1.0 : 0.0));
    CHECK(metric(m, r, "p_conflict") == Approx(p >= 0.4 ? 0.0 : p));
    CHECK(r.solution.concept_name == "sequential equilibrium");
    for (const ChoiceReport& c : r.choices) {
      if (stage_of(m, c) == "challenger") {
        REQUIRE(c.beliefs.size() == 2);
        CHECK(c.beliefs[0] == Approx(p));  // beliefs are the prior: nothing was seen
      }
    }
  }
}

TEST_CASE("export: the built game written as .efg solves to the same equilibrium", "[scenario][export]") {
  for (const std::string file : {"/ukraine/baseline.yaml", "/ukraine/variants/us_resolute.yaml",
                                 "/classics/tripwire.yaml", "/classics/two_sided_deterrence.yaml"}) {
    INFO(file);
    const Scenario s = load_scenario(kScenarios + file);
    ScenarioModel m(s);
    const std::string option = s.options.empty() ? "" : s.options[2].id;
    const OptionResult r = run_option(m, option, {});
    std::ostringstream out;
    write_efg(m.game(), out);
    const Game back = read_efg(out.str(), "export.efg");
    CHECK(back.num_nodes() == m.game().num_nodes());
    // Gambit insists on distinct labels for each player's sets, Nature's too,
    // and on Nature's probabilities summing to one exactly as written.
    std::set<std::pair<std::uint32_t, std::string>> labels;
    for (std::uint32_t h = 0; h < back.num_infosets(); ++h) {
      CHECK(labels.emplace(index(back.infoset_player(InfoSetId{h})), back.infoset_label(InfoSetId{h})).second);
    }
    for (std::uint32_t h = 0; h < back.num_infosets(); ++h) {
      if (back.infoset_player(InfoSetId{h}) != kChancePlayer) continue;
      std::vector<Rational> terms;
      for (std::uint32_t k = 0; k < back.infoset_num_actions(InfoSetId{h}); ++k) {
        terms.push_back(*parse_number(back.probability_text(back.action(InfoSetId{h}, k)))->exact);
      }
      const auto sum = exact_sum(terms);
      REQUIRE(sum);
      CHECK((sum->num == 1 && sum->den == 1));
    }
    const Solution again = solve(back, {});
    REQUIRE_FALSE(again.equilibria.empty());
    CHECK(again.concept_name == r.solution.concept_name);
    CHECK(again.equilibria[0].profile.isApprox(r.solution.equilibria[0].profile, 1e-12));
  }
}

TEST_CASE("classics: rudimentary deterrence holds iff the threat is credible and conflict costs the challenger",
          "[scenario][classics]") {
  const Scenario s = load_scenario(kScenarios + "/classics/rudimentary_deterrence.yaml");
  ScenarioModel m(s);
  // Backward induction: the defender denies iff conflict_value_defender >
  // concede_value_defender (-2); the challenger demands iff the reply it
  // faces beats the status quo: gain (2) if conceded, -conflict_cost if denied.
  for (double conflict_value : {-1.0, -3.0}) {
    for (double conflict_cost : {3.0, -1.0}) {
      const OptionResult r =
          run_option(m, "", {{"conflict_value_defender", conflict_value}, {"conflict_cost_challenger", conflict_cost}});
      const bool denies = conflict_value > -2.0;
      const bool demands = denies ? -conflict_cost > 0.0 : true;
      INFO(conflict_value << " " << conflict_cost);
      CHECK(choice(m, r, "defender", "deny") == (denies ? 1.0 : 0.0));
      CHECK(metric(m, r, "p_deterred") == (demands ? 0.0 : 1.0));
    }
  }
}

TEST_CASE(
    "classics: two-sided incomplete information: deterrence holds with probability 1 - p_determined iff p_credible >= "
    "2/5",
    "[scenario][classics]") {
  const Scenario s = load_scenario(kScenarios + "/classics/two_sided_deterrence.yaml");
  ScenarioModel m(s);
  // A determined challenger gets 1 from conflict and 2 from a concession, so
  // it demands whatever it believes. A hesitant one demands iff
  // p (-3) + (1 - p) 2 > 0, i.e. p < 2/5. The credible defender resists
  // (-1 > -2), the soft one concedes (-2 > -4), whoever demanded.
  for (double pc : {0.2, 0.35, 0.45, 0.8}) {
    for (double pd : {0.1, 0.5}) {
      const OptionResult r = run_option(m, "", {{"p_credible", pc}, {"p_determined", pd}});
      INFO(pc << " " << pd);
      const double deterred = pc >= 0.4 ? 1.0 - pd : 0.0;
      CHECK(metric(m, r, "p_deterred") == Approx(deterred).margin(1e-12));
      CHECK(metric(m, r, "p_conflict") == Approx((1.0 - deterred) * pc).margin(1e-12));
    }
  }
}

TEST_CASE("classics: asymmetric escalation follows its backward-induction closed form", "[scenario][classics]") {
  const Scenario s = load_scenario(kScenarios + "/classics/asymmetric_escalation.yaml");
  ScenarioModel m(s);
  // Defaults: concede_loss 3, limited 1, backdown 4, war 5 for the defender;
  // win 3, limited 1, war 5 for the challenger.
  for (double war_cost_defender : {5.0, 3.5}) {
    for (double concede_loss : {3.0, 6.0}) {
      const OptionResult r =
          run_option(m, "", {{"war_cost_defender", war_cost_defender}, {"concede_loss", concede_loss}});
      INFO(war_cost_defender << " " << concede_loss);
      const bool counters = war_cost_defender < 4.0;         // -war > -backdown
      const bool escalates = !counters;                      // win 3 > limited -1; war -5 < -1
      const double after_respond = escalates ? -4.0 : -1.0;  // the defender's value of responding in kind
      const double best = std::max({-concede_loss, after_respond, -war_cost_defender});
      const std::string reply = best == -concede_loss ? "concede" : best == after_respond ? "respond" : "escalate";
      const double challenger_value = reply == "concede" ? 3.0 : reply == "escalate" ? -5.0 : (escalates ? 3.0 : -1.0);
      const bool initiates = challenger_value > 0.0;
      CHECK(choice(m, r, "defender_escalation", "counter") == (counters ? 1.0 : 0.0));
      CHECK(choice(m, r, "challenger_escalation", "escalate") == (escalates ? 1.0 : 0.0));
      CHECK(choice(m, r, "defender", reply) == 1.0);
      CHECK(metric(m, r, "p_deterred") == (initiates ? 0.0 : 1.0));
    }
  }
}

TEST_CASE("ukraine: every parameter is grounded, with at least 15 distinct quotes drawn from all five articles",
          "[scenario][ukraine]") {
  const Scenario s = load_scenario(kScenarios + "/ukraine/baseline.yaml");
  std::set<std::string> quotes, sources;
  auto count = [&](const Grounds& g) {
    if (g.quote.empty()) return;
    quotes.insert(g.quote);
    sources.insert(g.source);
  };
  for (const Parameter& p : s.parameters) {
    INFO(p.name);
    CHECK((!p.grounds.why.empty() || !p.grounds.quote.empty()));
    count(p.grounds);
  }
  for (const Actor& a : s.actors) {
    for (const PolicyClaim& c : a.policy) count(c.grounds);
  }
  for (const BackstopOption& o : s.options) count(o.grounds);
  for (const CommitmentTie& t : s.network) count(t.grounds);
  CHECK(quotes.size() >= 15);
  CHECK(sources.size() == 5);  // load_scenario has checked each quote is in its article
  CHECK(s.sources.size() == 5);
  for (const char* id : {"none", "intelligence", "air_cover", "workers"}) CHECK(s.option(id) != nullptr);
  CHECK(s.options.size() >= 7);
}

TEST_CASE(
    "network: a tie's credibility enters the backer's cost of staying out, and who is drawn in is the equilibrium's",
    "[scenario][network]") {
  // The defender's cost of staying out is 5 x its tie's credibility; fighting costs 3. It fights
  // exactly when the tie's credibility exceeds 3/5, and the report's draw-in follows the
  // equilibrium (1 or 0), not the credibility.
  const std::string text = R"(schema: backstop/1
name: a tie that binds
actors:
  Challenger: {name: Challenger}
  Defender: {name: Defender}
parties: [Ally]
parameters:
  cred: {value: 0.8, why: test}
  fought_gain: {value: -2, why: test}
stages:
  - {id: challenger, actor: Challenger, actions: [wait, attack]}
  - {id: defender, actor: Defender, actions: [fight, stay_out], when: "challenger.attack", observes: all}
outcomes:
  peace: {when: "challenger.wait"}
  fought: {when: "defender.fight"}
  abandoned: {when: "defender.stay_out"}
payoffs:
  Challenger: {peace: "0", fought: "fought_gain", abandoned: "3"}
  Defender: {peace: "0", fought: "-3", abandoned: "-5 * tie.Defender.Ally"}
network:
  - {backer: Defender, backed: Ally, kind: treaty, credibility: "cred", attacked: "challenger.attack", answered: "defender.fight", why: test}
)";
  const Scenario s = parse_scenario(text, "tie.yaml");
  ScenarioModel m(s);
  for (const double cred : {0.8, 0.4}) {
    INFO("credibility " << cred);
    const OptionResult r = run_option(m, "", {{"cred", cred}});
    const bool fights = cred > 0.6;
    // A credible defender deters; an incredible one is attacked and stays out.
    CHECK(r.outcome_probability[0] == (fights ? 1.0 : 0.0));
    REQUIRE(r.draw_ins.size() == 1);
    const ScenarioModel::DrawIn& d = r.draw_ins.front();
    CHECK(d.equilibrium);
    CHECK(d.attacked == "Ally");
    CHECK(d.drawn_in == "Defender");
    // Deterred: never attacked. Not deterred: attacked for sure, and the defender stays out.
    CHECK(d.attack_probability == (fights ? 0.0 : 1.0));
    CHECK(d.probability == 0.0);
  }
  // A challenger that attacks even when fought: the equilibrium draws the defender in, every time.
  const OptionResult drawn = run_option(m, "", {{"cred", 0.8}, {"fought_gain", 1.0}});
  REQUIRE(drawn.draw_ins.size() == 1);
  CHECK(drawn.draw_ins.front().attack_probability == 1.0);
  CHECK(drawn.draw_ins.front().probability == 1.0);
  // Off the path the defender's choice shows the tie at work: at 0.8 it would fight.
  const OptionResult deterred = run_option(m, "", {{"cred", 0.8}});
  for (const ChoiceReport& c : deterred.choices) {
    if (s.stages[c.stage].id == "defender") CHECK(c.probabilities[0] == 1.0);
  }
}
