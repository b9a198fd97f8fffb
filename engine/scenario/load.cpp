// Reading a backstop/1 scenario: the shape of every section, then the names
// that refer across sections. Expressions, probabilities and the network are
// checked by compiling the model (scenario_model.cpp); all problems of a file
// are reported together.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <unordered_set>

#include "backstop/expr/expression.hpp"
#include "backstop/input_file.hpp"
#include "backstop/scenario/scenario.hpp"
#include "model_check.hpp"
#include "reader.hpp"

namespace backstop {

using detail::Reader;
using detail::YamlNode;

const char* distribution_name(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::kFixed: return "fixed";
    case DistributionKind::kUniform: return "uniform";
    case DistributionKind::kTriangular: return "triangular";
    case DistributionKind::kNormal: return "normal";
    case DistributionKind::kBeta: return "beta";
    case DistributionKind::kDiscrete: return "discrete";
  }
  return "?";
}

const char* tie_name(TieKind kind) {
  switch (kind) {
    case TieKind::kTreaty: return "treaty";
    case TieKind::kBilateralPromise: return "bilateral_promise";
    case TieKind::kBackstop: return "backstop";
    case TieKind::kTripwire: return "tripwire";
    case TieKind::kNone: return "none";
  }
  return "?";
}

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

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

Scenario load_chain(const std::string& path, const LoadOptions& options, std::vector<std::string> chain);

class Loader {
 public:
  // `chain`: the files of the variants being loaded that lead here, to refuse a cycle.
  // `problems`: what reading the YAML found already (duplicate keys).
  Loader(const std::string& file, const LoadOptions& options, std::vector<std::string> chain,
         const std::vector<Diagnostic>& problems)
      : r_(file), options_(options), chain_(std::move(chain)) {
    for (const Diagnostic& d : problems) r_.error(d.where, d.message);
  }

  Scenario load(const YamlNode& root) {
    s_.file = r_.file();
    if (!r_.expect_map(root, "a scenario")) r_.throw_if_any();
    if (const YamlNode* base = root.find("variant_of")) return load_variant(root, *base);
    r_.check_keys(root,
                  {"schema", "name", "description", "sources", "actors", "parties", "parameters", "options", "stages",
                   "outcomes", "metrics", "payoffs", "network", "dynamics"},
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
    if (const YamlNode* n = r_.require(root, "outcomes", "a scenario")) read_outcomes(*n);
    if (const YamlNode* n = root.find("metrics")) read_metrics(*n);
    if (const YamlNode* n = r_.require(root, "payoffs", "a scenario")) read_payoffs(*n);
    if (const YamlNode* n = root.find("options")) read_options(*n);
    if (const YamlNode* n = root.find("network")) read_network(*n);
    // Who is drawn in is a set of parties in 64 bits (network.cpp), and every
    // ordered pair of them has a draw_in name.
    if ((!s_.network.empty() || !s_.parties.empty()) && s_.actors.size() + s_.parties.size() > kMaxNetworkParties) {
      const YamlNode* at = root.find("parties") ? root.find("parties") : root.find("network");
      r_.error(*at, fmt::format("the commitment network has {} parties (actors and parties); at most {} are supported",
                                s_.actors.size() + s_.parties.size(), kMaxNetworkParties));
    }
    if (const YamlNode* n = root.find("dynamics")) s_.has_dynamics = r_.expect_map(*n, "'dynamics'");
    check_references();
    check_scenario_model(s_, r_);
    r_.throw_if_any();
    return std::move(s_);
  }

  // A variant: another scenario with some parameters fixed at other values,
  // each with its own grounds (e.g. each side of a view the articles dispute).
  Scenario load_variant(const YamlNode& root, const YamlNode& base_node) {
    r_.check_keys(root, {"schema", "variant_of", "name", "description", "set"}, "a variant");
    if (const YamlNode* schema = r_.require(root, "schema", "a variant")) {
      if (auto t = r_.text(*schema, "'schema'"); t && *t != "backstop/1")
        r_.error(*schema, "unsupported schema '" + *t + "' (this backstop reads backstop/1)");
    }
    const std::string base_file = r_.text(base_node, "'variant_of'").value_or("");
    if (base_file.empty()) r_.error(base_node, "'variant_of' must name the scenario file this one varies");
    r_.throw_if_any();
    const std::string path = base_file.front() == '/' ? base_file : folder_of(s_.file) + "/" + base_file;
    std::vector<std::string> chain = chain_;
    chain.push_back(identity(s_.file));
    const std::string base = identity(path);
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
    std::vector<std::string> names;
    for (const Parameter& p : s_.parameters) names.push_back(p.name);
    if (const YamlNode* set = r_.require(root, "set", "a variant"); set && r_.expect_map(*set, "'set'")) {
      for (const auto& [key, value] : set->entries) {
        Parameter* p = nullptr;
        for (Parameter& q : s_.parameters) p = q.name == key.scalar ? &q : p;
        if (p == nullptr) {
          r_.error(key, "unknown parameter '" + key.scalar + "'" + did_you_mean(key.scalar, names));
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
    check_quotes();
    check_scenario_model(s_, r_);
    r_.throw_if_any();
    return std::move(s_);
  }

  static std::string folder_of(const std::string& file) {
    const auto slash = file.rfind('/');
    return slash == std::string::npos ? std::string(".") : file.substr(0, slash);
  }

 private:
  void read_sources(const YamlNode& node) {
    if (!r_.expect_map(node, "'sources'")) return;
    for (const auto& [key, value] : node.entries) {
      Source src;
      src.id = key.scalar;
      src.where = r_.at(key);
      const std::string what = "source '" + src.id + "'";
      if (!r_.expect_map(value, what)) continue;
      r_.check_keys(value, {"file", "title", "author", "outlet", "date", "url"}, what);
      for (auto [name, field] : {std::pair{"file", &src.file},
                                 {"title", &src.title},
                                 {"author", &src.author},
                                 {"outlet", &src.outlet},
                                 {"date", &src.date},
                                 {"url", &src.url}}) {
        if (const YamlNode* f = value.find(name)) *field = r_.text(*f, fmt::format("'{}'", name)).value_or("");
      }
      if (src.title.empty() && src.outlet.empty())
        r_.error(value, what + " needs a 'title' or an 'outlet' (what a citation names)");
      s_.sources.push_back(std::move(src));
    }
  }

  // `source` + `quote`, or `why`, on a map that may carry them.
  Grounds read_grounds(const YamlNode& map, const std::string& what, bool required) {
    Grounds g;
    if (const YamlNode* n = map.find("source")) {
      g.source = r_.text(*n, "'source'").value_or("");
      grounded_.push_back({g.source, r_.at(*n)});
      if (const YamlNode* q = r_.require(map, "quote", what + " (it names a source)")) {
        g.quote = r_.text(*q, "'quote'").value_or("");
        quotes_.push_back({g.source, g.quote, r_.at(*q)});
      }
    } else if (map.find("quote") != nullptr) {
      r_.error(*map.find("quote"), what + ": a 'quote' needs the 'source' it comes from");
    }
    if (const YamlNode* n = map.find("why")) g.why = r_.text(*n, "'why'").value_or("");
    if (required && g.source.empty() && g.why.empty())
      r_.error(map, what + " needs a 'source' (with a 'quote') or a 'why'");
    return g;
  }

  void read_actors(const YamlNode& node) {
    if (!r_.expect_map(node, "'actors'")) return;
    if (node.entries.size() > kMaxActors) {
      r_.error(node.entries[kMaxActors].key,
               fmt::format("more than {} actors; each is a player of the game", kMaxActors));
      r_.mark_broken_declaration();
      return;
    }
    for (const auto& [key, value] : node.entries) {
      Actor a;
      a.id = key.scalar;
      a.where = r_.at(key);
      const std::string what = "actor '" + a.id + "'";
      if (!is_identifier(a.id)) r_.error(key, "actor id '" + a.id + "' must be a name (letters, digits, _)");
      if (a.id == "Nature") {
        r_.error(key, "'Nature' is the chance player; it is not declared as an actor");
        continue;
      }
      if (!r_.expect_map(value, what)) {
        s_.actors.push_back(std::move(a));  // still an actor, for the names that refer to it
        continue;
      }
      r_.check_keys(value, {"name", "policy", "params"}, what);
      a.name = a.id;
      if (const YamlNode* n = value.find("name")) a.name = r_.text(*n, "'name'").value_or(a.id);
      if (const YamlNode* n = value.find("policy"); n && r_.expect_list(*n, what + ": 'policy'")) {
        for (const YamlNode& item : n->items) {
          if (!r_.expect_map(item, "a policy claim")) continue;
          r_.check_keys(item, {"claim", "source", "quote", "why"}, "a policy claim of " + a.id);
          PolicyClaim c;
          c.where = r_.at(item);
          if (const YamlNode* t = r_.require(item, "claim", "a policy claim"))
            c.claim = r_.text(*t, "'claim'").value_or("");
          c.grounds = read_grounds(item, "the policy claim", true);
          if (c.grounds.source.empty()) r_.error(item, "a policy claim of " + a.id + " needs a 'source' and a 'quote'");
          a.policy.push_back(std::move(c));
        }
      }
      if (const YamlNode* n = value.find("params"); n && r_.expect_map(*n, what + ": 'params'")) {
        for (const auto& [pk, pv] : n->entries) read_parameter(pk, pv, a.id + "." + pk.scalar);
      }
      s_.actors.push_back(std::move(a));
    }
  }

  void read_parameter(const YamlNode& key, const YamlNode& value, const std::string& name) {
    Parameter p;
    p.name = name;
    p.where = r_.at(key);
    const std::string what = "parameter '" + name + "'";
    if (!is_identifier(key.scalar)) {
      r_.error(key, "parameter name '" + key.scalar + "' must be a name (letters, digits, _)");
      r_.mark_broken_declaration();
    }
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
    Distribution& d = p.distribution;
    std::string kind = "fixed";
    if (const YamlNode* n = value.find("dist")) kind = r_.text(*n, "'dist'").value_or("fixed");
    auto num = [&](const char* k, bool needed) -> std::optional<double> {
      const YamlNode* n = needed ? r_.require(value, k, fmt::format("{} ({})", what, kind)) : value.find(k);
      return n ? r_.number(*n, fmt::format("'{}'", k)) : std::nullopt;
    };
    std::optional<double> given;
    if (value.find("value")) given = num("value", false);
    const YamlNode& at = value.find("dist") ? *value.find("dist") : value;
    if (kind == "fixed") {
      d.kind = DistributionKind::kFixed;
      if (!value.find("value")) given = num("value", true);
      d.mean = given.value_or(0.0);
    } else if (kind == "uniform") {
      d.kind = DistributionKind::kUniform;
      d.low = num("low", true).value_or(0.0);
      d.high = num("high", true).value_or(1.0);
      if (!(d.low < d.high)) r_.error(at, what + ": uniform needs low < high");
      d.mean = (d.low + d.high) / 2;
    } else if (kind == "triangular") {
      d.kind = DistributionKind::kTriangular;
      d.low = num("low", true).value_or(0.0);
      d.mode = num("mode", true).value_or(0.5);
      d.high = num("high", true).value_or(1.0);
      if (!(d.low <= d.mode && d.mode <= d.high && d.low < d.high))
        r_.error(at, what + ": triangular needs low <= mode <= high, low < high");
      d.mean = (d.low + d.mode + d.high) / 3;
    } else if (kind == "normal") {
      d.kind = DistributionKind::kNormal;
      d.mean = num("mean", true).value_or(0.0);
      d.sd = num("sd", true).value_or(1.0);
      d.low = num("low", false).value_or(-HUGE_VAL);
      d.high = num("high", false).value_or(HUGE_VAL);
      if (!(d.sd > 0)) r_.error(at, what + ": normal needs sd > 0");
      if (!(d.low < d.high)) r_.error(at, what + ": normal needs low < high (its truncation)");
    } else if (kind == "beta") {
      d.kind = DistributionKind::kBeta;
      d.mean = num("mean", true).value_or(0.5);
      d.sd = num("sd", true).value_or(0.1);
      d.low = num("low", false).value_or(0.0);
      d.high = num("high", false).value_or(1.0);
      const double m = (d.mean - d.low) / (d.high - d.low), s = d.sd / (d.high - d.low);
      if (!(d.low < d.high) || !(m > 0 && m < 1) || !(s > 0 && s * s < m * (1 - m))) {
        r_.error(at, what + ": beta needs low < mean < high and 0 < sd^2 < (mean - low)(high - mean)");
      }
    } else if (kind == "discrete") {
      d.kind = DistributionKind::kDiscrete;
      const YamlNode* vs = r_.require(value, "values", what + " (discrete)");
      const YamlNode* ws = r_.require(value, "weights", what + " (discrete)");
      if (vs && ws && r_.expect_list(*vs, "'values'") && r_.expect_list(*ws, "'weights'")) {
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
        for (std::size_t k = 0; k < std::min(d.values.size(), d.weights.size()); ++k)
          d.mean += d.values[k] * d.weights[k];
      }
    } else {
      const std::string suggestion =
          did_you_mean(kind, {"fixed", "uniform", "triangular", "normal", "beta", "discrete"});
      r_.error(at, what + ": unknown distribution '" + kind + "'" +
                       (suggestion.empty() ? " (fixed, uniform, triangular, normal, beta or discrete)" : suggestion));
    }
    d.nominal = given.value_or(d.mean);
    if (given && d.kind != DistributionKind::kFixed && d.kind != DistributionKind::kDiscrete &&
        (*given < d.low || *given > d.high)) {
      r_.error(*value.find("value"), fmt::format("{}: value {:g} lies outside the distribution's range", what, *given));
    }
    if (!parameter_names_.insert(name).second) r_.error(key, "parameter '" + name + "' is declared twice");
    s_.parameters.push_back(std::move(p));
  }

  void read_stages(const YamlNode& node) {
    if (!r_.expect_list(node, "'stages'")) return;
    if (node.items.size() > kMaxStages) {
      r_.error(node.items[kMaxStages],
               fmt::format("more than {} stages; the stages expand into a game tree, and no tree of so many "
                           "moves can be solved",
                           kMaxStages));
      return;
    }
    for (const YamlNode& item : node.items) {
      if (!r_.expect_map(item, "a stage")) continue;
      Stage st;
      st.where = r_.at(item);
      if (const YamlNode* n = r_.require(item, "id", "a stage")) st.id = r_.text(*n, "'id'").value_or("");
      const std::string what = "stage '" + st.id + "'";
      r_.check_keys(item, {"id", "label", "actor", "actions", "chance", "observes", "when"}, what);
      if (!is_identifier(st.id)) r_.error(item, what + ": the id must be a name (letters, digits, _)");
      if (const YamlNode* n = item.find("label")) st.label = r_.text(*n, "'label'").value_or("");
      const YamlNode* actor = item.find("actor");
      const YamlNode* chance = item.find("chance");
      if ((actor != nullptr) == (chance != nullptr)) {
        r_.error(item, what + (actor ? " has both 'actor' and 'chance'" : " has neither 'actor' nor 'chance'") +
                           ": a stage is a decision of an actor or a move of Nature");
        continue;
      }
      if (actor) {
        st.actor = r_.text(*actor, "'actor'").value_or("");
        actor_refs_.push_back({st.actor, r_.at(*actor)});
        if (const YamlNode* acts = r_.require(item, "actions", what);
            acts && r_.expect_list(*acts, what + ": 'actions'")) {
          for (const YamlNode& a : acts->items) {
            StageAction sa;
            sa.where = r_.at(a);
            if (a.kind == YamlNode::Kind::kMap) {
              r_.check_keys(a, {"id", "label"}, "an action");
              if (const YamlNode* n = r_.require(a, "id", "an action")) sa.id = r_.text(*n, "'id'").value_or("");
              if (const YamlNode* n = a.find("label")) sa.label = r_.text(*n, "'label'").value_or("");
            } else {
              sa.id = r_.text(a, "an action").value_or("");
            }
            st.actions.push_back(std::move(sa));
          }
        }
      } else if (chance && r_.expect_map(*chance, what + ": 'chance'")) {
        if (item.find("actions"))
          r_.error(*item.find("actions"), what + ": a chance stage lists its actions under 'chance'");
        for (const auto& [k, v] : chance->entries) {
          StageAction sa;
          sa.id = k.scalar;
          sa.where = r_.at(v, 0);
          sa.probability = r_.text(v, "a probability").value_or("0");
          st.actions.push_back(std::move(sa));
        }
      }
      if (st.actions.size() < (st.is_chance() ? 1u : 1u)) r_.error(item, what + " has no actions");
      std::set<std::string> seen;
      for (const StageAction& a : st.actions) {
        if (!is_identifier(a.id))
          r_.error(a.where, what + ": action '" + a.id + "' must be a name (letters, digits, _)");
        if (!seen.insert(a.id).second) r_.error(a.where, what + ": action '" + a.id + "' appears twice");
      }
      if (const YamlNode* n = item.find("observes")) {
        if (n->kind == YamlNode::Kind::kScalar && n->scalar == "all") {
          st.observes_all = true;
        } else {
          st.observes = r_.names(*n, "an observed stage", &st.observes_where);
        }
      }
      if (const YamlNode* n = item.find("when")) {
        st.when = r_.text(*n, "'when'").value_or("");
        st.when_where = r_.at(*n, 0);
      }
      for (const Stage& other : s_.stages) {
        if (other.id == st.id) r_.error(item, what + " is declared twice");
      }
      s_.stages.push_back(std::move(st));
    }
    if (s_.stages.empty()) r_.error(node, "'stages' must list at least one stage");
  }

  void read_outcomes(const YamlNode& node) {
    if (!r_.expect_map(node, "'outcomes'")) return;
    if (node.entries.size() > kMaxOutcomes) {
      r_.error(node.entries[kMaxOutcomes].key, fmt::format("more than {} outcomes", kMaxOutcomes));
      return;
    }
    for (const auto& [key, value] : node.entries) {
      Outcome o;
      o.id = key.scalar;
      o.where = r_.at(key);
      const std::string what = "outcome '" + o.id + "'";
      if (!r_.expect_map(value, what)) continue;
      r_.check_keys(value, {"label", "when"}, what);
      if (const YamlNode* n = value.find("label")) o.label = r_.text(*n, "'label'").value_or("");
      if (const YamlNode* n = r_.require(value, "when", what)) {
        o.when = r_.text(*n, "'when'").value_or("0");
        o.when_where = r_.at(*n, 0);
      }
      s_.outcomes.push_back(std::move(o));
    }
  }

  void read_metrics(const YamlNode& node) {
    if (!r_.expect_map(node, "'metrics'")) return;
    for (const auto& [key, value] : node.entries) {
      Metric m;
      m.id = key.scalar;
      m.where = r_.at(key);
      const std::string what = "metric '" + m.id + "'";
      if (!r_.expect_map(value, what)) continue;
      r_.check_keys(value, {"label", "outcomes"}, what);
      if (const YamlNode* n = value.find("label")) m.label = r_.text(*n, "'label'").value_or("");
      if (const YamlNode* n = r_.require(value, "outcomes", what))
        m.outcomes = r_.names(*n, "an outcome", &m.outcomes_where);
      s_.metrics.push_back(std::move(m));
    }
  }

  void read_payoffs(const YamlNode& node) {
    if (!r_.expect_map(node, "'payoffs'")) return;
    for (const auto& [actor, table] : node.entries) {
      actor_refs_.push_back({actor.scalar, r_.at(actor)});
      if (!r_.expect_map(table, "the payoffs of " + actor.scalar)) continue;
      for (const auto& [outcome, expr] : table.entries) {
        PayoffEntry e;
        e.actor = actor.scalar;
        e.outcome = outcome.scalar;
        e.where = r_.at(outcome);
        e.expression = r_.text(expr, "a payoff").value_or("0");
        e.expression_where = r_.at(expr, 0);
        s_.payoffs.push_back(std::move(e));
      }
    }
  }

  void read_options(const YamlNode& node) {
    if (!r_.expect_map(node, "'options'")) return;
    for (const auto& [key, value] : node.entries) {
      BackstopOption o;
      o.id = key.scalar;
      o.where = r_.at(key);
      const std::string what = "option '" + o.id + "'";
      if (!r_.expect_map(value, what)) continue;
      r_.check_keys(value, {"label", "description", "set", "source", "quote", "why"}, what);
      o.label = o.id;
      if (const YamlNode* n = value.find("label")) o.label = r_.text(*n, "'label'").value_or(o.id);
      if (const YamlNode* n = value.find("description")) o.description = r_.text(*n, "'description'").value_or("");
      o.grounds = read_grounds(value, what, false);
      if (const YamlNode* n = value.find("set"); n && r_.expect_map(*n, what + ": 'set'")) {
        for (const auto& [pk, pv] : n->entries) {
          if (auto x = r_.number(pv, "the value of '" + pk.scalar + "'")) {
            o.set.emplace_back(pk.scalar, *x);
            o.set_where.push_back(r_.at(pk));
          }
        }
      }
      s_.options.push_back(std::move(o));
    }
  }

  void read_network(const YamlNode& node) {
    if (!r_.expect_list(node, "'network'")) return;
    for (const YamlNode& item : node.items) {
      if (!r_.expect_map(item, "a commitment tie")) continue;
      r_.check_keys(item, {"backer", "backed", "kind", "credibility", "source", "quote", "why"}, "a commitment tie");
      CommitmentTie t;
      t.where = r_.at(item);
      if (const YamlNode* n = r_.require(item, "backer", "a commitment tie")) {
        t.backer = r_.text(*n, "'backer'").value_or("");
        party_refs_.push_back({t.backer, r_.at(*n)});
      }
      if (const YamlNode* n = r_.require(item, "backed", "a commitment tie")) {
        t.backed = r_.text(*n, "'backed'").value_or("");
        party_refs_.push_back({t.backed, r_.at(*n)});
      }
      if (const YamlNode* n = r_.require(item, "kind", "a commitment tie")) {
        const std::string k = r_.text(*n, "'kind'").value_or("none");
        const std::vector<std::string> kinds{"treaty", "bilateral_promise", "backstop", "tripwire", "none"};
        const auto it = std::find(kinds.begin(), kinds.end(), k);
        if (it == kinds.end()) {
          const std::string suggestion = closest_name(k, kinds);
          r_.error(*n, "unknown kind of tie '" + k + "' (treaty, bilateral_promise, backstop, tripwire or none)" +
                           (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"));
        } else {
          t.kind = static_cast<TieKind>(it - kinds.begin());
        }
      }
      if (const YamlNode* n = r_.require(item, "credibility", "a commitment tie")) {
        t.credibility = r_.text(*n, "'credibility'").value_or("0");
        t.credibility_where = r_.at(*n, 0);
      }
      t.grounds = read_grounds(item, "a commitment tie", true);
      s_.network.push_back(std::move(t));
    }
  }

  // Names that point across sections, and the quotes against their articles.
  void check_references() {
    std::set<std::string> actors;
    for (const Actor& a : s_.actors) actors.insert(a.id);
    std::vector<std::string> actor_names(actors.begin(), actors.end());
    auto unknown = [&](const std::string& kind, const std::string& name, const std::vector<std::string>& known,
                       const SourceLocation& where) {
      // Past the problems shown, only counted: no search for a suggestion.
      r_.error(where, r_.full() ? std::string() : "unknown " + kind + " '" + name + "'" + did_you_mean(name, known));
    };
    for (const auto& [name, where] : actor_refs_) {
      if (!actors.count(name) && !actors.empty()) unknown("actor", name, actor_names, where);
    }
    std::vector<std::string> parties = actor_names;
    parties.insert(parties.end(), s_.parties.begin(), s_.parties.end());
    const std::unordered_set<std::string> party_set(parties.begin(), parties.end());
    for (const auto& [name, where] : party_refs_) {
      if (!party_set.count(name)) unknown("actor or party", name, parties, where);
    }
    std::vector<std::string> source_ids;
    for (const Source& src : s_.sources) source_ids.push_back(src.id);
    const std::unordered_set<std::string> source_set(source_ids.begin(), source_ids.end());
    for (const auto& [id, where] : grounded_) {
      if (!source_set.count(id)) unknown("source", id, source_ids, where);
    }
    // Stages: observed stages come earlier.
    for (std::size_t i = 0; i < s_.stages.size(); ++i) {
      const Stage& st = s_.stages[i];
      for (std::size_t k = 0; k < st.observes.size(); ++k) {
        bool earlier = false;
        for (std::size_t j = 0; j < i; ++j) earlier = earlier || s_.stages[j].id == st.observes[k];
        if (!earlier)
          r_.error(st.observes_where[k],
                   "stage '" + st.id + "' observes '" + st.observes[k] + "', which is not an earlier stage");
      }
    }
    // Outcomes, metrics, payoffs.
    std::vector<std::string> outcome_ids;
    for (const Outcome& o : s_.outcomes) outcome_ids.push_back(o.id);
    const std::unordered_set<std::string> outcome_set(outcome_ids.begin(), outcome_ids.end());
    if (s_.outcomes.empty()) r_.error(SourceLocation{s_.file, 1, 1}, "'outcomes' must name at least one outcome");
    for (const Metric& m : s_.metrics) {
      for (std::size_t k = 0; k < m.outcomes.size(); ++k) {
        if (!outcome_set.count(m.outcomes[k])) unknown("outcome", m.outcomes[k], outcome_ids, m.outcomes_where[k]);
      }
    }
    std::set<std::pair<std::string, std::string>> paid;  // (actor, outcome)
    for (const PayoffEntry& e : s_.payoffs) {
      if (!outcome_set.count(e.outcome)) unknown("outcome", e.outcome, outcome_ids, e.where);
      paid.emplace(e.actor, e.outcome);
    }
    for (const Actor& a : s_.actors) {
      for (const Outcome& o : s_.outcomes) {
        if (!paid.count({a.id, o.id}) && actors.count(a.id))
          r_.error(a.where, "actor '" + a.id + "' has no payoff for outcome '" + o.id + "'");
      }
    }
    std::vector<std::string> parameter_names;
    for (const Parameter& p : s_.parameters) parameter_names.push_back(p.name);
    for (const BackstopOption& o : s_.options) {
      for (std::size_t k = 0; k < o.set.size(); ++k) {
        if (!parameter_names_.count(o.set[k].first))
          unknown("parameter", o.set[k].first, parameter_names, o.set_where[k]);
      }
    }
    check_quotes();
  }

  // A quote must be a sentence of the article it cites (curly quotes and
  // runs of white space compared loosely). Done only where the texts are
  // given: they are other people's writing and do not ship with scenarios.
  void check_quotes() {
    const std::string& dir = options_.sources_dir;
    if (dir.empty()) return;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      throw IoError(dir, "no such folder for the sources' texts (given with --sources or BACKSTOP_SOURCES)");
    }
    s_.sources_dir = dir;
    std::map<std::string, std::optional<std::string>> texts;
    for (const Source& src : s_.sources) {
      texts[src.id] = std::nullopt;
      if (src.file.empty()) {
        r_.error(src.where, "source '" + src.id + "' names no 'file', so its quotes cannot be checked against " + dir);
        continue;
      }
      try {
        texts[src.id] = normalise(read_input_file(dir + "/" + src.file, kMaxSourceTextBytes, "a source's text"));
      } catch (const Error&) {
        r_.error(src.where, "source '" + src.id + "': cannot read its text '" + src.file + "' in the sources folder");
      }
    }
    bool all = true;
    for (const auto& [source, quote, where] : quotes_) {
      const auto it = texts.find(source);
      if (it == texts.end() || !it->second) {
        all = false;
        continue;
      }
      if (quote.empty() || it->second->find(normalise(quote)) == std::string::npos) {
        all = false;
        r_.error(where, "the quote is not in source '" + source + "' (" + std::string(quote.substr(0, 40)) +
                            (quote.size() > 40 ? "...)" : ")"));
      }
    }
    s_.quotes_checked = all;
  }

  static std::string normalise(const std::string& text) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      // UTF-8 curly quotes (E2 80 98/99/9C/9D) and dashes (E2 80 93/94) become ASCII.
      if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
        const unsigned char d = static_cast<unsigned char>(text[i + 2]);
        const char ascii = (d == 0x98 || d == 0x99)   ? '\''
                           : (d == 0x9C || d == 0x9D) ? '"'
                           : (d == 0x93 || d == 0x94) ? '-'
                                                      : 0;
        if (ascii != 0) {
          if (space && !out.empty()) out += ' ';
          space = false;
          out += ascii;
          i += 2;
          continue;
        }
      }
      if (std::isspace(c)) {
        space = true;
        continue;
      }
      if (space && !out.empty()) out += ' ';
      space = false;
      out += static_cast<char>(c);
    }
    return out;
  }

  struct Quote {
    std::string source, quote;
    SourceLocation where;
  };
  struct Ref {
    std::string name;
    SourceLocation where;
  };

  static std::string identity(const std::string& file) {
    std::error_code ec;
    const auto canonical = std::filesystem::weakly_canonical(file, ec);
    return ec ? file : canonical.string();
  }
  static constexpr std::size_t kMaxVariantDepth = 16;
  static constexpr std::size_t kMaxStages = 1000;
  static constexpr std::size_t kMaxActors = 100;
  static constexpr std::size_t kMaxNetworkParties = 64;
  static constexpr std::size_t kMaxOutcomes = 10000;

  Reader r_;
  LoadOptions options_;
  std::vector<std::string> chain_;
  Scenario s_;
  std::unordered_set<std::string> parameter_names_;
  std::vector<Ref> actor_refs_, party_refs_, grounded_;
  std::vector<Quote> quotes_;
};

Scenario load_chain(const std::string& path, const LoadOptions& options, std::vector<std::string> chain) {
  const std::string file = display_name(path);
  std::vector<Diagnostic> problems;
  const YamlNode root = detail::parse_yaml(read_input_file(path, kMaxScenarioBytes, "a scenario"), file, problems);
  return Loader(file, options, std::move(chain), problems).load(root);
}

}  // namespace

Scenario parse_scenario(const std::string& text, const std::string& file, const LoadOptions& options) {
  std::vector<Diagnostic> problems;
  const YamlNode root = detail::parse_yaml(text, file, problems);
  return Loader(file, options, {}, problems).load(root);
}

Scenario load_scenario(const std::string& path, const LoadOptions& options) { return load_chain(path, options, {}); }

}  // namespace backstop
