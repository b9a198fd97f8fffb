// backstop play: take one actor's seat in a terminal. The others move by the
// run's profile (the equilibrium, or the logit QRE at --lambda with --method
// qre); each move is told in a sentence; the seat answers at a prompt with an
// action's number or name. Standard input may be a script of answers.
#include <fmt/format.h>

#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "backstop/error.hpp"
#include "backstop/report/play_report.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/play.hpp"
#include "commands.hpp"

namespace backstop::cli {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

}  // namespace

int run_play(const PlayArgs& args) {
  const ScenarioArgs& a = args.scenario;
  const ScenarioInput in = read_scenario(a);
  ScenarioModel model(in.scenario);
  const PlayerId seat = find_actor(in.scenario, args.actor);
  const OptionResult run = run_option(model, a.option, in.sets, scenario_solve_options(a), a.equilibrium - 1);
  std::cout << play_introduction(model, run, seat) << '\n';
  std::vector<std::uint32_t> moves;
  std::size_t told = 0;
  for (;;) {
    const PlayState state = play(model, run, seat, a.seed, moves);
    for (; told < state.moves.size(); ++told) std::cout << "  " << play_move_sentence(model, run, state, told) << '\n';
    if (state.finished) {
      std::cout << '\n';
      for (const std::string& line : play_ending(model, run, state, seat)) std::cout << line << '\n';
      return 0;
    }
    const std::vector<std::string> actions = play_actions(model, state);
    std::cout << play_prompt(model, run, state) << ":\n";
    for (std::size_t k = 0; k < actions.size(); ++k) std::cout << fmt::format("  {}) {}\n", k + 1, actions[k]);
    for (;;) {
      std::cout << "> " << std::flush;
      std::string line;
      if (!std::getline(std::cin, line))
        throw InputError(fmt::format("<stdin>: the game stopped at {} move{}: no answer came", moves.size(),
                                     moves.size() == 1 ? "" : "s"));
      if (!isatty(STDIN_FILENO)) std::cout << line << '\n';  // a script's answer, shown as if typed
      line = trim(line);
      std::uint32_t pick = kNoIndex;
      for (std::size_t k = 0; k < actions.size(); ++k) {
        if (line == actions[k] || line == std::to_string(k + 1)) pick = static_cast<std::uint32_t>(k);
      }
      if (pick != kNoIndex) {
        moves.push_back(pick);
        break;
      }
      std::cout << fmt::format("  '{}' is not one of the actions: answer 1 to {} or a name\n", line, actions.size());
    }
  }
}

}  // namespace backstop::cli
