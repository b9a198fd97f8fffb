#pragma once
// The schema's words for an enum's values, each listed once (the kinds of
// distribution, the kinds of tie), with the lookups both ways and the
// refusal of an unknown word.

#include <optional>
#include <string>
#include <vector>

#include "backstop/expr/expression.hpp"
#include "backstop/scenario/scenario.hpp"

namespace backstop::detail {

template <class Enum>
struct Named {
  Enum value;
  const char* name;
};

inline constexpr Named<DistributionKind> kDistributionNames[] = {{DistributionKind::kFixed, "fixed"},
                                                                 {DistributionKind::kUniform, "uniform"},
                                                                 {DistributionKind::kTriangular, "triangular"},
                                                                 {DistributionKind::kNormal, "normal"},
                                                                 {DistributionKind::kBeta, "beta"},
                                                                 {DistributionKind::kDiscrete, "discrete"}};

inline constexpr Named<TieKind> kTieKindNames[] = {{TieKind::kTreaty, "treaty"},
                                                   {TieKind::kBilateralPromise, "bilateral_promise"},
                                                   {TieKind::kBackstop, "backstop"},
                                                   {TieKind::kTripwire, "tripwire"},
                                                   {TieKind::kNone, "none"}};

template <class Enum, std::size_t N>
const char* name_of(const Named<Enum> (&table)[N], Enum value) {
  for (const Named<Enum>& x : table) {
    if (x.value == value) return x.name;
  }
  return "?";
}

template <class Enum, std::size_t N>
std::optional<Enum> value_of(const Named<Enum> (&table)[N], const std::string& word) {
  for (const Named<Enum>& x : table) {
    if (word == x.name) return x.value;
  }
  return std::nullopt;
}

// What follows "unknown kind 'x'": the closest word, or all of them
// (" (a, b or c)") when none is close.
template <class Enum, std::size_t N>
std::string suggest_name(const Named<Enum> (&table)[N], const std::string& word) {
  std::vector<std::string> names;
  for (const Named<Enum>& x : table) names.emplace_back(x.name);
  if (std::string suggestion = did_you_mean(word, names); !suggestion.empty()) return suggestion;
  std::string all;
  for (std::size_t k = 0; k < names.size(); ++k)
    all += (k == 0 ? "" : k + 1 == names.size() ? " or " : ", ") + names[k];
  return " (" + all + ")";
}

}  // namespace backstop::detail
