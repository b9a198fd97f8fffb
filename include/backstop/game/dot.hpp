#pragma once
// The game tree for Graphviz (`dot -Tsvg`): players coloured, chance nodes as
// diamonds, payoffs at the leaves, information sets joined by dashed lines.

#include <iosfwd>

#include "backstop/game/game.hpp"

namespace backstop {

void write_dot(const Game& game, std::ostream& out);

}  // namespace backstop
