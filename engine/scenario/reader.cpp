#include "reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <tuple>

#include "backstop/expr/expression.hpp"

namespace backstop::detail {

void Reader::throw_if_any() const {
  if (problems_.empty()) return;
  std::vector<Diagnostic> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  if (more_problems_ > 0) {
    sorted.push_back(
        {sorted.back().where, fmt::format("and {} more problems not shown (fix these first)", more_problems_)});
  }
  throw ScenarioError(std::move(sorted));
}

bool Reader::expect_map(const YamlNode& node, const std::string& what) {
  if (node.kind == YamlNode::Kind::kMap) return true;
  error(node, what + " must be a map (key: value lines), found " + node.kind_name());
  return false;
}

bool Reader::expect_list(const YamlNode& node, const std::string& what) {
  if (node.kind == YamlNode::Kind::kSequence) return true;
  error(node, what + " must be a list, found " + node.kind_name());
  return false;
}

void Reader::check_keys(const YamlNode& map, std::initializer_list<const char*> allowed, const std::string& what) {
  const std::vector<std::string> known(allowed.begin(), allowed.end());
  for (const auto& [key, value] : map.entries) {
    bool ok = false;
    for (const std::string& k : known) ok = ok || k == key.scalar;
    if (ok) continue;
    error(key, "unknown key '" + key.scalar + "' in " + what + did_you_mean(key.scalar, known));
  }
}

const YamlNode* Reader::require(const YamlNode& map, const char* key, const std::string& what) {
  const YamlNode* found = map.find(key);
  if (found != nullptr) return found;
  // A misspelt key has been reported already, with this one as its suggestion.
  for (const auto& entry : map.entries) {
    if (!closest_name(entry.key.scalar, {key}).empty()) return nullptr;
  }
  error(map, what + " needs '" + key + "'");
  return nullptr;
}

std::optional<std::string> Reader::text(const YamlNode& node, const std::string& what) {
  if (node.kind == YamlNode::Kind::kScalar) return node.scalar;
  error(node, what + " must be a value, found " + node.kind_name());
  return std::nullopt;
}

std::optional<double> Reader::number(const YamlNode& node, const std::string& what) {
  if (node.kind == YamlNode::Kind::kScalar && !node.quoted && !node.scalar.empty()) {
    const char* begin = node.scalar.c_str();
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(begin, &end);
    if (*end == '\0' && errno == 0 && std::isfinite(value)) return value;
  }
  error(node, what + " must be a number, found " +
                  (node.kind == YamlNode::Kind::kScalar ? "'" + node.scalar + "'" : node.kind_name()));
  return std::nullopt;
}

std::vector<std::string> Reader::names(const YamlNode& node, const std::string& what,
                                       std::vector<SourceLocation>* where) {
  std::vector<std::string> out;
  auto add = [&](const YamlNode& item) {
    if (auto t = text(item, what)) {
      out.push_back(*t);
      if (where != nullptr) where->push_back(at(item));
    }
  };
  if (node.kind == YamlNode::Kind::kSequence) {
    for (const YamlNode& item : node.items) add(item);
  } else {
    add(node);
  }
  return out;
}

}  // namespace backstop::detail
