#include "backstop/sim/design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>

#include "backstop/error.hpp"
#include "backstop/expr/expression.hpp"

namespace backstop {
namespace {

constexpr std::uint64_t kMaxPoints = std::uint64_t{1} << 53;

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

const char* design_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::kGrid: return "grid";
    case DesignKind::kLhs: return "lhs";
    case DesignKind::kSobol: return "sobol";
  }
  return "?";
}

std::uint64_t keyed_permutation(std::uint64_t index, std::uint64_t n, std::uint64_t key) {
  if (n <= 1) return 0;
  unsigned bits = 1;
  while ((std::uint64_t{1} << bits) < n) ++bits;
  const unsigned half = (bits + 1) / 2;
  const std::uint64_t mask = (std::uint64_t{1} << half) - 1;
  std::uint64_t x = index;
  do {
    std::uint64_t left = x >> half, right = x & mask;
    for (std::uint64_t round = 0; round < 4; ++round) {
      const std::uint64_t next = left ^ (mix(right ^ mix(key + round)) & mask);
      left = right;
      right = next;
    }
    x = (left << half) | right;
  } while (x >= n);  // cycle-walking: a bijection of [0, 2^(2 half)) restricted to [0, n)
  return x;
}

SweepDesign::SweepDesign(const Scenario& s, std::vector<SweepAxis> axes, DesignKind kind, std::uint64_t samples,
                         std::uint64_t replicates, std::uint64_t seed)
    : scenario_(s), axes_(std::move(axes)), kind_(kind), replicates_(replicates), seed_(seed), sampler_(s, seed) {
  std::vector<std::string> names;
  for (const Parameter& p : s.parameters) names.push_back(p.name);
  if (axes_.empty()) throw InputError("a sweep needs at least one --param");
  for (const SweepAxis& a : axes_) {
    if (a.name == "lambda" && std::find(names.begin(), names.end(), a.name) == names.end()) {
      if (std::find(slots_.begin(), slots_.end(), kNoSlot) != slots_.end())
        throw InputError("parameter 'lambda' is swept twice");
      if (!(a.low >= 0.0)) throw InputError("--param lambda: the logit QRE's lambda is 0 or more");
      slots_.push_back(kNoSlot);
      continue;
    }
    const auto at = std::find(names.begin(), names.end(), a.name);
    if (at == names.end()) throw InputError("unknown parameter '" + a.name + "'" + did_you_mean(a.name, names));
    if (std::find(slots_.begin(), slots_.end(), static_cast<std::size_t>(at - names.begin())) != slots_.end())
      throw InputError("parameter '" + a.name + "' is swept twice");
    slots_.push_back(static_cast<std::size_t>(at - names.begin()));
    if (!(std::isfinite(a.low) && std::isfinite(a.high) && a.low <= a.high))
      throw InputError(fmt::format("--param {}: the range {:g}:{:g} is not from low to high", a.name, a.low, a.high));
  }
  if (kind == DesignKind::kGrid) {
    design_points_ = 1;
    for (const SweepAxis& a : axes_) {
      if (a.steps == 0) throw InputError("--param " + a.name + ": a grid needs NAME=LOW:HIGH:STEPS");
      if (design_points_ > kMaxPoints / a.steps) throw InputError("the grid has more than 2^53 points");
      design_points_ *= a.steps;
    }
  } else {
    if (samples == 0) throw InputError(fmt::format("--design {} needs --samples N", design_name(kind)));
    for (const SweepAxis& a : axes_) {
      if (a.steps != 0)
        throw InputError(fmt::format("--param {}: --design {} takes NAME=LOW:HIGH (the samples say how many points)",
                                     a.name, design_name(kind)));
    }
    if (kind == DesignKind::kSobol && axes_.size() > 3667)
      throw InputError("a Sobol design takes at most 3667 parameters");
    design_points_ = samples;
  }
  if (design_points_ > kMaxPoints / std::max<std::uint64_t>(1, replicates_))
    throw InputError("the sweep has more than 2^53 runs");
}

double SweepDesign::unit(std::uint64_t d, std::size_t k) const {
  switch (kind_) {
    case DesignKind::kGrid: {
      // Mixed radix, the first axis varying slowest.
      std::uint64_t rest = d;
      for (std::size_t j = axes_.size(); j-- > k + 1;) rest /= axes_[j].steps;
      const std::uint64_t step = rest % axes_[k].steps;
      return axes_[k].steps == 1 ? 0.0 : static_cast<double>(step) / static_cast<double>(axes_[k].steps - 1);
    }
    case DesignKind::kLhs: {
      const std::uint64_t stream = stream_of(axes_[k].name);
      const std::uint64_t stratum = keyed_permutation(d, design_points_, mix(seed_ ^ stream));
      return (static_cast<double>(stratum) + counter_uniform(seed_, d, stream ^ 0x4c4853ULL)) /
             static_cast<double>(design_points_);
    }
    case DesignKind::kSobol: {
      // seed(d) leaves the engine after d points (Boost's sequence starts
      // after the origin); a point's coordinates come one axis after another.
      boost::random::sobol engine(axes_.size());
      engine.seed(d);
      for (std::size_t j = 0; j < k; ++j) engine.discard(1);
      return static_cast<double>(engine() >> 11) * 0x1.0p-53;
    }
  }
  return 0.0;
}

double SweepDesign::axis_value(std::uint64_t d, std::size_t k) const {
  return axes_[k].low + unit(d, k) * (axes_[k].high - axes_[k].low);
}

bool SweepDesign::sweeps_lambda() const { return std::find(slots_.begin(), slots_.end(), kNoSlot) != slots_.end(); }

double SweepDesign::lambda(std::uint64_t point) const {
  const std::size_t k = static_cast<std::size_t>(std::find(slots_.begin(), slots_.end(), kNoSlot) - slots_.begin());
  BACKSTOP_CHECK(k < axes_.size(), "no lambda axis");
  return axis_value(design_point(point), k);
}

void SweepDesign::fill(std::uint64_t point, std::span<double> values) const {
  if (replicates_ > 0) {
    sampler_.draw(point, values);
  } else {
    for (std::size_t k = 0; k < values.size(); ++k) values[k] = scenario_.parameters[k].distribution.nominal;
  }
  const std::uint64_t d = design_point(point);
  for (std::size_t k = 0; k < axes_.size(); ++k) {
    if (slots_[k] != kNoSlot) values[slots_[k]] = axis_value(d, k);
  }
}

}  // namespace backstop
