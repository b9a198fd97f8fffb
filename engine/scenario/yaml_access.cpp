// yaml-cpp's event parser builds the YamlNode tree directly, with an explicit
// stack (no recursion), a bound on what aliases expand to (an alias bomb of
// 1 KB would otherwise expand to hundreds of millions of nodes), and
// duplicate keys caught with the line of the first. A syntax error is
// explained in a person's terms where the text shows its cause
// (yaml_hints.cpp).
#include "yaml_access.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <fmt/format.h>

#include <map>
#include <sstream>
#include <unordered_map>

namespace backstop::detail {

std::string YamlNode::kind_name() const {
  switch (kind) {
    case Kind::kNull: return "nothing";
    case Kind::kScalar: return "a value";
    case Kind::kSequence: return "a list";
    case Kind::kMap: return "a map";
  }
  return "?";
}

namespace {

std::size_t count_nodes(const YamlNode& node) {
  std::size_t n = 1;
  std::vector<const YamlNode*> stack{&node};
  while (!stack.empty()) {
    const YamlNode* v = stack.back();
    stack.pop_back();
    for (const YamlNode& item : v->items) {
      ++n;
      stack.push_back(&item);
    }
    for (const auto& entry : v->entries) {
      n += 2;
      stack.push_back(&entry.key);
      stack.push_back(&entry.value);
    }
  }
  return n;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& text, const std::string& file) : text_(text), file_(file) {
    root_.line = root_.column = 1;  // an empty file: the nothing at its start
  }

  YamlNode take_root() { return std::move(root_); }
  std::vector<Diagnostic>& duplicates() { return duplicates_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YamlNode n = make(mark, YamlNode::Kind::kNull);
    complete(std::move(n), anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) fail(mark, "an alias to an anchor that is not complete yet (it refers to itself)");
    alias_nodes_ += it->second.size;
    if (alias_nodes_ > kMaxAliasNodes) {
      fail(mark, fmt::format("aliases here expand the file past {} nodes; backstop refuses such files (an alias bomb?)",
                             kMaxAliasNodes));
    }
    count(mark, it->second.size);
    YamlNode copy = it->second.node;
    complete(std::move(copy), 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode n = make(mark, YamlNode::Kind::kScalar);
    n.scalar = value;
    n.quoted = tag == "!";
    if (n.quoted && mark.pos >= 0) {
      if (auto hint = check_quoted_scalar(text_, static_cast<std::size_t>(mark.pos))) {
        throw ScenarioError({{{file_, hint->line, hint->column}, hint->message}});
      }
    }
    complete(std::move(n), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open_.push_back(Frame{make(mark, YamlNode::Kind::kSequence), anchor, {}, false, {}});
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open_.push_back(Frame{make(mark, YamlNode::Kind::kMap), anchor, {}, false, {}});
  }
  void OnMapEnd() override { close(); }

 private:
  // What aliases may add, and the whole tree: far beyond any real scenario
  // (the Ukraine model is about 2,000 nodes), far below a machine's memory.
  static constexpr std::size_t kMaxAliasNodes = 100'000;
  static constexpr std::size_t kMaxNodes = 2'000'000;

  struct Anchored {
    YamlNode node;
    std::size_t size;
  };
  struct Frame {
    YamlNode node;
    YAML::anchor_t anchor;
    YamlNode key;  // a map's key waiting for its value
    bool has_key;
    std::unordered_map<std::string, int> key_lines;  // a map's keys so far, with their lines
  };

  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const {
    throw ScenarioError({{{file_, mark.line + 1, mark.column + 1}, message}});
  }
  void count(const YAML::Mark& mark, std::size_t n) {
    nodes_ += n;
    if (nodes_ > kMaxNodes)
      fail(mark, fmt::format("the file holds more than {} YAML nodes, the most backstop reads", kMaxNodes));
  }
  YamlNode make(const YAML::Mark& mark, YamlNode::Kind kind) {
    count(mark, 1);
    YamlNode n;
    n.kind = kind;
    n.line = mark.line + 1;
    n.column = mark.column + 1;
    return n;
  }

  void close() {
    Frame f = std::move(open_.back());
    open_.pop_back();
    complete(std::move(f.node), f.anchor);
  }

  // A finished node goes to its parent (a list's item, a map's key or value) or becomes the root.
  void complete(YamlNode&& n, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = Anchored{n, count_nodes(n)};
    if (open_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& f = open_.back();
    if (f.node.kind == YamlNode::Kind::kSequence) {
      f.node.items.push_back(std::move(n));
    } else if (!f.has_key) {
      f.key = std::move(n);
      f.has_key = true;
    } else {
      if (f.key.kind == YamlNode::Kind::kScalar || f.key.kind == YamlNode::Kind::kNull) {
        const auto [it, fresh] = f.key_lines.emplace(f.key.scalar, f.key.line);
        if (!fresh) {  // reported, and dropped: the first one stands, and reading goes on
          duplicates_.push_back({{file_, f.key.line, f.key.column},
                                 fmt::format("duplicate key '{}' (first at line {})", f.key.scalar, it->second)});
          f.key = YamlNode{};
          f.has_key = false;
          return;
        }
      }
      f.node.entries.push_back(YamlEntry{std::move(f.key), std::move(n)});
      f.key = YamlNode{};
      f.has_key = false;
    }
  }

  const std::string& text_;
  const std::string& file_;
  YamlNode root_;
  std::vector<Frame> open_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::vector<Diagnostic> duplicates_;
  std::size_t nodes_ = 0, alias_nodes_ = 0;
};

}  // namespace

YamlNode parse_yaml(const std::string& text, const std::string& file, std::vector<Diagnostic>& problems) {
  // Deeper than any scenario needs, and shallow enough for the parser's recursion.
  constexpr int kMaxFlowDepth = 64;
  if (auto hint = check_flow_nesting(text, kMaxFlowDepth))
    throw ScenarioError({{{file, hint->line, hint->column}, hint->message}});
  std::istringstream in(text);
  TreeBuilder builder(text, file);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::Exception& e) {
    if (auto hint = explain_syntax_error(text, e.mark.line + 1))
      throw ScenarioError({{{file, hint->line, hint->column}, hint->message}});
    std::string message;  // binary input can put any byte in yaml-cpp's message
    for (const char c : e.msg) {
      const auto u = static_cast<unsigned char>(c);
      message += u >= 0x20 && u < 0x7f ? std::string(1, c) : fmt::format("\\x{:02x}", u);
    }
    throw ScenarioError({{{file, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + message}});
  }
  problems.insert(problems.end(), builder.duplicates().begin(), builder.duplicates().end());
  return builder.take_root();
}

}  // namespace backstop::detail
