#pragma once
// Parameter draws for Monte Carlo, counter-based: the uniform number behind
// parameter P in draw D under seed S is Philox4x64 (Random123) with key
// (S, a 64-bit hash of P's name) and counter (D, 0, 0, 0), mapped into (0, 1)
// and through the quantile of P's distribution (Boost.Math). A draw's values
// therefore depend on nothing else: not the thread or process that makes it,
// not the order draws are made in, not which other parameters the scenario
// declares, so same seed, same numbers, and adding a parameter to a scenario
// leaves every other parameter's draws as they were.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "backstop/scenario/scenario.hpp"

namespace backstop {

// The uniform number in (0, 1), never 0 or 1, for (seed, draw, stream).
double counter_uniform(std::uint64_t seed, std::uint64_t draw, std::uint64_t stream);
// A parameter's stream: FNV-1a of its name (stable across machines and builds).
std::uint64_t stream_of(std::string_view name);
// The value at quantile u in (0, 1) of the distribution; `nominal` for fixed.
// Normal is truncated to [low, high]; beta is scaled to [low, high] with the
// given mean and sd; discrete steps through its cumulative weights.
double quantile(const Distribution& d, double u);

class ParameterSampler {
 public:
  ParameterSampler(const Scenario& scenario, std::uint64_t seed);
  ParameterSampler(Scenario&&, std::uint64_t) = delete;

  std::size_t size() const { return streams_.size(); }
  // Every parameter's value in one draw, in the scenario's order, into `out`
  // (resized once; no allocation after the first draw).
  void draw(std::uint64_t index, std::vector<double>& out) const;
  // The same into `out`, which holds size() values.
  void draw(std::uint64_t index, std::span<double> out) const;

 private:
  const Scenario& scenario_;
  std::uint64_t seed_;
  std::vector<std::uint64_t> streams_;
};

}  // namespace backstop
