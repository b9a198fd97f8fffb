#pragma once
// What every solver returns: the equilibria it found, each with its expected
// payoffs, what play reaches, beliefs, and the name of the concept computed,
// so a report can say exactly what was solved.

#include <string>
#include <vector>

#include <Eigen/Core>

#include "backstop/game/game.hpp"

namespace backstop {

// Probability of each player action, indexed by ActionId (the first
// Game::num_player_actions() actions; chance actions are the game's own).
using BehaviorProfile = Eigen::VectorXd;

struct Equilibrium {
  BehaviorProfile profile;
  Eigen::VectorXd payoffs;  // expected payoff per player
  Eigen::VectorXd reach;    // per node: probability that play reaches it
  Eigen::VectorXd beliefs;  // per node: its probability given its information set is reached;
                            // NaN where the information set is off the path and holds several nodes
};

struct Solution {
  std::string method;   // as named on the command line: "spe"
  std::string concept_name;  // "subgame-perfect equilibrium"
  std::string detail;   // how it was computed, with the tie rule
  std::vector<Equilibrium> equilibria;
  bool truncated = false;  // more equilibria exist than were listed
  bool exact = true;       // an exact method: probabilities print as fractions (1/3), as Gambit's exact tools do
};

// Expected payoffs, reach probabilities and beliefs of a profile.
Equilibrium evaluate(const Game& game, const BehaviorProfile& profile);

}  // namespace backstop
