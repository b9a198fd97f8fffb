#pragma once
// Names to show for players, information sets and actions. Game files allow
// empty and repeated labels; reports and JSON keys need distinct, non-empty
// ones. A label that is empty or repeated in its scope becomes "#k" (its
// 1-based position), so keys are unique and still point at the file.

#include <string>
#include <vector>

#include "backstop/game/game.hpp"

namespace backstop {

struct DisplayNames {
  std::vector<std::string> players;   // by PlayerId
  std::vector<std::string> infosets;  // by InfoSetId, unique within their player
  std::vector<std::string> actions;   // by ActionId, unique within their information set
};

DisplayNames display_names(const Game& game);

// labels with empty or duplicate entries replaced by "#k".
std::vector<std::string> distinct_names(const std::vector<std::string>& labels);

}  // namespace backstop
