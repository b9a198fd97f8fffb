#pragma once
// The one error hierarchy of backstop. Every error carries the exit code the
// command line returns for it: 2 for bad input (files, arguments, a game a
// solver cannot handle), 1 for a failure of the program itself.

#include <stdexcept>
#include <string>
#include <vector>

namespace backstop {

inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

// A place in a text file; line and column are 1-based, 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

class Error : public std::runtime_error {
 public:
  Error(const std::string& message, int exit_code) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

// Malformed input: a game file, a scenario, an argument. what() is already in
// the compiler's format, `file:line:col: error: message`, so editors jump to it.
class InputError : public Error {
 public:
  InputError(SourceLocation where, const std::string& message);
  explicit InputError(const std::string& message);  // no file to point at
  const SourceLocation& where() const noexcept { return where_; }
  const std::string& message() const noexcept { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

// Every problem found in a scenario, reported at once (parse, then validate).
// what() has one `file:line:col: error: message` line per problem.
struct Diagnostic {
  SourceLocation where;
  std::string message;
};
class ScenarioError : public Error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> problems);
  const std::vector<Diagnostic>& problems() const noexcept { return problems_; }

 private:
  std::vector<Diagnostic> problems_;
};

// A solver was given a game outside its class (exit 2), never a silent wrong answer.
class SolverError : public Error {
 public:
  explicit SolverError(const std::string& message)
      : Error("backstop: error: " + message, kExitBadInput), message_(message) {}
  const std::string& message() const noexcept { return message_; }

 private:
  std::string message_;
};

// A file could not be opened or written.
class IoError : public Error {
 public:
  IoError(const std::string& path, const std::string& message, int exit_code = kExitBadInput)
      : Error(path + ": error: " + message, exit_code) {}
};

// An internal invariant; throws (exit 1) rather than aborting the process.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& message) : Error("internal error: " + message, kExitFailure) {}
};

std::string format_location(const SourceLocation& where);

}  // namespace backstop

#define BACKSTOP_CHECK(cond, msg)                                                                                      \
  do {                                                                                                                 \
    if (!(cond)) throw ::backstop::InternalError(std::string(__FILE__ ":") + std::to_string(__LINE__) + ": " + (msg)); \
  } while (false)
