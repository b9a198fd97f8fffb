#include "backstop/sim/sensitivity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>

#include "backstop/error.hpp"
#include "backstop/sim/sampler.hpp"

namespace backstop {
namespace {

struct Sums {
  double variance;
  std::vector<double> first, total;
};

// The estimators over rows `rows` (a resample, or every row once).
Sums estimate(std::span<const double> fa, std::span<const double> fb, const std::vector<std::vector<double>>& fab,
              const std::vector<std::uint64_t>& rows) {
  const double n = static_cast<double>(rows.size());
  double mean = 0.0;
  for (std::uint64_t j : rows) mean += fa[j] + fb[j];
  mean /= 2.0 * n;
  double variance = 0.0;
  for (std::uint64_t j : rows) variance += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
  variance /= 2.0 * n;
  Sums s{variance, {}, {}};
  for (const std::vector<double>& f : fab) {
    double first = 0.0, total = 0.0;
    for (std::uint64_t j : rows) {
      first += (fb[j] - f[j]) * (fb[j] - f[j]);
      total += (fa[j] - f[j]) * (fa[j] - f[j]);
    }
    s.first.push_back(variance - first / (2.0 * n));
    s.total.push_back(total / (2.0 * n));
  }
  return s;
}

double percentile(std::vector<double>& v, double q) {
  std::sort(v.begin(), v.end());
  const auto k = static_cast<std::size_t>(
      std::clamp(std::ceil(q * static_cast<double>(v.size())), 1.0, static_cast<double>(v.size())));
  return v[k - 1];
}

}  // namespace

SobolEstimate jansen_indices(std::span<const double> fa, std::span<const double> fb,
                             const std::vector<std::vector<double>>& fab, std::uint64_t bootstrap, std::uint64_t seed) {
  const std::uint64_t n = fa.size();
  std::vector<std::uint64_t> rows(n);
  for (std::uint64_t j = 0; j < n; ++j) rows[j] = j;
  const Sums all = estimate(fa, fb, fab, rows);
  SobolEstimate out;
  out.variance = all.variance;
  const std::size_t k = fab.size();
  out.factors.resize(k);
  // A quantity that does not vary has no indices: left at zero (the report says so).
  if (!(all.variance > 1e-300) || n == 0) return out;
  for (std::size_t i = 0; i < k; ++i) {
    out.factors[i].first.value = all.first[i] / all.variance;
    out.factors[i].total.value = all.total[i] / all.variance;
  }
  std::vector<std::vector<double>> first(k), total(k);
  for (std::uint64_t b = 0; b < bootstrap; ++b) {
    for (std::uint64_t j = 0; j < n; ++j)
      rows[j] = std::min(
          n - 1, static_cast<std::uint64_t>(counter_uniform(seed, b * n + j, 0x626f6f74ULL) * static_cast<double>(n)));
    const Sums s = estimate(fa, fb, fab, rows);
    for (std::size_t i = 0; i < k; ++i) {
      first[i].push_back(s.variance > 0 ? s.first[i] / s.variance : 0.0);
      total[i].push_back(s.variance > 0 ? s.total[i] / s.variance : 0.0);
    }
  }
  for (std::size_t i = 0; i < k && bootstrap > 0; ++i) {
    out.factors[i].first.low = percentile(first[i], 0.025);
    out.factors[i].first.high = percentile(first[i], 0.975);
    out.factors[i].total.low = percentile(total[i], 0.025);
    out.factors[i].total.high = percentile(total[i], 0.975);
  }
  if (bootstrap == 0) {
    for (FactorIndices& f : out.factors) {
      f.first.low = f.first.high = f.first.value;
      f.total.low = f.total.high = f.total.value;
    }
  }
  return out;
}

SaltelliDesign::SaltelliDesign(const Scenario& s, std::vector<std::size_t> factors, std::uint64_t samples)
    : scenario_(s), factors_(std::move(factors)), n_(samples) {
  if (factors_.empty()) throw InputError("no parameter declares a distribution: there is nothing to vary");
  for (std::size_t f : factors_) {
    if (s.parameters[f].distribution.kind == DistributionKind::kFixed)
      throw InputError("parameter '" + s.parameters[f].name + "' declares no distribution to draw it from");
  }
  if (2 * factors_.size() > 3667) throw InputError("at most 1833 parameters can vary (a Sobol sequence's dimensions)");
  if (samples == 0 || samples > (std::uint64_t{1} << 40) / (factors_.size() + 2))
    throw InputError(
        fmt::format("--samples must be between 1 and {}", (std::uint64_t{1} << 40) / (factors_.size() + 2)));
}

void SaltelliDesign::fill(std::uint64_t point, std::span<double> values) const {
  const std::size_t k = factors_.size();
  const std::uint64_t j = point / (k + 2), m = point % (k + 2);
  for (std::size_t p = 0; p < values.size(); ++p) values[p] = scenario_.parameters[p].distribution.nominal;
  // Row j of A and B: the Sobol point j + 1 in 2k dimensions (the first is the origin).
  boost::random::sobol engine(2 * k);
  engine.seed(j);
  constexpr double kEdge = 0x1.0p-54;  // keeps quantiles finite at 0 and 1
  for (std::size_t d = 0; d < 2 * k; ++d) {
    const double u = std::clamp(static_cast<double>(engine() >> 11) * 0x1.0p-53, kEdge, 1.0 - kEdge);
    const std::size_t i = d % k;
    const bool from_b = d >= k;
    // A: the first k; B: the last k; A_B^i: A, with factor i from B.
    const bool take = m == 0 ? !from_b : m == 1 ? from_b : (i == m - 2 ? from_b : !from_b);
    if (take) values[factors_[i]] = quantile(scenario_.parameters[factors_[i]].distribution, u);
  }
}

}  // namespace backstop
