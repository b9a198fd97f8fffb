#include "backstop/expr/expression.hpp"

#include <muParser.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "backstop/error.hpp"

namespace backstop {

std::size_t Environment::define(const std::string& name, double value) {
  if (auto slot = find(name)) return *slot;
  BACKSTOP_CHECK(!frozen_, "Environment::define after freeze: " + name);
  names_.push_back(name);
  values_.push_back(value);
  slots_.emplace(name, names_.size() - 1);
  return names_.size() - 1;
}

std::optional<std::size_t> Environment::find(std::string_view name) const {
  const auto it = slots_.find(std::string(name));
  if (it == slots_.end()) return std::nullopt;
  return it->second;
}

namespace {

// muParser asks the factory for every name an expression uses (none is
// defined up front, so compiling costs the expression's length, not the
// environment's size): a known name is bound to its value in place, an
// unknown one is recorded for compile() to report.
struct Unknowns {
  Environment* env = nullptr;
  std::vector<std::string> names;
  double dummy = 0.0;
};

}  // namespace

struct Expression::Impl {
  mu::Parser parser;
  Unknowns unknown;
};

namespace {

double logical_not(double x) { return x == 0.0 ? 1.0 : 0.0; }
double clamp(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }

// The binary operators, ours rather than muParser's built-in ones: its
// constant folding casts the operands of && and || to int, undefined for
// values past the int range (`7 && 3e77`).
double add(double a, double b) { return a + b; }
double subtract(double a, double b) { return a - b; }
double multiply(double a, double b) { return a * b; }
double divide(double a, double b) { return a / b; }
double power(double a, double b) { return std::pow(a, b); }
double less(double a, double b) { return a < b ? 1.0 : 0.0; }
double greater(double a, double b) { return a > b ? 1.0 : 0.0; }
double less_equal(double a, double b) { return a <= b ? 1.0 : 0.0; }
double greater_equal(double a, double b) { return a >= b ? 1.0 : 0.0; }
double equal(double a, double b) { return a == b ? 1.0 : 0.0; }
double not_equal(double a, double b) { return a != b ? 1.0 : 0.0; }
double logical_and(double a, double b) { return a != 0.0 && b != 0.0 ? 1.0 : 0.0; }
double logical_or(double a, double b) { return a != 0.0 || b != 0.0 ? 1.0 : 0.0; }

void define_operators(mu::Parser& p) {
  p.EnableBuiltInOprt(false);
  p.DefineOprt("+", add, mu::prADD_SUB, mu::oaLEFT, true);
  p.DefineOprt("-", subtract, mu::prADD_SUB, mu::oaLEFT, true);
  p.DefineOprt("*", multiply, mu::prMUL_DIV, mu::oaLEFT, true);
  p.DefineOprt("/", divide, mu::prMUL_DIV, mu::oaLEFT, true);
  p.DefineOprt("^", power, mu::prPOW, mu::oaRIGHT, true);
  p.DefineOprt("<", less, mu::prCMP, mu::oaLEFT, true);
  p.DefineOprt(">", greater, mu::prCMP, mu::oaLEFT, true);
  p.DefineOprt("<=", less_equal, mu::prCMP, mu::oaLEFT, true);
  p.DefineOprt(">=", greater_equal, mu::prCMP, mu::oaLEFT, true);
  p.DefineOprt("==", equal, mu::prCMP, mu::oaLEFT, true);
  p.DefineOprt("!=", not_equal, mu::prCMP, mu::oaLEFT, true);
  p.DefineOprt("&&", logical_and, mu::prLAND, mu::oaLEFT, true);
  p.DefineOprt("||", logical_or, mu::prLOR, mu::oaLEFT, true);
}

double* bind_name(const char* name, void* user) {
  auto* unknowns = static_cast<Unknowns*>(user);
  if (auto slot = unknowns->env->find(name)) return unknowns->env->data() + *slot;
  unknowns->names.emplace_back(name);
  return &unknowns->dummy;
}

// Edit distance with adjacent transpositions ("nmae" is one edit from "name"),
// in `d` (a flat table, kept by the caller across calls: no allocation per name).
std::size_t edit_distance(std::string_view a, std::string_view b, std::vector<std::size_t>& d) {
  const std::size_t w = b.size() + 1;
  d.resize((a.size() + 1) * w);
  for (std::size_t i = 0; i <= a.size(); ++i) d[i * w] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t& here = d[i * w + j];
      here = std::min(
          {d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        here = std::min(here, d[(i - 2) * w + j - 2] + 1);
    }
  }
  return d[a.size() * w + b.size()];
}

// Where `name` occurs in `text` as a whole name (not inside a longer one).
std::size_t find_name(const std::string& text, const std::string& name) {
  auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'; };
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const bool starts = at == 0 || !is_name_char(text[at - 1]);
    const bool ends = at + name.size() == text.size() || !is_name_char(text[at + name.size()]);
    if (starts && ends) return at;
  }
  return 0;
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& known) {
  // An unqualified name that is the last part of exactly one qualified name
  // ("resolve" for "US.resolve") means that one.
  if (name.find('.') == std::string_view::npos && !name.empty()) {
    std::string qualified;
    int matches = 0;
    for (const std::string& k : known) {
      const auto dot = k.rfind('.');
      if (dot != std::string::npos && std::string_view(k).substr(dot + 1) == name) {
        qualified = k;
        ++matches;
      }
    }
    if (matches == 1) return qualified;
  }
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
  std::vector<std::size_t> table;
  for (const std::string& k : known) {
    // The distance is at least the difference in length.
    if ((k.size() > name.size() ? k.size() - name.size() : name.size() - k.size()) >= best_distance) continue;
    const std::size_t d = edit_distance(name, k, table);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& known) {
  const std::string suggestion = closest_name(name, known);
  return suggestion.empty() ? std::string() : " (did you mean '" + suggestion + "'?)";
}

Expression::Expression() = default;
Expression::~Expression() = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;

std::optional<ExpressionProblem> Expression::compile(const std::string& text, Environment& env, Expression& out) {
  BACKSTOP_CHECK(env.frozen(), "compile before the environment is frozen");
  auto impl = std::make_unique<Impl>();
  mu::Parser& p = impl->parser;
  try {
    p.DefineNameChars("0123456789_.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    define_operators(p);
    p.DefineInfixOprt("!", logical_not);
    p.DefineFun("clamp", clamp);
    impl->unknown.env = &env;
    p.SetVarFactory(bind_name, &impl->unknown);
    p.SetExpr(text);
    const auto& used = p.GetUsedVar();  // parses the whole expression
    if (!impl->unknown.names.empty()) {
      const std::string& name = impl->unknown.names.front();
      std::vector<std::string> known;
      for (std::size_t slot = 0; slot < env.size(); ++slot) known.push_back(env.name(slot));
      return ExpressionProblem{find_name(text, name), "unknown name '" + name + "'" + did_you_mean(name, known), true};
    }
    std::vector<std::size_t> reads;
    for (const auto& entry : used) reads.push_back(*env.find(entry.first));
    std::sort(reads.begin(), reads.end());
    p.Eval();  // compiles to bytecode now, so evaluate() only runs it
    out.impl_ = std::move(impl);
    out.text_ = text;
    out.reads_ = std::move(reads);
    return std::nullopt;
  } catch (const mu::Parser::exception_type& e) {
    const int pos = e.GetPos();
    std::string message = e.GetMsg();
    if (!message.empty() && message.back() == '.') message.pop_back();
    if (const auto at = message.rfind(" at position "); at != std::string::npos) message.erase(at);
    return ExpressionProblem{pos >= 0 ? static_cast<std::size_t>(pos) : 0, "in expression: " + message};
  }
}

double Expression::evaluate() const {
  BACKSTOP_CHECK(impl_ != nullptr, "evaluate() on an expression never compiled");
  try {
    return impl_->parser.Eval();
  } catch (const mu::Parser::exception_type& e) {
    throw InputError("expression '" + text_ + "': " + e.GetMsg());
  }
}

}  // namespace backstop
