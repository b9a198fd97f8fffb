#pragma once
// Gambit's file formats: .efg (extensive form, version 2) and .nfg (strategic
// form, payoff and outcome versions), read and written as Gambit 16/17 do.
// A malformed file is an InputError at `file:line:col`.

#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>

#include "backstop/game/game.hpp"
#include "backstop/game/normal_form.hpp"

namespace backstop {

Game read_efg(std::string_view text, const std::string& file_name);
NormalFormGame read_nfg(std::string_view text, const std::string& file_name);

using AnyGame = std::variant<Game, NormalFormGame>;
// Either format, told apart by the header (EFG or NFG), not by the file name.
AnyGame read_game(std::string_view text, const std::string& file_name);
AnyGame read_game_file(const std::string& path);  // IoError if it cannot be read

// Written as Gambit writes them: one node a line, every node with its full
// information set and outcome description; numbers as they were read, or the
// shortest decimal that reads back to the value once rewritten in place.
void write_efg(const Game& game, std::ostream& out);
// The outcome version when the game has outcomes, else the payoff version.
void write_nfg(const NormalFormGame& game, std::ostream& out);

}  // namespace backstop
