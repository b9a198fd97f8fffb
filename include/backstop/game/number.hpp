#pragma once
// Numbers as game files write them. Gambit stores every number exactly
// (`0.1` is 1/10, `1/3` is one third); we keep the text as written, solve in
// double, and use the exact value where a check must be exact (chance
// probabilities summing to one).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace backstop {

// A fraction num/den in lowest terms, den > 0.
struct Rational {
  std::int64_t num = 0;
  std::int64_t den = 1;
  friend bool operator==(const Rational&, const Rational&) = default;
};

// The sum of rationals, or nothing if an intermediate does not fit in 64 bits.
std::optional<Rational> exact_sum(std::span<const Rational> terms);

struct Number {
  double value = 0.0;
  std::optional<Rational> exact;  // absent when the text has no exact 64-bit form
};

// Parses `[+-]digits[.digits][e[+-]digits]`, `.5`, or `a/b` (the whole view,
// nothing else). Returns nothing for anything else, or a zero denominator.
std::optional<Number> parse_number(std::string_view text);

// The text to write for a value: `text` when it still denotes `value`,
// otherwise the shortest decimal that reads back to `value`.
std::string number_text(std::string_view text, double value);

}  // namespace backstop
