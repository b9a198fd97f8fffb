// Counter-based parameter draws: reproducible whatever the order, thread or
// company, and distributed as the scenario declares.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "backstop/sim/sampler.hpp"

using namespace backstop;

namespace {

Parameter parameter(const std::string& name, Distribution d) {
  Parameter p;
  p.name = name;
  p.distribution = std::move(d);
  return p;
}

Distribution uniform(double lo, double hi) {
  Distribution d;
  d.kind = DistributionKind::kUniform;
  d.low = lo;
  d.high = hi;
  d.mean = d.nominal = (lo + hi) / 2;
  return d;
}

// The distribution's mean by the quantile on a fine midpoint grid of (0, 1).
double grid_mean(const Distribution& d, int n = 200000) {
  double total = 0.0;
  for (int i = 0; i < n; ++i) total += quantile(d, (i + 0.5) / n);
  return total / n;
}

}  // namespace

TEST_CASE("sampler: the uniform behind a draw lies in (0, 1) and depends on seed, draw and stream only",
          "[sim][sampler]") {
  std::set<double> seen;
  for (std::uint64_t draw = 0; draw < 1000; ++draw) {
    const double u = counter_uniform(7, draw, stream_of("US.resolve"));
    CHECK(u > 0.0);
    CHECK(u < 1.0);
    seen.insert(u);
    CHECK(u == counter_uniform(7, draw, stream_of("US.resolve")));  // a function, no state
  }
  CHECK(seen.size() == 1000);
  CHECK(counter_uniform(7, 3, stream_of("a")) != counter_uniform(8, 3, stream_of("a")));
  CHECK(counter_uniform(7, 3, stream_of("a")) != counter_uniform(7, 3, stream_of("b")));
  CHECK(stream_of("US.resolve") == stream_of("US.resolve"));
  CHECK(stream_of("US.resolve") != stream_of("US.resolvf"));
}

TEST_CASE("sampler: a parameter's draws do not depend on the order of draws or on the other parameters",
          "[sim][sampler]") {
  Scenario both, alone;
  both.parameters = {parameter("a", uniform(0, 1)), parameter("b", uniform(2, 5))};
  alone.parameters = {parameter("b", uniform(2, 5))};
  const ParameterSampler with(both, 42), without(alone, 42);
  std::vector<double> x, y;
  for (std::uint64_t draw : {9u, 0u, 1000000u, 3u}) {  // any order
    with.draw(draw, x);
    without.draw(draw, y);
    REQUIRE(x.size() == 2);
    REQUIRE(y.size() == 1);
    CHECK(x[1] == y[0]);
    CHECK(x[1] >= 2.0);
    CHECK(x[1] <= 5.0);
  }
  Scenario fixed;
  Distribution f;
  f.nominal = f.mean = 0.3;
  fixed.parameters = {parameter("f", f)};
  ParameterSampler(fixed, 1).draw(5, x);
  CHECK(x == std::vector<double>{0.3});
}

TEST_CASE("sampler: each distribution's quantile has the declared mean and range", "[sim][sampler]") {
  CHECK(grid_mean(uniform(-1, 3)) == Approx(1.0).epsilon(1e-9));

  Distribution tri;
  tri.kind = DistributionKind::kTriangular;
  tri.low = 0;
  tri.mode = 1;
  tri.high = 4;
  CHECK(grid_mean(tri) == Approx(5.0 / 3.0).epsilon(1e-6));
  CHECK(quantile(tri, 1e-9) >= 0.0);
  CHECK(quantile(tri, 1 - 1e-9) <= 4.0);

  Distribution beta;  // on [0, 10], mean 3, sd 1.5
  beta.kind = DistributionKind::kBeta;
  beta.low = 0;
  beta.high = 10;
  beta.mean = 3;
  beta.sd = 1.5;
  CHECK(grid_mean(beta) == Approx(3.0).epsilon(1e-4));
  double var = 0.0;
  for (int i = 0; i < 200000; ++i) var += std::pow(quantile(beta, (i + 0.5) / 200000) - 3.0, 2);
  CHECK(std::sqrt(var / 200000) == Approx(1.5).epsilon(1e-3));

  Distribution normal;  // truncated symmetrically: the mean stays, the draws stay inside
  normal.kind = DistributionKind::kNormal;
  normal.mean = 2;
  normal.sd = 1;
  normal.low = 1;
  normal.high = 3;
  CHECK(grid_mean(normal) == Approx(2.0).epsilon(1e-6));
  CHECK(quantile(normal, 1e-12) >= 1.0);
  CHECK(quantile(normal, 1 - 1e-12) <= 3.0);
  // One-sided truncation at the mean: the half-normal's mean, mu + sd sqrt(2/pi).
  normal.low = 2;
  normal.high = HUGE_VAL;
  CHECK(grid_mean(normal) == Approx(2.0 + std::sqrt(2.0 / M_PI)).epsilon(1e-4));

  Distribution discrete;
  discrete.kind = DistributionKind::kDiscrete;
  discrete.values = {1, 2, 4};
  discrete.weights = {0.5, 0.25, 0.25};
  CHECK(grid_mean(discrete, 1000) == Approx(0.5 + 0.5 + 1.0));
}

TEST_CASE("sampler: 20,000 draws of a uniform have its mean and spread", "[sim][sampler]") {
  Scenario s;
  s.parameters = {parameter("x", uniform(0, 1))};
  const ParameterSampler sampler(s, 2026);
  std::vector<double> v;
  double sum = 0.0, sum2 = 0.0;
  const int n = 20000;
  for (int d = 0; d < n; ++d) {
    sampler.draw(static_cast<std::uint64_t>(d), v);
    sum += v[0];
    sum2 += v[0] * v[0];
  }
  const double mean = sum / n, variance = sum2 / n - mean * mean;
  CHECK(mean == Approx(0.5).margin(4 * std::sqrt(1.0 / 12 / n)));  // four standard errors
  CHECK(variance == Approx(1.0 / 12).margin(0.005));
}
