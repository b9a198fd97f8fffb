#pragma once
// Variance-based sensitivity: first- and total-order Sobol indices of each
// metric and expected payoff to each uncertain parameter, from Saltelli's
// sampling (matrices A and B from a 2k-dimensional Sobol sequence mapped
// through each parameter's quantile; A_B^i is A with column i from B) and
// Jansen's estimators (Saltelli et al. 2010, table 2):
//   V_i  = V - 1/(2N) sum_j (f(B)_j - f(A_B^i)_j)^2     first order
//   VT_i = 1/(2N) sum_j (f(A)_j - f(A_B^i)_j)^2         total order
// with V the variance of f over A and B together; S_i = V_i / V, ST_i = VT_i / V.
// Intervals: percentiles (2.5%, 97.5%) over bootstrap resamples of the N
// rows (counter-based, so the same seed gives the same intervals).

#include <cstdint>
#include <span>
#include <vector>

#include "backstop/scenario/scenario.hpp"

namespace backstop {

struct SobolIndex {
  double value = 0.0, low = 0.0, high = 0.0;
};
struct FactorIndices {
  SobolIndex first, total;
};
struct SobolEstimate {
  double variance = 0.0;               // of the quantity over A and B; 0: it does not vary
  std::vector<FactorIndices> factors;  // per factor, in the design's order
};

// fa, fb: f at the N rows of A and B; fab[i]: f at the N rows of A_B^i.
SobolEstimate jansen_indices(std::span<const double> fa, std::span<const double> fb,
                             const std::vector<std::vector<double>>& fab, std::uint64_t bootstrap, std::uint64_t seed);

// Saltelli's points over a scenario: point p is row j = p / (k + 2) of
// matrix m = p % (k + 2) (0: A, 1: B, 2 + i: A_B^i); parameters that are
// not factors stay at their nominal values.
class SaltelliDesign {
 public:
  // InputError where a factor has no distribution (nothing to vary) or there is none.
  SaltelliDesign(const Scenario& scenario, std::vector<std::size_t> factors, std::uint64_t samples);
  SaltelliDesign(Scenario&&, std::vector<std::size_t>, std::uint64_t) = delete;
  std::uint64_t samples() const { return n_; }
  std::size_t factors() const { return factors_.size(); }
  const std::vector<std::size_t>& factor_slots() const { return factors_; }
  std::uint64_t points() const { return n_ * (factors_.size() + 2); }
  void fill(std::uint64_t point, std::span<double> values) const;

 private:
  const Scenario& scenario_;
  std::vector<std::size_t> factors_;
  std::uint64_t n_;
};

}  // namespace backstop
