#pragma once
// Many runs of a scenario: every option at each of a range of points (a
// point is a value for every parameter: a Monte Carlo draw, a grid point, a
// Sobol point), solved on a game built once per thread and re-weighted per
// run. Threads take blocks of consecutive points; the results come back to
// a sink block by block in point order, through a ring of a few blocks per
// thread, so memory does not grow with the number of points, and what the
// sink sees does not depend on the number of threads.

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/solve/solve.hpp"

namespace backstop {

// Point p's value of every parameter, in the scenario's order.
using Design = std::function<void(std::uint64_t point, std::span<double> values)>;

struct BatchBlock;

// Runs across processes (MPI ranks, cli/mpi.cpp): this process computes the
// blocks b with b % size == rank; rank 0 receives the others' blocks and
// hands every block to its sink in order, so the sink sees what one process
// would have handed it. A rank stops at its first failure and sends it in
// place of the block; rank 0 reports the lowest failing block's error.
class BatchTransport {
 public:
  virtual ~BatchTransport() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // rank > 0, in increasing order of blocks: a computed block, or the failure that stopped this rank there.
  virtual void send(const BatchBlock& block) = 0;
  virtual void send_failure(const std::string& what, int exit_code) = 0;
  // rank 0: the next message from `from` into `into`; false with the failure where that rank failed.
  virtual bool receive(int from, BatchBlock& into, std::string& what, int& exit_code) = 0;
  // Rank 0's value, on every rank (a resumed sweep's starting point, say).
  virtual std::uint64_t share(std::uint64_t value) = 0;
};

struct BatchOptions {
  std::uint64_t begin = 0, end = 0;  // the points [begin, end)
  std::vector<std::string> options;  // the options run at each point (ids); empty: option_ids(scenario)
  unsigned threads = 1;
  SolveOptions solve;            // one equilibrium per run: the method's selected one
  ParameterOverrides overrides;  // after the option's settings; "OPTION.NAME" under one option only
  // Set from elsewhere (a signal handler) to stop: the blocks under way are
  // finished and handed over, no new one is started.
  const std::atomic<bool>* stop = nullptr;
  // Words for a point in an error message ("draw 17 of seed 1").
  std::function<std::string(std::uint64_t point)> describe;
  BatchTransport* transport = nullptr;  // across processes; null: this process alone
  // Method qre: the lambda of each point (a sweep over it); empty: SolveOptions::lambda throughout.
  std::function<double(std::uint64_t point)> lambda;
};

// Consecutive points as computed. Per point: every parameter's value (after
// the fixed overrides), then per option its metrics, outcome probabilities
// and expected payoffs.
struct BatchBlock {
  std::uint64_t first = 0, count = 0;
  std::size_t parameters = 0, options = 0, metrics = 0, outcomes = 0, actors = 0;
  std::vector<double> values;
  std::vector<std::string> concepts;  // per option: the concept of the block's first point

  std::size_t width() const { return metrics + outcomes + actors; }
  std::size_t stride() const { return parameters + options * width(); }
  std::span<const double> parameters_of(std::uint64_t k) const { return {values.data() + k * stride(), parameters}; }
  // metrics, outcome probabilities, payoffs of option o at the block's k-th point
  std::span<const double> result(std::uint64_t k, std::size_t o) const {
    return {values.data() + k * stride() + parameters + o * width(), width()};
  }
};

class BatchSink {
 public:
  virtual ~BatchSink() = default;
  // On the worker's thread, blocks in any order (worker < threads; worker ==
  // threads: a block received from another process, on rank 0).
  virtual void digest(unsigned worker, const BatchBlock& block) {
    (void)worker;
    (void)block;
  }
  // In point order, one block at a time.
  virtual void consume(const BatchBlock& block) = 0;
};

// The points handed over: all of [begin, end) unless stopped (on ranks other
// than 0, which hand their blocks to rank 0: the points they computed). InputError
// naming the lowest failing point (the same on any number of threads) if a
// point makes the game invalid; SolverError if the method does not apply.
std::uint64_t run_batch(const Scenario& scenario, const Design& design, const BatchOptions& options, BatchSink& sink);

}  // namespace backstop
