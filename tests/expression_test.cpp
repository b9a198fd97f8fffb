// Expressions: compiled once against an environment of named slots,
// re-evaluated as values change; operators and errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "backstop/expr/expression.hpp"

using namespace backstop;

TEST_CASE("expression: compiled once, re-evaluated as the values change", "[expr]") {
  Environment env;
  const std::size_t a = env.define("US.resolve", 0.25);
  env.define("russia.attack", 1.0);
  env.freeze();
  Expression e;
  REQUIRE_FALSE(Expression::compile("russia.attack ? 1 - US.resolve : 0", env, e));
  CHECK(e.evaluate() == 0.75);
  env[a] = 0.5;
  CHECK(e.evaluate() == 0.5);
  Expression n;
  REQUIRE_FALSE(Expression::compile("!russia.attack + clamp(3, 0, 1)", env, n));
  CHECK(n.evaluate() == 1.0);
}

TEST_CASE("expression: operators keep muParser's precedence and are defined for any double", "[expr]") {
  Environment env;
  const std::size_t x = env.define("x", 3e77);
  env.freeze();
  auto value = [&](const std::string& text) {
    Expression e;
    const auto problem = Expression::compile(text, env, e);
    INFO(text);
    REQUIRE_FALSE(problem);
    return e.evaluate();
  };
  // Found by fuzzing: the built-in && cast 3e77 to int while folding constants.
  CHECK(value("7 && 3e77") == 1.0);
  CHECK(value("0 && 3e77") == 0.0);
  CHECK(value("3e77 || 0") == 1.0);
  CHECK(value("x && 1") == 1.0);
  env[x] = 0.0;
  CHECK(value("x || 0") == 0.0);
  CHECK(value("1 + 2 * 3 ^ 2") == 19.0);
  CHECK(value("2 ^ 3 ^ 2") == 512.0);  // right-associative
  CHECK(value("-2 ^ 2") == -4.0);      // the sign binds looser than the power
  CHECK(value("10 - 4 - 3") == 3.0);
  CHECK(value("1 < 2 && 3 >= 3 || 0") == 1.0);
  CHECK(value("1 == 1 ? 5 : 6") == 5.0);
  CHECK(value("2 != 2") == 0.0);
}

TEST_CASE("expression: compiling costs the expression, not the environment's size", "[expr]") {
  // 200,000 names (a network of 450 parties has that many draw-in names):
  // 2,000 compiles must not each register them all.
  Environment env;
  for (int i = 0; i < 200000; ++i)
    env.define("draw_in.P" + std::to_string(i / 450) + ".P" + std::to_string(i % 450), 0.5);
  env.freeze();
  double total = 0.0;
  for (int i = 0; i < 2000; ++i) {
    Expression e;
    REQUIRE_FALSE(Expression::compile("draw_in.P1.P2 * " + std::to_string(i), env, e));
    total += e.evaluate();
  }
  CHECK(total == Approx(0.5 * 1999 * 2000 / 2));
}

TEST_CASE("expression: an unknown name is reported where it is, with a suggestion", "[expr][errors]") {
  Environment env;
  env.define("US.resolve");
  env.freeze();
  Expression e;
  const auto problem = Expression::compile("1 - US.resolv", env, e);
  REQUIRE(problem);
  CHECK(problem->offset == 4);
  CHECK(problem->message == "unknown name 'US.resolv' (did you mean 'US.resolve'?)");
  CHECK(Expression::compile("1 +* 2", env, e));
}
