#pragma once
// Take a seat: one actor's moves are the player's, every other mover follows
// the run's profile (the equilibrium, or the logit QRE at a chosen lambda for
// noisy opponents) and Nature its probabilities. A game is replayed from the
// root with the seat's moves so far, so the same seed and the same moves give
// the same game: the random number behind the move at depth D is
// counter_uniform(seed, D, stream of "play").

#include <cstdint>
#include <span>
#include <vector>

#include "backstop/sim/run.hpp"

namespace backstop {

struct PlayMove {
  NodeId node{};           // where the move was made
  std::size_t choice = 0;  // the information set's entry in OptionResult::choices
  std::uint32_t action = 0;
  bool seat = false;  // the player's own move
};

struct PlayState {
  std::vector<PlayMove> moves;  // from the root
  NodeId node{};                // the seat's next decision, or the leaf where play ended
  bool finished = false;
  std::size_t outcome = 0;      // finished: the scenario outcome of the leaf
  std::vector<double> payoffs;  // finished: per actor
};

// The actor named (id or name, any case); InputError naming the actors.
PlayerId find_actor(const Scenario& scenario, const std::string& name);

// Plays `run` (the model's game as run_option left it) with `seat` moving by
// `seat_moves` (action indices at its decisions, in order) until the seat
// must move again or play ends. InputError for a move out of range or more
// moves than the game asks of the seat.
PlayState play(const ScenarioModel& model, const OptionResult& run, PlayerId seat, std::uint64_t seed,
               std::span<const std::uint32_t> seat_moves);

}  // namespace backstop
