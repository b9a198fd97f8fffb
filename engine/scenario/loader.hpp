#pragma once
// Reading a backstop/1 scenario: the shape of every section, then the names
// that refer across sections, then the model compiled (model_check.cpp), with
// every problem of a file reported together. The Loader's work is in rooms:
//   load.cpp           the file as a whole, and variants (variant_of)
//   sections.cpp       actors, stages, outcomes, metrics, payoffs, options, network
//   distributions.cpp  parameters and their distributions
//   sources.cpp        sources, the grounds of a value, quotes against the texts
//   references.cpp     names that point across sections

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "backstop/scenario/scenario.hpp"
#include "reader.hpp"

namespace backstop::detail {

bool is_identifier(const std::string& s);

class Loader {
 public:
  // `chain`: the files of the variants being loaded that lead here, to refuse a cycle.
  // `problems`: what reading the YAML found already (duplicate keys).
  Loader(const std::string& file, const LoadOptions& options, std::vector<std::string> chain,
         const std::vector<Diagnostic>& problems);

  // The scenario, or a ScenarioError with every problem found.
  Scenario load(const YamlNode& root);
  // One parameter's distribution alone (a command line's), or a ScenarioError.
  Distribution load_distribution(const YamlNode& value, const std::string& what);

  // Limits on what a file may declare (each refused with a located error).
  static constexpr std::size_t kMaxVariantDepth = 16;
  static constexpr std::size_t kMaxStages = 1000;
  static constexpr std::size_t kMaxActors = 100;
  static constexpr std::size_t kMaxNetworkParties = 64;  // who is drawn in is a set in 64 bits (network.cpp)
  static constexpr std::size_t kMaxOutcomes = 10000;

 private:
  // load.cpp
  // False (and reported) unless `id` is a name: letters, digits and _, not starting with a digit.
  bool require_identifier(const std::string& id, const SourceLocation& where, const std::string& what);
  Scenario load_variant(const YamlNode& root, const YamlNode& base_node);
  void read_variant_set(const YamlNode& set);
  void read_option_stage(const YamlNode& node);
  void read_method(const YamlNode& node);
  // sections.cpp
  void read_actors(const YamlNode& node);
  void read_policy(const YamlNode& list, Actor& actor);
  void read_stages(const YamlNode& node);
  void read_stage_actions(const YamlNode& item, Stage& st, const std::string& what);
  void read_outcomes(const YamlNode& node);
  void read_metrics(const YamlNode& node);
  void read_payoffs(const YamlNode& node);
  void read_options(const YamlNode& node);
  void read_network(const YamlNode& node);
  std::string read_expression(const YamlNode& map, const char* key, const std::string& what, bool required,
                              const std::string& fallback, SourceLocation& where);
  void read_derived(const YamlNode& node);
  void read_checks(const YamlNode& node);
  void read_dynamics(const YamlNode& node);
  // distributions.cpp
  void read_parameter(const YamlNode& key, const YamlNode& value, const std::string& name);
  Distribution read_distribution(const YamlNode& value, const std::string& what, std::optional<double>& given);
  void read_discrete(const YamlNode& value, const std::string& what, Distribution& d);
  // sources.cpp
  void read_sources(const YamlNode& node);
  Grounds read_grounds(const YamlNode& map, const std::string& what, bool required);
  void check_quotes();
  // references.cpp
  void check_references();
  // "unknown KIND 'NAME' (did you mean ...?)" at `where`; past the problems shown, only counted.
  void report_unknown(const std::string& kind, const std::string& name, const std::vector<std::string>& known,
                      const SourceLocation& where);
  void check_dynamics_references(const std::vector<std::string>& stage_ids, const std::vector<std::string>& metric_ids,
                                 const std::vector<std::string>& outcome_ids,
                                 const std::vector<std::string>& parameter_names);

  struct Quote {
    std::string source, quote;
    SourceLocation where;
  };
  struct Ref {  // a name used in one section for something declared in another
    std::string name;
    SourceLocation where;
  };

  Reader r_;
  LoadOptions options_;
  std::vector<std::string> chain_;
  Scenario s_;
  std::unordered_set<std::string> parameter_names_;
  std::vector<Ref> actor_refs_, party_refs_, grounded_;
  std::vector<Quote> quotes_;
};

}  // namespace backstop::detail
