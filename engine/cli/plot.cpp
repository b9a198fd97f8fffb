// backstop plot KIND ARGS...: a thin front end to the matplotlib scripts in
// plots/ (plots/KIND.py, run with Debian's Python). It finds the scripts
// (./plots, else the installed ones, else the source tree's) and hands them
// the arguments unchanged; the script's exit code is the command's.
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "backstop/error.hpp"
#include "backstop/expr/expression.hpp"
#include "commands.hpp"

extern char** environ;

namespace backstop::cli {

namespace {

std::vector<std::string> plot_kinds(const std::string& dir) {
  std::vector<std::string> kinds;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string stem = e.path().stem().string();
    if (e.path().extension() == ".py" && stem != "backstop_plot") kinds.push_back(stem);
  }
  std::sort(kinds.begin(), kinds.end());
  return kinds;
}

std::string plots_folder() {
  std::error_code ec;
  for (const char* d : {"plots", BACKSTOP_SHARE_DIR "/plots", BACKSTOP_SOURCE_DIR "/plots"}) {
    if (std::filesystem::exists(std::filesystem::path(d) / "backstop_plot.py", ec)) return d;
  }
  throw InputError("the plot scripts are not found (./plots, the installed ones, or the source tree's)");
}

}  // namespace

int run_plot(const PlotArgs& args) {
  const std::string dir = plots_folder();
  const std::vector<std::string> kinds = plot_kinds(dir);
  if (std::find(kinds.begin(), kinds.end(), args.kind) == kinds.end()) {
    throw InputError(fmt::format("unknown plot '{}'{}; the plots are {}", args.kind, did_you_mean(args.kind, kinds),
                                 fmt::join(kinds, ", ")));
  }
  std::vector<std::string> words{args.python, fmt::format("{}/{}.py", dir, args.kind)};
  words.insert(words.end(), args.rest.begin(), args.rest.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, args.python.c_str(), nullptr, nullptr, argv.data(), environ);
  if (spawned != 0) {
    throw Error(fmt::format("backstop: error: cannot run {} ({}); install python3-matplotlib", args.python,
                            std::strerror(spawned)),
                kExitFailure);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  return WIFEXITED(status) ? WEXITSTATUS(status) : kExitFailure;
}

}  // namespace backstop::cli
