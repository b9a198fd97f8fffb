#pragma once
// Reading a YamlNode tree with every problem collected, not thrown: the
// loader checks a whole file and reports all it found at once.

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "backstop/error.hpp"
#include "yaml_access.hpp"

namespace backstop::detail {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  SourceLocation at(const YamlNode& node) const { return {file_, node.line, node.column}; }
  // The place of character `offset` of a scalar's text (for expressions).
  SourceLocation at(const YamlNode& node, std::size_t offset) const {
    return {file_, node.line, node.column + (node.quoted ? 1 : 0) + static_cast<int>(offset)};
  }
  // At most kMaxProblems are kept (as compilers stop after so many); the
  // rest are counted and said in one last line.
  static constexpr std::size_t kMaxProblems = 100;
  void error(const SourceLocation& where, std::string message) {
    if (problems_.size() < kMaxProblems) problems_.push_back({where, std::move(message)});
    else ++more_problems_;
  }
  bool full() const { return problems_.size() >= kMaxProblems; }
  void error(const YamlNode& node, std::string message) { error(at(node), std::move(message)); }
  const std::vector<Diagnostic>& problems() const { return problems_; }
  // In file order (stable: messages at one place keep their order).
  void throw_if_any() const;
  // A declaration (a stage, a parameter) could not be read whole: names that
  // do not resolve later may follow from it, and are not reported again.
  void mark_broken_declaration() { broken_declaration_ = true; }
  bool broken_declaration() const { return broken_declaration_; }

  // Checks that `node` is a map whose keys are all in `allowed`; an unknown
  // key is reported with the closest allowed one.
  bool expect_map(const YamlNode& node, const std::string& what);
  bool expect_list(const YamlNode& node, const std::string& what);
  void check_keys(const YamlNode& map, std::initializer_list<const char*> allowed, const std::string& what);
  // A key that must be there; reported at the map when missing.
  const YamlNode* require(const YamlNode& map, const char* key, const std::string& what);

  std::optional<std::string> text(const YamlNode& node, const std::string& what);
  std::optional<double> number(const YamlNode& node, const std::string& what);
  // A list of names, or a single name.
  std::vector<std::string> names(const YamlNode& node, const std::string& what,
                                 std::vector<SourceLocation>* where = nullptr);

 private:
  std::string file_;
  std::vector<Diagnostic> problems_;
  std::size_t more_problems_ = 0;
  bool broken_declaration_ = false;
};

}  // namespace backstop::detail
