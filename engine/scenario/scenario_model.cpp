#include "backstop/scenario/scenario_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_map>

#include "backstop/game/game_builder.hpp"
#include "backstop/scenario/network.hpp"
#include "model_check.hpp"
#include "reader.hpp"

namespace backstop {
namespace {

constexpr std::size_t kMaxNodes = 500'000;  // a scenario's tree: about 300 MB while it is built
constexpr std::size_t kMaxContext = 160;    // characters of "stage = action, ..." in a label

SourceLocation offset(SourceLocation where, std::size_t by) {
  where.column += static_cast<int>(by);
  return where;
}

}  // namespace

// Compiles the scenario's expressions into the model's list, each problem
// placed at its column in the file. A `when` may read moves only: slots from
// `first_move` on.
class ExpressionCompiler {
 public:
  ExpressionCompiler(Environment& env, std::size_t first_move, std::vector<Expression>& exprs,
                     std::vector<SourceLocation>& where, std::vector<Diagnostic>& problems, bool report_unknown_names)
      : env_(env),
        first_move_(first_move),
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
    if (moves_only) {
      for (std::size_t slot : e.reads()) {
        if (slot < first_move_) {
          problems_.push_back({offset(where, text.find(env_.name(slot))),
                               "'" + env_.name(slot) + "' is a parameter; a 'when' reads only moves (stage.action)"});
          return kNoIndex;
        }
      }
    }
    exprs_.push_back(std::move(e));
    where_.push_back(where);
    return exprs_.size() - 1;
  }

 private:
  Environment& env_;
  const std::size_t first_move_;
  std::vector<Expression>& exprs_;
  std::vector<SourceLocation>& where_;
  std::vector<Diagnostic>& problems_;
  const bool report_unknown_names_;
};

ScenarioModel::ScenarioModel(const Scenario& s, std::vector<Diagnostic>* sink) : ScenarioModel(s, sink, Pass::kWhole) {}

void ScenarioModel::check_expressions(const Scenario& s, std::vector<Diagnostic>& problems, bool unknown_names) {
  ScenarioModel(s, &problems, unknown_names ? Pass::kExpressions : Pass::kExpressionsKnownNames);
}

ScenarioModel::ScenarioModel(const Scenario& s, std::vector<Diagnostic>* sink, Pass pass) : scenario_(&s) {
  const bool expressions_only = pass != Pass::kWhole;
  std::vector<Diagnostic> problems;
  // Names: parameters, then the network's draw-in variables, then the moves.
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
  const std::size_t first_move = env_.size();
  std::vector<std::vector<std::size_t>> stage_slots(s.stages.size());
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    for (const StageAction& a : s.stages[i].actions)
      stage_slots[i].push_back(env_.define(s.stages[i].id + "." + a.id, 0.0));
  }
  env_.freeze();
  for (std::size_t slot = 0; slot < first_move; ++slot) nominal_.push_back(env_[slot]);

  ExpressionCompiler x(env_, first_move, expressions_, expression_where_, problems,
                       pass != Pass::kExpressionsKnownNames);
  // The network.
  std::vector<CommitmentNetwork::Tie> ties;
  for (const CommitmentTie& t : s.network) {
    const auto at = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(parties.begin(), parties.end(), name) - parties.begin());
    };
    credibility_.push_back(x.compile(t.credibility, t.credibility_where, false));
    if (at(t.backer) < parties.size() && at(t.backed) < parties.size())
      ties.push_back({at(t.backer), at(t.backed), t.kind});
  }
  network_ = std::make_unique<CommitmentNetwork>(parties, ties);
  const std::optional<std::vector<std::string>> cycle = network_->find_cycle();
  if (cycle) {
    std::string text;
    for (const std::string& p : *cycle) text += (text.empty() ? "" : " -> ") + p;
    problems.push_back({s.network.front().where, "the commitment network has a cycle: " + text});
  }
  // Expressions of the stages, outcomes and payoffs.
  std::vector<std::size_t> when(s.stages.size(), kNoIndex), outcome_when(s.outcomes.size(), kNoIndex);
  std::vector<std::vector<std::size_t>> chance_prob(s.stages.size());
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& st = s.stages[i];
    if (!st.when.empty()) when[i] = x.compile(st.when, st.when_where, true);
    for (const StageAction& a : st.actions) {
      if (st.is_chance()) chance_prob[i].push_back(x.compile(a.probability, a.where, false));
    }
  }
  for (std::size_t o = 0; o < s.outcomes.size(); ++o)
    outcome_when[o] = x.compile(s.outcomes[o].when, s.outcomes[o].when_where, true);
  std::vector<std::vector<std::size_t>> payoff(s.outcomes.size(), std::vector<std::size_t>(s.actors.size(), kNoIndex));
  {
    std::unordered_map<std::string, std::size_t> outcome_index, actor_index;
    for (std::size_t o = 0; o < s.outcomes.size(); ++o) outcome_index.emplace(s.outcomes[o].id, o);
    for (std::size_t a = 0; a < s.actors.size(); ++a) actor_index.emplace(s.actors[a].id, a);
    for (const PayoffEntry& e : s.payoffs) {
      const auto o = outcome_index.find(e.outcome);
      const auto a = actor_index.find(e.actor);
      if (o == outcome_index.end() || a == actor_index.end()) continue;
      payoff[o->second][a->second] = x.compile(e.expression, e.expression_where, false);
    }
  }
  if (expressions_only) {
    if (sink) sink->insert(sink->end(), problems.begin(), problems.end());
    return;
  }
  // The draw-in variables read anywhere, with their routes (found once).
  {
    const std::size_t n = parties.size();
    std::vector<char> read(env_.size(), 0);
    for (const Expression& e : expressions_) {
      for (std::size_t slot : e.reads()) read[slot] = 1;
    }
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = 0; b < n; ++b) {
        const std::size_t slot = draw_in_slots_[a * n + b];
        if (a == b || !read[slot] || cycle) continue;
        try {
          draw_in_used_.push_back({slot, network_->route(a, b)});
        } catch (const InputError& e) {
          problems.push_back({s.network.empty() ? SourceLocation{s.file, 1, 1} : s.network.front().where, e.message()});
        }
      }
    }
  }
  auto fail = [&] {
    if (sink) {
      sink->insert(sink->end(), problems.begin(), problems.end());
      return true;
    }
    if (!problems.empty()) throw ScenarioError(problems);
    return false;
  };
  if (!problems.empty() && fail()) return;

  // What each decision stage's mover knows: stages it observes, its own
  // earlier stages, and what it knew at them (perfect recall).
  std::vector<std::vector<std::size_t>> visible(s.stages.size());
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    const Stage& st = s.stages[i];
    std::vector<char> v(i, 0);
    std::size_t last_own = kNoIndex;
    for (std::size_t j = 0; j < i; ++j) {
      const bool own = !st.is_chance() && !s.stages[j].is_chance() && s.stages[j].actor == st.actor;
      if (st.observes_all || own) v[j] = 1;
      if (own) last_own = j;
    }
    for (const std::string& id : st.observes) {
      for (std::size_t j = 0; j < i; ++j) {
        if (s.stages[j].id == id) v[j] = 1;
      }
    }
    // What it knew at its last own stage (which holds what it knew before).
    if (last_own != kNoIndex) {
      for (std::size_t k : visible[last_own]) v[k] = 1;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (v[j]) visible[i].push_back(j);
    }
  }

  std::vector<std::string> players;
  for (const Actor& a : s.actors) players.push_back(a.id);
  GameBuilder builder(s.name, players, s.description);
  std::vector<int> taken(s.stages.size(), -1);
  // A decision stage's information sets, by what its mover knows (the move
  // at each visible stage, -1 where it was skipped).
  struct SetRef {
    InfoSetId id;
    std::size_t builder;  // index into builder_infoset_*
  };
  std::vector<std::map<std::vector<int>, SetRef>> infosets(s.stages.size());
  std::vector<std::size_t> builder_infoset_stage;
  std::vector<std::string> builder_infoset_context;
  std::vector<std::size_t> preorder_outcome;  // per pre-order node: scenario outcome or kNoIndex
  std::vector<std::size_t> preorder_infoset;  // per pre-order node: index into builder_infoset_* or kNoIndex
  struct ChanceNode {
    std::size_t preorder;
    std::vector<std::size_t> expressions;  // one per action
    std::uint32_t path;
  };
  std::vector<ChanceNode> chance_nodes;
  // The moves taken at the stages `shown` picks, in words: "uk = deploy, russia = probe".
  // Cut at kMaxContext characters (ending in "..."): a label per node that
  // repeated every earlier move would grow with the square of the stages.
  auto describe = [&](auto&& shown) {
    std::string text;
    for (std::size_t j = 0; j < s.stages.size(); ++j) {
      if (taken[j] < 0 || !shown(j)) continue;
      if (text.size() > kMaxContext) return text + ", ...";
      text += (text.empty() ? "" : ", ") + s.stages[j].id + " = " +
              s.stages[j].actions[static_cast<std::size_t>(taken[j])].id;
    }
    return text;
  };
  std::vector<std::size_t> chance_sets_of_stage(s.stages.size(), 0);
  auto evaluate_on_path = [&](std::size_t expr) {
    for (std::size_t i = 0; i < s.stages.size(); ++i) {
      for (std::size_t k = 0; k < stage_slots[i].size(); ++k)
        env_[stage_slots[i][k]] = taken[i] == static_cast<int>(k) ? 1.0 : 0.0;
    }
    return expressions_[expr].evaluate();
  };
  auto path_slots = [&] {
    std::vector<std::size_t> on;
    for (std::size_t i = 0; i < s.stages.size(); ++i) {
      if (taken[i] >= 0) on.push_back(stage_slots[i][static_cast<std::size_t>(taken[i])]);
    }
    paths_.push_back(std::move(on));
    return static_cast<std::uint32_t>(paths_.size() - 1);
  };
  bool too_big = false;
  std::size_t uncovered = 0, first_uncovered = 0;
  std::size_t nodes = 0;
  std::vector<char> outcome_used(s.outcomes.size(), 0);
  // Expanding the stage list: a depth-first walk in pre-order (as the builder
  // takes nodes), `taken` holding the move at each stage on the current path.
  // `visit` adds the node reached at stage i (after skipped stages) and, for
  // a move, pushes it on `open`, whose moves the loop below walks in order;
  // an explicit stack, as a scenario may have a thousand stages.
  struct OpenMove {
    std::size_t stage, next_action;
  };
  std::vector<OpenMove> open;
  auto visit = [&](std::size_t i) {
    if (too_big) return;
    if (++nodes > kMaxNodes) {
      too_big = true;
      problems.push_back({s.stages.front().where, fmt::format("the stages expand into more than {} nodes", kMaxNodes)});
      return;
    }
    while (i < s.stages.size() && when[i] != kNoIndex && evaluate_on_path(when[i]) == 0.0) ++i;
    if (i == s.stages.size()) {
      std::size_t found = kNoIndex;
      for (std::size_t o = 0; o < s.outcomes.size() && found == kNoIndex; ++o) {
        if (evaluate_on_path(outcome_when[o]) != 0.0) found = o;
      }
      if (found == kNoIndex && ++uncovered > 1) {
        found = 0;
      } else if (found == kNoIndex) {
        first_uncovered = problems.size();
        problems.push_back({s.outcomes.front().where,
                            "no outcome's 'when' holds on the path " + describe([](std::size_t) { return true; })});
        found = 0;
      }
      outcome_used[found] = 1;
      std::vector<double> zeros(s.actors.size(), 0.0);
      const OutcomeId out = builder.add_outcome(s.outcomes[found].id, zeros);
      leaves_.push_back({out, path_slots(), payoff[found]});
      builder.add_terminal("", out);
      preorder_outcome.push_back(found);
      preorder_infoset.push_back(kNoIndex);
      return;
    }
    const Stage& st = s.stages[i];
    std::vector<std::string> actions;
    for (const StageAction& a : st.actions) actions.push_back(a.id);
    preorder_outcome.push_back(kNoIndex);
    if (st.is_chance()) {
      preorder_infoset.push_back(builder_infoset_stage.size());
      std::vector<double> uniform(actions.size(), 1.0 / static_cast<double>(actions.size()));
      // Gambit wants the labels of Nature's sets distinct: say where each is
      // (by its number within the stage where the moves before it are too many to list).
      std::string context = describe([&](std::size_t j) { return j < i; });
      const std::size_t number = ++chance_sets_of_stage[i];
      if (context.size() > kMaxContext) context = fmt::format("#{}", number);
      const InfoSetId h =
          builder.add_chance_infoset(context.empty() ? st.id : st.id + " [" + context + "]", actions, uniform);
      chance_nodes.push_back({preorder_outcome.size() - 1, chance_prob[i], path_slots()});
      builder_infoset_stage.push_back(i);
      builder_infoset_context.emplace_back();
      builder.add_move(h);
    } else {
      std::vector<int> key;
      for (std::size_t j : visible[i]) key.push_back(taken[j]);
      auto [it, fresh] = infosets[i].try_emplace(key, SetRef{InfoSetId{0}, builder_infoset_stage.size()});
      if (fresh) {
        const PlayerId p{
            static_cast<std::uint32_t>(std::find(players.begin(), players.end(), st.actor) - players.begin())};
        const std::string context =
            describe([&](std::size_t j) { return std::binary_search(visible[i].begin(), visible[i].end(), j); });
        it->second.id =
            builder.add_infoset(p, visible[i].empty() ? st.id : st.id + " [" + context + "]", actions, st.where);
        builder_infoset_stage.push_back(i);
        builder_infoset_context.push_back(context);
      }
      preorder_infoset.push_back(it->second.builder);
      builder.add_move(it->second.id);
    }
    open.push_back({i, 0});
  };
  visit(0);
  while (!open.empty()) {
    const OpenMove top = open.back();
    if (top.next_action == s.stages[top.stage].actions.size()) {
      taken[top.stage] = -1;
      open.pop_back();
      continue;
    }
    taken[top.stage] = static_cast<int>(top.next_action);
    ++open.back().next_action;
    visit(top.stage + 1);
  }
  if (uncovered > 1) problems[first_uncovered].message += fmt::format(" (and {} more paths)", uncovered - 1);
  for (std::size_t o = 0; o < s.outcomes.size(); ++o) {
    if (!outcome_used[o] && !too_big && uncovered == 0)
      problems.push_back(
          {s.outcomes[o].where, "outcome '" + s.outcomes[o].id + "' ends no path (its 'when' never holds first)"});
  }
  if (!problems.empty() && fail()) return;
  try {
    game_.emplace(builder.build());
  } catch (const InputError& e) {
    problems.push_back({s.stages.front().where, "the stages do not make a valid game: " + e.message()});
    if (fail()) return;
  }
  // Map builder order to the game's.
  const auto preorder = game_->preorder();
  leaf_outcome_.assign(game_->num_nodes(), kNoIndex);
  for (std::size_t k = 0; k < preorder.size(); ++k) leaf_outcome_[index(preorder[k])] = preorder_outcome[k];
  for (const ChanceNode& c : chance_nodes) {
    const NodeId node = preorder[c.preorder];
    for (std::size_t k = 0; k < c.expressions.size(); ++k) {
      chance_.push_back({game_->action(game_->infoset(node), static_cast<std::uint32_t>(k)), c.expressions[k], c.path});
    }
  }
  infoset_stage_.assign(game_->num_infosets(), kNoIndex);
  infoset_context_.assign(game_->num_infosets(), "");
  for (std::size_t k = 0; k < preorder.size(); ++k) {
    if (preorder_infoset[k] == kNoIndex) continue;
    const InfoSetId h = game_->infoset(preorder[k]);
    infoset_stage_[index(h)] = builder_infoset_stage[preorder_infoset[k]];
    infoset_context_[index(h)] = builder_infoset_context[preorder_infoset[k]];
  }
  move_slots_.clear();
  for (const auto& slots : stage_slots) move_slots_.insert(move_slots_.end(), slots.begin(), slots.end());
  if (!problems.empty() && fail()) return;
  if (!sink) reweight();
}

ScenarioModel::~ScenarioModel() = default;
ScenarioModel::ScenarioModel(ScenarioModel&&) noexcept = default;

void ScenarioModel::select_option(const std::string& option_id) {
  for (std::size_t slot = 0; slot < nominal_.size(); ++slot) env_[slot] = nominal_[slot];
  if (option_id.empty()) return;
  const BackstopOption* o = scenario_->option(option_id);
  if (o == nullptr) {
    std::vector<std::string> ids;
    for (const BackstopOption& x : scenario_->options) ids.push_back(x.id);
    throw InputError("unknown option '" + option_id + "'" + did_you_mean(option_id, ids));
  }
  for (const auto& [name, value] : o->set) set_parameter(name, value);
}

void ScenarioModel::apply(const std::string& option_id, const std::vector<std::pair<std::string, double>>& overrides) {
  select_option(option_id);
  for (const auto& [name, value] : overrides) set_parameter(name, value);
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

void ScenarioModel::set_parameter(const std::string& name, double value) {
  const auto slot = env_.find(name);
  if (!slot || *slot >= nominal_.size() || name.rfind("draw_in.", 0) == 0) {
    std::vector<std::string> names;
    for (const Parameter& p : scenario_->parameters) names.push_back(p.name);
    throw InputError("unknown parameter '" + name + "'" + did_you_mean(name, names));
  }
  env_[*slot] = value;
}

double ScenarioModel::parameter(const std::string& name) const {
  const auto slot = env_.find(name);
  BACKSTOP_CHECK(slot.has_value(), "no parameter " + name);
  return env_[*slot];
}

void ScenarioModel::set_path(std::uint32_t path) {
  for (std::size_t slot : move_slots_) env_[slot] = 0.0;
  for (std::size_t slot : paths_[path]) env_[slot] = 1.0;
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

void ScenarioModel::reweight() { reweight(nullptr); }

void ScenarioModel::check_weights(std::vector<Diagnostic>& problems) { reweight(&problems); }

// With `problems`, every problem is collected (each place once) and the
// walk goes on; without, the first is thrown.
void ScenarioModel::reweight(std::vector<Diagnostic>* problems) {
  std::set<std::pair<int, int>> reported;  // places already reported (collecting only)
  auto problem = [&](const SourceLocation& where, std::string message) {
    if (problems == nullptr) throw InputError(where, message);
    if (reported.emplace(where.line, where.column).second) problems->push_back({where, std::move(message)});
  };
  update_network();
  for (std::size_t c = 0; c < chance_.size();) {
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
      const std::string text = units == static_cast<std::int64_t>(kUnits) ? std::string("1")
                               : units == 0                               ? std::string("0")
                                                                          : [&] {
                                                std::string digits = fmt::format("0.{:012d}", units);
                                                while (digits.back() == '0') digits.pop_back();
                                                return digits;
                                              }();
      game_->set_probability(chance_[c + j].action, std::strtod(text.c_str(), nullptr), text);
    }
    if (!out_of_range && std::abs(total - 1.0) > 1e-9)
      problem(st.where, fmt::format("the chance branches of stage '{}' sum to {:.9g}, not 1", st.id, total));
    c += k;
  }
  for (const LeafPayoff& leaf : leaves_) {
    set_path(leaf.path);
    for (std::size_t a = 0; a < leaf.expressions.size(); ++a) {
      const std::size_t e = leaf.expressions[a];
      const double v = expressions_[e].evaluate();
      if (!std::isfinite(v)) {
        problem(expression_where_[e], fmt::format("the payoff '{}' of {} is {}; a payoff must be a finite number",
                                                  expressions_[e].text(), scenario_->actors[a].id,
                                                  std::isnan(v) ? "NaN"
                                                  : v > 0       ? "infinite"
                                                                : "minus infinite"));
      }
      game_->set_payoff(leaf.outcome, PlayerId{static_cast<std::uint32_t>(a)}, v);
    }
  }
}

void check_scenario_model(const Scenario& scenario, detail::Reader& reader) {
  std::vector<Diagnostic> problems;
  if (!reader.problems().empty()) {  // names that do not resolve: the expressions alone
    ScenarioModel::check_expressions(scenario, problems, !reader.broken_declaration());
    for (const Diagnostic& d : problems) reader.error(d.where, d.message);
    return;
  }
  ScenarioModel model(scenario, &problems);
  for (const Diagnostic& d : problems) reader.error(d.where, d.message);
  if (!problems.empty()) return;
  std::vector<std::string> options{""};
  for (const BackstopOption& o : scenario.options) options.push_back(o.id);
  // A place wrong at the nominal values is not reported again per option.
  std::set<std::pair<int, int>> reported;
  for (const std::string& id : options) {
    std::vector<Diagnostic> found;
    model.select_option(id);
    model.check_weights(found);
    const std::string where = id.empty() ? "at the nominal values" : "with option '" + id + "'";
    for (const Diagnostic& d : found) {
      if (reported.emplace(d.where.line, d.where.column).second) reader.error(d.where, d.message + " (" + where + ")");
    }
  }
}

}  // namespace backstop
