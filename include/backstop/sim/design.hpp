#pragma once
// Sweep designs: which value every parameter takes at each run point.
// Grid (every combination of evenly spaced values), Latin hypercube (one
// sample in each of N strata per axis, strata matched by a keyed permutation)
// and Sobol (Boost.Random's low-discrepancy sequence). A point is computed
// from its index alone, so threads, shards and MPI ranks can compute any
// point in any order, and nothing is stored per point: memory does not grow
// with the runs.
//
// With replicates R > 0, each design point runs R times, each drawing the
// parameters the design does not set from their distributions (seeded as
// Monte Carlo draws, keyed by the run point); with R = 0 once, at their
// nominal values.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "backstop/sim/sampler.hpp"

namespace backstop {

enum class DesignKind { kGrid, kLhs, kSobol };
const char* design_name(DesignKind kind);

struct SweepAxis {
  std::string name;  // a parameter of the scenario, or "lambda": the logit QRE's precision (method qre)
  double low = 0.0, high = 0.0;
  std::uint64_t steps = 0;  // grid: values from low to high inclusive (1: low alone)
};

class SweepDesign {
 public:
  // InputError for an unknown parameter, an empty range or too many points (over 2^53).
  SweepDesign(const Scenario& scenario, std::vector<SweepAxis> axes, DesignKind kind, std::uint64_t samples,
              std::uint64_t replicates, std::uint64_t seed);
  SweepDesign(Scenario&&, std::vector<SweepAxis>, DesignKind, std::uint64_t, std::uint64_t, std::uint64_t) = delete;

  std::uint64_t design_points() const { return design_points_; }
  std::uint64_t points() const { return design_points_ * std::max<std::uint64_t>(1, replicates_); }
  std::uint64_t design_point(std::uint64_t point) const { return point / std::max<std::uint64_t>(1, replicates_); }
  std::uint64_t replicate(std::uint64_t point) const { return point % std::max<std::uint64_t>(1, replicates_); }
  const std::vector<SweepAxis>& axes() const { return axes_; }
  // Each axis's parameter index; kNoSlot for lambda.
  static constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);
  const std::vector<std::size_t>& slots() const { return slots_; }
  bool sweeps_lambda() const;
  double lambda(std::uint64_t point) const;  // with sweeps_lambda()
  // Every parameter's value at a run point, in the scenario's order.
  void fill(std::uint64_t point, std::span<double> values) const;

 private:
  double unit(std::uint64_t design_point, std::size_t axis) const;  // in [0, 1]
  double axis_value(std::uint64_t design_point, std::size_t axis) const;
  const Scenario& scenario_;
  std::vector<SweepAxis> axes_;
  std::vector<std::size_t> slots_;
  DesignKind kind_;
  std::uint64_t design_points_ = 0, replicates_ = 0, seed_ = 0;
  ParameterSampler sampler_;
};

// A keyed bijection of [0, n): a Feistel network over the next even power of
// two, walked until it lands below n (Latin hypercube strata).
std::uint64_t keyed_permutation(std::uint64_t index, std::uint64_t n, std::uint64_t key);

}  // namespace backstop
