#include "backstop/sim/monte_carlo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "backstop/sim/sampler.hpp"

namespace backstop {
namespace {

constexpr double kTie = 1e-12;

// Tallies the draws as they come: the quantile sketches, the likeliest
// outcomes and the head-to-head counts on each worker's thread (their state
// does not depend on order), the sums for the means in draw order.
class Tally : public BatchSink {
 public:
  Tally(const Scenario& s, const MonteCarloOptions& o, unsigned workers)
      : o_(o),
        options_(option_ids(s).size()),
        metrics_(s.metrics.size()),
        outcomes_(s.outcomes.size()),
        width_(metrics_ + outcomes_ + s.actors.size()),
        sums_(options_ * width_, 0.0),
        workers_(workers) {
    for (Worker& w : workers_) {
      w.sketches.resize(options_ * width_);
      w.likeliest.assign(options_ * outcomes_, 0);
      w.better.assign(metrics_ * options_ * options_, 0);
      w.tied.assign(metrics_ * options_ * options_, 0);
    }
    concepts_.resize(options_);
  }

  void digest(unsigned worker, const BatchBlock& b) override {
    Worker& w = workers_[worker];
    for (std::uint64_t k = 0; k < b.count; ++k) {
      for (std::size_t o = 0; o < options_; ++o) {
        const std::span<const double> r = b.result(k, o);
        for (std::size_t c = 0; c < width_; ++c) w.sketches[o * width_ + c].add(r[c]);
        if (outcomes_ > 0) {
          std::size_t best = 0;  // the first of equals
          for (std::size_t j = 1; j < outcomes_; ++j) {
            if (r[metrics_ + j] > r[metrics_ + best] + kTie) best = j;
          }
          ++w.likeliest[o * outcomes_ + best];
        }
      }
      for (std::size_t m = 0; m < metrics_; ++m) {
        for (std::size_t a = 0; a < options_; ++a) {
          const double x = b.result(k, a)[m];
          for (std::size_t c = 0; c < options_; ++c) {
            const double y = b.result(k, c)[m];
            const std::size_t at = (m * options_ + a) * options_ + c;
            if (x > y + kTie) ++w.better[at];
            else if (std::abs(x - y) <= kTie) ++w.tied[at];
          }
        }
      }
    }
  }

  void consume(const BatchBlock& b) override {
    if (b.first == 0) concepts_ = b.concepts;
    for (std::uint64_t k = 0; k < b.count; ++k) {
      for (std::size_t o = 0; o < options_; ++o) {
        const std::span<const double> r = b.result(k, o);
        for (std::size_t c = 0; c < width_; ++c) sums_[o * width_ + c] += r[c];
      }
    }
    if (o_.on_block) o_.on_block(b);
  }

  MonteCarloResult result(const Scenario& s, std::uint64_t draws) {
    Worker& all = workers_.front();
    for (std::size_t t = 1; t < workers_.size(); ++t) {
      const Worker& w = workers_[t];
      for (std::size_t i = 0; i < all.sketches.size(); ++i) all.sketches[i].merge(w.sketches[i]);
      for (std::size_t i = 0; i < all.likeliest.size(); ++i) all.likeliest[i] += w.likeliest[i];
      for (std::size_t i = 0; i < all.better.size(); ++i) all.better[i] += w.better[i], all.tied[i] += w.tied[i];
    }
    const double n = std::max<double>(1.0, static_cast<double>(draws));
    MonteCarloResult out;
    out.draws = draws;
    out.seed = o_.seed;
    const std::vector<std::string> ids = option_ids(s);
    for (std::size_t o = 0; o < options_; ++o) {
      OptionSummary os;
      os.option = ids[o];
      os.concept_name = concepts_[o];
      for (std::size_t c = 0; c < width_; ++c) {
        const QuantileSketch& q = all.sketches[o * width_ + c];
        const Interval i{sums_[o * width_ + c] / n, q.quantile(0.025), q.quantile(0.975)};
        (c < metrics_ ? os.metrics : c < metrics_ + outcomes_ ? os.outcomes : os.payoffs).push_back(i);
      }
      for (std::size_t j = 0; j < outcomes_; ++j)
        os.likeliest.push_back(draws == 0 ? 0.0 : static_cast<double>(all.likeliest[o * outcomes_ + j]) / n);
      os.head_to_head.resize(metrics_);
      for (std::size_t m = 0; m < metrics_; ++m) {
        for (std::size_t c = 0; c < options_; ++c) {
          const std::size_t at = (m * options_ + o) * options_ + c;
          os.head_to_head[m].push_back({draws == 0 ? 0.0 : static_cast<double>(all.better[at]) / n,
                                        draws == 0 ? 0.0 : static_cast<double>(all.tied[at]) / n});
        }
      }
      out.options.push_back(std::move(os));
    }
    return out;
  }

 private:
  struct Worker {
    std::vector<QuantileSketch> sketches;  // option-major, per column
    std::vector<std::uint64_t> likeliest, better, tied;
  };
  const MonteCarloOptions& o_;
  const std::size_t options_, metrics_, outcomes_, width_;
  std::vector<double> sums_;
  std::vector<Worker> workers_;
  std::vector<std::string> concepts_;
};

}  // namespace

MonteCarloResult simulate(const Scenario& s, const MonteCarloOptions& o) {
  const ParameterSampler sampler(s, o.seed);
  BatchOptions batch;
  batch.begin = 0;
  batch.end = o.draws;
  batch.threads = std::max(1u, o.threads);
  batch.solve = o.solve;
  batch.overrides = o.overrides;
  batch.stop = o.stop;
  batch.describe = [&](std::uint64_t draw) { return fmt::format("draw {} of seed {}", draw, o.seed); };
  Tally tally(s, o, batch.threads);
  const std::uint64_t done = run_batch(
      s, [&](std::uint64_t draw, std::span<double> values) { sampler.draw(draw, values); }, batch, tally);
  return tally.result(s, done);
}

}  // namespace backstop
