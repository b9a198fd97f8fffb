#include <catch2/catch.hpp>

#include "backstop/game/number.hpp"

using namespace backstop;

TEST_CASE("parse_number: decimals, rationals and exponents keep their exact value", "[game][number]") {
  auto half = parse_number("1/2");
  REQUIRE(half);
  CHECK(half->value == 0.5);
  CHECK(half->exact == Rational{1, 2});

  auto dec = parse_number("0.600000");
  REQUIRE(dec);
  CHECK(dec->exact == Rational{3, 5});

  auto neg = parse_number("-12.5e-1");
  REQUIRE(neg);
  CHECK(neg->value == -1.25);
  CHECK(neg->exact == Rational{-5, 4});

  auto lead = parse_number(".5");
  REQUIRE(lead);
  CHECK(lead->exact == Rational{1, 2});

  CHECK(parse_number("+3")->exact == Rational{3, 1});
  CHECK(parse_number("6/4")->exact == Rational{3, 2});
}

TEST_CASE("parse_number: rejects what is not a number", "[game][number]") {
  for (const char* bad : {"", "-", "1/0", "1.2.3", "e5", "1e", "abc", "1/2/3", "--1", "1/-2", "."}) {
    INFO(bad);
    CHECK_FALSE(parse_number(bad));
  }
}

TEST_CASE("exact_sum: thirds sum to exactly one where doubles do not", "[game][number]") {
  const std::vector<Rational> thirds{{1, 3}, {1, 3}, {1, 3}};
  CHECK(exact_sum(thirds) == Rational{1, 1});
  const std::vector<Rational> tenths(10, Rational{1, 10});
  CHECK(exact_sum(tenths) == Rational{1, 1});
}

TEST_CASE("number_text: keeps the text while it denotes the value, else the shortest decimal", "[game][number]") {
  CHECK(number_text("1/3", 1.0 / 3.0) == "1/3");
  CHECK(number_text("0.50", 0.5) == "0.50");
  CHECK(number_text("1/3", 0.25) == "0.25");
  CHECK(number_text("", 2.0) == "2");
  CHECK(parse_number(number_text("", 0.1 + 0.2))->value == 0.1 + 0.2);
}

TEST_CASE("number_text: a long decimal that is a simple fraction is written as the fraction", "[game][number]") {
  CHECK(number_text("", 1.0 / 3.0) == "1/3");
  CHECK(number_text("", 2.0 / 7.0) == "2/7");
  CHECK(number_text("", 0.125) == "0.125");
  const double pi = 3.141592653589793;
  CHECK(number_text("", pi) == "3.141592653589793");
}

TEST_CASE("parse_number: extreme exponents and long mantissas stay defined", "[number][fuzz]") {
  // Found by fuzzing: the scale overflowed int, the exact product overflowed 128 bits.
  const auto tiny = parse_number("0.5e-2147483648");
  REQUIRE(tiny);
  CHECK(tiny->value == 0.0);
  CHECK(!tiny->exact);
  const auto huge = parse_number("1234567890123456789012345678901234567e18");
  REQUIRE(huge);
  CHECK(huge->value == Approx(1.234567890123456789e54));
  CHECK(!huge->exact);
  CHECK(!parse_number("1e2147483648"));  // the exponent itself does not fit
  const auto exact = parse_number("9223372036854775807e0");
  REQUIRE(exact);
  REQUIRE(exact->exact);
  CHECK(exact->exact->num == 9223372036854775807LL);
}
