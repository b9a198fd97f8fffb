#pragma once
// What every solver returns: the equilibria it found, each with its expected
// payoffs, what play reaches, beliefs, and the name of the concept computed,
// so a report can say exactly what was solved.

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "backstop/game/game.hpp"
#include "backstop/game/normal_form.hpp"

namespace backstop {

// Probability of each player action, indexed by ActionId (the first
// Game::num_player_actions() actions; chance actions are the game's own).
using BehaviorProfile = Eigen::VectorXd;

struct Equilibrium {
  BehaviorProfile profile;
  double lambda = 0.0;      // logit QRE only: the precision parameter at this point
  Eigen::VectorXd payoffs;  // expected payoff per player
  Eigen::VectorXd reach;    // per node: probability that play reaches it
  Eigen::VectorXd beliefs;  // per node: its probability given its information set is reached;
                            // NaN where the information set is off the path and holds several nodes
};

// A point on a traced path (logit QRE).
struct PathPoint {
  double lambda;
  Eigen::VectorXd profile;
};

// The solvers. kAuto picks an exact one that applies and will finish (solve.hpp).
enum class Method { kAuto, kSpe, kSequential, kPure, kLcp, kEnumMixed, kQre };
inline constexpr Method kMethods[] = {Method::kAuto, Method::kSpe,       Method::kSequential, Method::kPure,
                                      Method::kLcp,  Method::kEnumMixed, Method::kQre};
// Its short name, as reports print it and Gambit's tools are named: "spe", "lcp".
const char* method_name(Method method);

struct Solution {
  Method method = Method::kAuto;  // the solver that answered
  std::string concept_name;       // "subgame-perfect equilibrium"
  std::string detail;             // how it was computed, with the tie rule
  std::vector<Equilibrium> equilibria;
  bool truncated = false;       // more equilibria exist than were listed
  bool exact = true;            // an exact method: probabilities print as fractions (1/3), as Gambit's exact tools do
  std::vector<PathPoint> path;  // logit QRE with path recording
  bool at_lambda = false;       // logit QRE solved at one given lambda (printed as "lambda,probs")
  bool stalled = false;         // a traced path stopped short; the point is reported, flagged
  // Set when a tree was solved in its reduced strategic form: the profiles
  // are then mixed strategies of that form, not behaviour.
  std::shared_ptr<const NormalFormGame> strategic_form;
};

// Each equilibrium as a solver finds it, as Gambit's solvers stream theirs to
// an observer: returning false stops the search there (say, after the
// first). The equilibria found so far are still listed in the Solution.
using EquilibriumCallback = std::function<bool(const Equilibrium&)>;
// Lists `e` in `s` and hands it to `on_found` (when set); false when the
// search is to stop.
bool record_equilibrium(Solution& s, Equilibrium e, const EquilibriumCallback& on_found);

// The probability of action `a` at node `parent`: chance's own, or the
// profile's (a BehaviorProfile, or any vector laid out as one).
template <class Profile>
double move_probability(const Game& game, const Profile& profile, NodeId parent, ActionId a) {
  return game.kind(parent) == NodeKind::kChance ? game.probability(a) : profile[index(a)];
}

// Expected payoffs, reach probabilities and beliefs of a profile.
Equilibrium evaluate(const Game& game, const BehaviorProfile& profile);
// Reach probabilities (per node) and expected payoffs (per player) of a pure
// profile, an action index per information set (chance sets ignored), into
// the caller's buffers: the Monte Carlo path, which allocates nothing.
void pure_play(const Game& game, std::span<const std::uint32_t> action_of_set, std::span<double> reach,
               std::span<double> payoffs);
// Each node's expected payoff to `player` from there on under the profile
// (OpenSpiel's expected_returns, per node).
std::vector<double> continuation_values(const Game& game, const BehaviorProfile& profile, PlayerId player);

// The behaviour profile that a mixed profile of the tree's reduced strategic
// form (players' strategies one after another, as reduced_normal_form lists
// them) induces, by Kuhn's theorem: at each information set, the weight of
// the strategies choosing each action among those that reach it; uniform
// where none does.
BehaviorProfile behavior_from_mixed(const Game& game, const Eigen::VectorXd& mixed);

// How far a profile is from equilibrium: the most any player gains by
// switching, alone, to a best reply (ex ante, as in the strategic form).
// Zero exactly at a Nash equilibrium.
double max_regret(const Game& game, const BehaviorProfile& profile);

}  // namespace backstop
