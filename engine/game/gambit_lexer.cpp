#include "gambit_lexer.hpp"

#include <fmt/format.h>

#include <charconv>

namespace backstop::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == '/' || c == 'e' || c == 'E';
}
bool is_number_start(char c) { return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'; }
bool is_symbol_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

std::string show_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", u);
}

}  // namespace

GambitLexer::GambitLexer(std::string_view input, std::string file_name) : input_(input), file_(std::move(file_name)) {
  current_ = scan();
}

Token GambitLexer::next() {
  Token t = std::move(current_);
  current_ = scan();
  return t;
}

Token GambitLexer::scan() {
  // Line breaks only come between tokens or inside texts: counted there; a
  // column is the distance from the line's start.
  auto advance = [&] {
    if (input_[pos_] == '\n') ++line_, line_start_ = pos_ + 1;
    ++pos_;
  };
  while (pos_ < input_.size() && is_space(input_[pos_])) advance();
  Token t;
  t.line = line_;
  t.column = static_cast<int>(pos_ - line_start_ + 1);
  if (pos_ >= input_.size()) return t;
  const char c = input_[pos_];
  switch (c) {
    case '{':
      ++pos_;
      t.kind = Token::Kind::kLBrace;
      return t;
    case '}':
      ++pos_;
      t.kind = Token::Kind::kRBrace;
      return t;
    case ',':
      ++pos_;
      t.kind = Token::Kind::kComma;
      return t;
    default: break;
  }
  if (c == '"') {
    advance();
    t.kind = Token::Kind::kText;
    const std::size_t start = pos_;
    bool escaped = false;
    for (;;) {
      if (pos_ >= input_.size()) fail(t, "unterminated text: no closing '\"'");
      const char d = input_[pos_];
      if (d == '"') break;
      if (d == '\\' && pos_ + 1 < input_.size() && input_[pos_ + 1] == '"') escaped = true, advance();
      advance();
    }
    t.text = input_.substr(start, pos_ - start);
    advance();  // the closing quote
    if (escaped) {
      std::string& out = unescaped_.emplace_back();
      for (std::size_t k = 0; k < t.text.size(); ++k) {
        if (t.text[k] == '\\' && k + 1 < t.text.size() && t.text[k + 1] == '"') ++k;
        out += t.text[k];
      }
      t.text = out;
    }
    return t;
  }
  if (is_number_start(c)) {
    t.kind = Token::Kind::kNumber;
    const std::size_t start = pos_;
    while (pos_ < input_.size() && is_number_char(input_[pos_])) ++pos_;
    t.text = input_.substr(start, pos_ - start);
    return t;
  }
  if (is_symbol_char(c)) {
    t.kind = Token::Kind::kSymbol;
    const std::size_t start = pos_;
    while (pos_ < input_.size() && (is_symbol_char(input_[pos_]) || (input_[pos_] >= '0' && input_[pos_] <= '9')))
      ++pos_;
    t.text = input_.substr(start, pos_ - start);
    return t;
  }
  fail(t, "unexpected " + show_char(c));
}

std::string GambitLexer::describe(const Token& t) {
  switch (t.kind) {
    case Token::Kind::kLBrace: return "'{'";
    case Token::Kind::kRBrace: return "'}'";
    case Token::Kind::kComma: return "','";
    case Token::Kind::kText:
      return t.text.size() > 40 ? fmt::format("text \"{}...\"", t.text.substr(0, 40))
                                : fmt::format("text \"{}\"", t.text);
    case Token::Kind::kNumber: return fmt::format("number {}", t.text);
    case Token::Kind::kSymbol:
      return t.text.size() > 40 ? fmt::format("'{}...'", t.text.substr(0, 40)) : fmt::format("'{}'", t.text);
    case Token::Kind::kEnd: return "end of file";
  }
  return "?";
}

void GambitLexer::fail(const Token& at, const std::string& message) const { throw InputError(where(at), message); }

Token GambitLexer::expect(Token::Kind k, std::string_view what) {
  if (current_.kind != k) fail(current_, fmt::format("expected {}, found {}", what, describe(current_)));
  return next();
}

void GambitLexer::expect_symbol(std::string_view symbol) {
  if (current_.kind != Token::Kind::kSymbol || current_.text != symbol) {
    fail(current_, fmt::format("expected '{}', found {}", symbol, describe(current_)));
  }
  next();
}

Number GambitLexer::expect_number(std::string_view what) {
  if (current_.kind != Token::Kind::kNumber)
    fail(current_, fmt::format("expected {}, found {}", what, describe(current_)));
  auto n = parse_number(current_.text);
  if (!n) fail(current_, fmt::format("'{}' is not a number (expected {})", current_.text, what));
  next();
  return *n;
}

std::uint32_t GambitLexer::expect_count(std::string_view what, std::uint32_t lo, std::uint32_t hi) {
  const Token& t = current_;
  std::uint64_t v = 0;
  const char* b = t.text.data();
  const char* e = b + t.text.size();
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (t.kind != Token::Kind::kNumber || ec != std::errc{} || ptr != e) {
    fail(t, fmt::format("expected {} (a whole number), found {}", what, describe(t)));
  }
  if (v < lo || v > hi) fail(t, fmt::format("{} must be between {} and {}, found {}", what, lo, hi, t.text));
  next();
  return static_cast<std::uint32_t>(v);
}

std::string quote_text(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace backstop::detail
