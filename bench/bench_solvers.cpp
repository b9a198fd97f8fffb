// Times each solver on the larger reference games and on generated games:
// random two-player normal forms (10x10 to 100x100) and random extensive games
// with information sets (10^3 to 10^5 nodes). Prints seconds per solve and a
// rate (equilibria, nodes or pivots per second). A method stops growing a
// family once one solve takes more than the budget.
//
//   build/bench/bench_solvers [reference_dir] [budget_seconds] [reference|bimatrix|trees] [folder]
//
// With a folder, the generated trees are also written there as .efg files
// (random_tree_depth{6,8,10}.efg), to time other tools on the same games.

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "backstop/error.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/game/game_builder.hpp"
#include "backstop/solve/logit.hpp"
#include "backstop/solve/pure_nash.hpp"
#include "backstop/solve/sequence_form.hpp"
#include "backstop/solve/two_player.hpp"

using namespace backstop;
using Clock = std::chrono::steady_clock;

namespace {

// Best of `repeats` runs (or one run when it is slow), in seconds.
double time_it(const std::function<void()>& run, int repeats = 3) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = Clock::now();
    run();
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    best = std::min(best, s);
    if (s > 1.0) break;
  }
  return best;
}

NormalFormGame random_bimatrix(std::uint32_t m, std::uint32_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pay(0, 99);
  std::vector<std::string> rows, cols;
  for (std::uint32_t i = 0; i < m; ++i) rows.push_back(std::to_string(i + 1));
  for (std::uint32_t j = 0; j < n; ++j) cols.push_back(std::to_string(j + 1));
  NormalFormGame g(fmt::format("random {}x{}", m, n), {"1", "2"}, {rows, cols});
  for (std::uint32_t c = 0; c < g.num_contingencies(); ++c) {
    g.payoffs()(c, 0) = pay(rng);
    g.payoffs()(c, 1) = pay(rng);
  }
  return g;
}

// Two players move in turn, `depth` moves in all, each with `k` actions; a
// mover sees its own earlier moves but not the other's, so each level's
// nodes with one own history form an information set (perfect recall holds).
Game random_tree(std::uint32_t depth, std::uint32_t k, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pay(0, 99);
  GameBuilder b(fmt::format("random tree depth {}", depth), {"1", "2"});
  std::vector<std::string> actions;
  for (std::uint32_t a = 0; a < k; ++a) actions.push_back(fmt::format("a{}", a));
  // Information set by (level, own history index): own history is the number
  // formed by the mover's own earlier actions.
  std::vector<std::vector<InfoSetId>> sets(depth);
  std::vector<std::uint32_t> path;  // actions taken so far (pre-order walk)
  auto own_history = [&](std::uint32_t level) {
    std::uint32_t h = 0;
    for (std::uint32_t l = level % 2; l < level; l += 2) h = h * k + path[l];
    return h;
  };
  std::function<void(std::uint32_t)> walk = [&](std::uint32_t level) {
    if (level == depth) {
      b.add_terminal("", b.add_outcome("", {static_cast<double>(pay(rng)), static_cast<double>(pay(rng))}));
      return;
    }
    const std::uint32_t h = own_history(level);
    if (sets[level].size() <= h) sets[level].resize(h + 1, kNoInfoSet);
    if (sets[level][h] == kNoInfoSet) sets[level][h] = b.add_infoset(PlayerId{level % 2}, "", actions);
    b.add_move(sets[level][h]);
    for (std::uint32_t a = 0; a < k; ++a) {
      path.push_back(a);
      walk(level + 1);
      path.pop_back();
    }
  };
  walk(0);
  return b.build();
}

void reference_games(const std::string& ref);
void random_bimatrices(double budget);
void random_trees(double budget, const std::string& folder);

}  // namespace

int main(int argc, char** argv) {
  const std::string ref = argc > 1 ? argv[1] : std::string(BACKSTOP_REFERENCE_DIR);
  const double budget = argc > 2 ? std::stod(argv[2]) : 20.0;
  const std::string only = argc > 3 ? argv[3] : "";
  if (!only.empty() && only != "reference" && only != "bimatrix" && only != "trees") {
    fmt::print(stderr, "bench_solvers: unknown section '{}' (reference, bimatrix or trees)\n", only);
    return 2;
  }
  if (only.empty() || only == "reference") reference_games(ref);
  if (only.empty() || only == "bimatrix") random_bimatrices(budget);
  if (only.empty() || only == "trees") random_trees(budget, argc > 4 ? argv[4] : "");
  return 0;
}

namespace {

void reference_games(const std::string& ref) {
  fmt::print("== reference games (the largest of each kind)\n");
  fmt::print("{:<58} {:>10} {:>12} {:>12}\n", "game / method", "nodes", "s per solve", "found");
  for (const char* name :
       {"contrib__condjury.efg", "contrib__jury_un.efg", "contrib__artist2.efg", "contrib__4cards.efg",
        "contrib__montyhal.efg", "catalog__journals__dcg__vonstengel1999__6x6_game_with_75_eq.nfg", "contrib__8x8.nfg",
        "contrib__todd3.nfg"}) {
    const std::string path = ref + "/games/" + name;
    if (!std::filesystem::exists(path)) continue;
    const AnyGame any = read_game_file(path);
    std::size_t found = 0;
    if (const Game* g = std::get_if<Game>(&any)) {
      double s = time_it([&] { found = solve_logit(*g, {}).equilibria.size(); });
      fmt::print("{:<58} {:>10} {:>12.3g} {:>12}\n", fmt::format("{} / qre", name), g->num_nodes(), s, found);
      if (g->num_players() == 2) {
        s = time_it([&] { found = solve_sequence_form(*g).equilibria.size(); });
        fmt::print("{:<58} {:>10} {:>12.3g} {:>12}\n", fmt::format("{} / lcp", name), g->num_nodes(), s, found);
      }
      std::fflush(stdout);
    } else {
      const auto& nf = std::get<NormalFormGame>(any);
      double s = time_it([&] { found = solve_logit(nf, {}).equilibria.size(); });
      fmt::print("{:<58} {:>10} {:>12.3g} {:>12}\n", fmt::format("{} / qre", name), nf.num_contingencies(), s, found);
      if (nf.num_players() == 2) {
        s = time_it([&] { found = solve_lemke_howson(nf).equilibria.size(); });
        fmt::print("{:<58} {:>10} {:>12.3g} {:>12}\n", fmt::format("{} / lcp", name), nf.num_contingencies(), s, found);
        s = time_it([&] { found = solve_enum_mixed(nf).equilibria.size(); });
        fmt::print("{:<58} {:>10} {:>12.3g} {:>12}\n", fmt::format("{} / enummixed", name), nf.num_contingencies(), s,
                   found);
      }
    }
  }
}

void random_bimatrices(double budget) {
  fmt::print("\n== random two-player normal forms (payoffs 0..99, seed 7); -1: skipped past the budget\n");
  fmt::print("{:<10} {:>14} {:>10} {:>14} {:>10} {:>14} {:>8}\n", "size", "lcp s", "lcp eq", "qre s", "pure s",
             "enummixed s", "eq");
  std::fflush(stdout);
  bool lcp_on = true, qre_on = true, enum_on = true;
  for (std::uint32_t m : {10u, 15u, 20u, 30u, 50u, 100u}) {
    const NormalFormGame g = random_bimatrix(m, m, 7);
    std::size_t lcp_eq = 0, enum_eq = 0;
    const double lcp_s = lcp_on ? time_it([&] { lcp_eq = solve_lemke_howson(g).equilibria.size(); }) : -1;
    const double qre_s = qre_on ? time_it([&] { solve_logit(g, {}); }) : -1;
    const double pure_s = time_it([&] { solve_pure_nash(g, {}); });
    const double enum_s = enum_on && m <= 10 ? time_it([&] { enum_eq = solve_enum_mixed(g).equilibria.size(); }) : -1;
    fmt::print("{:<10} {:>14.3g} {:>10} {:>14.3g} {:>10.3g} {:>14.3g} {:>8}\n", fmt::format("{}x{}", m, m), lcp_s,
               lcp_eq, qre_s, pure_s, enum_s, enum_eq);
    std::fflush(stdout);
    // The next size costs far more (Lemke-Howson from every label follows
    // every equilibrium it finds): stop a method once it nears the budget.
    lcp_on = lcp_on && lcp_s < budget / 10;
    qre_on = qre_on && qre_s < budget / 10;
    enum_on = enum_on && enum_s < budget / 10;
  }
}

void random_trees(double budget, const std::string& folder) {
  fmt::print("\n== random extensive games with information sets (2 players, 3 actions a move)\n");
  fmt::print("{:<8} {:>10} {:>10} {:>10} {:>12} {:>10} {:>12} {:>10} {:>12}\n", "depth", "nodes", "actions", "lcp s",
             "lcp nodes/s", "lcp path", "tracing s", "qre s", "qre nodes/s");
  bool tree_qre_on = true;
  for (std::uint32_t depth : {6u, 8u, 10u}) {
    const Game g = random_tree(depth, 3, 11);
    if (!folder.empty()) {
      std::ofstream out(fmt::format("{}/random_tree_depth{}.efg", folder, depth));
      write_efg(g, out);
    }
    // -1: refused (the message follows the row)
    auto lcp = [&](SequenceFormPath path, std::string& how) {
      try {
        Solution s;
        const double seconds = time_it([&] { s = solve_sequence_form(g, path); }, 1);
        how = s.detail.find("tracing") != std::string::npos ? "tracing" : "lemke";
        return seconds;
      } catch (const SolverError& e) {
        how = e.message();
        return -1.0;
      }
    };
    std::string lcp_how, tracing_how;
    const double lcp_s = lcp(SequenceFormPath::kLemke, lcp_how);
    const double tracing_s = lcp(SequenceFormPath::kTracing, tracing_how);
    const double qre_s = tree_qre_on ? time_it([&] { solve_logit(g, {}); }, 1) : -1;
    auto rate = [&](double seconds) { return seconds > 0 ? g.num_nodes() / seconds : -1.0; };
    fmt::print("{:<8} {:>10} {:>10} {:>10.3g} {:>12.3g} {:>10} {:>12.3g} {:>10.3g} {:>12.3g}\n", depth, g.num_nodes(),
               g.num_player_actions(), lcp_s, rate(lcp_s), lcp_s < 0 ? "refused" : lcp_how, tracing_s, qre_s,
               rate(qre_s));
    if (lcp_s < 0) fmt::print("  lcp: {}\n", lcp_how);
    if (tracing_s < 0) fmt::print("  tracing: {}\n", tracing_how);
    std::fflush(stdout);
    tree_qre_on = tree_qre_on && qre_s < budget / 10;
    if (std::max(lcp_s, tracing_s) > budget) break;
  }
}

}  // namespace
