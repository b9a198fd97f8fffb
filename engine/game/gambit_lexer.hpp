#pragma once
// Tokens of Gambit's .efg and .nfg files, with 1-based line and column.
// Private to the game layer.

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "backstop/error.hpp"
#include "backstop/game/number.hpp"

namespace backstop::detail {

struct Token {
  enum class Kind { kLBrace, kRBrace, kComma, kText, kNumber, kSymbol, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view text;  // unquoted text, number or symbol as written (valid while the lexer lives)
  int line = 1;
  int column = 1;
};

class GambitLexer {
 public:
  GambitLexer(std::string_view input, std::string file_name);

  const Token& peek() const noexcept { return current_; }
  Token next();
  bool at(Token::Kind k) const noexcept { return current_.kind == k; }

  // Consume a token of the given kind or fail with "expected <what>".
  Token expect(Token::Kind k, std::string_view what);
  void expect_symbol(std::string_view symbol);
  std::string expect_text(std::string_view what) { return std::string(expect(Token::Kind::kText, what).text); }
  Number expect_number(std::string_view what);
  // A whole number in [lo, hi].
  std::uint32_t expect_count(std::string_view what, std::uint32_t lo, std::uint32_t hi);

  std::size_t remaining() const noexcept { return input_.size() - pos_; }  // bytes not yet read
  SourceLocation where(const Token& t) const { return {file_, t.line, t.column}; }
  [[noreturn]] void fail(const Token& at, const std::string& message) const;
  // "found ..." for messages.
  static std::string describe(const Token& t);

 private:
  Token scan();

  std::string_view input_;
  std::string file_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;  // where line_ begins
  Token current_;
  std::deque<std::string> unescaped_;  // texts that held \" (rare): their tokens view these
};

// Text as Gambit writes it: in double quotes, a quote escaped as \".
std::string quote_text(std::string_view s);

}  // namespace backstop::detail
