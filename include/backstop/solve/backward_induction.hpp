#pragma once
// Backward induction on perfect-information games with chance: the
// subgame-perfect equilibria in pure strategies.
//
// Tie rule: at a node where several actions give the mover the same value
// (within kTieTolerance times max(1, |value|)), the selected equilibrium takes
// the first of them in the file's action order. enumerate() lists every pure
// subgame-perfect equilibrium instead, the selected one first.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "backstop/game/game.hpp"

namespace backstop {

inline constexpr double kTieTolerance = 1e-9;
inline constexpr const char* kSpeConcept = "subgame-perfect equilibrium";

// True when v ties the best value under the rule above.
inline bool ties_best(double v, double best) { return v >= best - kTieTolerance * std::max(1.0, std::abs(best)); }

// A reusable workspace: after the first solve of a game of a given size it
// allocates nothing, so one instance per thread can solve re-weighted copies
// of one structure millions of times.
class BackwardInduction {
 public:
  // Throws SolverError unless the game has perfect information.
  void solve(const Game& game);

  // Calls visit() for each pure subgame-perfect equilibrium (choices() holds
  // it during the call); stops early when visit returns false. Returns the
  // number visited.
  std::size_t enumerate(const Game& game, const std::function<bool()>& visit);

  // Per node: the child index chosen (kNoIndex at chance and terminal nodes).
  std::span<const std::uint32_t> choices() const noexcept { return choice_; }
  // Per node, per player: the subgame's value (node-major).
  std::span<const double> values() const noexcept { return value_; }
  double value(NodeId n, PlayerId p) const { return value_[index(n) * players_ + index(p)]; }

 private:
  void prepare(const Game& game);

  std::uint32_t players_ = 0;
  std::vector<double> value_;
  std::vector<std::uint32_t> choice_;
};

}  // namespace backstop
