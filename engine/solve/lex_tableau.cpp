#include "lex_tableau.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

namespace backstop::detail {

LexTableau::LexTableau(Table table, Eigen::Index identity, Eigen::Index rhs, std::vector<Eigen::Index> basis,
                       TieOrder order)
    : t_(std::move(table)), identity_(identity), rhs_(rhs), basis_(std::move(basis)), order_(order) {}

double LexTableau::scale(Eigen::Index column) const { return std::max(1.0, t_.col(column).cwiseAbs().maxCoeff()); }

Eigen::Index LexTableau::pivot(Eigen::Index row, Eigen::Index column) {
  const double p = t_(row, column);
  t_.row(row) /= p;
  for (Eigen::Index i = 0; i < t_.rows(); ++i) {
    if (i != row && t_(i, column) != 0.0) t_.row(i) -= t_(i, column) * t_.row(row);
  }
  const Eigen::Index left = basis_[static_cast<std::size_t>(row)];
  basis_[static_cast<std::size_t>(row)] = column;
  return left;
}

int LexTableau::compare_ratios(Eigen::Index i, Eigen::Index j, Eigen::Index column) const {
  const double ai = t_(i, column), aj = t_(j, column);
  auto compare = [&](Eigen::Index c) {
    const double x = t_(i, c) / ai, y = t_(j, c) / aj;
    const double tol = kTieTolerance * std::max({1.0, std::abs(x), std::abs(y)});
    return x < y - tol ? -1 : x > y + tol ? 1 : 0;
  };
  if (const int r = compare(rhs_); r != 0) return r;
  for (Eigen::Index c = identity_; c < identity_ + t_.rows(); ++c) {
    if (const int r = compare(c); r != 0) return order_ == TieOrder::kSmallest ? r : -r;
  }
  return 0;
}

bool LexTableau::rebase(const std::vector<Eigen::Index>& basis) {
  const Eigen::Index n = t_.rows();
  Eigen::MatrixXd b(n, n);
  for (Eigen::Index i = 0; i < n; ++i) b.col(i) = t_.col(basis[static_cast<std::size_t>(i)]);
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(b);
  if (!lu.isInvertible()) return false;
  t_ = lu.solve(t_);
  basis_ = basis;
  return true;
}

}  // namespace backstop::detail
