#include "backstop/sim/monte_carlo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "backstop/error.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/sampler.hpp"

namespace backstop {
namespace {

constexpr std::uint64_t kBlock = 64;  // draws a thread takes at a time

// One thread's model and workspace; draws are written where they belong.
class DrawWorker {
 public:
  DrawWorker(const Scenario& s, const MonteCarloOptions& o, MonteCarloResult& out)
      : o_(o), out_(out), model_(s), sampler_(s, o.seed), ids_(option_ids(s)) {
    solve_ = o.solve;
    solve_.all = false;
    solve_.on_equilibrium = nullptr;
    for (const auto& [name, value] : o.overrides) {
      for (std::size_t k = 0; k < s.parameters.size(); ++k) {
        if (s.parameters[k].name == name) overridden_.emplace_back(k, value);
      }
    }
  }

  void run(std::uint64_t draw) {
    sampler_.draw(draw, values_);
    // A fixed override is what this draw used: recorded so (the option's own settings still win below).
    for (const auto& [slot, value] : overridden_) values_[slot] = value;
    std::copy(values_.begin(), values_.end(),
              out_.parameters.begin() + static_cast<std::ptrdiff_t>(draw * values_.size()));
    const Game& g = model_.game();
    for (std::size_t k = 0; k < ids_.size(); ++k) {
      model_.select_option(ids_[k], values_);
      for (const auto& [name, value] : o_.overrides) model_.set_parameter(name, value);
      try {
        model_.reweight();
      } catch (const InputError& e) {
        std::string with;
        for (const auto& [name, value] : o_.overrides) with += fmt::format(", {} = {:g}", name, value);
        throw InputError(e.where(), fmt::format("{} (in draw {} of seed {}{})", e.message(), draw, o_.seed, with));
      }
      const Solution solution = solve_scenario_game(g, solve_);
      BACKSTOP_CHECK(!solution.equilibria.empty(), "a draw without an equilibrium");
      const Equilibrium& e = solution.equilibria.front();
      OptionDraws& od = out_.options[k];
      double* row = od.values.data() + draw * od.width();
      outcome_summary(model_, e.reach, {row + od.metrics, od.outcomes}, {row, od.metrics});
      for (std::size_t a = 0; a < od.actors; ++a)
        row[od.metrics + od.outcomes + a] = e.payoffs[static_cast<Eigen::Index>(a)];
      if (draw == 0) od.concept_name = solution.concept_name;
    }
  }

 private:
  const MonteCarloOptions& o_;
  MonteCarloResult& out_;
  ScenarioModel model_;
  ParameterSampler sampler_;
  std::vector<std::string> ids_;
  SolveOptions solve_;
  std::vector<double> values_;
  std::vector<std::pair<std::size_t, double>> overridden_;  // parameter index, fixed value
};

}  // namespace

MonteCarloResult simulate(const Scenario& s, const MonteCarloOptions& o) {
  // Every draw's values are kept (for exact intervals): refuse what would not fit in 2 GiB.
  constexpr std::uint64_t kMaxValues = std::uint64_t{1} << 28;
  const std::uint64_t per_draw =
      option_ids(s).size() * (s.metrics.size() + s.outcomes.size() + s.actors.size()) + s.parameters.size();
  if (per_draw > 0 && o.draws > kMaxValues / per_draw) {
    throw InputError(
        fmt::format("{} draws would keep {:.1f} GiB of values; at most {} draws of this scenario fit in 2 GiB", o.draws,
                    static_cast<double>(o.draws * per_draw) * 8.0 / (1 << 30), kMaxValues / per_draw));
  }
  MonteCarloResult out;
  out.draws = o.draws;
  out.seed = o.seed;
  for (const std::string& id : option_ids(s)) {
    OptionDraws od;
    od.option = id;
    od.metrics = s.metrics.size();
    od.outcomes = s.outcomes.size();
    od.actors = s.actors.size();
    od.values.assign(o.draws * od.width(), 0.0);
    out.options.push_back(std::move(od));
  }
  out.parameters.assign(o.draws * s.parameters.size(), 0.0);
  // A failing draw stops the work; the error reported is the lowest draw's
  // that failed. Blocks are taken in increasing order and every block taken
  // is finished, so that is the lowest failing draw of all, whatever the threads.
  std::atomic<std::uint64_t> next{1};
  std::exception_ptr failure;
  std::uint64_t failed_at = o.draws;
  std::mutex lock;
  auto run = [&](DrawWorker& w, std::uint64_t d) {
    try {
      w.run(d);
      return true;
    } catch (...) {
      const std::lock_guard<std::mutex> guard(lock);
      next = o.draws;
      if (d < failed_at) failed_at = d, failure = std::current_exception();
      return false;
    }
  };
  auto work = [&](DrawWorker& w) {
    for (std::uint64_t start; (start = next.fetch_add(kBlock)) < o.draws;) {
      for (std::uint64_t d = start; d < std::min(start + kBlock, o.draws); ++d) {
        if (!run(w, d)) break;
      }
    }
  };
  const unsigned threads = std::max(1u, o.threads);
  std::vector<std::unique_ptr<DrawWorker>> workers;
  for (unsigned t = 0; t < threads; ++t) workers.push_back(std::make_unique<DrawWorker>(s, o, out));
  // Draw 0 alone first: it names each option's concept, and a problem shows at once.
  if (o.draws > 0 && run(*workers[0], 0)) {
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&, t] { work(*workers[t]); });
    work(*workers[0]);
    for (std::thread& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);
  return out;
}

Interval summarise(const OptionDraws& o, std::uint64_t draws, std::size_t column) {
  Interval r;
  if (draws == 0) return r;
  std::vector<double> v(draws);
  double sum = 0.0;
  for (std::uint64_t d = 0; d < draws; ++d) sum += v[d] = o.values[d * o.width() + column];
  r.mean = sum / static_cast<double>(draws);
  std::sort(v.begin(), v.end());
  // The empirical quantiles: the smallest value with at least q of the draws at or below it.
  auto at = [&](double q) {
    const auto k = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(draws)));
    return v[std::min<std::uint64_t>(draws - 1, k == 0 ? 0 : k - 1)];
  };
  r.low = at(0.025);
  r.high = at(0.975);
  return r;
}

std::vector<double> likeliest_shares(const OptionDraws& o, std::uint64_t draws) {
  std::vector<double> shares(o.outcomes, 0.0);
  if (draws == 0 || o.outcomes == 0) return shares;
  for (std::uint64_t d = 0; d < draws; ++d) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < o.outcomes; ++k) {
      if (o.outcome(d, k) > o.outcome(d, best) + 1e-12) best = k;
    }
    shares[best] += 1.0;
  }
  for (double& x : shares) x /= static_cast<double>(draws);
  return shares;
}

Comparison compare_draws(const OptionDraws& a, const OptionDraws& b, std::uint64_t draws, std::size_t metric) {
  Comparison c;
  if (draws == 0) return c;
  for (std::uint64_t d = 0; d < draws; ++d) {
    const double x = a.metric(d, metric), y = b.metric(d, metric);
    if (x > y + 1e-12) c.better += 1.0;
    else if (std::abs(x - y) <= 1e-12) c.tied += 1.0;
  }
  c.better /= static_cast<double>(draws);
  c.tied /= static_cast<double>(draws);
  return c;
}

}  // namespace backstop
