// The file as a whole: its sections in order, then the names across them,
// then the model compiled; and a variant, which loads the scenario it varies
// and sets some of its parameters. (loader.hpp lists the other rooms.)
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "backstop/expr/expression.hpp"
#include "backstop/input_file.hpp"
#include "backstop/scenario/scenario.hpp"
#include "loader.hpp"
#include "model_check.hpp"

namespace backstop {

const Parameter* Scenario::parameter(const std::string& wanted) const {
  for (const Parameter& p : parameters) {
    if (p.name == wanted) return &p;
  }
  return nullptr;
}

const BackstopOption* Scenario::option(const std::string& id) const {
  for (const BackstopOption& o : options) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

namespace detail {
namespace {

std::string folder_of(const std::string& file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? std::string(".") : file.substr(0, slash);
}

// A file's identity for the variant chain: two spellings of one path are one
// file (without the file system where the texts come from elsewhere).
std::string identity(const std::string& file, const LoadOptions& options) {
  if (options.scenario_text) return std::filesystem::path(file).lexically_normal().string();
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(file, ec);
  return ec ? file : canonical.string();
}

Scenario load_chain(const std::string& path, const LoadOptions& options, std::vector<std::string> chain) {
  const std::string file = display_name(path);
  std::vector<Diagnostic> problems;
  if (options.scenario_text) {
    const std::string name = identity(path, options);
    const std::optional<std::string> text = options.scenario_text(name);
    if (!text) throw InputError(SourceLocation{name, 0, 0}, "not one of the scenarios this server ships");
    const YamlNode root = parse_yaml(*text, name, problems);
    return Loader(name, options, std::move(chain), problems).load(root);
  }
  const YamlNode root = parse_yaml(read_input_file(path, kMaxScenarioBytes, "a scenario"), file, problems);
  return Loader(file, options, std::move(chain), problems).load(root);
}

}  // namespace

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool Loader::require_identifier(const std::string& id, const SourceLocation& where, const std::string& what) {
  if (is_identifier(id)) return true;
  r_.error(where, what + " must be a name (letters, digits, _)");
  return false;
}

Loader::Loader(const std::string& file, const LoadOptions& options, std::vector<std::string> chain,
               const std::vector<Diagnostic>& problems)
    : r_(file), options_(options), chain_(std::move(chain)) {
  for (const Diagnostic& d : problems) r_.error(d.where, d.message);
}

Scenario Loader::load(const YamlNode& root) {
  s_.file = r_.file();
  if (!r_.expect_map(root, "a scenario")) r_.throw_if_any();
  if (const YamlNode* base = root.find("variant_of")) return load_variant(root, *base);
  r_.check_keys(root,
                {"schema", "name", "description", "sources", "actors", "parties", "parameters", "options", "stages",
                 "outcomes", "metrics", "ranking", "derived", "payoffs", "checks", "network", "dynamics", "method"},
                "the scenario");
  if (const YamlNode* schema = r_.require(root, "schema", "a scenario")) {
    if (auto t = r_.text(*schema, "'schema'"); t && *t != "backstop/1") {
      r_.error(*schema, "unsupported schema '" + *t + "' (this backstop reads backstop/1)");
    }
  }
  if (const YamlNode* n = r_.require(root, "name", "a scenario")) s_.name = r_.text(*n, "'name'").value_or("");
  if (const YamlNode* n = root.find("description")) s_.description = r_.text(*n, "'description'").value_or("");
  if (const YamlNode* n = root.find("sources")) read_sources(*n);
  if (const YamlNode* n = r_.require(root, "actors", "a scenario")) read_actors(*n);
  if (const YamlNode* n = root.find("parties")) s_.parties = r_.names(*n, "a party");
  if (const YamlNode* n = root.find("parameters")) {
    if (r_.expect_map(*n, "'parameters'")) {
      for (const auto& [key, value] : n->entries) read_parameter(key, value, key.scalar);
    }
  }
  // Stages declare the moves expressions read: a stage read with problems
  // leaves names undefined that are not reported again.
  const std::size_t before_stages = r_.problems().size();
  if (const YamlNode* n = r_.require(root, "stages", "a scenario")) read_stages(*n);
  if (r_.problems().size() > before_stages || !root.find("stages")) r_.mark_broken_declaration();
  if (const YamlNode* n = root.find("derived")) read_derived(*n);
  if (const YamlNode* n = r_.require(root, "outcomes", "a scenario")) read_outcomes(*n);
  if (const YamlNode* n = root.find("metrics")) read_metrics(*n);
  if (const YamlNode* n = root.find("ranking")) s_.ranking = r_.names(*n, "a metric", &s_.ranking_where);
  if (const YamlNode* n = r_.require(root, "payoffs", "a scenario")) read_payoffs(*n);
  if (const YamlNode* n = root.find("checks")) read_checks(*n);
  if (const YamlNode* n = root.find("options")) read_options(*n);
  if (const YamlNode* n = root.find("network")) read_network(*n);
  // Who is drawn in is a set of parties in 64 bits (network.cpp), and every
  // ordered pair of them has a draw_in name.
  if ((!s_.network.empty() || !s_.parties.empty()) && s_.actors.size() + s_.parties.size() > kMaxNetworkParties) {
    const YamlNode* at = root.find("parties") ? root.find("parties") : root.find("network");
    r_.error(*at, fmt::format("the commitment network has {} parties (actors and parties); at most {} are supported",
                              s_.actors.size() + s_.parties.size(), kMaxNetworkParties));
  }
  if (const YamlNode* n = root.find("dynamics")) read_dynamics(*n);
  if (const YamlNode* n = root.find("method")) read_method(*n);
  check_references();
  check_scenario_model(s_, r_);
  r_.throw_if_any();
  return std::move(s_);
}

// A variant: another scenario with some parameters fixed at other values,
// each with its own grounds (e.g. each side of a view the articles dispute).
Scenario Loader::load_variant(const YamlNode& root, const YamlNode& base_node) {
  r_.check_keys(root, {"schema", "variant_of", "name", "description", "flips", "set", "options_as_stage", "method"},
                "a variant");
  if (const YamlNode* schema = r_.require(root, "schema", "a variant")) {
    if (auto t = r_.text(*schema, "'schema'"); t && *t != "backstop/1")
      r_.error(*schema, "unsupported schema '" + *t + "' (this backstop reads backstop/1)");
  }
  const std::string base_file = r_.text(base_node, "'variant_of'").value_or("");
  if (base_file.empty()) r_.error(base_node, "'variant_of' must name the scenario file this one varies");
  r_.throw_if_any();
  const std::string path = base_file.front() == '/' ? base_file : folder_of(s_.file) + "/" + base_file;
  std::vector<std::string> chain = chain_;
  chain.push_back(identity(s_.file, options_));
  const std::string base = identity(path, options_);
  if (options_.scenario_text && !options_.scenario_text(base)) {
    r_.error(base_node, "'variant_of' names '" + base_file + "', which is not one of the scenarios this server ships");
    r_.throw_if_any();
  }
  if (std::find(chain.begin(), chain.end(), base) != chain.end()) {
    r_.error(base_node, "'variant_of' leads back to '" + base_file + "': variants must not form a cycle");
  } else if (chain.size() > kMaxVariantDepth) {
    r_.error(base_node, fmt::format("variants are nested more than {} deep", kMaxVariantDepth));
  }
  r_.throw_if_any();
  s_ = load_chain(path, options_, std::move(chain));
  s_.file = r_.file();
  if (const YamlNode* n = root.find("name")) s_.name = r_.text(*n, "'name'").value_or(s_.name);
  if (const YamlNode* n = root.find("description")) s_.description = r_.text(*n, "'description'").value_or("");
  if (const YamlNode* n = root.find("flips")) s_.flips = r_.text(*n, "'flips'").value_or("");
  const YamlNode* set = root.find("set");
  if (set == nullptr && root.find("options_as_stage") == nullptr) r_.require(root, "set", "a variant");
  if (set != nullptr && r_.expect_map(*set, "'set'")) read_variant_set(*set);
  if (const YamlNode* n = root.find("options_as_stage")) read_option_stage(*n);
  if (const YamlNode* n = root.find("method")) read_method(*n);
  check_quotes();
  check_scenario_model(s_, r_);
  r_.throw_if_any();
  return std::move(s_);
}

// The solution method a scenario asks for, by the name --method takes.
void Loader::read_method(const YamlNode& node) {
  static const std::vector<std::string> kNames{"auto", "spe", "sequential", "pure", "lcp", "enummixed", "qre"};
  const std::string m = r_.text(node, "'method'").value_or("auto");
  if (std::find(kNames.begin(), kNames.end(), m) == kNames.end()) report_unknown("method", m, kNames, r_.at(node));
  else s_.method = m == "auto" ? std::string() : m;
}

// A signalling edition: the options become a decision of `actor` after the
// stage `after` (which it sees); every later stage sees the choice, and the
// scenario's options are gone (the actor now picks one).
void Loader::read_option_stage(const YamlNode& node) {
  const std::string what = "'options_as_stage'";
  if (!r_.expect_map(node, what)) return;
  r_.check_keys(node, {"id", "label", "actor", "after", "options"}, what);
  Stage st;
  st.where = r_.at(node);
  if (const YamlNode* n = r_.require(node, "id", what)) {
    st.id = r_.text(*n, "'id'").value_or("");
    require_identifier(st.id, r_.at(*n), "the stage id '" + st.id + "'");
  }
  if (const YamlNode* n = node.find("label")) st.label = r_.text(*n, "'label'").value_or("");
  std::vector<std::string> actor_ids, stage_ids, option_ids;
  for (const Actor& a : s_.actors) actor_ids.push_back(a.id);
  for (const Stage& x : s_.stages) stage_ids.push_back(x.id);
  for (const BackstopOption& o : s_.options) option_ids.push_back(o.id);
  if (const YamlNode* n = r_.require(node, "actor", what)) {
    st.actor = r_.text(*n, "'actor'").value_or("");
    if (std::find(actor_ids.begin(), actor_ids.end(), st.actor) == actor_ids.end())
      report_unknown("actor", st.actor, actor_ids, r_.at(*n));
  }
  if (std::find(stage_ids.begin(), stage_ids.end(), st.id) != stage_ids.end())
    r_.error(node, "a stage '" + st.id + "' exists already");
  std::size_t after = stage_ids.size();
  if (const YamlNode* n = r_.require(node, "after", what)) {
    const std::string a = r_.text(*n, "'after'").value_or("");
    after = static_cast<std::size_t>(std::find(stage_ids.begin(), stage_ids.end(), a) - stage_ids.begin());
    if (after == stage_ids.size()) report_unknown("stage", a, stage_ids, r_.at(*n));
    st.observes = {a};
    st.observes_where = {r_.at(*n)};
  }
  std::vector<SourceLocation> where;
  std::vector<std::string> chosen = option_ids;
  if (const YamlNode* n = node.find("options")) chosen = r_.names(*n, "an option", &where);
  OptionStage os;
  os.id = st.id;
  for (std::size_t k = 0; k < chosen.size(); ++k) {
    const BackstopOption* o = s_.option(chosen[k]);
    if (o == nullptr) {
      report_unknown("option", chosen[k], option_ids, where.empty() ? st.where : where[k]);
      continue;
    }
    os.options.push_back(*o);
    st.actions.push_back({o->id, o->label, "", o->where});
  }
  if (st.actions.size() < 2) r_.error(node, what + " needs at least two options to choose among");
  if (!r_.problems().empty() || after == stage_ids.size()) return;
  for (std::size_t k = after + 1; k < s_.stages.size(); ++k) {
    if (s_.stages[k].observes_all) continue;
    s_.stages[k].observes.push_back(st.id);  // the choice is public
    s_.stages[k].observes_where.push_back(st.where);
  }
  s_.stages.insert(s_.stages.begin() + static_cast<std::ptrdiff_t>(after + 1), std::move(st));
  s_.options.clear();
  s_.option_stage = std::move(os);
}

// The variant's values, each with its own grounds.
void Loader::read_variant_set(const YamlNode& set) {
  std::vector<std::string> names;
  for (const Parameter& p : s_.parameters) names.push_back(p.name);
  for (const auto& [key, value] : set.entries) {
    Parameter* p = nullptr;
    for (Parameter& q : s_.parameters) p = q.name == key.scalar ? &q : p;
    if (p == nullptr) {
      report_unknown("parameter", key.scalar, names, r_.at(key));
      continue;
    }
    const std::string what = "the variant's value of '" + key.scalar + "'";
    if (!r_.expect_map(value, what)) continue;
    r_.check_keys(value, {"value", "source", "quote", "why"}, what);
    if (const YamlNode* v = r_.require(value, "value", what)) {
      p->distribution = Distribution{};
      p->distribution.mean = p->distribution.nominal = r_.number(*v, "'value'").value_or(0.0);
    }
    p->grounds = read_grounds(value, what, true);
    p->where = r_.at(key);
  }
}

}  // namespace detail

Scenario parse_scenario(const std::string& text, const std::string& file, const LoadOptions& options) {
  std::vector<Diagnostic> problems;
  const detail::YamlNode root = detail::parse_yaml(text, file, problems);
  return detail::Loader(file, options, {}, problems).load(root);
}

Scenario load_scenario(const std::string& path, const LoadOptions& options) {
  return detail::load_chain(path, options, {});
}

}  // namespace backstop
