#include "support/reference.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace backstop::test {

std::string reference_dir() { return BACKSTOP_REFERENCE_DIR; }
std::string test_data_dir() { return BACKSTOP_TEST_DATA; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> reference_games() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(reference_dir() + "/games")) {
    out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> games_answered_by(const std::string& tool) {
  std::istringstream in(read_text(reference_dir() + "/index.csv"));
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::string> out;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream row(line);
    for (std::string c; std::getline(row, c, ',');) cols.push_back(c);
    if (cols.size() > 8 && cols[8] == tool) out.push_back(cols[0]);
  }
  return out;
}

std::set<std::string> answer_lines(const std::string& game, const std::string& tool) {
  std::istringstream in(read_text(reference_dir() + "/answers/" + game + "." + tool + ".txt"));
  std::set<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line == "NE" || line.rfind("NE,", 0) == 0) out.insert(line);
  }
  return out;
}

}  // namespace backstop::test

namespace backstop::test {

std::vector<double> parse_answer(const std::string& line) {
  std::vector<double> out;
  std::stringstream in(line.substr(line.find(',') == std::string::npos ? line.size() : line.find(',') + 1));
  for (std::string item; std::getline(in, item, ',');) {
    const auto slash = item.find('/');
    // strtod, not stod: Gambit prints denormals (4.94066e-324), which stod rejects.
    auto number = [](const std::string& t) { return std::strtod(t.c_str(), nullptr); };
    out.push_back(slash == std::string::npos ? number(item)
                                             : number(item.substr(0, slash)) / number(item.substr(slash + 1)));
  }
  return out;
}

bool same_profiles(const std::vector<std::vector<double>>& ours, const std::vector<std::vector<double>>& theirs,
                   double tol) {
  auto close = [&](const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::abs(a[i] - b[i]) > tol) return false;
    }
    return true;
  };
  auto covered = [&](const std::vector<std::vector<double>>& xs, const std::vector<std::vector<double>>& ys) {
    return std::all_of(xs.begin(), xs.end(), [&](const auto& x) {
      return std::any_of(ys.begin(), ys.end(), [&](const auto& y) { return close(x, y); });
    });
  };
  return covered(ours, theirs) && covered(theirs, ours);
}

}  // namespace backstop::test
