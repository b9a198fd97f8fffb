#include "backstop/game/number.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <numeric>

namespace backstop {
namespace {

__extension__ typedef __int128 Wide;

std::optional<Rational> make_rational(Wide num, Wide den) {
  if (den == 0) return std::nullopt;
  if (den < 0) num = -num, den = -den;
  Wide a = num < 0 ? -num : num, b = den;
  while (b != 0) {
    Wide t = a % b;
    a = b;
    b = t;
  }
  if (a > 1) num /= a, den /= a;
  constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
  if (num > kMax || num < -kMax || den > kMax) return std::nullopt;
  return Rational{static_cast<std::int64_t>(num), static_cast<std::int64_t>(den)};
}

// Digits only, at least one; accumulates into `out` unless it overflows 10^36.
bool read_digits(std::string_view s, Wide& out, int& count, bool& exact) {
  count = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    if (out < Wide(1) * 1000000000000000000 * 1000000000000000000) out = out * 10 + (c - '0');
    else exact = false;
    ++count;
  }
  return true;
}

}  // namespace

std::optional<Rational> exact_sum(std::span<const Rational> terms) {
  Rational sum{0, 1};
  for (const Rational& t : terms) {
    auto next = make_rational(Wide(sum.num) * t.den + Wide(t.num) * sum.den, Wide(sum.den) * t.den);
    if (!next) return std::nullopt;
    sum = *next;
  }
  return sum;
}

std::optional<Number> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string_view body = text;
  bool negative = false;
  if (body.front() == '+' || body.front() == '-') {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (auto slash = body.find('/'); slash != std::string_view::npos) {
    Wide num = 0, den = 0;
    int nd = 0, dd = 0;
    bool exact = true;
    if (!read_digits(body.substr(0, slash), num, nd, exact) || nd == 0) return std::nullopt;
    if (!read_digits(body.substr(slash + 1), den, dd, exact) || dd == 0 || den == 0) return std::nullopt;
    Number n;
    n.value = static_cast<double>(num) / static_cast<double>(den) * (negative ? -1.0 : 1.0);
    if (exact) n.exact = make_rational(negative ? -num : num, den);
    return n;
  }
  // Decimal: int part, optional fraction, optional exponent.
  std::size_t e = body.find_first_of("eE");
  std::string_view mantissa = body.substr(0, e);
  std::string_view exponent = e == std::string_view::npos ? std::string_view{} : body.substr(e + 1);
  std::size_t dot = mantissa.find('.');
  std::string_view int_part = mantissa.substr(0, dot);
  std::string_view frac_part = dot == std::string_view::npos ? std::string_view{} : mantissa.substr(dot + 1);
  Wide digits = 0;
  int ni = 0, nf = 0;
  bool exact = true;
  if (!read_digits(int_part, digits, ni, exact) || !read_digits(frac_part, digits, nf, exact)) return std::nullopt;
  if (ni + nf == 0) return std::nullopt;
  int exp10 = 0;
  if (e != std::string_view::npos) {
    std::string_view ev = exponent;
    if (!ev.empty() && ev.front() == '+') ev.remove_prefix(1);
    if (ev.empty() || ev == "-") return std::nullopt;
    auto [ptr, ec] = std::from_chars(ev.data(), ev.data() + ev.size(), exp10);
    if (ec != std::errc{} || ptr != ev.data() + ev.size()) return std::nullopt;
  }
  Number n;
  if (e == std::string_view::npos && nf == 0 && exact && digits <= (Wide{1} << 53)) {
    n.value = static_cast<double>(digits) * (negative ? -1.0 : 1.0);  // a whole number: exact as it is
  } else {
    // from_chars gives the correctly rounded double of the whole text (as strtod, without a copy).
    const std::string_view unsigned_text = text.front() == '+' ? text.substr(1) : text;
    const auto [ptr, ec] = std::from_chars(unsigned_text.data(), unsigned_text.data() + unsigned_text.size(), n.value);
    if (ec == std::errc::invalid_argument || (ec == std::errc{} && ptr != unsigned_text.data() + unsigned_text.size()))
      return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
      // Underflow to zero or overflow: as strtod would say.
      n.value = std::strtod(std::string(text).c_str(), nullptr);
    }
  }
  if (!std::isfinite(n.value)) return std::nullopt;
  // In 64 bits: the exponent may be INT_MIN. A mantissa past 2^63 has no
  // exact 64-bit numerator at any positive scale, and is kept from
  // overflowing 128 bits in the product below.
  const long long scale = static_cast<long long>(exp10) - nf;
  constexpr Wide kMaxNumerator = std::numeric_limits<std::int64_t>::max();
  if (exact && scale > -19 && scale < 19 && (scale <= 0 || digits <= kMaxNumerator)) {
    Wide p = 1;
    for (long long i = 0; i < std::abs(scale); ++i) p *= 10;
    Wide num = negative ? -digits : digits;
    n.exact = scale >= 0 ? make_rational(num * p, 1) : make_rational(num, p);
  }
  return n;
}

std::string number_text(std::string_view text, double value) {
  if (!text.empty()) {
    if (auto parsed = parse_number(text); parsed && parsed->value == value) return std::string(text);
  }
  if (value == std::floor(value) && std::abs(value) < 1e15) return fmt::format("{}", static_cast<long long>(value));
  std::string shortest = fmt::format("{}", value);
  if (shortest.size() <= 8) return shortest;
  // A long decimal that is really a simple fraction (1/3, 2/7) is written as
  // one, so exact readers (Gambit) see the intended number.
  for (long long den = 2; den <= 10000; ++den) {
    const double num = std::round(value * static_cast<double>(den));
    if (std::abs(num) < 1e15 && num / static_cast<double>(den) == value) {
      return fmt::format("{}/{}", static_cast<long long>(num), den);
    }
  }
  return shortest;
}

}  // namespace backstop
