#include "backstop/report/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "backstop/error.hpp"

namespace backstop {

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path.empty() || path == "-") {
    // Render fully first: an error midway leaves stdout untouched.
    std::ostringstream buffer;
    write(buffer);
    std::cout << buffer.str() << std::flush;
    return;
  }
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!folder.empty() && !std::filesystem::is_directory(folder, ec)) {
    throw IoError(path,
                  "cannot write: there is no folder '" + folder.string() + "'");  // the argument's mistake: exit 2
  }
  const std::string tmp = path + ".partial";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path, std::string("cannot write: ") + std::strerror(errno), kExitFailure);
    try {
      write(out);
    } catch (...) {
      out.close();
      std::remove(tmp.c_str());
      throw;
    }
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw IoError(path, "write failed", kExitFailure);
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw IoError(path, std::string("cannot write: ") + std::strerror(errno), kExitFailure);
  }
}

}  // namespace backstop
