#pragma once
// The only place that touches yaml-cpp: a YAML file becomes a plain tree of
// YamlNode, every node with its 1-based line and column, map keys in file
// order. The scenario loader reads that tree and never sees yaml-cpp.

#include <string>
#include <utility>
#include <vector>

#include "backstop/error.hpp"

namespace backstop::detail {

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;
  bool quoted = false;  // a quoted scalar: its text starts one column after `column`
  std::vector<YamlNode> items;                          // kSequence
  std::vector<std::pair<YamlNode, YamlNode>> entries;  // kMap: key, value
  int line = 0, column = 0;

  const YamlNode* find(const std::string& key) const {
    for (const auto& [k, v] : entries) {
      if (k.scalar == key) return &v;
    }
    return nullptr;
  }
  std::string kind_name() const;
};

// Parses `text` (named `file` in messages). A syntax error throws
// ScenarioError at its place; duplicate keys are reported the same way.
YamlNode parse_yaml(const std::string& text, const std::string& file);

}  // namespace backstop::detail
