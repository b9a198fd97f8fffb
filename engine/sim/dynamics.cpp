#include "backstop/sim/dynamics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>
#include <unordered_map>

#include "backstop/error.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/draw_solver.hpp"
#include "backstop/sim/sampler.hpp"

namespace backstop {
namespace {

// The streams of the histories' uniforms, apart from the parameters' (which
// are hashes of their names): history h, period t, the k-th random choice.
std::uint64_t history_stream(std::uint64_t h, std::uint64_t t, std::uint64_t k) {
  return 0xD1B54A32D192ED03ull ^ ((h << 28) | (t << 12) | (k & 0xfff));
}

constexpr std::size_t kDrawsPerChunk = 256;

// What one draw gives for one option: per period survival and war shares,
// then the share violated, the mean first violation (NaN: none), the mean belief.
struct Layout {
  std::uint32_t periods;
  std::size_t width() const { return 2 * std::size_t{periods} + 3; }
  std::size_t survival(std::uint32_t t) const { return t; }
  std::size_t war(std::uint32_t t) const { return periods + t; }
  std::size_t violated() const { return 2 * std::size_t{periods}; }
  std::size_t first() const { return 2 * std::size_t{periods} + 1; }
  std::size_t belief() const { return 2 * std::size_t{periods} + 2; }
};

// One thread's machinery: its own model, solver and buffers.
class HistoryRunner {
 public:
  HistoryRunner(const Scenario& s, const DynamicsOptions& o, const Layout& layout)
      : s_(s),
        o_(o),
        layout_(layout),
        model_(s),
        solver_(model_.game(), with_scenario_method(s, o.solve)),
        sampler_(s, o.seed) {
    const Dynamics& d = s.dynamics;
    for (const std::string& id : d.persistent) persistent_.push_back(stage_index(id));
    if (!d.belief_stage.empty()) {
      belief_stage_ = stage_index(d.belief_stage);
      const Stage& st = s.stages[belief_stage_];
      for (std::uint32_t a = 0; a < st.actions.size(); ++a) {
        if (st.actions[a].id == d.belief_action) belief_action_ = a;
      }
      for (std::size_t k = 0; k < s.parameters.size(); ++k) {
        if (s.parameters[k].name == d.belief_parameter) belief_slot_ = k;
      }
    }
    auto outcomes_of_metric = [&](const std::string& id) {
      std::vector<char> in(s.outcomes.size(), 0);
      for (std::size_t m = 0; m < s.metrics.size(); ++m) {
        if (s.metrics[m].id != id) continue;
        for (std::size_t out : model_.metric_outcomes()[m]) in[out] = 1;
      }
      return in;
    };
    holds_ = outcomes_of_metric(d.holds);
    war_ = outcomes_of_metric(d.war);
    ends_.assign(s.outcomes.size(), 0);
    for (const std::string& id : d.ends) {
      for (std::size_t k = 0; k < s.outcomes.size(); ++k) ends_[k] = ends_[k] || s.outcomes[k].id == id;
    }
    for (const std::string& id : o.options) settings_.push_back(model_.settings(id, o.overrides));
    type_of_.assign(s.stages.size(), kNoIndex);
  }

  // Draw `draw` (none: the nominal values), every option, into rows (option-major).
  void run(std::optional<std::uint64_t> draw, std::span<double> rows) {
    if (draw) sampler_.draw(*draw, drawn_);
    for (std::size_t opt = 0; opt < settings_.size(); ++opt) {
      memo_.clear();
      pool_used_ = 0;
      std::span<double> row = rows.subspan(opt * layout_.width(), layout_.width());
      std::fill(row.begin(), row.end(), 0.0);
      // The option's starting values: the draw, then the option and the overrides.
      model_.assign(draw ? std::span<const double>(drawn_) : std::span<const double>(), settings_[opt]);
      start_.resize(s_.parameters.size());
      model_.read_parameters(start_);
      double first_sum = 0.0, belief_sum = 0.0;
      std::uint32_t violated = 0;
      for (std::uint32_t h = 0; h < o_.histories; ++h) {
        const History r = history(h, draw);
        for (std::uint32_t t = 0; t < layout_.periods; ++t) {
          row[layout_.survival(t)] += r.first_violation > t ? 1.0 : 0.0;
          row[layout_.war(t)] += r.war_at <= t ? 1.0 : 0.0;
        }
        if (r.first_violation < layout_.periods) {
          ++violated;
          first_sum += r.first_violation + 1;
        }
        belief_sum += r.belief;
      }
      const double n = o_.histories;
      for (std::uint32_t t = 0; t < layout_.periods; ++t) {
        row[layout_.survival(t)] /= n;
        row[layout_.war(t)] /= n;
      }
      row[layout_.violated()] = violated / n;
      row[layout_.first()] = violated > 0 ? first_sum / violated : std::nan("");
      row[layout_.belief()] = belief_stage_ == kNoIndex ? std::nan("") : belief_sum / n;
    }
  }

  const std::string& concept_name() const { return solver_.concept_name(); }

 private:
  struct History {
    std::uint32_t first_violation, war_at;  // the period (from 0), or periods if none
    double belief;
  };

  std::size_t stage_index(const std::string& id) const {
    for (std::size_t i = 0; i < s_.stages.size(); ++i) {
      if (s_.stages[i].id == id) return i;
    }
    return kNoIndex;
  }

  // The equilibrium's reach in the current parameters (values_): solved, or
  // found in this draw's memory of states already solved.
  std::span<const double> reach() {
    const std::string key(reinterpret_cast<const char*>(values_.data()), values_.size() * sizeof(double));
    const std::size_t nodes = model_.game().num_nodes();
    if (const auto it = memo_.find(key); it != memo_.end()) {
      return {pool_.data() + it->second * nodes, nodes};
    }
    model_.assign(values_, {});
    model_.reweight_draw();
    solver_.solve(model_.game());
    if ((pool_used_ + 1) * nodes > pool_.size()) pool_.resize((pool_used_ + 1) * nodes);
    std::copy(solver_.reach().begin(), solver_.reach().end(), pool_.begin() + pool_used_ * nodes);
    memo_.emplace(key, pool_used_);
    return {pool_.data() + pool_used_++ * nodes, nodes};
  }

  // One period's path (the probabilities are the reach's ratios): from the root, Nature's persistent moves as fixed for
  // the history (drawn at their first node), the others and the actors'
  // mixed moves drawn from the uniforms; a pure equilibrium's moves followed.
  NodeId walk(std::span<const double> reach, std::uint64_t draw, std::uint32_t h, std::uint32_t t) {
    const Game& g = model_.game();
    NodeId n = Game::root();
    std::uint64_t k = 0;
    const std::span<const std::uint32_t> pure = solver_.choices();
    while (g.num_children(n) > 0) {
      const InfoSetId set = g.infoset(n);
      const std::uint32_t actions = g.num_children(n);
      const std::size_t stage = model_.stage_of(set);
      std::uint32_t pick = 0;
      if (g.infoset_player(set) == kChancePlayer) {
        const bool persists = std::find(persistent_.begin(), persistent_.end(), stage) != persistent_.end();
        if (persists && type_of_[stage] != kNoIndex) {
          pick = static_cast<std::uint32_t>(type_of_[stage]);
        } else {
          const double u = counter_uniform(o_.seed, draw, history_stream(h, persists ? 0 : t + 1, k++));
          double c = 0.0;
          pick = actions - 1;
          // From the reach (a state found in memory has not re-weighted the game).
          for (std::uint32_t a = 0; a < actions; ++a) {
            c +=
                reach[index(n)] > 0.0 ? reach[index(g.child(n, a))] / reach[index(n)] : g.probability(g.action(set, a));
            if (u < c) {
              pick = a;
              break;
            }
          }
          if (persists) type_of_[stage] = pick;
        }
      } else if (reach[index(n)] > 0.0) {
        const double u = counter_uniform(o_.seed, draw, history_stream(h, t + 1, k++));
        double c = 0.0;
        pick = actions - 1;
        for (std::uint32_t a = 0; a < actions; ++a) {
          c += reach[index(g.child(n, a))] / reach[index(n)];
          if (u < c) {
            pick = a;
            break;
          }
        }
      } else if (!pure.empty() && pure[index(set)] != kNoIndex) {
        pick = pure[index(set)];  // off the equilibrium's support (a type drawn with prior 0): its strategy
      }
      n = g.child(n, pick);
    }
    return n;
  }

  // The belief's posterior after the period ending at `leaf`: over the leaves
  // the equilibrium reaches whose paths agree with it at every stage but the
  // belief's, the share of reach where that stage took the belief's action.
  double posterior(std::span<const double> reach, NodeId leaf) {
    const Game& g = model_.game();
    const std::span<const std::uint32_t> seen = model_.path_actions(leaf);
    double total = 0.0, match = 0.0;
    for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
      const NodeId n{i};
      if (g.num_children(n) != 0 || reach[i] <= 0.0) continue;
      const std::span<const std::uint32_t> other = model_.path_actions(n);
      bool agrees = true;
      for (std::size_t st = 0; st < seen.size() && agrees; ++st) agrees = st == belief_stage_ || other[st] == seen[st];
      if (!agrees) continue;
      total += reach[i];
      if (other[belief_stage_] == belief_action_) match += reach[i];
    }
    return total > 0.0 ? match / total : values_[belief_slot_];
  }

  History history(std::uint32_t h, std::optional<std::uint64_t> draw) {
    const std::uint64_t d = draw ? *draw + 1 : 0;  // the nominal values use counter 0
    values_ = start_;
    std::fill(type_of_.begin(), type_of_.end(), kNoIndex);
    History r{layout_.periods, layout_.periods, 0.0};
    for (std::uint32_t t = 0; t < layout_.periods; ++t) {
      const std::span<const double> on = reach();
      const NodeId leaf = walk(on, d, h, t);
      const std::size_t outcome = model_.outcome_of(leaf);
      if (!holds_[outcome] && r.first_violation == layout_.periods) r.first_violation = t;
      if (war_[outcome] && r.war_at == layout_.periods) r.war_at = t;
      if (ends_[outcome]) break;
      // The next state: the expressions read this period's values and moves; then the belief.
      const double belief = belief_stage_ == kNoIndex ? 0.0 : posterior(on, leaf);
      model_.assign(values_, {});
      model_.next_state(leaf, values_);
      if (belief_stage_ != kNoIndex) values_[belief_slot_] = belief;
    }
    r.belief = belief_stage_ == kNoIndex ? 0.0 : values_[belief_slot_];
    return r;
  }

  const Scenario& s_;
  const DynamicsOptions& o_;
  const Layout layout_;
  ScenarioModel model_;
  DrawSolver solver_;
  ParameterSampler sampler_;
  std::vector<std::vector<ScenarioModel::Setting>> settings_;
  std::vector<std::size_t> persistent_, type_of_;
  std::size_t belief_stage_ = kNoIndex, belief_slot_ = kNoIndex;
  std::uint32_t belief_action_ = kNoIndex;
  std::vector<char> holds_, war_, ends_;
  std::vector<double> drawn_, start_, values_, pool_;
  std::size_t pool_used_ = 0;
  std::unordered_map<std::string, std::size_t> memo_;
};

}  // namespace

DynamicsResult simulate_dynamics(const Scenario& s, const DynamicsOptions& given) {
  if (!s.dynamics.declared)
    throw InputError(SourceLocation{s.file, 1, 1},
                     "the scenario declares no dynamics (a 'dynamics:' block with 'periods')");
  DynamicsOptions o = given;
  if (o.options.empty()) o.options = option_ids(s);
  if (o.periods == 0) o.periods = s.dynamics.periods;
  if (o.histories == 0) throw InputError("--histories must be at least 1");
  if (o.periods > 1000) throw InputError(fmt::format("{} periods: at most 1000 are supported", o.periods));
  const Layout layout{o.periods};
  const unsigned threads = std::max(1u, o.threads);
  std::vector<HistoryRunner> runners;
  runners.reserve(threads);  // each holds a model its solver points into: never moved
  for (unsigned k = 0; k < threads; ++k) runners.emplace_back(s, o, layout);

  const std::size_t n_options = o.options.size(), width = layout.width();
  // Folded in draw order: the means' sums, and a sketch per number.
  std::vector<double> sums(n_options * width, 0.0);
  std::vector<std::uint64_t> counted(n_options * width, 0);
  std::vector<QuantileSketch> sketches(n_options * width);
  const std::uint64_t total = std::max<std::uint64_t>(o.draws, 1);  // 0 draws: the nominal values once
  std::vector<double> chunk;
  for (std::uint64_t first = 0; first < total; first += kDrawsPerChunk) {
    if (o.stop != nullptr && o.stop->load()) return {};
    const std::uint64_t count = std::min<std::uint64_t>(kDrawsPerChunk, total - first);
    chunk.assign(count * n_options * width, 0.0);
    auto work = [&](unsigned worker) {
      for (std::uint64_t k = worker; k < count; k += threads) {
        const std::optional<std::uint64_t> draw = o.draws == 0 ? std::nullopt : std::optional(first + k);
        runners[worker].run(draw, {chunk.data() + k * n_options * width, n_options * width});
      }
    };
    std::vector<std::thread> pool;
    for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work, w);
    work(0);
    for (std::thread& t : pool) t.join();
    for (std::uint64_t k = 0; k < count; ++k) {
      for (std::size_t c = 0; c < n_options * width; ++c) {
        const double v = chunk[k * n_options * width + c];
        if (std::isnan(v)) continue;
        sums[c] += v;
        ++counted[c];
        sketches[c].add(v);
      }
    }
  }
  DynamicsResult r;
  r.draws = o.draws;
  r.seed = o.seed;
  r.histories = o.histories;
  r.periods = o.periods;
  auto interval = [&](std::size_t c) {
    if (counted[c] == 0) return Interval{std::nan(""), std::nan(""), std::nan("")};
    return Interval{sums[c] / static_cast<double>(counted[c]), sketches[c].quantile(0.025),
                    sketches[c].quantile(0.975)};
  };
  for (std::size_t opt = 0; opt < n_options; ++opt) {
    DynamicsOption out;
    out.option = o.options[opt];
    out.concept_name = runners.front().concept_name();
    const std::size_t base = opt * width;
    for (std::uint32_t t = 0; t < layout.periods; ++t) {
      out.survival.push_back(interval(base + layout.survival(t)));
      out.war.push_back(interval(base + layout.war(t)));
    }
    out.violated = interval(base + layout.violated());
    out.first_violation = interval(base + layout.first());
    out.belief = interval(base + layout.belief());
    r.options.push_back(std::move(out));
  }
  return r;
}

}  // namespace backstop
