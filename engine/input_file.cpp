#include "backstop/input_file.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "backstop/error.hpp"

namespace backstop {

namespace {

std::string size_name(std::size_t bytes) {
  return bytes >= (std::size_t{1} << 20) ? fmt::format("{} MiB", bytes >> 20) : fmt::format("{} KiB", bytes >> 10);
}

}  // namespace

std::string read_input_file(const std::string& path, std::size_t max_bytes, const char* what) {
  const bool stdin_wanted = path == "-";
  std::error_code ec;
  if (!stdin_wanted && std::filesystem::is_directory(path, ec))
    throw IoError(path, fmt::format("is a folder, not {}", what));
  std::FILE* f = stdin_wanted ? stdin : std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw IoError(path, fmt::format("cannot open {}: {}", what, std::strerror(errno)));
  const std::string name = display_name(path);
  std::string text;
  char buffer[1 << 16];
  bool failed = false;
  while (text.size() <= max_bytes) {
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, f);
    text.append(buffer, got);
    if (got < sizeof buffer) {
      failed = std::ferror(f) != 0;
      break;
    }
  }
  if (!stdin_wanted) std::fclose(f);
  if (failed) throw IoError(name, fmt::format("cannot read {}", what));
  if (text.size() > max_bytes) {
    // Point at the place where the bound is crossed, as an editor would.
    int line = 1, column = 1;
    for (std::size_t i = 0; i < max_bytes; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw InputError(SourceLocation{name, line, column},
                     fmt::format("{} is larger than {}, the most backstop reads", what, size_name(max_bytes)));
  }
  return text;
}

}  // namespace backstop
