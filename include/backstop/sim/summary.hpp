#pragma once
// Summaries of a quantity over many runs in memory that does not grow with
// the runs: a quantile sketch whose state depends only on the values added,
// not on their order or on how they were split among threads, so merged
// sketches give the same bytes on any number of threads.

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace backstop {

class QuantileSketch {
 public:
  // Values are kept exactly up to this many; beyond, in log-spaced buckets
  // (DDSketch) that answer within kRelativeAccuracy of the exact quantile,
  // and exactly where the rank falls on a bucket's least or greatest value
  // (a point mass: a probability of 0 or 1).
  static constexpr std::size_t kExact = 1024;
  static constexpr double kRelativeAccuracy = 0.005;

  void add(double x);
  void merge(const QuantileSketch& other);
  std::uint64_t count() const noexcept { return count_; }
  bool exact() const noexcept { return buckets_.empty() && zero_.count == 0; }
  // The smallest value with at least q of the values at or below it (0 with none).
  double quantile(double q) const;

 private:
  struct Bucket {
    std::uint64_t count = 0;
    double low = 0.0, high = 0.0;           // the least and greatest value in it
    std::uint64_t at_low = 0, at_high = 0;  // how many equal each (point masses answer exactly)
  };
  void to_buckets(double x);
  static void fold(Bucket& into, const Bucket& b);
  std::uint64_t count_ = 0;
  std::vector<double> values_;                        // while exact
  std::unordered_map<std::int32_t, Bucket> buckets_;  // key: sign * (bucket index + offset)
  Bucket zero_;                                       // |x| below the smallest normal double
};

// Mean (summed in the caller's order) and the 2.5% and 97.5% quantiles.
struct Interval {
  double mean = 0.0, low = 0.0, high = 0.0;
};

}  // namespace backstop
