#include "backstop/sim/batch.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <limits>
#include <map>
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
      : o_(o), design_(design), model_(s), solver_(model_.game(), with_scenario_method(s, o.solve)) {
    fixed_ = model_.settings("", o.overrides);
    for (const std::string& id : o.options) settings_.push_back(model_.settings(id, o.overrides));
  }

  void compute(BatchBlock& b) {
    const Game& g = model_.game();
    for (std::uint64_t k = 0; k < b.count; ++k) {
      const std::uint64_t point = b.first + k;
      double* row = b.values.data() + k * b.stride();
      const std::span<double> values(row, b.parameters);
      design_(point, values);
      if (o_.lambda) solver_.set_lambda(o_.lambda(point));
      // The overrides for every option are what the point used: recorded so.
      for (const ScenarioModel::Setting& s : fixed_) values[s.slot] = s.value;
      double* out = row + b.parameters;
      for (std::size_t o = 0; o < o_.options.size(); ++o, out += b.width()) {
        model_.assign(values, settings_[o]);
        try {
          model_.reweight_draw();
        } catch (const InputError& e) {
          std::string with;
          for (const auto& [name, value] : o_.overrides) with += fmt::format(", {} = {:g}", name, value);
          const std::string where = o_.describe ? o_.describe(point) : fmt::format("point {}", point);
          throw InputError(e.where(),
                           fmt::format("{} (in {}{}{})", e.message(), where,
                                       o_.options[o].empty() ? "" : ", option '" + o_.options[o] + "'", with));
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
  std::vector<ScenarioModel::Setting> fixed_;
  std::vector<std::vector<ScenarioModel::Setting>> settings_;
};

// The ring, the claims and the hand-over in order. Blocks are numbered from
// `begin`; this process computes those with b % size == rank (every block
// without a transport) and takes them in increasing order.
class Schedule {
 public:
  Schedule(const Scenario& s, const BatchOptions& o, BatchSink& sink)
      : o_(o),
        sink_(sink),
        blocks_((o.end - o.begin + kBlock - 1) / kBlock),
        rank_(o.transport ? static_cast<std::uint64_t>(o.transport->rank()) : 0),
        size_(o.transport ? static_cast<std::uint64_t>(o.transport->size()) : 1) {
    const std::uint64_t own = blocks_ > rank_ ? (blocks_ - rank_ + size_ - 1) / size_ : 0;
    threads_ = static_cast<unsigned>(std::clamp<std::uint64_t>(o.threads, 1, std::max<std::uint64_t>(1, own)));
    slots_.resize(std::size_t{threads_} * kSlotsPerThread + 1);  // the last: a block received from another rank
    ready_.assign(slots_.size() - 1, 0);
    for (BatchBlock& b : slots_) {
      b.parameters = s.parameters.size();
      b.options = o.options.size();
      b.metrics = s.metrics.size();
      b.outcomes = s.outcomes.size();
      b.actors = s.actors.size();
      b.values.assign(kBlock * b.stride(), 0.0);
      b.concepts.assign(b.options, std::string());
    }
    own_ = claim_end_ = own;
    consume_end_ = blocks_;
    global_ = rank_;
  }

  unsigned threads() const { return threads_; }

  void work(unsigned t, const std::function<BatchWorker&()>& make) {
    BatchWorker* worker = nullptr;
    try {
      worker = &make();
    } catch (...) {
      fail(rank_, o_.begin, std::current_exception());
      return;
    }
    const std::size_t ring = slots_.size() - 1;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      cv_.wait(lock, [&] { return next_ >= claim_end_ || stopping() || next_ < consumed_ + ring; });
      if (next_ >= claim_end_ || stopping()) break;
      const std::uint64_t k = next_++, b = k * size_ + rank_;
      BatchBlock& block = slots_[k % ring];
      lock.unlock();
      block.first = o_.begin + b * kBlock;
      block.count = std::min(kBlock, o_.end - block.first);
      bool ok = true;
      try {
        worker->compute(block);
        if (rank_ == 0) sink_.digest(t, block);  // other ranks' blocks are digested on rank 0
      } catch (...) {
        ok = false;
        fail(b, block.first, std::current_exception());
      }
      lock.lock();
      if (ok) ready_[k % ring] = 1;
      hand_over(lock);
    }
  }

  std::uint64_t finish() {
    std::unique_lock<std::mutex> lock(mutex_);
    hand_over(lock);  // what the workers left: on rank 0, the other ranks' blocks
    lock.unlock();
    if (o_.transport && rank_ > 0 && handed_ < own_) {
      // Rank 0 waits for this rank's next block: say why there is none (and nothing after it).
      std::string what = "stopped";
      int code = -1;
      if (failure_) {
        try {
          std::rethrow_exception(failure_);
        } catch (const Error& e) {
          what = e.what(), code = e.exit_code();
        } catch (const std::exception& e) {
          what = e.what(), code = kExitFailure;
        }
      }
      o_.transport->send_failure(what, code);
    }
    if (o_.transport && rank_ == 0) discard_the_rest();
    if (failure_) std::rethrow_exception(failure_);
    if (rank_ > 0) return std::min(o_.end - o_.begin, handed_ * kBlock);
    return std::min(o_.end - o_.begin, global_ * kBlock);
  }

 private:
  bool stopping() const { return o_.stop != nullptr && o_.stop->load(); }

  // Called with the lock held: whoever finds no one handing over hands over
  // every block that is ready, in order: its own from the ring; on rank 0
  // the others' as they arrive.
  void hand_over(std::unique_lock<std::mutex>& lock) {
    if (consuming_) return;
    consuming_ = true;
    const std::size_t ring = slots_.size() - 1;
    while (global_ < consume_end_) {
      const std::uint64_t b = global_, owner = b % size_;
      bool ok = true;
      if (owner == rank_) {
        const std::uint64_t k = b / size_;
        if (!ready_[k % ring]) break;
        lock.unlock();
        try {
          if (rank_ == 0) sink_.consume(slots_[k % ring]);
          else o_.transport->send(slots_[k % ring]);
        } catch (...) {
          ok = false;
          fail(b, slots_[k % ring].first, std::current_exception());
        }
        lock.lock();
        if (!ok) break;
        ready_[k % ring] = 0;
        ++consumed_;
        ++handed_;
      } else {                                        // rank 0: the block of another rank
        if (stopping() && next_ < claim_end_) break;  // this rank stopped: what it has is handed over
        BatchBlock& in = slots_.back();
        std::string what;
        int code = 0;
        lock.unlock();
        const bool received = o_.transport->receive(static_cast<int>(owner), in, what, code);
        ++received_[owner];
        if (received) {
          try {
            sink_.digest(threads_, in);
            sink_.consume(in);
          } catch (...) {
            ok = false;
            fail(b, in.first, std::current_exception());
          }
        } else {
          ended_[owner] = true;
          if (code == -1) {
            lock.lock();
            consume_end_ = std::min(consume_end_, b);  // that rank was stopped
            break;
          }
          ok = false;
          fail(b, o_.begin + b * kBlock, std::make_exception_ptr(Error(what, code)));
        }
        lock.lock();
        if (!ok) break;
      }
      global_ += rank_ == 0 ? 1 : size_;
      cv_.notify_all();
    }
    consuming_ = false;
    cv_.notify_all();
  }

  // Rank 0, after a failure or a stop: every other rank goes on sending its
  // blocks until its end or its failure; take them, or it would wait forever.
  void discard_the_rest() {
    for (std::uint64_t r = 1; r < size_; ++r) {
      const std::uint64_t own = blocks_ > r ? (blocks_ - r + size_ - 1) / size_ : 0;
      BatchBlock& in = slots_.back();
      std::string what;
      int code = 0;
      // A rank sends each of its blocks in order, or stops with one message saying why.
      while (!ended_[r] && received_[r] < own) {
        ++received_[r];
        if (!o_.transport->receive(static_cast<int>(r), in, what, code)) ended_[r] = true;
      }
    }
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
  const std::uint64_t blocks_, rank_, size_;
  unsigned threads_ = 1;
  std::vector<BatchBlock> slots_;
  std::vector<std::uint8_t> ready_;
  std::mutex mutex_;
  std::condition_variable cv_;
  // next_, consumed_, claim_end_: this rank's blocks, counted 0, 1, ...;
  // global_, consume_end_: block numbers of the whole batch.
  std::uint64_t own_ = 0, next_ = 0, consumed_ = 0, claim_end_ = 0, consume_end_ = 0, global_ = 0, handed_ = 0;
  std::map<std::uint64_t, std::uint64_t> received_;  // rank 0: messages taken from each rank
  std::map<std::uint64_t, bool> ended_;              // rank 0: ranks that said they stopped or failed
  bool consuming_ = false;
  std::exception_ptr failure_;
  std::uint64_t failed_point_ = std::numeric_limits<std::uint64_t>::max();
};

}  // namespace

std::uint64_t run_batch(const Scenario& s, const Design& design, const BatchOptions& given, BatchSink& sink) {
  BACKSTOP_CHECK(given.begin <= given.end, "an empty range of points");
  BatchOptions o = given;  // the options run, resolved once for the schedule and every worker
  if (o.options.empty()) o.options = option_ids(s);
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
