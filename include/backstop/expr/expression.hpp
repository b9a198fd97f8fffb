#pragma once
// Arithmetic expressions over named values, compiled once and evaluated many
// times (per parameter draw, per path of a game tree). The names live in an
// Environment that owns their values; an Expression reads them in place, so
// re-evaluating after the values change costs no parsing and no allocation.
//
// The syntax is muParser's: + - * / ^, comparisons, && ||, c ? a : b, min,
// max, sum, abs, exp, ln, log10, sqrt, and our `!x` (1 if x is 0) and
// clamp(x, lo, hi). Names may contain dots: `US.resolve`, `russia.attack`.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace backstop {

class Environment {
 public:
  // Adds a name with its initial value, or returns the slot it already has.
  std::size_t define(const std::string& name, double value = 0.0);
  std::optional<std::size_t> find(std::string_view name) const;
  std::size_t size() const noexcept { return names_.size(); }
  const std::string& name(std::size_t slot) const { return names_[slot]; }
  double& operator[](std::size_t slot) { return values_[slot]; }
  double operator[](std::size_t slot) const { return values_[slot]; }
  // Expressions hold pointers into the values: define every name first.
  void freeze() { frozen_ = true; }
  bool frozen() const noexcept { return frozen_; }
  const double* data() const noexcept { return values_.data(); }
  double* data() noexcept { return values_.data(); }

 private:
  std::vector<std::string> names_;
  std::vector<double> values_;
  std::unordered_map<std::string, std::size_t> slots_;
  bool frozen_ = false;
};

// A compile error: where in the text (0-based offset) and what.
struct ExpressionProblem {
  std::size_t offset = 0;
  std::string message;
  bool unknown_name = false;  // the text is fine; a name it reads is not defined
};

class Expression {
 public:
  Expression();
  ~Expression();
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;

  // Compiles `text` against a frozen environment. On failure returns the
  // problem (unknown names come with the closest known one as a suggestion).
  static std::optional<ExpressionProblem> compile(const std::string& text, Environment& env, Expression& out);

  double evaluate() const;
  const std::string& text() const noexcept { return text_; }
  // The slots of the names the expression reads.
  const std::vector<std::size_t>& reads() const noexcept { return reads_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string text_;
  std::vector<std::size_t> reads_;
};

// The known name closest to `name` (the one qualified name it ends, as
// "US.resolve" for "resolve"; else edit distance at most a third of its
// length), for "did you mean" in messages; empty if none is close.
std::string closest_name(std::string_view name, const std::vector<std::string>& known);
// " (did you mean 'X'?)" with the closest known name, or "" when none is close:
// the tail of every "unknown ..." message.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& known);

}  // namespace backstop
