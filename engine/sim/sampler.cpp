#include "backstop/sim/sampler.hpp"

#include <Random123/philox.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <cmath>

namespace backstop {
namespace {
// In double throughout: Boost's default promotes double to long double
// inside the special functions, which cost most of a draw (the beta quantile).
using Policy = boost::math::policies::policy<boost::math::policies::promote_double<false>>;
}  // namespace

double counter_uniform(std::uint64_t seed, std::uint64_t draw, std::uint64_t stream) {
  const r123::Philox4x64 philox;
  const r123::Philox4x64::ctr_type counter = {{draw, 0, 0, 0}};
  const r123::Philox4x64::key_type key = {{seed, stream}};
  const r123::Philox4x64::ctr_type out = philox(counter, key);
  // The top 53 bits, centred in their interval: (k + 1/2) / 2^53 lies in (0, 1).
  return (static_cast<double>(out[0] >> 11) + 0.5) * 0x1.0p-53;
}

std::uint64_t stream_of(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

double quantile(const Distribution& d, double u) {
  switch (d.kind) {
    case DistributionKind::kFixed: return d.nominal;
    case DistributionKind::kUniform: return d.low + u * (d.high - d.low);
    case DistributionKind::kTriangular:
      return boost::math::quantile(boost::math::triangular_distribution<double, Policy>(d.low, d.mode, d.high), u);
    case DistributionKind::kNormal: {
      // Truncated to [low, high] by drawing u within the mass between them.
      const boost::math::normal_distribution<double, Policy> normal(d.mean, d.sd);
      const double lo = std::isfinite(d.low) ? boost::math::cdf(normal, d.low) : 0.0;
      const double hi = std::isfinite(d.high) ? boost::math::cdf(normal, d.high) : 1.0;
      const double p = lo + u * (hi - lo);
      if (!(p > 0.0)) return d.low;
      if (!(p < 1.0)) return d.high;
      return std::clamp(boost::math::quantile(normal, p), d.low, d.high);
    }
    case DistributionKind::kBeta: {
      // The method of moments on [low, high]: m(1 - m)/s^2 - 1 = alpha + beta.
      const double width = d.high - d.low;
      const double m = (d.mean - d.low) / width, s = d.sd / width;
      const double total = m * (1.0 - m) / (s * s) - 1.0;
      const boost::math::beta_distribution<double, Policy> beta(m * total, (1.0 - m) * total);
      return d.low + width * boost::math::quantile(beta, u);
    }
    case DistributionKind::kDiscrete: {
      double cumulative = 0.0;
      for (std::size_t k = 0; k < d.values.size(); ++k) {
        cumulative += d.weights[k];
        if (u <= cumulative) return d.values[k];
      }
      return d.values.empty() ? d.nominal : d.values.back();  // the weights' rounding
    }
  }
  return d.nominal;
}

ParameterSampler::ParameterSampler(const Scenario& scenario, std::uint64_t seed) : scenario_(scenario), seed_(seed) {
  for (const Parameter& p : scenario.parameters) streams_.push_back(stream_of(p.name));
}

void ParameterSampler::draw(std::uint64_t index, std::vector<double>& out) const {
  out.resize(streams_.size());
  draw(index, std::span<double>(out));
}

void ParameterSampler::draw(std::uint64_t index, std::span<double> out) const {
  for (std::size_t k = 0; k < streams_.size(); ++k) {
    const Distribution& d = scenario_.parameters[k].distribution;
    out[k] = d.kind == DistributionKind::kFixed ? d.nominal : quantile(d, counter_uniform(seed_, index, streams_[k]));
  }
}

}  // namespace backstop
