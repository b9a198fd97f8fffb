#pragma once
// A simplex tableau in reduced form, T = B^-1 [A | rhs], with the basic
// variable of each row, pivoting, and the lexicographic ratio test that keeps
// degenerate complementary pivoting (Lemke's algorithm, Lemke-Howson) from
// cycling. Private to the solve layer: Lemke-Howson on two-player tables
// (two_player.cpp) and Lemke's algorithm on the sequence form
// (sequence_form.cpp) both pivot through it.
//
// Tolerance policy, one for every user:
// - an entry of the entering column is a pivot candidate when it exceeds
//   kPivotTolerance times the column's scale (the largest of 1 and its
//   largest absolute entry), so the test does not depend on payoff units;
// - two ratios tie when they differ by at most kTieTolerance times the
//   largest of 1 and their sizes; a tie on the right-hand side goes to the
//   columns of the initial basis (the rows of B^-1), one by one.

#include <Eigen/Core>
#include <vector>

namespace backstop::detail {

inline constexpr double kPivotTolerance = 1e-9;
inline constexpr double kTieTolerance = 1e-11;

class LexTableau {
 public:
  using Table = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  // How a tie on the right-hand side is broken on the initial basis's columns:
  // the lexicographically smallest row (Eaves' rule), or the largest (the
  // sign convention of gambit-lcp's Lemke-Howson, whose paths it then follows).
  enum class TieOrder { kSmallest, kLargest };

  // `table` holds an identity block (the initial basis) at columns
  // [identity, identity + rows) and the right-hand side at `rhs`.
  LexTableau(Table table, Eigen::Index identity, Eigen::Index rhs, std::vector<Eigen::Index> basis, TieOrder order);

  Eigen::Index rows() const { return t_.rows(); }
  double operator()(Eigen::Index row, Eigen::Index column) const { return t_(row, column); }
  double rhs(Eigen::Index row) const { return t_(row, rhs_); }
  const std::vector<Eigen::Index>& basis() const { return basis_; }
  Eigen::Index basic(Eigen::Index row) const { return basis_[static_cast<std::size_t>(row)]; }
  // The column's scale for the pivot tolerance.
  double scale(Eigen::Index column) const;

  // Replaces the basic variable of `row` by `column`; returns the one that left.
  Eigen::Index pivot(Eigen::Index row, Eigen::Index column);
  // The row whose basic variable first falls to zero as `column` enters,
  // among the rows `skip` does not exclude; -1 if none bounds it (a ray).
  template <class Skip>
  Eigen::Index ratio_test(Eigen::Index column, Skip skip) const {
    const double eps = kPivotTolerance * scale(column);
    Eigen::Index best = -1;
    for (Eigen::Index i = 0; i < t_.rows(); ++i) {
      if (t_(i, column) <= eps || skip(i)) continue;
      if (best < 0 || compare_ratios(i, best, column) < 0) best = i;
    }
    return best;
  }
  Eigen::Index ratio_test(Eigen::Index column) const {
    return ratio_test(column, [](Eigen::Index) { return false; });
  }
  // Rows i and j divided by their entries in `column`, compared on the
  // right-hand side and then on the initial basis's columns: -1 when i
  // comes first in the ratio test, 1 when j does, 0 for identical rows.
  int compare_ratios(Eigen::Index i, Eigen::Index j, Eigen::Index column) const;
  // Rebases the whole table on a new basis: T := B^-1 T, B the basis's
  // columns of T. False (and nothing changed) if B is singular.
  bool rebase(const std::vector<Eigen::Index>& basis);

 private:
  Table t_;
  Eigen::Index identity_, rhs_;
  std::vector<Eigen::Index> basis_;
  TieOrder order_;
};

}  // namespace backstop::detail
