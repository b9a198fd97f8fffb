#pragma once
// Gambit's reference games and the answers its tools gave (shared/reference/gambit).

#include <set>
#include <string>
#include <vector>

namespace backstop::test {

std::string reference_dir();
std::string test_data_dir();

// Every game file under games/, by file name.
std::vector<std::string> reference_games();
// The rows of index.csv for one tool ("enumpure-P", "lcp", ...): game file names.
std::vector<std::string> games_answered_by(const std::string& tool);
// The NE lines of answers/<game>.<tool>.txt, as a set.
std::set<std::string> answer_lines(const std::string& game, const std::string& tool);

std::string read_text(const std::string& path);

}  // namespace backstop::test

namespace backstop::test {

// An answer line's probabilities as numbers ("1/3" and "0.25" alike).
std::vector<double> parse_answer(const std::string& line);
// Each profile of `ours` within tol of one of `theirs`, and each of theirs of one of ours.
bool same_profiles(const std::vector<std::vector<double>>& ours, const std::vector<std::vector<double>>& theirs,
                   double tol);

}  // namespace backstop::test
