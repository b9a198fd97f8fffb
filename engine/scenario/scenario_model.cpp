#include "backstop/scenario/scenario_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
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

ScenarioModel::ScenarioModel(const Scenario& s) : scenario_(&s) {
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
  env_.freeze();
  for (std::size_t slot = 0; slot < first_move_; ++slot) nominal_.push_back(env_[slot]);
  return parties;
}

// Every expression of the scenario, compiled once, and the network.
detail::StageExpressions ScenarioModel::compile_expressions(const std::vector<std::string>& parties,
                                                            std::vector<Diagnostic>& problems, bool unknown_names) {
  const Scenario& s = *scenario_;
  ExpressionCompiler x(env_, first_move_, expressions_, expression_where_, problems, unknown_names);
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
    out.payoff[o->second][a->second] = x.compile(e.expression, e.expression_where, false);
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
    for (std::size_t leaf = 0; leaf < leaves_.size(); ++leaf) {
      set_path(leaves_[leaf].path);
      for (std::size_t a = 0; a < leaves_[leaf].expressions.size(); ++a) weigh_payoff(leaf, a, problem);
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
    for (const detail::LeafPayoff& leaf : leaves_) {
      for (std::size_t e : leaf.expressions) d.reads.push_back(reads_of({&e, 1}));
    }
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
  for (std::size_t leaf = 0; leaf < leaves_.size(); ++leaf) {
    bool path_set = false;
    for (std::size_t a = 0; a < leaves_[leaf].expressions.size(); ++a, ++site) {
      if (!changed(site)) continue;
      if (!path_set) set_path(leaves_[leaf].path), path_set = true;
      weigh_payoff(leaf, a, problem);
    }
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

// Actor a's payoff at a leaf (its path already set).
template <class Problem>
void ScenarioModel::weigh_payoff(std::size_t leaf, std::size_t a, Problem& problem) {
  const std::size_t e = leaves_[leaf].expressions[a];
  const double v = expressions_[e].evaluate();
  if (!std::isfinite(v)) {
    problem(expression_where_[e], fmt::format("the payoff '{}' of {} is {}; a payoff must be a finite number",
                                              expressions_[e].text(), scenario_->actors[a].id,
                                              std::isnan(v) ? "NaN"
                                              : v > 0       ? "infinite"
                                                            : "minus infinite"));
  }
  game_->set_payoff(leaves_[leaf].outcome, PlayerId{static_cast<std::uint32_t>(a)}, v);
}

}  // namespace backstop
