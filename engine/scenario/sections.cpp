// The sections of a scenario that declare its game: actors (with their
// policy claims), stages, outcomes, metrics, payoffs, options, and the
// commitment network. Each reads the shape and the values; names that point
// to other sections are only noted here and checked in references.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "backstop/expr/expression.hpp"
#include "loader.hpp"
#include "schema_names.hpp"

namespace backstop {

const char* tie_name(TieKind kind) { return detail::name_of(detail::kTieKindNames, kind); }

namespace detail {

// Actors are the players, in file order; 'Nature' is reserved for chance.
// An actor's `params` are parameters named `Actor.name`. An actor whose
// entry is malformed is still declared, so names that refer to it do not
// raise a second error.
void Loader::read_actors(const YamlNode& node) {
  if (!r_.expect_map(node, "'actors'")) return;
  if (node.entries.size() > kMaxActors) {
    r_.error(node.entries[kMaxActors].key,
             fmt::format("more than {} actors; each is a player of the game", kMaxActors));
    r_.mark_broken_declaration();
    return;
  }
  for (const auto& [key, value] : node.entries) {
    Actor a;
    a.id = key.scalar;
    a.where = r_.at(key);
    const std::string what = "actor '" + a.id + "'";
    require_identifier(a.id, r_.at(key), "actor id '" + a.id + "'");
    if (a.id == "Nature") {
      r_.error(key, "'Nature' is the chance player; it is not declared as an actor");
      continue;
    }
    if (!r_.expect_map(value, what)) {
      s_.actors.push_back(std::move(a));  // still an actor, for the names that refer to it
      continue;
    }
    r_.check_keys(value, {"name", "policy", "params"}, what);
    a.name = a.id;
    if (const YamlNode* n = value.find("name")) a.name = r_.text(*n, "'name'").value_or(a.id);
    if (const YamlNode* n = value.find("policy"); n && r_.expect_list(*n, what + ": 'policy'")) read_policy(*n, a);
    if (const YamlNode* n = value.find("params"); n && r_.expect_map(*n, what + ": 'params'")) {
      for (const auto& [pk, pv] : n->entries) read_parameter(pk, pv, a.id + "." + pk.scalar);
    }
    s_.actors.push_back(std::move(a));
  }
}

// An actor's policy: claims in words, each quoted from a source.
void Loader::read_policy(const YamlNode& list, Actor& actor) {
  for (const YamlNode& item : list.items) {
    if (!r_.expect_map(item, "a policy claim")) continue;
    r_.check_keys(item, {"claim", "source", "quote", "why"}, "a policy claim of " + actor.id);
    PolicyClaim c;
    c.where = r_.at(item);
    if (const YamlNode* t = r_.require(item, "claim", "a policy claim")) c.claim = r_.text(*t, "'claim'").value_or("");
    c.grounds = read_grounds(item, "the policy claim", true);
    if (c.grounds.source.empty()) r_.error(item, "a policy claim of " + actor.id + " needs a 'source' and a 'quote'");
    actor.policy.push_back(std::move(c));
  }
}

// Stages in play order: a decision of an actor or a move of Nature, with
// what the mover observes and when the stage happens at all. Expressions
// (`when`, probabilities) are only stored here; model_check compiles them.
void Loader::read_stages(const YamlNode& node) {
  if (!r_.expect_list(node, "'stages'")) return;
  if (node.items.size() > kMaxStages) {
    r_.error(node.items[kMaxStages],
             fmt::format("more than {} stages; the stages expand into a game tree, and no tree of so many "
                         "moves can be solved",
                         kMaxStages));
    return;
  }
  for (const YamlNode& item : node.items) {
    if (!r_.expect_map(item, "a stage")) continue;
    Stage st;
    st.where = r_.at(item);
    if (const YamlNode* n = r_.require(item, "id", "a stage")) st.id = r_.text(*n, "'id'").value_or("");
    const std::string what = "stage '" + st.id + "'";
    r_.check_keys(item, {"id", "label", "actor", "actions", "chance", "observes", "when"}, what);
    require_identifier(st.id, r_.at(item), what + ": the id");
    if (const YamlNode* n = item.find("label")) st.label = r_.text(*n, "'label'").value_or("");
    const YamlNode* actor = item.find("actor");
    const YamlNode* chance = item.find("chance");
    if ((actor != nullptr) == (chance != nullptr)) {
      r_.error(item, what + (actor ? " has both 'actor' and 'chance'" : " has neither 'actor' nor 'chance'") +
                         ": a stage is a decision of an actor or a move of Nature");
      continue;
    }
    read_stage_actions(item, st, what);
    if (st.actions.empty()) r_.error(item, what + " has no actions");
    std::set<std::string> seen;
    for (const StageAction& a : st.actions) {
      require_identifier(a.id, a.where, what + ": action '" + a.id + "'");
      if (!seen.insert(a.id).second) r_.error(a.where, what + ": action '" + a.id + "' appears twice");
    }
    if (const YamlNode* n = item.find("observes")) {
      if (n->kind == YamlNode::Kind::kScalar && n->scalar == "all") {
        st.observes_all = true;
      } else {
        st.observes = r_.names(*n, "an observed stage", &st.observes_where);
      }
    }
    if (const YamlNode* n = item.find("when")) {
      st.when = r_.text(*n, "'when'").value_or("");
      st.when_where = r_.at(*n, 0);
    }
    for (const Stage& other : s_.stages) {
      if (other.id == st.id) r_.error(item, what + " is declared twice");
    }
    s_.stages.push_back(std::move(st));
  }
  if (s_.stages.empty()) r_.error(node, "'stages' must list at least one stage");
}

// A decision's actions (names, or maps with an id and a label), or a chance
// move's actions with their probabilities (expressions).
void Loader::read_stage_actions(const YamlNode& item, Stage& st, const std::string& what) {
  const YamlNode* actor = item.find("actor");
  const YamlNode* chance = item.find("chance");
  if (actor) {
    st.actor = r_.text(*actor, "'actor'").value_or("");
    actor_refs_.push_back({st.actor, r_.at(*actor)});
    if (const YamlNode* acts = r_.require(item, "actions", what); acts && r_.expect_list(*acts, what + ": 'actions'")) {
      for (const YamlNode& a : acts->items) {
        StageAction sa;
        sa.where = r_.at(a);
        if (a.kind == YamlNode::Kind::kMap) {
          r_.check_keys(a, {"id", "label"}, "an action");
          if (const YamlNode* n = r_.require(a, "id", "an action")) sa.id = r_.text(*n, "'id'").value_or("");
          if (const YamlNode* n = a.find("label")) sa.label = r_.text(*n, "'label'").value_or("");
        } else {
          sa.id = r_.text(a, "an action").value_or("");
        }
        st.actions.push_back(std::move(sa));
      }
    }
  } else if (chance && r_.expect_map(*chance, what + ": 'chance'")) {
    if (item.find("actions"))
      r_.error(*item.find("actions"), what + ": a chance stage lists its actions under 'chance'");
    for (const auto& [k, v] : chance->entries) {
      StageAction sa;
      sa.id = k.scalar;
      sa.where = r_.at(v, 0);
      sa.probability = r_.text(v, "a probability").value_or("0");
      st.actions.push_back(std::move(sa));
    }
  }
}

// Outcomes in file order: a path ends in the first whose `when` holds.
void Loader::read_outcomes(const YamlNode& node) {
  if (!r_.expect_map(node, "'outcomes'")) return;
  if (node.entries.size() > kMaxOutcomes) {
    r_.error(node.entries[kMaxOutcomes].key, fmt::format("more than {} outcomes", kMaxOutcomes));
    return;
  }
  for (const auto& [key, value] : node.entries) {
    Outcome o;
    o.id = key.scalar;
    o.where = r_.at(key);
    const std::string what = "outcome '" + o.id + "'";
    if (!r_.expect_map(value, what)) continue;
    r_.check_keys(value, {"label", "when"}, what);
    if (const YamlNode* n = value.find("label")) o.label = r_.text(*n, "'label'").value_or("");
    if (const YamlNode* n = r_.require(value, "when", what)) {
      o.when = r_.text(*n, "'when'").value_or("0");
      o.when_where = r_.at(*n, 0);
    }
    s_.outcomes.push_back(std::move(o));
  }
}

// A metric is the probability of a set of outcomes; the first ranks options.
void Loader::read_metrics(const YamlNode& node) {
  if (!r_.expect_map(node, "'metrics'")) return;
  for (const auto& [key, value] : node.entries) {
    Metric m;
    m.id = key.scalar;
    m.where = r_.at(key);
    const std::string what = "metric '" + m.id + "'";
    if (!r_.expect_map(value, what)) continue;
    r_.check_keys(value, {"label", "outcomes", "better"}, what);
    if (const YamlNode* n = value.find("label")) m.label = r_.text(*n, "'label'").value_or("");
    if (const YamlNode* n = value.find("better")) {
      const std::string b = r_.text(*n, "'better'").value_or("higher");
      if (b != "higher" && b != "lower") r_.error(*n, "'better' is 'higher' or 'lower', not '" + b + "'");
      m.lower_better = b == "lower";
    }
    if (const YamlNode* n = r_.require(value, "outcomes", what))
      m.outcomes = r_.names(*n, "an outcome", &m.outcomes_where);
    s_.metrics.push_back(std::move(m));
  }
}

// An expression under `key` with the place of its first character; `fallback`
// where it is missing (reported if required) or not text.
std::string Loader::read_expression(const YamlNode& map, const char* key, const std::string& what, bool required,
                                    const std::string& fallback, SourceLocation& where) {
  const YamlNode* n = required ? r_.require(map, key, what) : map.find(key);
  if (n == nullptr) return fallback;
  where = r_.at(*n, 0);
  return r_.text(*n, fmt::format("'{}'", key)).value_or(fallback);
}

// Derived names: expressions over parameters, earlier derived names and
// moves, each with its grounds. Names are checked against the parameters
// and stages in references.cpp; the expressions compile with the model.
void Loader::read_derived(const YamlNode& node) {
  if (!r_.expect_map(node, "'derived'")) return;
  for (const auto& [key, value] : node.entries) {
    Derived d;
    d.id = key.scalar;
    d.where = r_.at(key);
    const std::string what = "derived '" + d.id + "'";
    require_identifier(d.id, d.where, "a derived name '" + d.id + "'");
    if (!r_.expect_map(value, what)) {
      s_.derived.push_back(std::move(d));  // still declared, for the names that read it
      continue;
    }
    r_.check_keys(value, {"label", "expression", "source", "quote", "why"}, what);
    if (const YamlNode* n = value.find("label")) d.label = r_.text(*n, "'label'").value_or("");
    d.expression = read_expression(value, "expression", what, true, "0", d.expression_where);
    d.grounds = read_grounds(value, what, true);
    s_.derived.push_back(std::move(d));
  }
}

// Model contracts: a claim in words, the moves it assumes, and the
// expression that must hold.
void Loader::read_checks(const YamlNode& node) {
  if (!r_.expect_list(node, "'checks'")) return;
  for (const YamlNode& item : node.items) {
    if (!r_.expect_map(item, "a check")) continue;
    Check c;
    c.where = r_.at(item);
    r_.check_keys(item, {"claim", "given", "holds", "source", "quote", "why"}, "a check");
    if (const YamlNode* n = r_.require(item, "claim", "a check")) c.claim = r_.text(*n, "'claim'").value_or("");
    const std::string what = c.claim.empty() ? std::string("a check") : "check '" + c.claim + "'";
    c.holds = read_expression(item, "holds", what, true, "1", c.holds_where);
    if (const YamlNode* g = item.find("given"); g && r_.expect_map(*g, what + ": 'given'")) {
      for (const auto& [stage, actions] : g->entries) {
        c.given.emplace_back(stage.scalar, r_.names(actions, "an action"));
        c.given_where.push_back(r_.at(stage));
        if (c.given.back().second.empty())
          r_.error(actions, what + ": stage '" + stage.scalar + "' is given no action");
      }
    }
    c.grounds = read_grounds(item, what, false);
    s_.checks.push_back(std::move(c));
  }
}

// Time: the periods, the types drawn once, the belief Russia updates, the
// metrics a history is read by, the outcomes that end it, and the state's
// expressions. An empty map declares nothing.
void Loader::read_dynamics(const YamlNode& node) {
  if (!r_.expect_map(node, "'dynamics'") || node.entries.empty()) return;
  Dynamics& d = s_.dynamics;
  d.declared = true;
  d.where = r_.at(node);
  r_.check_keys(node, {"periods", "persistent", "belief", "holds", "war", "ends", "state"}, "'dynamics'");
  if (const YamlNode* n = r_.require(node, "periods", "'dynamics'")) {
    const double t = r_.number(*n, "'periods'").value_or(1.0);
    if (!(t >= 1.0 && t <= 1000.0 && t == std::floor(t))) r_.error(*n, "'periods' is a whole number from 1 to 1000");
    else d.periods = static_cast<std::uint32_t>(t);
  }
  if (const YamlNode* n = node.find("persistent")) d.persistent = r_.names(*n, "a stage", &d.persistent_where);
  if (const YamlNode* n = node.find("belief"); n && r_.expect_map(*n, "'dynamics': 'belief'")) {
    r_.check_keys(*n, {"parameter", "stage", "action", "source", "quote", "why"}, "'dynamics': 'belief'");
    d.belief_where = r_.at(*n);
    if (const YamlNode* v = r_.require(*n, "parameter", "the belief"))
      d.belief_parameter = r_.text(*v, "'parameter'").value_or("");
    if (const YamlNode* v = r_.require(*n, "stage", "the belief")) d.belief_stage = r_.text(*v, "'stage'").value_or("");
    if (const YamlNode* v = r_.require(*n, "action", "the belief"))
      d.belief_action = r_.text(*v, "'action'").value_or("");
    d.belief_grounds = read_grounds(*n, "the belief", true);
  }
  if (const YamlNode* n = r_.require(node, "holds", "'dynamics'")) {
    d.holds = r_.text(*n, "'holds'").value_or("");
    d.holds_where = r_.at(*n);
  }
  if (const YamlNode* n = node.find("war")) {
    d.war = r_.text(*n, "'war'").value_or("");
    d.war_where = r_.at(*n);
  }
  if (const YamlNode* n = node.find("ends")) d.ends = r_.names(*n, "an outcome", &d.ends_where);
  if (const YamlNode* n = node.find("state"); n && r_.expect_map(*n, "'dynamics': 'state'")) {
    for (const auto& [key, value] : n->entries) {
      StateUpdate u;
      u.parameter = key.scalar;
      u.where = r_.at(key);
      const std::string what = "state variable '" + u.parameter + "'";
      if (!r_.expect_map(value, what)) continue;
      r_.check_keys(value, {"next", "source", "quote", "why"}, what);
      u.next = read_expression(value, "next", what, true, "0", u.next_where);
      u.grounds = read_grounds(value, what, true);
      d.state.push_back(std::move(u));
    }
  }
}

// Payoffs by actor, then outcome: an expression each. Missing pairs are
// reported by check_references, once every actor and outcome is known.
void Loader::read_payoffs(const YamlNode& node) {
  if (!r_.expect_map(node, "'payoffs'")) return;
  for (const auto& [actor, table] : node.entries) {
    actor_refs_.push_back({actor.scalar, r_.at(actor)});
    if (!r_.expect_map(table, "the payoffs of " + actor.scalar)) continue;
    for (const auto& [outcome, expr] : table.entries) {
      PayoffEntry e;
      e.actor = actor.scalar;
      e.outcome = outcome.scalar;
      e.where = r_.at(outcome);
      e.expression = r_.text(expr, "a payoff").value_or("0");
      e.expression_where = r_.at(expr, 0);
      s_.payoffs.push_back(std::move(e));
    }
  }
}

// Options are the policy levers compared: each sets parameters to numbers
// (the parameter names are checked in check_references).
void Loader::read_options(const YamlNode& node) {
  if (!r_.expect_map(node, "'options'")) return;
  for (const auto& [key, value] : node.entries) {
    BackstopOption o;
    o.id = key.scalar;
    o.where = r_.at(key);
    const std::string what = "option '" + o.id + "'";
    if (!r_.expect_map(value, what)) continue;
    r_.check_keys(value, {"label", "description", "set", "source", "quote", "why"}, what);
    o.label = o.id;
    if (const YamlNode* n = value.find("label")) o.label = r_.text(*n, "'label'").value_or(o.id);
    if (const YamlNode* n = value.find("description")) o.description = r_.text(*n, "'description'").value_or("");
    o.grounds = read_grounds(value, what, false);
    if (const YamlNode* n = value.find("set"); n && r_.expect_map(*n, what + ": 'set'")) {
      for (const auto& [pk, pv] : n->entries) {
        if (auto x = r_.number(pv, "the value of '" + pk.scalar + "'")) {
          o.set.emplace_back(pk.scalar, *x);
          o.set_where.push_back(r_.at(pk));
        }
      }
    }
    s_.options.push_back(std::move(o));
  }
}

// Commitment ties: `backer` comes to the aid of `backed` with probability
// `credibility` (an expression), grounded like a parameter.
void Loader::read_network(const YamlNode& node) {
  if (!r_.expect_list(node, "'network'")) return;
  for (const YamlNode& item : node.items) {
    if (!r_.expect_map(item, "a commitment tie")) continue;
    r_.check_keys(item, {"backer", "backed", "kind", "credibility", "attacked", "answered", "source", "quote", "why"},
                  "a commitment tie");
    CommitmentTie t;
    t.where = r_.at(item);
    if (const YamlNode* n = r_.require(item, "backer", "a commitment tie")) {
      t.backer = r_.text(*n, "'backer'").value_or("");
      party_refs_.push_back({t.backer, r_.at(*n)});
    }
    if (const YamlNode* n = r_.require(item, "backed", "a commitment tie")) {
      t.backed = r_.text(*n, "'backed'").value_or("");
      party_refs_.push_back({t.backed, r_.at(*n)});
    }
    if (const YamlNode* n = r_.require(item, "kind", "a commitment tie")) {
      const std::string k = r_.text(*n, "'kind'").value_or("none");
      if (const std::optional<TieKind> kind = value_of(kTieKindNames, k)) t.kind = *kind;
      else r_.error(*n, "unknown kind of tie '" + k + "'" + suggest_name(kTieKindNames, k));
    }
    if (const YamlNode* n = r_.require(item, "credibility", "a commitment tie")) {
      t.credibility = r_.text(*n, "'credibility'").value_or("0");
      t.credibility_where = r_.at(*n, 0);
    }
    t.attacked = read_expression(item, "attacked", "a commitment tie", false, "", t.attacked_where);
    t.answered = read_expression(item, "answered", "a commitment tie", false, "", t.answered_where);
    if (t.attacked.empty() != t.answered.empty())
      r_.error(item,
               "a commitment tie gives 'attacked' and 'answered' together (who is drawn in under the equilibrium)");
    t.grounds = read_grounds(item, "a commitment tie", true);
    s_.network.push_back(std::move(t));
  }
}

}  // namespace detail
}  // namespace backstop
