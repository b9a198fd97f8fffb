#pragma once
// The only place that touches yaml-cpp: a YAML file becomes a plain tree of
// YamlNode, every node with its 1-based line and column, map keys in file
// order. The scenario loader reads that tree and never sees yaml-cpp.

#include <optional>
#include <string>
#include <vector>

#include "backstop/error.hpp"

namespace backstop::detail {

struct YamlEntry;

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;
  bool quoted = false;             // a quoted scalar: its text starts one column after `column`
  std::vector<YamlNode> items;     // kSequence
  std::vector<YamlEntry> entries;  // kMap, in file order
  int line = 0, column = 0;

  const YamlNode* find(const std::string& key) const;
  std::string kind_name() const;
};

// A map's key and value (a struct, not a std::pair of the incomplete
// YamlNode, which libstdc++ 12 refuses under clang).
struct YamlEntry {
  YamlNode key, value;
};

inline const YamlNode* YamlNode::find(const std::string& wanted) const {
  for (const YamlEntry& e : entries) {
    if (e.key.scalar == wanted) return &e.value;
  }
  return nullptr;
}

// Parses `text` (named `file` in messages). A syntax error throws
// ScenarioError at its place, in words a person can act on where the text
// shows the cause; so do aliases that expand too far. A duplicate key is
// added to `problems` and dropped (the first stands), so the rest of the
// file is still read.
YamlNode parse_yaml(const std::string& text, const std::string& file, std::vector<Diagnostic>& problems);

// Where yaml-cpp reports a syntax error at `error_line`, the likely cause in
// the text up to there: a tab indenting a line, a quote never closed, a line
// whose indentation lines up with nothing above it.
struct SyntaxHint {
  int line = 0, column = 0;
  std::string message;
};
std::optional<SyntaxHint> explain_syntax_error(const std::string& text, int error_line);
// Refuses flow lists and maps ([ ], { }) nested deeper than `max_depth`,
// before the parser recurses into them.
std::optional<SyntaxHint> check_flow_nesting(const std::string& text, int max_depth);
// A quoted value that opens at byte `start` and is never closed, or runs on
// past lines less indented than its own (yaml-cpp accepts both).
std::optional<SyntaxHint> check_quoted_scalar(const std::string& text, std::size_t start);

}  // namespace backstop::detail
