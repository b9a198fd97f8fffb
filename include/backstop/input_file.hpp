#pragma once
// Reading a whole input file with a bound on its size: a file past the bound,
// or one that never ends (a pipe, /dev/zero), is refused before memory grows
// past it. "-" is standard input.

#include <cstddef>
#include <string>

namespace backstop {

inline constexpr std::size_t kMaxScenarioBytes = std::size_t{4} << 20;     // 4 MiB: the Ukraine model is 30 KB
inline constexpr std::size_t kMaxSourceTextBytes = std::size_t{16} << 20;  // an article's text
inline constexpr std::size_t kMaxGameFileBytes = std::size_t{256} << 20;   // an .efg or .nfg

// The whole file; throws IoError (exit 2) naming `path` when it cannot be
// read, is a folder, or holds more than `max_bytes` (then at the line and
// column where the bound is crossed).
std::string read_input_file(const std::string& path, std::size_t max_bytes, const char* what);

// How messages name a path: "<stdin>" for "-".
inline std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

}  // namespace backstop
