#pragma once
// `play`: a seat's game in sentences, for a terminal (`backstop play`) or as
// JSON (the page's /api/play). Each move gets a sentence saying who moved,
// what, and why (the mover's expected payoff of its action against the
// best other); the seat's own moves are set beside what the run's profile
// plays there; the end gives the outcome, the payoffs, and how the seat's
// play compares with equilibrium play.

#include <iosfwd>
#include <string>
#include <vector>

#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/play.hpp"

namespace backstop {

// Who plays what, and what the others follow (the solution concept).
std::string play_introduction(const ScenarioModel& model, const OptionResult& run, PlayerId seat);
// The sentence for state.moves[k].
std::string play_move_sentence(const ScenarioModel& model, const OptionResult& run, const PlayState& state,
                               std::size_t k);
// The seat's decision where play stands: "Your move as UK at uk (knowing ...)".
std::string play_prompt(const ScenarioModel& model, const OptionResult& run, const PlayState& state);
std::vector<std::string> play_actions(const ScenarioModel& model, const PlayState& state);
// The end: the outcome, every actor's payoff, the seat's against its equilibrium expectation.
std::vector<std::string> play_ending(const ScenarioModel& model, const OptionResult& run, const PlayState& state,
                                     PlayerId seat);
// The whole state as JSON: moves with sentences, the prompt and actions or the ending.
void write_play_json(const ScenarioModel& model, const OptionResult& run, const PlayState& state, PlayerId seat,
                     std::ostream& out);

}  // namespace backstop
