#include "gambit_lexer.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cstring>

namespace backstop::detail {
namespace {

// Character classes by table: the lexer's inner loops look each byte up once.
enum : std::uint8_t { kSpace = 1, kNumberStart = 2, kNumberChar = 4, kSymbolStart = 8, kSymbolChar = 16 };
constexpr std::array<std::uint8_t, 256> kClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[static_cast<unsigned char>(c)] |= kSpace;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kNumberStart | kNumberChar | kSymbolChar;
  for (char c : {'+', '-', '.'}) t[static_cast<unsigned char>(c)] |= kNumberStart | kNumberChar;
  for (char c : {'/', 'e', 'E'}) t[static_cast<unsigned char>(c)] |= kNumberChar;
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kSymbolStart | kSymbolChar;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kSymbolStart | kSymbolChar;
  t['_'] |= kSymbolStart | kSymbolChar;
  return t;
}();
bool is(char c, std::uint8_t cls) { return (kClass[static_cast<unsigned char>(c)] & cls) != 0; }

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
  const char* const data = input_.data();
  const std::size_t size = input_.size();
  while (pos_ < size && is(data[pos_], kSpace)) {
    if (data[pos_] == '\n') ++line_, line_start_ = pos_ + 1;
    ++pos_;
  }
  Token t;
  t.line = line_;
  t.column = static_cast<int>(pos_ - line_start_ + 1);
  if (pos_ >= size) return t;
  const char c = data[pos_];
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
    case '"': {
      t.kind = Token::Kind::kText;
      const std::size_t start = ++pos_;
      bool escaped = false;
      for (;;) {
        const void* quote = std::memchr(data + pos_, '"', size - pos_);
        if (quote == nullptr) {
          pos_ = size;
          fail(t, "unterminated text: no closing '\"'");
        }
        const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(quote) - data);
        // A quote after a backslash is part of the text.
        if (at > start && data[at - 1] == '\\') {
          escaped = true;
          pos_ = at + 1;
          continue;
        }
        for (std::size_t k = pos_; k < at; ++k) {
          if (data[k] == '\n') ++line_, line_start_ = k + 1;
        }
        t.text = input_.substr(start, at - start);
        pos_ = at + 1;
        break;
      }
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
    default: break;
  }
  const std::size_t start = pos_;
  if (is(c, kNumberStart)) {
    t.kind = Token::Kind::kNumber;
    while (pos_ < size && is(data[pos_], kNumberChar)) ++pos_;
  } else if (is(c, kSymbolStart)) {
    t.kind = Token::Kind::kSymbol;
    while (pos_ < size && is(data[pos_], kSymbolChar)) ++pos_;
  } else {
    fail(t, "unexpected " + show_char(c));
  }
  t.text = input_.substr(start, pos_ - start);
  return t;
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
