// Parameters: a value, or a distribution with its nominal value (the mean
// unless a 'value' is given), and the grounds for it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "backstop/expr/expression.hpp"
#include "loader.hpp"
#include "schema_names.hpp"
#include "yaml_access.hpp"

namespace backstop {

const char* distribution_name(DistributionKind kind) { return detail::name_of(detail::kDistributionNames, kind); }

namespace detail {

void Loader::read_parameter(const YamlNode& key, const YamlNode& value, const std::string& name) {
  Parameter p;
  p.name = name;
  p.where = r_.at(key);
  const std::string what = "parameter '" + name + "'";
  if (!require_identifier(key.scalar, r_.at(key), "parameter name '" + key.scalar + "'")) r_.mark_broken_declaration();
  if (value.kind != YamlNode::Kind::kMap) {
    r_.error(value, what + " must be a map with a value or a distribution, and a 'source' or a 'why'");
    r_.mark_broken_declaration();
    return;
  }
  r_.check_keys(
      value,
      {"value", "dist", "low", "high", "mode", "mean", "sd", "values", "weights", "label", "source", "quote", "why"},
      what);
  if (const YamlNode* n = value.find("label")) p.label = r_.text(*n, "'label'").value_or("");
  p.grounds = read_grounds(value, what, true);
  std::optional<double> given;
  if (const YamlNode* n = value.find("value")) given = r_.number(*n, "'value'");
  Distribution& d = p.distribution = read_distribution(value, what, given);
  d.nominal = given.value_or(d.mean);
  if (given && d.kind != DistributionKind::kFixed && d.kind != DistributionKind::kDiscrete &&
      (*given < d.low || *given > d.high)) {
    r_.error(*value.find("value"), fmt::format("{}: value {:g} lies outside the distribution's range", what, *given));
  }
  if (!parameter_names_.insert(name).second) r_.error(key, "parameter '" + name + "' is declared twice");
  s_.parameters.push_back(std::move(p));
}

// The distribution `dist` names (fixed when none) with its keys checked;
// a fixed parameter's `given` value is required.
Distribution Loader::read_distribution(const YamlNode& value, const std::string& what, std::optional<double>& given) {
  std::string kind = "fixed";
  if (const YamlNode* n = value.find("dist")) kind = r_.text(*n, "'dist'").value_or("fixed");
  const YamlNode& at = value.find("dist") ? *value.find("dist") : value;
  const std::optional<DistributionKind> known = value_of(kDistributionNames, kind);
  Distribution d;
  if (!known) {
    r_.error(at, what + ": unknown distribution '" + kind + "'" + suggest_name(kDistributionNames, kind));
    return d;
  }
  auto num = [&](const char* k, bool needed) -> std::optional<double> {
    const YamlNode* n = needed ? r_.require(value, k, fmt::format("{} ({})", what, kind)) : value.find(k);
    return n ? r_.number(*n, fmt::format("'{}'", k)) : std::nullopt;
  };
  d.kind = *known;
  switch (d.kind) {
    case DistributionKind::kFixed:
      if (!value.find("value")) given = num("value", true);
      d.mean = given.value_or(0.0);
      break;
    case DistributionKind::kUniform:
      d.low = num("low", true).value_or(0.0);
      d.high = num("high", true).value_or(1.0);
      if (!(d.low < d.high)) r_.error(at, what + ": uniform needs low < high");
      d.mean = (d.low + d.high) / 2;
      break;
    case DistributionKind::kTriangular:
      d.low = num("low", true).value_or(0.0);
      d.mode = num("mode", true).value_or(0.5);
      d.high = num("high", true).value_or(1.0);
      if (!(d.low <= d.mode && d.mode <= d.high && d.low < d.high))
        r_.error(at, what + ": triangular needs low <= mode <= high, low < high");
      d.mean = (d.low + d.mode + d.high) / 3;
      break;
    case DistributionKind::kNormal:
      d.mean = num("mean", true).value_or(0.0);
      d.sd = num("sd", true).value_or(1.0);
      d.low = num("low", false).value_or(-HUGE_VAL);
      d.high = num("high", false).value_or(HUGE_VAL);
      if (!(d.sd > 0)) r_.error(at, what + ": normal needs sd > 0");
      if (!(d.low < d.high)) r_.error(at, what + ": normal needs low < high (its truncation)");
      break;
    case DistributionKind::kBeta: {
      d.mean = num("mean", true).value_or(0.5);
      d.sd = num("sd", true).value_or(0.1);
      d.low = num("low", false).value_or(0.0);
      d.high = num("high", false).value_or(1.0);
      const double m = (d.mean - d.low) / (d.high - d.low), s = d.sd / (d.high - d.low);
      if (!(d.low < d.high) || !(m > 0 && m < 1) || !(s > 0 && s * s < m * (1 - m)))
        r_.error(at, what + ": beta needs low < mean < high and 0 < sd^2 < (mean - low)(high - mean)");
      break;
    }
    case DistributionKind::kDiscrete: read_discrete(value, what, d); break;
  }
  return d;
}

// Values and their weights (summing to 1); the mean is their weighted sum.
void Loader::read_discrete(const YamlNode& value, const std::string& what, Distribution& d) {
  const YamlNode* vs = r_.require(value, "values", what + " (discrete)");
  const YamlNode* ws = r_.require(value, "weights", what + " (discrete)");
  if (!vs || !ws || !r_.expect_list(*vs, "'values'") || !r_.expect_list(*ws, "'weights'")) return;
  for (const YamlNode& v : vs->items) d.values.push_back(r_.number(v, "a value").value_or(0.0));
  double total = 0.0;
  for (const YamlNode& w : ws->items) {
    const double x = r_.number(w, "a weight").value_or(0.0);
    if (x < 0) r_.error(w, what + ": a weight must not be negative");
    d.weights.push_back(x);
    total += x;
  }
  if (d.values.size() != d.weights.size() || d.values.empty()) {
    r_.error(*ws, what + ": 'values' and 'weights' need the same number of entries, at least one");
  } else if (std::abs(total - 1.0) > 1e-9) {
    r_.error(*ws, fmt::format("{}: the weights sum to {:g}, not 1", what, total));
  }
  for (std::size_t k = 0; k < std::min(d.values.size(), d.weights.size()); ++k) d.mean += d.values[k] * d.weights[k];
}

Distribution Loader::load_distribution(const YamlNode& value, const std::string& what) {
  Distribution d;
  if (r_.expect_map(value, what)) {
    r_.check_keys(value, {"dist", "low", "high", "mode", "mean", "sd", "values", "weights"}, what);
    if (!value.find("dist")) r_.error(value, what + ": give 'dist' (and --set NAME=NUMBER for a fixed value)");
    std::optional<double> given;
    d = read_distribution(value, what, given);
    d.nominal = d.mean;
  }
  r_.throw_if_any();
  return d;
}

}  // namespace detail

std::vector<std::size_t> Scenario::uncertain_parameters() const {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    if (parameters[k].distribution.kind != DistributionKind::kFixed) out.push_back(k);
  }
  return out;
}

Distribution parse_distribution(const std::string& name, const std::string& text) {
  std::string yaml = text;
  // The short form: dist(a, b, ...) with the keys in the schema's order.
  const std::size_t open = text.find('(');
  if (open != std::string::npos && text.find('{') == std::string::npos) {
    const std::string kind = text.substr(0, open);
    static const std::vector<std::pair<std::string, std::vector<const char*>>> kKeys = {
        {"uniform", {"low", "high"}},
        {"triangular", {"low", "mode", "high"}},
        {"normal", {"mean", "sd", "low", "high"}},
        {"beta", {"mean", "sd", "low", "high"}}};
    const auto keys = std::find_if(kKeys.begin(), kKeys.end(), [&](const auto& k) { return k.first == kind; });
    if (keys == kKeys.end() || text.back() != ')') {
      throw InputError(
          fmt::format("--set {}: '{}' is not a number or a distribution (uniform(low, high), "
                      "triangular(low, mode, high), normal(mean, sd), beta(mean, sd), or the YAML map "
                      "'{{dist: ..., ...}}')",
                      name, text));
    }
    std::vector<std::string> args;
    std::stringstream in(text.substr(open + 1, text.size() - open - 2));
    for (std::string a; std::getline(in, a, ',');) args.push_back(a);
    if (args.size() > keys->second.size() || args.size() < 2) {
      throw InputError(fmt::format("--set {}: {} takes {} numbers ({})", name, kind,
                                   kind == "normal" || kind == "beta" ? "2 or 4" : std::to_string(keys->second.size()),
                                   fmt::join(keys->second, ", ")));
    }
    yaml = "{dist: " + kind;
    for (std::size_t k = 0; k < args.size(); ++k) yaml += std::string(", ") + keys->second[k] + ": " + args[k];
    yaml += "}";
  }
  const std::string file = "--set " + name;
  std::vector<Diagnostic> problems;
  const detail::YamlNode root = detail::parse_yaml(yaml, file, problems);
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  detail::Loader loader(file, {}, {}, problems);
  return loader.load_distribution(root, "parameter '" + name + "'");
}

}  // namespace backstop
