#include "yaml_access.hpp"

#include <yaml-cpp/yaml.h>

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

YamlNode convert(const YAML::Node& node, const std::string& file) {
  YamlNode out;
  out.line = node.Mark().line + 1;
  out.column = node.Mark().column + 1;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      out.kind = YamlNode::Kind::kScalar;
      out.scalar = node.Scalar();
      out.quoted = node.Tag() == "!";
      break;
    case YAML::NodeType::Sequence:
      out.kind = YamlNode::Kind::kSequence;
      for (const YAML::Node& item : node) out.items.push_back(convert(item, file));
      break;
    case YAML::NodeType::Map:
      out.kind = YamlNode::Kind::kMap;
      for (const auto& entry : node) {
        YamlNode key = convert(entry.first, file);
        if (out.find(key.scalar) != nullptr) {
          throw ScenarioError({{{file, key.line, key.column}, "duplicate key '" + key.scalar + "'"}});
        }
        out.entries.emplace_back(std::move(key), convert(entry.second, file));
      }
      break;
    default:
      break;
  }
  return out;
}

}  // namespace

YamlNode parse_yaml(const std::string& text, const std::string& file) {
  try {
    return convert(YAML::Load(text), file);
  } catch (const YAML::Exception& e) {
    throw ScenarioError({{{file, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + e.msg}});
  }
}

}  // namespace backstop::detail
