#include "backstop/sim/summary.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace backstop {
namespace {

const double kGamma = (1.0 + QuantileSketch::kRelativeAccuracy) / (1.0 - QuantileSketch::kRelativeAccuracy);
const double kLogGamma = std::log(kGamma);
// Bucket i holds |x| in (gamma^(i-1), gamma^i]; i runs over about +-71,000 for
// normal doubles, so sign * (i + kOffset) keys positive and negative apart.
constexpr std::int32_t kOffset = 1 << 20;

std::int32_t key_of(double x) {
  const auto i = static_cast<std::int32_t>(std::ceil(std::log(std::abs(x)) / kLogGamma));
  return x > 0 ? i + kOffset : -(i + kOffset);
}

double representative(std::int32_t key) {
  const double i = std::abs(key) - kOffset;
  const double r = 2.0 * std::pow(kGamma, i) / (kGamma + 1.0);
  return key > 0 ? r : -r;
}

}  // namespace

void QuantileSketch::fold(Bucket& into, const Bucket& b) {
  if (b.count == 0) return;
  if (into.count == 0) {
    into = b;
    return;
  }
  if (b.low < into.low) into.low = b.low, into.at_low = b.at_low;
  else if (b.low == into.low) into.at_low += b.at_low;
  if (b.high > into.high) into.high = b.high, into.at_high = b.at_high;
  else if (b.high == into.high) into.at_high += b.at_high;
  into.count += b.count;
}

void QuantileSketch::to_buckets(double x) {
  const Bucket one{1, x, x, 1, 1};
  fold(std::abs(x) < DBL_MIN ? zero_ : buckets_[key_of(x)], one);
}

void QuantileSketch::add(double x) {
  if (std::isnan(x)) return;
  ++count_;
  if (exact() && values_.size() < kExact) return values_.push_back(x);
  for (double v : values_) to_buckets(v);
  values_.clear();
  values_.shrink_to_fit();
  to_buckets(x);
}

void QuantileSketch::merge(const QuantileSketch& other) {
  if (exact() && other.exact() && values_.size() + other.values_.size() <= kExact) {
    values_.insert(values_.end(), other.values_.begin(), other.values_.end());
    count_ += other.count_;
    return;
  }
  for (double v : values_) to_buckets(v);
  values_.clear();
  values_.shrink_to_fit();
  for (double v : other.values_) to_buckets(v);
  for (const auto& [key, b] : other.buckets_) fold(buckets_[key], b);
  fold(zero_, other.zero_);
  count_ += other.count_;
}

double QuantileSketch::quantile(double q) const {
  if (count_ == 0) return 0.0;
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  if (exact()) {
    std::vector<double> v = values_;
    const auto k = static_cast<std::ptrdiff_t>(std::min<std::uint64_t>(rank, v.size()) - 1);
    std::nth_element(v.begin(), v.begin() + k, v.end());
    return v[static_cast<std::size_t>(k)];
  }
  // Buckets in increasing order of value: negative keys by decreasing
  // magnitude, the zero bucket, then positive keys.
  std::vector<std::pair<double, const Bucket*>> ordered;
  ordered.reserve(buckets_.size() + 1);
  for (const auto& [key, b] : buckets_) ordered.emplace_back(b.low, &b);
  if (zero_.count > 0) ordered.emplace_back(zero_.low, &zero_);
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::uint64_t seen = 0;
  for (const auto& [low, b] : ordered) {
    if (seen + b->count < rank) {
      seen += b->count;
      continue;
    }
    if (b == &zero_ || rank <= seen + b->at_low) return b->low;
    if (rank > seen + b->count - b->at_high) return b->high;
    return std::clamp(representative(key_of(b->low)), b->low, b->high);
  }
  return ordered.back().second->high;
}

}  // namespace backstop
