#include "backstop/scenario/scenario_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "backstop/scenario/network.hpp"
#include "expand.hpp"
#include "reader.hpp"

namespace backstop {
namespace {

SourceLocation offset(SourceLocation where, std::size_t by) {
  where.column += static_cast<int>(by);
  return where;
}

// An inlined expression's limit, muParser's own (MaxLenExpression): the
// Ukraine baseline's longest, a check over 33 payoffs, is 4,464. Derived
// names that each read the one before twice would double at every step.
constexpr std::size_t kMaxInlined = 20000;

// `text` with every name `lookup` knows replaced by its text in brackets:
// derived names and, in checks, payoffs are inlined where they are read.
// Nothing (an empty optional) past kMaxInlined characters.
std::optional<std::string> inline_names(const std::string& text,
                                        const std::function<const std::string*(std::string_view)>& lookup) {
  auto name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (!name_char(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && name_char(text[j])) ++j;
    const std::string_view token(text.data() + i, j - i);
    const bool is_name = std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '_';
    const std::string* replacement = is_name ? lookup(token) : nullptr;
    if (replacement != nullptr) out.append("(").append(*replacement).append(")");
    else out.append(token);
    if (out.size() > kMaxInlined) return std::nullopt;
    i = j;
  }
  return out;
}

}  // namespace

// Named expressions read by other expressions: the ties' credibilities
// (`tie.BACKER.BACKED`), derived names, then (in checks)
// `payoff.ACTOR.OUTCOME`. Each has a slot of its own after the moves, so
// that an expression reading it compiles with its places right; the
// expression kept reads the named one's text inlined. So does a parameter
// an option stage sets (its value by the stage's move).
struct Inlining {
  std::size_t first = 0;               // the slot of the first named expression
  std::vector<std::string> text;       // per named expression: its text, inlined ("": not compiled)
  std::vector<char> reads_parameters;  // per named expression
  std::size_t ties = 0, derived = 0;   // how many are tie names, then derived names (the rest are payoffs)
  std::size_t visible = 0;             // how many an expression compiled now may read
  std::unordered_map<std::size_t, std::string> parameters;  // parameter slot -> its text by the option stage
};

// Compiles the scenario's expressions into the model's list, each problem
// placed at its column in the file. A `when` may read moves only: slots from
// `first_move` on (and derived names that read only moves).
class ExpressionCompiler {
 public:
  ExpressionCompiler(Environment& env, std::size_t first_move, Inlining& named, std::vector<Expression>& exprs,
                     std::vector<SourceLocation>& where, std::vector<Diagnostic>& problems, bool report_unknown_names)
      : env_(env),
        first_move_(first_move),
        named_(named),
        exprs_(exprs),
        where_(where),
        problems_(problems),
        report_unknown_names_(report_unknown_names) {}

  // The expression's index in the list, or kNoIndex after reporting a problem.
  std::size_t compile(const std::string& text, const SourceLocation& where, bool moves_only) {
    // Past so many problems the rest would not be shown: do not compile
    // (each unknown name costs a search for the closest known one).
    if (problems_.size() >= detail::Reader::kMaxProblems) return kNoIndex;
    Expression e;
    if (auto problem = Expression::compile(text, env_, e)) {
      if (report_unknown_names_ || !problem->unknown_name)
        problems_.push_back({offset(where, problem->offset), problem->message});
      return kNoIndex;
    }
    bool inlined = false;
    for (std::size_t slot : e.reads()) {
      const std::string& name = env_.name(slot);
      const SourceLocation at = offset(where, text.find(name));
      if (named_.parameters.count(slot)) {
        inlined = true;
        if (moves_only) {
          problems_.push_back({at, "'" + name + "' is a parameter; a 'when' reads only moves (stage.action)"});
          return kNoIndex;
        }
      } else if (slot >= named_.first) {
        const std::size_t k = slot - named_.first;
        if (k >= named_.visible) {
          problems_.push_back(
              {at, k < named_.ties ? "'" + name + "' is a tie's credibility; a tie's credibility reads parameters only"
                   : k < named_.ties + named_.derived
                       ? "'" + name + "' is derived later: a derived name reads only those before it"
                       : "'" + name + "' is a payoff, read only in checks"});
          return kNoIndex;
        }
        if (named_.text[k].empty()) return kNoIndex;  // it did not compile: reported there
        if (moves_only && named_.reads_parameters[k]) {
          problems_.push_back({at, "'" + name + "' reads parameters; a 'when' reads only moves (stage.action)"});
          return kNoIndex;
        }
        inlined = true;
      } else if (moves_only && slot < first_move_) {
        problems_.push_back({at, "'" + name + "' is a parameter; a 'when' reads only moves (stage.action)"});
        return kNoIndex;
      }
    }
    if (inlined) {
      const std::optional<std::string> full = inline_names(text, [&](std::string_view token) -> const std::string* {
        const auto slot = env_.find(token);
        if (!slot) return nullptr;
        if (const auto p = named_.parameters.find(*slot); p != named_.parameters.end()) return &p->second;
        return *slot >= named_.first ? &named_.text[*slot - named_.first] : nullptr;
      });
      if (!full) {
        problems_.push_back({where, fmt::format("with the names it reads written out, this expression is over {} "
                                                "characters, the most an expression may have (derived names that "
                                                "each read the one before twice double at every step)",
                                                kMaxInlined)});
        return kNoIndex;
      }
      if (auto problem = Expression::compile(*full, env_, e)) {
        problems_.push_back({where, "with its names inlined, " + problem->message});
        return kNoIndex;
      }
    }
    exprs_.push_back(std::move(e));
    where_.push_back(where);
    return exprs_.size() - 1;
  }
  // Compiles derived name or payoff k (of the named expressions) and keeps its inlined text.
  std::size_t compile_named(std::size_t k, const std::string& text, const SourceLocation& where) {
    const std::size_t e = compile(text, where, false);
    if (e == kNoIndex) return kNoIndex;
    named_.text[k] = exprs_[e].text();
    for (std::size_t slot : exprs_[e].reads()) named_.reads_parameters[k] |= slot < first_move_ ? 1 : 0;
    return e;
  }

 private:
  Environment& env_;
  const std::size_t first_move_;
  Inlining& named_;
  std::vector<Expression>& exprs_;
  std::vector<SourceLocation>& where_;
  std::vector<Diagnostic>& problems_;
  const bool report_unknown_names_;
};

ScenarioModel::ScenarioModel(const Scenario& s, std::nullptr_t) : scenario_(&s), named_(std::make_unique<Inlining>()) {}

ScenarioModel::ScenarioModel(const Scenario& s) : ScenarioModel(s, nullptr) {
  std::vector<Diagnostic> problems;
  if (!build(problems)) throw ScenarioError(problems);
  reweight();
}

std::optional<ScenarioModel> ScenarioModel::compile(const Scenario& s, std::vector<Diagnostic>& problems) {
  ScenarioModel model(s, nullptr);
  if (!model.build(problems)) return std::nullopt;
  return model;
}

void ScenarioModel::check_expressions(const Scenario& s, std::vector<Diagnostic>& problems, bool unknown_names) {
  ScenarioModel model(s, nullptr);
  model.compile_expressions(model.define_names(), problems, unknown_names);
}

bool ScenarioModel::build(std::vector<Diagnostic>& problems) {
  const std::size_t before = problems.size();
  const detail::StageExpressions x = compile_expressions(define_names(), problems, true);
  route_draw_ins(problems);
  if (problems.size() > before) return false;
  detail::StageExpander expander(*scenario_, x, env_, expressions_, problems);
  game_ = expander.expand();
  if (!game_) return false;
  index_game(std::move(expander.expansion()));
  for (const Metric& m : scenario_->metrics) {
    std::vector<std::size_t>& outs = metric_outcomes_.emplace_back();
    for (const std::string& id : m.outcomes) {
      for (std::size_t k = 0; k < scenario_->outcomes.size(); ++k) {
        if (scenario_->outcomes[k].id == id) outs.push_back(k);
      }
    }
  }
  return true;
}

// Names: parameters, then the network's draw-in variables, then the moves.
// Returns the network's parties (actors, then the other parties).
std::vector<std::string> ScenarioModel::define_names() {
  const Scenario& s = *scenario_;
  for (const Parameter& p : s.parameters) env_.define(p.name, p.distribution.nominal);
  std::vector<std::string> parties;
  for (const Actor& a : s.actors) parties.push_back(a.id);
  parties.insert(parties.end(), s.parties.begin(), s.parties.end());
  for (const std::string& a : parties) {
    for (const std::string& b : parties) {
      if (a != b) draw_in_slots_.push_back(env_.define("draw_in." + a + "." + b, 0.0));
      else draw_in_slots_.push_back(kNoIndex);
    }
  }
  first_move_ = env_.size();
  for (const Stage& st : s.stages) {
    for (const StageAction& a : st.actions) move_slots_.push_back(env_.define(st.id + "." + a.id, 0.0));
  }
  // The named expressions' slots, consecutive (a name taken already, reported
  // by the loader, gets one no expression can spell).
  named_->first = env_.size();
  auto define_named = [&](const std::string& name) {
    env_.define(env_.find(name) ? fmt::format("\x01{}", env_.size()) : name, 0.0);
  };
  for (const CommitmentTie& t : s.network) {
    const std::string name = fmt::format("tie.{}.{}", t.backer, t.backed);
    if (std::find(tie_names_.begin(), tie_names_.end(), name) == tie_names_.end()) tie_names_.push_back(name);
  }
  for (const std::string& name : tie_names_) define_named(name);
  named_->ties = tie_names_.size();
  for (const Derived& d : s.derived) define_named(d.id);
  named_->derived = s.derived.size();
  if (!s.checks.empty()) {
    for (const Actor& a : s.actors) {
      for (const Outcome& o : s.outcomes) define_named(fmt::format("payoff.{}.{}", a.id, o.id));
    }
  }
  named_->text.assign(env_.size() - named_->first, "");
  named_->reads_parameters.assign(env_.size() - named_->first, 0);
  named_expression_.assign(env_.size() - named_->first, kNoIndex);
  env_.freeze();
  for (std::size_t slot = 0; slot < first_move_; ++slot) nominal_.push_back(env_[slot]);
  return parties;
}

// Every expression of the scenario, compiled once, and the network.
detail::StageExpressions ScenarioModel::compile_expressions(const std::vector<std::string>& parties,
                                                            std::vector<Diagnostic>& problems, bool unknown_names) {
  const Scenario& s = *scenario_;
  // An option stage's actions set the parameters its options set: each read
  // of one is its value by the move, `(stage.a * 0.8 + stage.b * name)`.
  if (s.option_stage) {
    const OptionStage& os = *s.option_stage;
    std::map<std::string, std::string> text;
    for (const BackstopOption& o : os.options) {
      for (const auto& [name, value] : o.set) text.emplace(name, "");
    }
    for (auto& [name, t] : text) {
      for (const BackstopOption& o : os.options) {
        std::string value = name;
        for (const auto& [set_name, v] : o.set) value = set_name == name ? fmt::format("{:.17g}", v) : value;
        t += fmt::format("{}{}.{} * {}", t.empty() ? "" : " + ", os.id, o.id, value);
      }
      if (const auto slot = env_.find(name); slot && *slot < first_move_) named_->parameters.emplace(*slot, t);
    }
  }
  ExpressionCompiler x(env_, first_move_, *named_, expressions_, expression_where_, problems, unknown_names);
  // The ties' names: each pair's credibility (the strongest where two ties join it), in [0, 1].
  std::vector<CommitmentNetwork::Tie> ties;
  std::vector<std::string> tie_text(tie_names_.size());
  std::vector<SourceLocation> tie_where(tie_names_.size());
  named_->visible = 0;
  for (const CommitmentTie& t : s.network) {
    const auto at = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(parties.begin(), parties.end(), name) - parties.begin());
    };
    credibility_.push_back(x.compile(t.credibility, t.credibility_where, false));
    const std::size_t k = static_cast<std::size_t>(
        std::find(tie_names_.begin(), tie_names_.end(), fmt::format("tie.{}.{}", t.backer, t.backed)) -
        tie_names_.begin());
    if (credibility_.back() != kNoIndex) {
      const std::string one = fmt::format("clamp({}, 0, 1)", t.credibility);
      tie_text[k] = tie_text[k].empty() ? one : fmt::format("max({}, {})", tie_text[k], one);
      tie_where[k] = t.credibility_where;
    }
    tie_events_.emplace_back(t.attacked.empty() ? kNoIndex : x.compile(t.attacked, t.attacked_where, true),
                             t.answered.empty() ? kNoIndex : x.compile(t.answered, t.answered_where, true));
    if (at(t.backer) < parties.size() && at(t.backed) < parties.size())
      ties.push_back({at(t.backer), at(t.backed), t.kind});
  }
  for (std::size_t k = 0; k < tie_names_.size(); ++k) {
    if (!tie_text[k].empty()) named_expression_[k] = x.compile_named(k, tie_text[k], tie_where[k]);
  }
  for (std::size_t k = 0; k < s.derived.size(); ++k) {
    named_->visible = named_->ties + k;
    named_expression_[named_->ties + k] =
        x.compile_named(named_->ties + k, s.derived[k].expression, s.derived[k].expression_where);
  }
  named_->visible = named_->ties + named_->derived;
  network_ = std::make_unique<CommitmentNetwork>(parties, ties);
  if (const std::optional<std::vector<std::string>> cycle = network_->find_cycle()) {
    problems.push_back(
        {s.network.front().where, fmt::format("the commitment network has a cycle: {}", fmt::join(*cycle, " -> "))});
  }
  detail::StageExpressions out;
  out.when.assign(s.stages.size(), kNoIndex);
  out.chance.resize(s.stages.size());
  out.moves.resize(s.stages.size());
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& st = s.stages[i];
    if (!st.when.empty()) out.when[i] = x.compile(st.when, st.when_where, true);
    for (const StageAction& a : st.actions) {
      if (st.is_chance()) out.chance[i].push_back(x.compile(a.probability, a.where, false));
      out.moves[i].push_back(*env_.find(st.id + "." + a.id));
    }
  }
  for (const Outcome& o : s.outcomes) out.outcome_when.push_back(x.compile(o.when, o.when_where, true));
  out.payoff.assign(s.outcomes.size(), std::vector<std::size_t>(s.actors.size(), kNoIndex));
  std::unordered_map<std::string, std::size_t> outcome_index, actor_index;
  for (std::size_t o = 0; o < s.outcomes.size(); ++o) outcome_index.emplace(s.outcomes[o].id, o);
  for (std::size_t a = 0; a < s.actors.size(); ++a) actor_index.emplace(s.actors[a].id, a);
  for (const PayoffEntry& e : s.payoffs) {
    const auto o = outcome_index.find(e.outcome);
    const auto a = actor_index.find(e.actor);
    if (o == outcome_index.end() || a == actor_index.end()) continue;
    if (s.checks.empty()) {
      out.payoff[o->second][a->second] = x.compile(e.expression, e.expression_where, false);
    } else {
      const std::size_t k = named_->ties + named_->derived + a->second * s.outcomes.size() + o->second;
      out.payoff[o->second][a->second] = named_expression_[k] = x.compile_named(k, e.expression, e.expression_where);
    }
  }
  compile_checks(x);
  for (const StateUpdate& u : s.dynamics.state) {
    const auto slot = env_.find(u.parameter);
    const std::size_t e = x.compile(u.next, u.next_where, false);
    if (slot && *slot < first_move_ && e != kNoIndex) state_rules_.push_back({*slot, e});
  }
  return out;
}

// Each check with its names, and its cases: every combination of the actions it is given.
void ScenarioModel::compile_checks(ExpressionCompiler& x) {
  const Scenario& s = *scenario_;
  named_->visible = named_->text.size();
  for (std::size_t k = 0; k < s.checks.size(); ++k) {
    const Check& c = s.checks[k];
    const std::size_t e = x.compile(c.holds, c.holds_where, false);
    check_expression_.push_back(e);
    if (e == kNoIndex) continue;
    std::vector<std::vector<std::size_t>> choices;
    bool declared = true;  // every stage and action it is given exists (else reported by the loader)
    // An option stage's choice sets parameters: a check that does not give it holds for each.
    auto given = c.given;
    if (s.option_stage &&
        std::none_of(given.begin(), given.end(), [&](const auto& g) { return g.first == s.option_stage->id; })) {
      std::vector<std::string> ids;
      for (const BackstopOption& o : s.option_stage->options) ids.push_back(o.id);
      given.emplace_back(s.option_stage->id, std::move(ids));
    }
    for (const auto& [stage, actions] : given) {
      std::vector<std::size_t>& slots = choices.emplace_back();
      for (const std::string& a : actions) {
        if (const auto slot = env_.find(stage + "." + a); slot && *slot >= first_move_) slots.push_back(*slot);
      }
      declared = declared && !slots.empty();
    }
    if (!declared) continue;
    std::vector<std::size_t> pick(choices.size(), 0);
    for (;;) {
      CheckCase cc{k, {}, ""};
      for (std::size_t g = 0; g < choices.size(); ++g) {
        cc.moves.push_back(choices[g][pick[g]]);
        cc.given += fmt::format("{}{} = {}", g ? ", " : "", given[g].first, given[g].second[pick[g]]);
      }
      check_cases_.push_back(std::move(cc));
      std::size_t g = 0;
      while (g < choices.size() && ++pick[g] == choices[g].size()) pick[g++] = 0;
      if (g == choices.size()) break;
    }
  }
}

bool ScenarioModel::holds(const CheckCase& c) {
  set_moves(c.moves);
  const double v = expressions_[check_expression_[c.check]].evaluate();
  return v != 0.0 && !std::isnan(v);
}

std::vector<std::pair<std::string, double>> ScenarioModel::check_terms(const CheckCase& c) {
  set_moves(c.moves);
  // The names as the check wrote them: the raw text's reads, in order of first appearance.
  Expression raw;
  std::vector<std::pair<std::string, double>> out;
  if (Expression::compile(scenario_->checks[c.check].holds, env_, raw)) return out;
  for (std::size_t slot : raw.reads()) {
    if (slot >= first_move_ && slot < named_->first) continue;  // a move: the case says it
    const std::size_t e = slot >= named_->first ? named_expression_[slot - named_->first] : kNoIndex;
    out.emplace_back(env_.name(slot), e == kNoIndex ? env_[slot] : expressions_[e].evaluate());
  }
  return out;
}

// The draw-in variables some expression reads, with their routes (found once;
// none when the network has a cycle, reported already).
void ScenarioModel::route_draw_ins(std::vector<Diagnostic>& problems) {
  const Scenario& s = *scenario_;
  if (network_->find_cycle()) return;
  const std::size_t n = network_->parties().size();
  std::vector<char> read(env_.size(), 0);
  for (const Expression& e : expressions_) {
    for (std::size_t slot : e.reads()) read[slot] = 1;
  }
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      const std::size_t slot = draw_in_slots_[a * n + b];
      if (a == b || !read[slot]) continue;
      try {
        draw_in_used_.push_back({slot, network_->route(a, b)});
      } catch (const InputError& e) {
        problems.push_back({s.network.empty() ? SourceLocation{s.file, 1, 1} : s.network.front().where, e.message()});
      }
    }
  }
}

// The expansion's pre-order numbering mapped onto the built game's.
void ScenarioModel::index_game(detail::Expansion&& expansion) {
  paths_ = std::move(expansion.paths);
  leaves_ = std::move(expansion.leaves);
  leaf_of_outcome_.assign(game_->num_outcomes(), kNoIndex);
  for (std::size_t k = 0; k < leaves_.size(); ++k) leaf_of_outcome_[index(leaves_[k].outcome)] = k;
  // Payoff classes: (expression, the values of the moves it reads) names one number.
  {
    std::unordered_map<std::string, std::size_t> class_of;
    std::vector<std::vector<OutcomeId>> members;
    for (const detail::LeafPayoff& leaf : leaves_) {
      const std::vector<std::size_t>& on = paths_[leaf.path];
      for (std::size_t a = 0; a < leaf.expressions.size(); ++a) {
        const std::size_t e = leaf.expressions[a];
        std::string key(reinterpret_cast<const char*>(&e), sizeof e);
        key.append(reinterpret_cast<const char*>(&a), sizeof a);
        for (std::size_t slot : expressions_[e].reads()) {
          if (slot >= first_move_ && slot < named_->first)
            key += std::find(on.begin(), on.end(), slot) != on.end() ? '1' : '0';
        }
        const auto [it, fresh] = class_of.emplace(std::move(key), payoff_classes_.size());
        if (fresh) {
          payoff_classes_.push_back({e, a, leaf.path, 0, 0});
          members.emplace_back();
        }
        members[it->second].push_back(leaf.outcome);
      }
    }
    for (std::size_t c = 0; c < payoff_classes_.size(); ++c) {
      payoff_classes_[c].first = static_cast<std::uint32_t>(payoff_members_.size());
      payoff_classes_[c].count = static_cast<std::uint32_t>(members[c].size());
      payoff_members_.insert(payoff_members_.end(), members[c].begin(), members[c].end());
    }
  }
  // Each leaf's path as the action per stage.
  const Scenario& s = *scenario_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> move_of_slot(env_.size(), {kNoAction, kNoAction});
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    for (std::size_t j = 0; j < s.stages[i].actions.size(); ++j) {
      if (const auto slot = env_.find(s.stages[i].id + "." + s.stages[i].actions[j].id))
        move_of_slot[*slot] = {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)};
    }
  }
  leaf_actions_.assign(leaves_.size() * s.stages.size(), kNoAction);
  for (std::size_t k = 0; k < leaves_.size(); ++k) {
    for (std::size_t slot : paths_[leaves_[k].path]) {
      const auto [stage, action] = move_of_slot[slot];
      if (stage != kNoAction) leaf_actions_[k * s.stages.size() + stage] = action;
    }
  }
  const auto preorder = game_->preorder();
  leaf_outcome_.assign(game_->num_nodes(), kNoIndex);
  for (std::size_t k = 0; k < preorder.size(); ++k) leaf_outcome_[index(preorder[k])] = expansion.preorder_outcome[k];
  for (const detail::Expansion::ChanceNode& c : expansion.chance_nodes) {
    const NodeId node = preorder[c.preorder];
    for (std::size_t k = 0; k < c.expressions.size(); ++k) {
      chance_.push_back({game_->action(game_->infoset(node), static_cast<std::uint32_t>(k)), c.expressions[k], c.path});
    }
  }
  infoset_stage_.assign(game_->num_infosets(), kNoIndex);
  infoset_context_.assign(game_->num_infosets(), "");
  for (std::size_t k = 0; k < preorder.size(); ++k) {
    const std::size_t set = expansion.preorder_infoset[k];
    if (set == kNoIndex) continue;
    const InfoSetId h = game_->infoset(preorder[k]);
    infoset_stage_[index(h)] = expansion.infoset_stage[set];
    infoset_context_[index(h)] = expansion.infoset_context[set];
  }
}

void ScenarioModel::read_parameters(std::span<double> out) const {
  for (std::size_t k = 0; k < out.size() && k < nominal_.size(); ++k) out[k] = env_[k];
}

void ScenarioModel::next_state(NodeId leaf, std::span<double> values) {
  set_path(leaves_[leaf_index(leaf)].path);
  next_values_.resize(state_rules_.size());
  for (std::size_t k = 0; k < state_rules_.size(); ++k)
    next_values_[k] = expressions_[state_rules_[k].expression].evaluate();
  for (std::size_t k = 0; k < state_rules_.size(); ++k) values[state_rules_[k].slot] = next_values_[k];
}

std::span<const std::uint32_t> ScenarioModel::path_actions(NodeId leaf) const {
  const std::size_t n = scenario_->stages.size();
  return {leaf_actions_.data() + leaf_index(leaf) * n, n};
}

ScenarioModel::~ScenarioModel() = default;
ScenarioModel::ScenarioModel(ScenarioModel&&) noexcept = default;

void ScenarioModel::select_option(const std::string& option_id) { assign({}, settings(option_id, {})); }

std::vector<ScenarioModel::Setting> ScenarioModel::settings(
    const std::string& option_id, const std::vector<std::pair<std::string, double>>& overrides) const {
  std::vector<Setting> out;
  if (!option_id.empty()) {
    const BackstopOption* o = scenario_->option(option_id);
    if (o == nullptr) {
      std::vector<std::string> ids;
      for (const BackstopOption& x : scenario_->options) ids.push_back(x.id);
      throw InputError("unknown option '" + option_id + "'" + did_you_mean(option_id, ids));
    }
    for (const auto& [name, value] : o->set) out.push_back({parameter_slot(name), value});
  }
  for (const auto& [name, value] : overrides) {
    const std::size_t dot = name.find('.');
    const bool whole = env_.find(name).has_value();
    if (!whole && dot != std::string::npos && scenario_->option(name.substr(0, dot)) != nullptr) {
      const std::size_t slot = parameter_slot(name.substr(dot + 1));  // checked under every option
      if (name.compare(0, dot, option_id) == 0 && dot == option_id.size()) out.push_back({slot, value});
      continue;
    }
    out.push_back({parameter_slot(name), value});
  }
  return out;
}

void ScenarioModel::assign(std::span<const double> values, std::span<const Setting> settings) {
  BACKSTOP_CHECK(values.empty() || values.size() == scenario_->parameters.size(), "one value per parameter");
  for (std::size_t slot = 0; slot < nominal_.size(); ++slot) env_[slot] = nominal_[slot];
  for (std::size_t k = 0; k < values.size(); ++k) env_[k] = values[k];  // parameters take the first slots
  for (const Setting& s : settings) env_[s.slot] = s.value;
}

void ScenarioModel::apply(const std::string& option_id, const std::vector<std::pair<std::string, double>>& overrides) {
  assign({}, settings(option_id, overrides));
  try {
    reweight();
  } catch (const InputError& e) {
    if (overrides.empty() && option_id.empty()) throw;
    // The file is right as written: say which values made it wrong.
    std::string cause = option_id.empty() ? "" : "option '" + option_id + "'";
    for (const auto& [name, value] : overrides)
      cause += fmt::format("{}{} = {:g}", cause.empty() ? "" : ", ", name, value);
    throw InputError(e.where(), e.message() + " (with " + cause + ")");
  }
}

std::size_t ScenarioModel::parameter_slot(const std::string& name) const {
  const auto slot = env_.find(name);
  if (!slot || *slot >= nominal_.size() || name.rfind("draw_in.", 0) == 0) {
    std::vector<std::string> names;
    for (const Parameter& p : scenario_->parameters) names.push_back(p.name);
    for (const BackstopOption& o : scenario_->options) names.push_back(o.id + ".");
    throw InputError("unknown parameter '" + name + "'" + did_you_mean(name, names));
  }
  return *slot;
}

void ScenarioModel::set_parameter(const std::string& name, double value) { env_[parameter_slot(name)] = value; }

double ScenarioModel::parameter(const std::string& name) const {
  const auto slot = env_.find(name);
  BACKSTOP_CHECK(slot.has_value(), "no parameter " + name);
  return env_[*slot];
}

void ScenarioModel::set_path(std::uint32_t path) { set_moves(paths_[path]); }

void ScenarioModel::set_moves(std::span<const std::size_t> taken) {
  for (std::size_t slot : move_slots_) env_[slot] = 0.0;
  for (std::size_t slot : taken) env_[slot] = 1.0;
}

std::vector<double> ScenarioModel::credibilities() const {
  std::vector<double> out;
  for (std::size_t e : credibility_) out.push_back(std::clamp(expressions_[e].evaluate(), 0.0, 1.0));
  return out;
}

void ScenarioModel::update_network() {
  credibility_values_.resize(credibility_.size());
  for (std::size_t k = 0; k < credibility_.size(); ++k)
    credibility_values_[k] = std::clamp(expressions_[credibility_[k]].evaluate(), 0.0, 1.0);
  for (const DrawInUse& use : draw_in_used_) env_[use.slot] = network_->draw_in(use.route, credibility_values_);
}

std::vector<ScenarioModel::DrawIn> ScenarioModel::draw_ins(std::span<const double> reach) {
  const Scenario& s = *scenario_;
  std::vector<DrawIn> out;
  std::vector<char> from_ties(s.network.size(), 0);
  for (std::size_t k = 0; k < s.network.size(); ++k) {
    const auto [attacked, answered] = tie_events_[k];
    if (attacked == kNoIndex || answered == kNoIndex) continue;
    from_ties[k] = 1;
    double p_attacked = 0.0, p_answered = 0.0;
    for (std::uint32_t n = 0; n < game_->num_nodes(); ++n) {
      const NodeId node{n};
      if (game_->num_children(node) != 0 || reach[n] <= 0.0) continue;
      set_path(leaves_[leaf_index(node)].path);
      if (expressions_[attacked].evaluate() == 0.0) continue;
      p_attacked += reach[n];
      if (expressions_[answered].evaluate() != 0.0) p_answered += reach[n];
    }
    out.push_back(
        {s.network[k].backed, s.network[k].backer, p_attacked > 0.0 ? p_answered / p_attacked : 0.0, true, p_attacked});
  }
  // Pairs no tie with events speaks for: along the network's paths.
  for (DrawIn& d : draw_ins()) {
    bool covered = false;
    for (std::size_t k = 0; k < s.network.size(); ++k)
      covered = covered || (from_ties[k] && s.network[k].backed == d.attacked && s.network[k].backer == d.drawn_in);
    if (!covered) out.push_back(std::move(d));
  }
  return out;
}

// Every pair, for reports (the model itself evaluates only the pairs its
// expressions read).
std::vector<ScenarioModel::DrawIn> ScenarioModel::draw_ins() const {
  std::vector<DrawIn> out;
  const std::vector<double> cred = credibilities();
  const std::size_t n = network_->parties().size();
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = 0; b < n; ++b) {
      if (a == b) continue;
      const double p = network_->draw_in(a, b, cred);
      if (p > 0.0) out.push_back({network_->parties()[a], network_->parties()[b], p});
    }
  }
  return out;
}

void ScenarioModel::reweight() { reweight(nullptr, Weighing::kFull); }

void ScenarioModel::reweight_draw() { reweight(nullptr, Weighing::kDraw); }

void ScenarioModel::check_weights(std::vector<Diagnostic>& problems) { reweight(&problems, Weighing::kFull); }

// With `problems`, every problem is collected (each place once) and the
// walk goes on; without, the first is thrown. A draw (kDraw) writes no texts
// and weighs again only what reads a parameter or draw-in that changed since
// the last draw: the options of one draw differ in a few parameters.
void ScenarioModel::reweight(std::vector<Diagnostic>* problems, Weighing mode) {
  std::set<std::pair<int, int>> reported;  // places already reported (collecting only)
  auto problem = [&](const SourceLocation& where, std::string message) {
    if (problems == nullptr) throw InputError(where, message);
    if (reported.emplace(where.line, where.column).second) problems->push_back({where, std::move(message)});
  };
  update_network();
  if (mode == Weighing::kFull) {
    draw_.stale = true;
    for (std::size_t c = 0; c < chance_.size(); c += weigh_chance(c, true, problem)) {}
    for (std::size_t c = 0; c < payoff_classes_.size(); ++c) {
      set_path(payoff_classes_[c].path);
      weigh_payoffs(c, problem);
    }
    return;
  }
  DrawCache& d = draw_;
  if (d.reads.empty()) {
    // What each weighing reads before the moves: a move's slot has one value per path.
    auto reads_of = [&](std::span<const std::size_t> expressions) {
      std::vector<std::size_t> slots;
      for (std::size_t e : expressions) {
        for (std::size_t slot : expressions_[e].reads()) {
          if (slot < first_move_) slots.push_back(slot);
        }
      }
      std::sort(slots.begin(), slots.end());
      slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
      return slots;
    };
    for (std::size_t c = 0; c < chance_.size();) {
      const std::uint32_t k = game_->infoset_num_actions(game_->action_infoset(chance_[c].action));
      std::vector<std::size_t> e;
      for (std::uint32_t j = 0; j < k; ++j) e.push_back(chance_[c + j].expression);
      d.reads.push_back(reads_of(e));
      c += k;
    }
    for (const PayoffClass& c : payoff_classes_) d.reads.push_back(reads_of({&c.expression, 1}));
    d.seen.assign(first_move_, 0.0);
    d.changed.assign(first_move_, 0);
  }
  const bool all = d.stale;
  for (std::size_t slot = 0; slot < first_move_; ++slot) {
    d.changed[slot] = all || std::memcmp(&env_[slot], &d.seen[slot], sizeof(double)) != 0;
    d.seen[slot] = env_[slot];
  }
  auto changed = [&](std::size_t site) {
    if (all) return true;
    for (std::size_t slot : d.reads[site]) {
      if (d.changed[slot]) return true;
    }
    return false;
  };
  d.stale = true;  // until every weighing below is done
  std::size_t site = 0;
  for (std::size_t c = 0; c < chance_.size(); ++site) {
    c += changed(site) ? weigh_chance(c, false, problem)
                       : game_->infoset_num_actions(game_->action_infoset(chance_[c].action));
  }
  for (std::size_t c = 0; c < payoff_classes_.size(); ++c, ++site) {
    if (!changed(site)) continue;
    set_path(payoff_classes_[c].path);
    weigh_payoffs(c, problem);
  }
  d.stale = false;
}

// The probabilities of the chance node whose actions start at chance_[c];
// returns how many actions it has.
template <class Problem>
std::uint32_t ScenarioModel::weigh_chance(std::size_t c, bool texts, Problem& problem) {
  // One chance node's actions are consecutive in chance_.
  const ActionId first = chance_[c].action;
  const InfoSetId h = game_->action_infoset(first);
  const std::uint32_t k = game_->infoset_num_actions(h);
  set_path(chance_[c].path);
  // Kept to 12 decimals, the last branch taking the rest, so the branches
  // sum to one exactly as decimals: Gambit checks that on an exported game.
  constexpr double kUnits = 1e12;
  const Stage& st = scenario_->stages[infoset_stage_[index(h)]];
  std::int64_t left = static_cast<std::int64_t>(kUnits);
  double total = 0.0;
  bool out_of_range = false;  // then the sum says nothing more
  for (std::uint32_t j = 0; j < k; ++j) {
    double p = expressions_[chance_[c + j].expression].evaluate();
    constexpr double kRounding = 1e-12;  // 1 - p may come out a hair outside [0, 1]
    if (p >= -kRounding && p <= 1.0 + kRounding) p = std::clamp(p, 0.0, 1.0);
    if (!(p >= 0.0 && p <= 1.0)) {
      problem(st.actions[j].where, fmt::format("the probability of '{}' at stage '{}' is {:.6g}, outside [0, 1]",
                                               st.actions[j].id, st.id, p));
      p = std::isnan(p) ? 0.0 : std::clamp(p, 0.0, 1.0);  // collecting: go on with a number
      out_of_range = true;
    }
    total += p;
    const std::int64_t units = j + 1 < k ? std::min<std::int64_t>(std::llround(p * kUnits), left) : left;
    left -= units;
    // units / 10^12 is the double nearest the decimal, as reading its text would give.
    const double rounded = static_cast<double>(units) / kUnits;
    if (texts) {
      std::string digits = units == static_cast<std::int64_t>(kUnits) ? std::string("1")
                           : units == 0                               ? std::string("0")
                                                                      : fmt::format("0.{:012d}", units);
      while (digits.size() > 2 && digits.back() == '0') digits.pop_back();
      game_->set_probability(chance_[c + j].action, rounded, std::move(digits));
    } else {
      game_->set_probability(chance_[c + j].action, rounded);
    }
  }
  if (!out_of_range && std::abs(total - 1.0) > 1e-9)
    problem(st.where, fmt::format("the chance branches of stage '{}' sum to {:.9g}, not 1", st.id, total));
  return k;
}

// A payoff class's number (a member's path already set), written to every member.
template <class Problem>
void ScenarioModel::weigh_payoffs(std::size_t payoff_class, Problem& problem) {
  const PayoffClass& c = payoff_classes_[payoff_class];
  const std::size_t e = c.expression, a = c.actor;
  const double v = expressions_[e].evaluate();
  if (!std::isfinite(v)) {
    problem(expression_where_[e], fmt::format("the payoff '{}' of {} is {}; a payoff must be a finite number",
                                              expressions_[e].text(), scenario_->actors[a].id,
                                              std::isnan(v) ? "NaN"
                                              : v > 0       ? "infinite"
                                                            : "minus infinite"));
  }
  for (std::uint32_t k = 0; k < c.count; ++k)
    game_->set_payoff(payoff_members_[c.first + k], PlayerId{static_cast<std::uint32_t>(a)}, v);
}

}  // namespace backstop
