#include "backstop/error.hpp"

namespace backstop {

std::string format_location(const SourceLocation& where) {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) {
    out += ':' + std::to_string(where.line);
    if (where.column > 0) out += ':' + std::to_string(where.column);
  }
  return out;
}

InputError::InputError(SourceLocation where, const std::string& message)
    : Error(format_location(where) + ": error: " + message, kExitBadInput),
      where_(std::move(where)),
      message_(message) {}

InputError::InputError(const std::string& message)
    : Error("backstop: error: " + message, kExitBadInput), message_(message) {}

namespace {
std::string join(const std::vector<Diagnostic>& problems) {
  std::string out;
  for (const Diagnostic& d : problems) {
    if (!out.empty()) out += '\n';
    out += format_location(d.where) + ": error: " + d.message;
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> problems)
    : Error(join(problems), kExitBadInput), problems_(std::move(problems)) {}

}  // namespace backstop
