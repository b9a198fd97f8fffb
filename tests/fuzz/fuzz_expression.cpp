// libFuzzer target: the expression compiler over an environment like a
// scenario's (parameters, moves, draw-in names), then one evaluation.
#include <cstddef>
#include <cstdint>
#include <string>

#include "backstop/expr/expression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static backstop::Environment env = [] {
    backstop::Environment e;
    e.define("US.resolve", 0.45);
    e.define("cost", 3e77);
    e.define("tiny", 1e-300);
    e.define("draw_in.Force.US", 0.5);
    e.define("russia.attack", 1.0);
    e.define("russia.comply", 0.0);
    e.freeze();
    return e;
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  backstop::Expression expression;
  if (!backstop::Expression::compile(text, env, expression)) (void)expression.evaluate();
  return 0;
}
