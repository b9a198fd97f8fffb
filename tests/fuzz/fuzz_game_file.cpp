// libFuzzer targets fuzz_efg and fuzz_nfg: the .efg or .nfg reader (the build
// picks which with BACKSTOP_FUZZ_NFG), a write back, and a solve of games
// small enough to solve in a moment. Bad input must end in backstop::Error.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "backstop/error.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/solve/solve.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::ostringstream out;
  try {
#ifdef BACKSTOP_FUZZ_NFG
    const backstop::NormalFormGame table = backstop::read_nfg(text, "fuzz.nfg");
    backstop::write_nfg(table, out);
    if (table.num_contingencies() <= 64 && table.num_players() <= 3) (void)backstop::solve(table, {});
#else
    const backstop::Game game = backstop::read_efg(text, "fuzz.efg");
    backstop::write_efg(game, out);
    if (game.num_nodes() <= 200 && game.num_players() <= 4) (void)backstop::solve(game, {});
#endif
  } catch (const backstop::Error&) {}
  return 0;
}
