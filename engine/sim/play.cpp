#include "backstop/sim/play.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "backstop/error.hpp"
#include "backstop/sim/sampler.hpp"

namespace backstop {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

PlayerId find_actor(const Scenario& scenario, const std::string& name) {
  std::vector<std::string> ids;
  for (std::size_t a = 0; a < scenario.actors.size(); ++a) {
    const Actor& actor = scenario.actors[a];
    if (lower(actor.id) == lower(name) || lower(actor.name) == lower(name))
      return PlayerId{static_cast<std::uint32_t>(a)};
    ids.push_back(actor.id);
  }
  throw InputError(fmt::format("unknown actor '{}'; the actors are {}", name, fmt::join(ids, ", ")));
}

PlayState play(const ScenarioModel& model, const OptionResult& run, PlayerId seat, std::uint64_t seed,
               std::span<const std::uint32_t> seat_moves) {
  const Game& g = model.game();
  std::vector<std::size_t> choice_of(g.num_infosets(), kNoIndex);
  for (std::size_t c = 0; c < run.choices.size(); ++c) choice_of[index(run.choices[c].infoset)] = c;
  const std::uint64_t stream = stream_of("play");
  PlayState state;
  NodeId n{0};
  std::size_t used = 0;
  while (g.kind(n) != NodeKind::kTerminal) {
    const InfoSetId h = g.infoset(n);
    const std::size_t c = choice_of[index(h)];
    if (c == kNoIndex) throw InternalError("play: an information set without its choice report");
    const std::vector<double>& p = run.choices[c].probabilities;
    PlayMove m{n, c, 0, g.kind(n) == NodeKind::kDecision && g.player(n) == seat};
    if (m.seat) {
      if (used == seat_moves.size()) {
        state.node = n;
        return state;
      }
      m.action = seat_moves[used++];
      if (m.action >= g.num_children(n)) {
        throw InputError(fmt::format("move {}: there are {} actions here (0 to {})", used, g.num_children(n),
                                     g.num_children(n) - 1));
      }
    } else {
      // The action whose cumulative probability first passes u (the last with weight, past rounding).
      const double u = counter_uniform(seed, state.moves.size(), stream);
      double sum = 0.0;
      std::uint32_t last = 0;
      m.action = kNoIndex;
      for (std::uint32_t k = 0; k < p.size(); ++k) {
        if (p[k] <= 0.0) continue;
        last = k;
        sum += p[k];
        if (u < sum) {
          m.action = k;
          break;
        }
      }
      if (m.action == kNoIndex) m.action = last;
    }
    state.moves.push_back(m);
    n = g.child(n, m.action);
  }
  if (used < seat_moves.size())
    throw InputError(fmt::format("{} moves given, but the game ended after the seat's {}", seat_moves.size(), used));
  state.node = n;
  state.finished = true;
  state.outcome = model.outcome_of(n);
  state.payoffs.assign(g.num_players(), 0.0);
  for (NodeId m = n; index(m) != kNoIndex; m = g.parent(m)) {
    if (g.outcome(m) == kNoOutcome) continue;
    for (std::uint32_t a = 0; a < g.num_players(); ++a) state.payoffs[a] += g.payoff(g.outcome(m), PlayerId{a});
  }
  return state;
}

}  // namespace backstop
