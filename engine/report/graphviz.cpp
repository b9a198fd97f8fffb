#include "backstop/report/graphviz.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "backstop/error.hpp"

extern char** environ;

namespace backstop {
namespace {

// A file descriptor closed when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

}  // namespace

void check_picture_format(std::string_view format) {
  if (format != "dot" && format != "svg" && format != "png")
    throw InputError(fmt::format("unknown picture format '{}' (known: dot, svg, png)", format));
}

std::string render_dot(const std::string& dot, std::string_view format) {
  check_picture_format(format);
  if (format == "dot") return dot;
  // The DOT text goes in through a file (a pipe both ways could fill and
  // stall); the picture comes back through a pipe. No shell is involved.
  const char* tmpdir = std::getenv("TMPDIR");
  std::string name = fmt::format("{}/backstop-dot-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  Fd in;
  in.fd = ::mkstemp(name.data());
  if (in.fd < 0)
    throw Error(fmt::format("backstop: error: cannot make a temporary file: {}", std::strerror(errno)), kExitFailure);
  struct Unlink {
    const std::string& path;
    ~Unlink() { ::unlink(path.c_str()); }
  } unlink_in{name};
  for (std::size_t done = 0; done < dot.size();) {
    const ssize_t n = ::write(in.fd, dot.data() + done, dot.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw Error(fmt::format("backstop: error: cannot write {}: {}", name, std::strerror(errno)), kExitFailure);
    done += static_cast<std::size_t>(n);
  }
  in.close();

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw Error("backstop: error: cannot make a pipe for Graphviz", kExitFailure);
  Fd read_end{pipe_fds[0]}, write_end{pipe_fds[1]};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.fd, STDOUT_FILENO);
  const std::string type = fmt::format("-T{}", format);
  char* argv[] = {const_cast<char*>("dot"), const_cast<char*>(type.c_str()), name.data(), nullptr};
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  write_end.close();
  if (spawned != 0) {
    throw Error(fmt::format("backstop: error: cannot run Graphviz's 'dot' ({}); install it (apt install graphviz) "
                            "or ask for --format dot",
                            std::strerror(spawned)),
                kExitFailure);
  }
  std::string picture;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(read_end.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    picture.append(buffer, static_cast<std::size_t>(n));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || picture.empty())
    throw Error(fmt::format("backstop: error: Graphviz's 'dot -T{}' failed (status {})", format, status), kExitFailure);
  return picture;
}

}  // namespace backstop
