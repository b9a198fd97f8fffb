#include "backstop/sim/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

#include "backstop/error.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/draw_solver.hpp"

namespace backstop {
namespace {

constexpr std::uint64_t kBlock = 64;  // points a thread takes at a time
constexpr std::size_t kSlotsPerThread = 4;

// One thread's model, solver and settings, made once; computing a block
// allocates nothing where the solver does not.
class BatchWorker {
 public:
  BatchWorker(const Scenario& s, const Design& design, const BatchOptions& o)
      : o_(o),
        design_(design),
        model_(s),
        solver_(model_.game(), o.solve),
        ids_(o.options.empty() ? option_ids(s) : o.options) {
    fixed_ = model_.settings("", o.overrides);
    for (const std::string& id : ids_) settings_.push_back(model_.settings(id, o.overrides));
  }

  void compute(BatchBlock& b) {
    const Game& g = model_.game();
    for (std::uint64_t k = 0; k < b.count; ++k) {
      const std::uint64_t point = b.first + k;
      double* row = b.values.data() + k * b.stride();
      const std::span<double> values(row, b.parameters);
      design_(point, values);
      // The overrides for every option are what the point used: recorded so.
      for (const ScenarioModel::Setting& s : fixed_) values[s.slot] = s.value;
      double* out = row + b.parameters;
      for (std::size_t o = 0; o < ids_.size(); ++o, out += b.width()) {
        model_.assign(values, settings_[o]);
        try {
          model_.reweight_draw();
        } catch (const InputError& e) {
          std::string with;
          for (const auto& [name, value] : o_.overrides) with += fmt::format(", {} = {:g}", name, value);
          const std::string where = o_.describe ? o_.describe(point) : fmt::format("point {}", point);
          throw InputError(e.where(), fmt::format("{} (in {}{}{})", e.message(), where,
                                                  ids_[o].empty() ? "" : ", option '" + ids_[o] + "'", with));
        }
        solver_.solve(g);
        outcome_summary(model_, solver_.reach(), {out + b.metrics, b.outcomes}, {out, b.metrics});
        std::copy(solver_.payoffs().begin(), solver_.payoffs().end(), out + b.metrics + b.outcomes);
        if (k == 0) b.concepts[o] = solver_.concept_name();
      }
    }
  }

 private:
  const BatchOptions& o_;
  const Design& design_;
  ScenarioModel model_;
  DrawSolver solver_;
  std::vector<std::string> ids_;
  std::vector<ScenarioModel::Setting> fixed_;
  std::vector<std::vector<ScenarioModel::Setting>> settings_;
};

// The ring, the claims and the hand-over in order.
class Schedule {
 public:
  Schedule(const Scenario& s, const BatchOptions& o, BatchSink& sink)
      : o_(o), sink_(sink), blocks_((o.end - o.begin + kBlock - 1) / kBlock) {
    threads_ = static_cast<unsigned>(std::clamp<std::uint64_t>(o.threads, 1, std::max<std::uint64_t>(1, blocks_)));
    slots_.resize(std::size_t{threads_} * kSlotsPerThread);
    ready_.assign(slots_.size(), 0);
    for (BatchBlock& b : slots_) {
      b.parameters = s.parameters.size();
      b.options = o.options.empty() ? option_ids(s).size() : o.options.size();
      b.metrics = s.metrics.size();
      b.outcomes = s.outcomes.size();
      b.actors = s.actors.size();
      b.values.assign(kBlock * b.stride(), 0.0);
      b.concepts.assign(b.options, std::string());
    }
    claim_end_ = consume_end_ = blocks_;
  }

  unsigned threads() const { return threads_; }

  void work(unsigned t, const std::function<BatchWorker&()>& make) {
    BatchWorker* worker = nullptr;
    try {
      worker = &make();
    } catch (...) {
      fail(0, o_.begin, std::current_exception());
      return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      cv_.wait(lock, [&] { return next_ >= claim_end_ || stopping() || next_ < consumed_ + slots_.size(); });
      if (next_ >= claim_end_ || stopping()) break;
      const std::uint64_t b = next_++;
      BatchBlock& block = slots_[b % slots_.size()];
      lock.unlock();
      block.first = o_.begin + b * kBlock;
      block.count = std::min(kBlock, o_.end - block.first);
      bool ok = true;
      try {
        worker->compute(block);
        sink_.digest(t, block);
      } catch (...) {
        ok = false;
        fail(b, block.first, std::current_exception());
      }
      lock.lock();
      if (ok) ready_[b % slots_.size()] = 1;
      hand_over(lock);
    }
  }

  std::uint64_t finish() {
    if (failure_) std::rethrow_exception(failure_);
    return std::min(o_.end - o_.begin, consumed_ * kBlock);
  }

 private:
  bool stopping() const { return o_.stop != nullptr && o_.stop->load(); }

  // Called with the lock held: whoever finds no one handing over hands over
  // every ready block in order.
  void hand_over(std::unique_lock<std::mutex>& lock) {
    if (consuming_) return;
    consuming_ = true;
    while (consumed_ < consume_end_ && ready_[consumed_ % slots_.size()]) {
      const std::size_t s = consumed_ % slots_.size();
      lock.unlock();
      bool ok = true;
      try {
        sink_.consume(slots_[s]);
      } catch (...) {
        ok = false;
        fail(consumed_, slots_[s].first, std::current_exception());
      }
      lock.lock();
      if (!ok) break;
      ready_[s] = 0;
      ++consumed_;
      cv_.notify_all();
    }
    consuming_ = false;
    cv_.notify_all();
  }

  // The lowest failing point's error wins; no block is claimed after a
  // failure, and none from the failing one on is handed over. Blocks are
  // claimed in increasing order and every claimed one is finished, so the
  // lowest failure seen is the lowest of all.
  void fail(std::uint64_t block, std::uint64_t point, std::exception_ptr e) {
    const std::lock_guard<std::mutex> guard(mutex_);
    claim_end_ = std::min(claim_end_, next_);
    consume_end_ = std::min(consume_end_, block);
    if (point < failed_point_) failed_point_ = point, failure_ = std::move(e);
    cv_.notify_all();
  }

  const BatchOptions& o_;
  BatchSink& sink_;
  const std::uint64_t blocks_;
  unsigned threads_ = 1;
  std::vector<BatchBlock> slots_;
  std::vector<std::uint8_t> ready_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t next_ = 0, consumed_ = 0, claim_end_ = 0, consume_end_ = 0;
  bool consuming_ = false;
  std::exception_ptr failure_;
  std::uint64_t failed_point_ = std::numeric_limits<std::uint64_t>::max();
};

}  // namespace

std::uint64_t run_batch(const Scenario& s, const Design& design, const BatchOptions& o, BatchSink& sink) {
  BACKSTOP_CHECK(o.begin <= o.end, "an empty range of points");
  Schedule schedule(s, o, sink);
  std::vector<std::optional<BatchWorker>> workers(schedule.threads());
  auto run = [&](unsigned t) { schedule.work(t, [&]() -> BatchWorker& { return workers[t].emplace(s, design, o); }); };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < schedule.threads(); ++t) pool.emplace_back(run, t);
  run(0);
  for (std::thread& t : pool) t.join();
  return schedule.finish();
}

}  // namespace backstop
