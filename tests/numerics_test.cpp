// The solve layer's numerics on their own: the predictor-corrector path
// tracer on curves with closed forms, and the lexicographic tableau's ratio
// test on a degenerate tie.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "solve/lex_tableau.hpp"
#include "solve/path_tracer.hpp"

using namespace backstop;
using namespace backstop::detail;

namespace {

// H(x, t) = x^3 + x - t: one branch from (0, 0), x(t) the real root.
class CubicCurve final : public CurveSystem {
 public:
  Eigen::Index size() const override { return 1; }
  void equations(const Eigen::VectorXd& x, Eigen::VectorXd& out) override {
    out.resize(1);
    out[0] = x[0] * x[0] * x[0] + x[0] - x[1] + perturbation_;
  }
  void jacobian(const Eigen::VectorXd& x, Eigen::MatrixXd& jac) override {
    jac.resize(1, 2);
    jac << 3 * x[0] * x[0] + 1, -1;
  }
  void set_perturbation(double p) override { perturbation_ = p; }

 private:
  double perturbation_ = 0.0;
};

// H(x, y, t) = (x - cos t + 1, y - sin t): a circle's arc, t growing.
class Arc final : public CurveSystem {
 public:
  Eigen::Index size() const override { return 2; }
  void equations(const Eigen::VectorXd& v, Eigen::VectorXd& out) override {
    out.resize(2);
    out << v[0] - std::cos(v[2]) + 1.0, v[1] - std::sin(v[2]);
  }
  void jacobian(const Eigen::VectorXd& v, Eigen::MatrixXd& jac) override {
    jac.resize(2, 3);
    jac << 1, 0, std::sin(v[2]), 0, 1, -std::cos(v[2]);
  }
  void set_perturbation(double) override {}
};

}  // namespace

TEST_CASE("path tracer: lands exactly on a target on a curve with a closed form", "[numerics][path]") {
  CubicCurve curve;
  std::vector<Eigen::VectorXd> points;
  const TraceResult r = trace_path(
      curve, Eigen::VectorXd::Zero(2), Eigen::VectorXd::Unit(2, 1), 10.0, [](const Eigen::VectorXd&) { return false; },
      [&](const Eigen::VectorXd& x) { points.push_back(x); }, {});
  REQUIRE(r.end == TraceEnd::kTarget);
  CHECK(r.x[1] == 10.0);
  CHECK(r.x[0] == Approx(2.0).epsilon(1e-12));  // 2^3 + 2 = 10
  REQUIRE(points.size() >= 3);
  for (const Eigen::VectorXd& p : points) CHECK(p[0] * p[0] * p[0] + p[0] - p[1] == Approx(0.0).margin(1e-8));
  for (std::size_t k = 1; k < points.size(); ++k) CHECK(points[k][1] > points[k - 1][1]);  // t grows
}

TEST_CASE("path tracer: stops where told, and follows a bending curve", "[numerics][path]") {
  Arc arc;
  const TraceResult r = trace_path(
      arc, Eigen::VectorXd::Zero(3), Eigen::VectorXd::Unit(3, 2), std::nullopt,
      [](const Eigen::VectorXd& v) { return v[2] >= 3.0; }, [](const Eigen::VectorXd&) {}, {});
  REQUIRE(r.end == TraceEnd::kStopped);
  CHECK(r.x[2] >= 3.0);
  CHECK(r.x[0] == Approx(std::cos(r.x[2]) - 1.0).margin(1e-9));
  CHECK(r.x[1] == Approx(std::sin(r.x[2])).margin(1e-9));
}

TEST_CASE("path tracer: a start with no tangent is reported, not traced", "[numerics][path]") {
  Arc arc;
  // Augmenting with a direction in the Jacobian's row space leaves the system singular.
  Eigen::VectorXd along(3);
  along << 1, 0, 0;
  const TraceResult r = trace_path(
      arc, Eigen::VectorXd::Zero(3), along, std::nullopt, [](const Eigen::VectorXd&) { return false; },
      [](const Eigen::VectorXd&) {}, {});
  CHECK(r.end == TraceEnd::kSingularStart);
}

TEST_CASE("lex tableau: a tie on the right-hand side goes by the inverse basis, either way round", "[numerics][lex]") {
  // Two rows with the same ratio 1/1 for column 2; the identity block (columns 0-1) breaks it.
  LexTableau::Table t(2, 4);
  t << 1, 0, 1, 1,  //
      0, 1, 1, 1;
  const LexTableau smallest(t, 0, 3, {0, 1}, LexTableau::TieOrder::kSmallest);
  const LexTableau largest(t, 0, 3, {0, 1}, LexTableau::TieOrder::kLargest);
  // Row 0's inverse-basis row (1, 0) is lexicographically larger than row 1's (0, 1).
  CHECK(smallest.ratio_test(2) == 1);
  CHECK(largest.ratio_test(2) == 0);
  CHECK(smallest.compare_ratios(0, 1, 2) == 1);
  CHECK(largest.compare_ratios(0, 1, 2) == -1);
  // A column with no positive entry bounds nothing: a ray.
  LexTableau::Table ray(2, 4);
  ray << 1, 0, -1, 1,  //
      0, 1, 0, 1;
  CHECK(LexTableau(ray, 0, 3, {0, 1}, LexTableau::TieOrder::kSmallest).ratio_test(2) == -1);
}

TEST_CASE("lex tableau: pivoting keeps the table in reduced form for its basis", "[numerics][lex]") {
  LexTableau::Table t(2, 5);
  t << 2, 1, 1, 0, 4,  //
      1, 3, 0, 1, 6;
  LexTableau tab(t, 2, 4, {2, 3}, LexTableau::TieOrder::kSmallest);
  const Eigen::Index row = tab.ratio_test(0);  // ratios 4/2 and 6/1: row 0
  REQUIRE(row == 0);
  CHECK(tab.pivot(row, 0) == 2);  // the slack of row 0 leaves
  CHECK(tab(0, 0) == 1.0);
  CHECK(tab(1, 0) == 0.0);
  CHECK(tab.rhs(0) == 2.0);     // x0 = 2
  CHECK(tab.rhs(1) == 4.0);     // slack 1 = 6 - 2
  REQUIRE(tab.rebase({0, 1}));  // both structural: x = (6/5, 8/5)
  CHECK(tab.rhs(0) == Approx(1.2));
  CHECK(tab.rhs(1) == Approx(1.6));
}
