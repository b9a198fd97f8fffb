#pragma once
// A Solution written for people (table), for programs (json) and in the
// format of Gambit's command-line tools (gambit).

#include <iosfwd>
#include <string>
#include <string_view>

#include "backstop/game/game.hpp"
#include "backstop/game/normal_form.hpp"
#include "backstop/solve/solution.hpp"

namespace backstop {

enum class ReportFormat { kTable, kJson, kGambit };
ReportFormat parse_report_format(std::string_view name);  // InputError for an unknown name

void write_solution(const Game& game, const Solution& solution, ReportFormat format, std::ostream& out);
void write_solution(const NormalFormGame& game, const Solution& solution, ReportFormat format, std::ostream& out);

// One equilibrium as Gambit prints it: "NE," then the probabilities in profile
// order (a tree's behaviour profile: player by player, information sets in
// Gambit's order, actions in file order; a normal form's strategies likewise).
std::string gambit_line(const Eigen::VectorXd& profile, bool exact = true);
// A probability as Gambit's tools print it: whole numbers bare; from an exact
// method, a fraction with denominator up to 10^5 that the value rounds from;
// otherwise 6 significant digits.
std::string gambit_number(double value, bool exact = true);

}  // namespace backstop
