#pragma once
// The game tree for Graphviz (`dot -Tsvg`), drawn left to right: players
// coloured (a colour-blind-safe palette), chance nodes as diamonds, each
// branch labelled with its action and, with an equilibrium, its probability;
// the equilibrium path drawn thick and each leaf's payoffs named by player;
// information sets joined by dashed lines. Nodes show the move, not the
// history. Large trees can fold the branches play never reaches into one box
// per node, and the page keeps a 16:9 shape for a screen.

#include <Eigen/Core>
#include <iosfwd>
#include <string>
#include <vector>

#include "backstop/game/game.hpp"

namespace backstop {

struct TreeView {
  // The equilibrium to mark: its behaviour (per action) and reach (per
  // node); both empty for the bare tree.
  Eigen::VectorXd profile, reach;
  // Fold each node's children that play never reaches into one box.
  bool collapse = false;
  // A short name per information set (the stage, say); empty: the player's.
  std::vector<std::string> infoset_names;
  std::string caption;  // under the title: the concept, the option
};

// Trees with more leaves than this are folded unless asked otherwise.
inline constexpr std::uint32_t kFoldLeaves = 40;
std::uint32_t num_leaves(const Game& game);

void write_dot(const Game& game, std::ostream& out, const TreeView& view = {});

}  // namespace backstop
