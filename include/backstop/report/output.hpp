#pragma once
// Where a command's output goes: standard output, or a file that appears
// whole or not at all (written beside it, then renamed over it).

#include <functional>
#include <iosfwd>
#include <string>

namespace backstop {

// Calls write() with the stream to fill; path "" or "-" means standard output.
// Throws IoError (exit 1) if the file cannot be written; no partial file remains.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace backstop
