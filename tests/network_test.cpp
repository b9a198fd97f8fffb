// The commitment network: who is drawn in along which ties, with what probability.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "backstop/scenario/network.hpp"

using namespace backstop;

TEST_CASE("network: draw-in probabilities along chains and parallel ties", "[scenario][network]") {
  // Force <- UK (a), Force <- France (b), UK <- US (c), Force <- US (d).
  CommitmentNetwork net({"Force", "UK", "France", "US"}, {{1, 0, TieKind::kTripwire},
                                                          {2, 0, TieKind::kTripwire},
                                                          {3, 1, TieKind::kBilateralPromise},
                                                          {3, 0, TieKind::kBackstop}});
  const std::vector<double> cred{0.9, 0.8, 0.5, 0.3};
  CHECK(net.draw_in(0, 1, cred) == Approx(0.9));
  CHECK(net.draw_in(0, 2, cred) == Approx(0.8));
  // US comes in directly (0.3) or through the UK (0.9 * 0.5): 1 - (1 - 0.3)(1 - 0.45).
  CHECK(net.draw_in(0, 3, cred) == Approx(1 - 0.7 * 0.55));
  CHECK(net.draw_in(1, 0, cred) == 0.0);  // ties point one way
  CHECK_FALSE(net.find_cycle());
  CommitmentNetwork loop({"A", "B"}, {{0, 1, TieKind::kTreaty}, {1, 0, TieKind::kTreaty}});
  CHECK(loop.find_cycle());
}

TEST_CASE("network: the pruned search over tie states equals summing all 2^m states, on random networks",
          "[scenario][network]") {
  // Brute force: every state of every tie, spreading along the holding ones.
  auto brute = [](std::size_t n, const std::vector<CommitmentNetwork::Tie>& ties, const std::vector<double>& c,
                  std::size_t from, std::size_t to) {
    double total = 0.0;
    for (std::uint32_t state = 0; state < (1u << ties.size()); ++state) {
      double p = 1.0;
      for (std::size_t k = 0; k < ties.size(); ++k) p *= (state >> k & 1u) ? c[k] : 1.0 - c[k];
      std::vector<char> in(n, 0);
      in[from] = 1;
      for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t k = 0; k < ties.size(); ++k) {
          if ((state >> k & 1u) && in[ties[k].backed] && !in[ties[k].backer]) in[ties[k].backer] = changed = true;
        }
      }
      if (in[to]) total += p;
    }
    return total;
  };
  std::uint64_t seed = 12345;
  auto next = [&] { return (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 3 + next() % 6;
    std::vector<std::string> names;
    for (std::size_t v = 0; v < n; ++v) names.push_back(std::to_string(v));
    // Ties from a lower to a higher number (backed < backer): no cycle.
    std::vector<CommitmentNetwork::Tie> ties;
    std::vector<double> cred;
    const std::size_t m = 1 + next() % 12;
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t a = next() % n, b = next() % n;
      if (a == b) continue;
      ties.push_back({std::max(a, b), std::min(a, b), TieKind::kBackstop});
      cred.push_back(static_cast<double>(next() % 5) / 4.0);  // 0, 1/4, ..., 1: the edge cases too
    }
    CommitmentNetwork net(names, ties);
    for (std::size_t from = 0; from < n; ++from) {
      for (std::size_t to = 0; to < n; ++to) {
        INFO("trial " << trial << " from " << from << " to " << to);
        CHECK(net.draw_in(from, to, cred) == Approx(brute(n, ties, cred, from, to)).margin(1e-12));
      }
    }
  }
}
