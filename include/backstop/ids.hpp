#pragma once
// Strong integer ids for the flat game arrays. All are 0-based indices.

#include <cstdint>
#include <limits>

namespace backstop {

enum class NodeId : std::uint32_t {};
enum class InfoSetId : std::uint32_t {};
enum class ActionId : std::uint32_t {};  // global: all actions of all information sets, laid end to end
enum class OutcomeId : std::uint32_t {};
enum class PlayerId : std::uint32_t {};

inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();
inline constexpr PlayerId kChancePlayer{kNoIndex};  // Nature: a pseudo-player with no payoffs
inline constexpr OutcomeId kNoOutcome{kNoIndex};    // the null outcome: pays nothing
inline constexpr InfoSetId kNoInfoSet{kNoIndex};    // what a terminal node has

template <class Id>
constexpr std::uint32_t index(Id id) noexcept {
  return static_cast<std::uint32_t>(id);
}

}  // namespace backstop
