#include "expand.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace backstop::detail {
namespace {

// Characters of "stage = action, ..." in a label: a label per node that
// repeated every earlier move would grow with the square of the stages.
constexpr std::size_t kMaxContext = 160;

}  // namespace

std::vector<std::vector<std::size_t>> visible_stages(const Scenario& s) {
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
  return visible;
}

namespace {
std::vector<std::string> actor_ids(const Scenario& s) {
  std::vector<std::string> ids;
  for (const Actor& a : s.actors) ids.push_back(a.id);
  return ids;
}
}  // namespace

StageExpander::StageExpander(const Scenario& s, const StageExpressions& x, Environment& env,
                             const std::vector<Expression>& exprs, std::vector<Diagnostic>& problems)
    : s_(s),
      x_(x),
      env_(env),
      exprs_(exprs),
      problems_(problems),
      visible_(visible_stages(s)),
      players_(actor_ids(s)),
      builder_(s.name, players_, s.description),
      taken_(s.stages.size(), -1),
      infosets_(s.stages.size()),
      chance_sets_of_stage_(s.stages.size(), 0),
      outcome_used_(s.outcomes.size(), 0) {}

// A depth-first walk in pre-order, `taken_` holding the move at each stage on
// the current path: visit() adds the node reached at a stage and, for a move,
// pushes it on `open_`, whose actions the loop follows in order (an explicit
// stack, as a scenario may have a thousand stages).
std::optional<Game> StageExpander::expand() {
  const std::size_t before = problems_.size();
  visit(0);
  while (!open_.empty()) {
    const OpenMove top = open_.back();
    if (top.next_action == s_.stages[top.stage].actions.size()) {
      taken_[top.stage] = -1;
      open_.pop_back();
      continue;
    }
    taken_[top.stage] = static_cast<int>(top.next_action);
    ++open_.back().next_action;
    visit(top.stage + 1);
  }
  if (uncovered_ > 1) problems_[first_uncovered_].message += fmt::format(" (and {} more paths)", uncovered_ - 1);
  for (std::size_t o = 0; o < s_.outcomes.size(); ++o) {
    if (!outcome_used_[o] && !too_big_ && uncovered_ == 0)
      problems_.push_back(
          {s_.outcomes[o].where, "outcome '" + s_.outcomes[o].id + "' ends no path (its 'when' never holds first)"});
  }
  if (problems_.size() > before) return std::nullopt;
  try {
    return builder_.build();
  } catch (const InputError& e) {
    problems_.push_back({s_.stages.front().where, "the stages do not make a valid game: " + e.message()});
    return std::nullopt;
  }
}

void StageExpander::visit(std::size_t i) {
  if (too_big_) return;
  if (++nodes_ > kMaxNodes) {
    too_big_ = true;
    problems_.push_back({s_.stages.front().where, fmt::format("the stages expand into more than {} nodes", kMaxNodes)});
    return;
  }
  while (i < s_.stages.size() && x_.when[i] != kNoIndex && evaluate_on_path(x_.when[i]) == 0.0) ++i;
  if (i == s_.stages.size()) return add_leaf();
  out_.preorder_outcome.push_back(kNoIndex);
  if (s_.stages[i].is_chance()) add_chance(i);
  else add_decision(i);
  open_.push_back({i, 0});
}

void StageExpander::add_leaf() {
  std::size_t found = kNoIndex;
  for (std::size_t o = 0; o < s_.outcomes.size() && found == kNoIndex; ++o) {
    if (evaluate_on_path(x_.outcome_when[o]) != 0.0) found = o;
  }
  if (found == kNoIndex && ++uncovered_ > 1) {
    found = 0;
  } else if (found == kNoIndex) {
    first_uncovered_ = problems_.size();
    problems_.push_back({s_.outcomes.front().where,
                         "no outcome's 'when' holds on the path " + describe([](std::size_t) { return true; })});
    found = 0;
  }
  outcome_used_[found] = 1;
  const OutcomeId out = builder_.add_outcome(s_.outcomes[found].id, std::vector<double>(s_.actors.size(), 0.0));
  out_.leaves.push_back({out, record_path(), x_.payoff[found]});
  builder_.add_terminal("", out);
  out_.preorder_outcome.push_back(found);
  out_.preorder_infoset.push_back(kNoIndex);
}

void StageExpander::add_chance(std::size_t i) {
  const Stage& st = s_.stages[i];
  std::vector<std::string> actions;
  for (const StageAction& a : st.actions) actions.push_back(a.id);
  out_.preorder_infoset.push_back(out_.infoset_stage.size());
  std::vector<double> uniform(actions.size(), 1.0 / static_cast<double>(actions.size()));
  // Gambit wants the labels of Nature's sets distinct: say where each is (by
  // its number within the stage where the moves before it are too many to list).
  std::string context = describe([&](std::size_t j) { return j < i; });
  const std::size_t number = ++chance_sets_of_stage_[i];
  if (context.size() > kMaxContext) context = fmt::format("#{}", number);
  const InfoSetId h =
      builder_.add_chance_infoset(context.empty() ? st.id : st.id + " [" + context + "]", actions, uniform);
  out_.chance_nodes.push_back({out_.preorder_outcome.size() - 1, x_.chance[i], record_path()});
  out_.infoset_stage.push_back(i);
  out_.infoset_context.emplace_back();
  builder_.add_move(h);
}

void StageExpander::add_decision(std::size_t i) {
  const Stage& st = s_.stages[i];
  std::vector<int> key;
  for (std::size_t j : visible_[i]) key.push_back(taken_[j]);
  auto [it, fresh] = infosets_[i].try_emplace(key, SetRef{InfoSetId{0}, out_.infoset_stage.size()});
  if (fresh) {
    std::vector<std::string> actions;
    for (const StageAction& a : st.actions) actions.push_back(a.id);
    const PlayerId p{
        static_cast<std::uint32_t>(std::find(players_.begin(), players_.end(), st.actor) - players_.begin())};
    const std::string context =
        describe([&](std::size_t j) { return std::binary_search(visible_[i].begin(), visible_[i].end(), j); });
    it->second.id =
        builder_.add_infoset(p, visible_[i].empty() ? st.id : st.id + " [" + context + "]", actions, st.where);
    out_.infoset_stage.push_back(i);
    out_.infoset_context.push_back(context);
  }
  out_.preorder_infoset.push_back(it->second.builder);
  builder_.add_move(it->second.id);
}

double StageExpander::evaluate_on_path(std::size_t expression) {
  for (std::size_t i = 0; i < s_.stages.size(); ++i) {
    for (std::size_t k = 0; k < x_.moves[i].size(); ++k)
      env_[x_.moves[i][k]] = taken_[i] == static_cast<int>(k) ? 1.0 : 0.0;
  }
  return exprs_[expression].evaluate();
}

std::uint32_t StageExpander::record_path() {
  std::vector<std::size_t> on;
  for (std::size_t i = 0; i < s_.stages.size(); ++i) {
    if (taken_[i] >= 0) on.push_back(x_.moves[i][static_cast<std::size_t>(taken_[i])]);
  }
  out_.paths.push_back(std::move(on));
  return static_cast<std::uint32_t>(out_.paths.size() - 1);
}

// The moves taken at the stages `shown` picks, in words ("uk = deploy,
// russia = probe"), cut past kMaxContext characters with ", ...".
template <class Shown>
std::string StageExpander::describe(Shown shown) const {
  std::string text;
  for (std::size_t j = 0; j < s_.stages.size(); ++j) {
    if (taken_[j] < 0 || !shown(j)) continue;
    if (text.size() > kMaxContext) return text + ", ...";
    text += (text.empty() ? "" : ", ") + s_.stages[j].id + " = " +
            s_.stages[j].actions[static_cast<std::size_t>(taken_[j])].id;
  }
  return text;
}

}  // namespace backstop::detail
