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
        options_(o.options.size()),
        metrics_(s.metrics.size()),
        outcomes_(s.outcomes.size()),
        width_(metrics_ + outcomes_ + s.actors.size()),
        sums_(options_ * width_, 0.0),
        workers_(workers) {
    for (Worker& w : workers_) {
      w.sketches.resize(options_ * width_);
      w.likeliest.assign(options_ * outcomes_, 0);
      w.better.assign(options_ * options_, 0);
      w.tied.assign(options_ * options_, 0);
      w.first.assign(options_, 0);
      w.first_alone.assign(options_, 0);
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
      if (o_.ranking.empty()) continue;
      std::size_t firsts = 0, last_first = 0;
      for (std::size_t a = 0; a < options_; ++a) {
        bool top = true;
        for (std::size_t c = 0; c < options_; ++c) {
          if (c == a) continue;
          const int order = rank_compare(b.result(k, a), b.result(k, c), o_.ranking);
          if (order > 0) ++w.better[a * options_ + c];
          else if (order == 0) ++w.tied[a * options_ + c];
          else top = false;
        }
        if (top) ++w.first[a], ++firsts, last_first = a;
      }
      if (firsts == 1) ++w.first_alone[last_first];
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

  MonteCarloResult result(std::uint64_t draws) {
    Worker& all = workers_.front();
    for (std::size_t t = 1; t < workers_.size(); ++t) {
      const Worker& w = workers_[t];
      for (std::size_t i = 0; i < all.sketches.size(); ++i) all.sketches[i].merge(w.sketches[i]);
      for (std::size_t i = 0; i < all.likeliest.size(); ++i) all.likeliest[i] += w.likeliest[i];
      for (std::size_t i = 0; i < all.better.size(); ++i) all.better[i] += w.better[i], all.tied[i] += w.tied[i];
      for (std::size_t i = 0; i < options_; ++i) all.first[i] += w.first[i], all.first_alone[i] += w.first_alone[i];
    }
    const double n = std::max<double>(1.0, static_cast<double>(draws));
    MonteCarloResult out;
    out.draws = draws;
    out.seed = o_.seed;
    out.ranking = o_.ranking;
    for (std::size_t o = 0; o < options_; ++o) {
      OptionSummary os;
      os.option = o_.options[o];
      os.concept_name = concepts_[o];
      for (std::size_t c = 0; c < width_; ++c) {
        const QuantileSketch& q = all.sketches[o * width_ + c];
        const Interval i{sums_[o * width_ + c] / n, q.quantile(0.025), q.quantile(0.975)};
        (c < metrics_ ? os.metrics : c < metrics_ + outcomes_ ? os.outcomes : os.payoffs).push_back(i);
      }
      for (std::size_t j = 0; j < outcomes_; ++j)
        os.likeliest.push_back(draws == 0 ? 0.0 : static_cast<double>(all.likeliest[o * outcomes_ + j]) / n);
      auto share = [&](std::uint64_t count) { return draws == 0 ? 0.0 : static_cast<double>(count) / n; };
      for (std::size_t c = 0; c < options_; ++c)
        os.head_to_head.push_back({share(all.better[o * options_ + c]), share(all.tied[o * options_ + c])});
      os.first = share(all.first[o]);
      os.first_alone = share(all.first_alone[o]);
      out.options.push_back(std::move(os));
    }
    return out;
  }

 private:
  struct Worker {
    std::vector<QuantileSketch> sketches;  // option-major, per column
    std::vector<std::uint64_t> likeliest, better, tied, first, first_alone;
  };
  const MonteCarloOptions& o_;
  const std::size_t options_, metrics_, outcomes_, width_;
  std::vector<double> sums_;
  std::vector<Worker> workers_;
  std::vector<std::string> concepts_;
};

}  // namespace

MonteCarloResult simulate(const Scenario& s, const MonteCarloOptions& given) {
  MonteCarloOptions o = given;
  if (o.ranking.empty()) o.ranking = rank_keys(s);
  if (o.options.empty()) o.options = option_ids(s);  // resolved once: the batch and the tally share them
  const ParameterSampler sampler(s, o.seed);
  BatchOptions batch;
  batch.begin = 0;
  batch.end = o.draws;
  batch.threads = std::max(1u, o.threads);
  batch.solve = o.solve;
  batch.overrides = o.overrides;
  batch.options = o.options;
  batch.stop = o.stop;
  batch.describe = [&](std::uint64_t draw) { return fmt::format("draw {} of seed {}", draw, o.seed); };
  batch.transport = o.transport;
  Tally tally(s, o, batch.threads + 1);  // the last: blocks from other processes
  const std::uint64_t done = run_batch(
      s, [&](std::uint64_t draw, std::span<double> values) { sampler.draw(draw, values); }, batch, tally);
  return tally.result(done);
}

}  // namespace backstop
