#pragma once
// Pure strategies of a game tree, and its reduced strategic form.
//
// A reduced strategy gives an action only at the information sets its player
// can still reach given its own earlier choices (kNoIndex at the others), so
// plans that differ only where they can never matter are one strategy. This
// is the strategic form Gambit's tools use for a tree; strategies are listed
// with the first information set varying slowest.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "backstop/game/game.hpp"
#include "backstop/game/normal_form.hpp"

namespace backstop {

// Per node and player (node-major): the ActionId index of that player's last
// move on the path to the node, or kNoIndex before its first.
std::vector<std::uint32_t> last_own_moves(const Game& game);

// Per information set: the ActionId index of its player's previous move on
// the way there (the same from every node, by perfect recall), or kNoIndex.
std::vector<std::uint32_t> own_parent_actions(const Game& game);

// How many reduced strategies `sets` (one player's, in increasing id order)
// have, counted without listing them (a double: it may pass any integer).
double reduced_strategy_count(const Game& game, std::span<const InfoSetId> sets,
                              std::span<const std::uint32_t> own_parent);
// The number of reduced pure strategy profiles of the whole game (with
// own_parent_actions already at hand, or computing them).
double reduced_profile_count(const Game& game);
double reduced_profile_count(const Game& game, std::span<const std::uint32_t> own_parent);

// The most entries (strategies x information sets) a list of reduced
// strategies may hold: 2^25, 128 MiB.
inline constexpr std::size_t kMaxStrategyEntries = std::size_t{1} << 25;

// The reduced strategies over `sets` (one player's, in increasing id order):
// each an action index per set, kNoIndex where an earlier choice among
// `sets` makes it unreachable. A set whose previous own move lies outside
// `sets` counts as reachable. InputError past `limit` strategies or
// kMaxStrategyEntries entries, before any is listed.
std::vector<std::vector<std::uint32_t>> reduced_strategies(const Game& game, std::span<const InfoSetId> sets,
                                                           std::span<const std::uint32_t> own_parent,
                                                           std::size_t limit);

// The reduced strategic form: one strategy per reduced strategy, payoffs the
// expected payoffs of the tree. InputError past `max_contingencies` cells.
NormalFormGame reduced_normal_form(const Game& game, std::size_t max_contingencies = 20'000'000);

}  // namespace backstop
