// What a person would fix when yaml-cpp stops with "end of map not found":
// the text up to the error is read line by line for the three usual causes.
// Used only after a parse has failed, so a rare valid construct that looks
// like one of them (a quoted value continued on the next line) costs nothing.
#include <fmt/format.h>

#include <cctype>

#include <algorithm>
#include <string_view>
#include <vector>

#include "yaml_access.hpp"

namespace backstop::detail {

namespace {

struct Line {
  int number = 0;
  std::string_view text;
  std::size_t indent = 0;  // leading spaces
  bool block = false;      // inside a block scalar (after 'key: >' or 'key: |'): text, not keys
};

// Whether the line opens a block scalar: its value is '>' or '|', with
// optional chomping and indentation indicators ('>-', '|+', '>2').
bool opens_block(std::string_view t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  std::size_t end = t.size();
  while (end > 0 && (t[end - 1] == '-' || t[end - 1] == '+' || std::isdigit(static_cast<unsigned char>(t[end - 1]))))
    --end;
  if (end < 2 || (t[end - 1] != '>' && t[end - 1] != '|')) return false;
  const char before = t[end - 2];
  return before == ' ' && end >= 3 && (t[end - 3] == ':' || t[end - 3] == '-');
}

std::vector<Line> split_lines(const std::string& text, int last) {
  std::vector<Line> out;
  std::size_t begin = 0;
  for (int n = 1; begin <= text.size() && n <= last; ++n) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    std::string_view t(text.data() + begin, end - begin);
    if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
    Line l{n, t, 0, false};
    while (l.indent < t.size() && t[l.indent] == ' ') ++l.indent;
    out.push_back(l);
    if (end == text.size()) break;
    begin = end + 1;
  }
  // Block scalars: the lines after the opener, blank or indented deeper than it.
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k].block || !opens_block(out[k].text)) continue;
    for (std::size_t m = k + 1; m < out.size(); ++m) {
      const bool blank = out[m].indent >= out[m].text.size();
      if (!blank && out[m].indent <= out[k].indent) break;
      out[m].block = true;
    }
  }
  return out;
}

bool is_content(const Line& l) { return !l.block && l.indent < l.text.size() && l.text[l.indent] != '#'; }

std::string shown(std::string_view t) {
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  return t.size() > 40 ? std::string(t.substr(0, 37)) + "..." : std::string(t);
}

// The column (0-based) where a quote opened on this line is left unclosed, if any.
std::optional<std::size_t> unclosed_quote(std::string_view t) {
  char prev = ' ';
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '#' && (prev == ' ' || prev == '\t')) return std::nullopt;  // a comment
    const bool starts_value = prev == ' ' || prev == '[' || prev == '{' || prev == ',' || prev == ':' || i == 0;
    if ((c == '"' || c == '\'') && starts_value) {
      std::size_t j = i + 1;
      bool closed = false;
      while (j < t.size()) {
        if (c == '"' && t[j] == '\\') {
          j += 2;
          continue;
        }
        if (t[j] == c) {
          if (c == '\'' && j + 1 < t.size() && t[j + 1] == '\'') {  // '' inside '...'
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        ++j;
      }
      if (!closed) return i;
      i = j;
      prev = c;
      continue;
    }
    prev = c;
  }
  return std::nullopt;
}

// Whether a content line leaves a block open for deeper lines: it ends with
// ':' (a key whose value follows), or '|' / '>' (a block of text), or is a
// bare '-'.
enum class Opens { kNothing, kBlock, kText };
Opens what_opens(std::string_view t) {
  // Drop a trailing comment (not inside quotes: good enough after a failure).
  const auto hash = t.find(" #");
  if (hash != std::string_view::npos) t = t.substr(0, hash);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.empty()) return Opens::kNothing;
  if (t.back() == ':' || t == "-" || t.ends_with(" -")) return Opens::kBlock;
  for (std::string_view tail : {"|", ">", "|-", ">-", "|+", ">+"}) {
    if (t.ends_with(tail) && t.size() > tail.size() && (t[t.size() - tail.size() - 1] == ' ')) return Opens::kText;
  }
  return Opens::kNothing;
}

int flow_depth_change(std::string_view t) {
  int d = 0;
  char quote = 0;
  for (char c : t) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '#') break;
    else if (c == '[' || c == '{') ++d;
    else if (c == ']' || c == '}') --d;
  }
  return d;
}

}  // namespace

std::optional<SyntaxHint> explain_syntax_error(const std::string& text, int error_line) {
  const std::vector<Line> lines = split_lines(text, error_line + 1);
  std::vector<SyntaxHint> found;

  // A tab in a line's indentation.
  for (const Line& l : lines) {
    if (l.indent < l.text.size() && l.text[l.indent] == '\t') {
      found.push_back(
          {l.number, static_cast<int>(l.indent) + 1, "a tab indents this line; YAML indents with spaces only"});
      break;
    }
  }
  // A quote opened and never closed on its line.
  for (const Line& l : lines) {
    if (!is_content(l)) continue;
    if (const auto at = unclosed_quote(l.text)) {
      found.push_back(
          {l.number, static_cast<int>(*at) + 1,
           fmt::format("the quote {} opened here is never closed (a quoted value ends with the same mark on its line)",
                       l.text[*at] == '"' ? "\"" : "'")});
      break;
    }
  }
  // A [ or { left open when the error comes.
  struct Open {
    char mark;
    int line;
    std::size_t column;
  };
  std::vector<Open> brackets;
  bool unclosed_before_error = false;
  Open open_before_error{};
  for (const Line& l : lines) {
    if (l.number > error_line) break;
    if (l.number == error_line) {
      unclosed_before_error = !brackets.empty();
      if (unclosed_before_error) open_before_error = brackets.back();
    }
    char quote = 0;
    for (std::size_t i = 0; i < l.text.size(); ++i) {
      const char c = l.text[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '"' || c == '\'') quote = c;
      else if (c == '#' && (i == 0 || l.text[i - 1] == ' ')) break;
      else if (c == '[' || c == '{') brackets.push_back({c, l.number, i});
      else if ((c == ']' || c == '}') && !brackets.empty()) {
        const Open& o = brackets.back();
        if ((c == ']') != (o.mark == '[')) {
          found.push_back({l.number, static_cast<int>(i) + 1,
                           fmt::format("this '{}' does not close the '{}' opened at line {}, column {}", c, o.mark,
                                       o.line, o.column + 1)});
        }
        brackets.pop_back();
      }
    }
  }
  if (unclosed_before_error) {
    const Open& o = open_before_error;
    found.push_back({o.line, static_cast<int>(o.column) + 1,
                     fmt::format("the '{}' opened here is never closed with '{}'", o.mark, o.mark == '[' ? ']' : '}')});
  }
  // A key without its ':' (the text before any bracket or quote has none)
  // among lines that are keys; a list item without its '- ' among items.
  const Line* prior = nullptr;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const Line& l = lines[k];
    if (!is_content(l)) continue;
    const std::string_view rest = l.text.substr(l.indent);
    const Line* next = nullptr;
    for (std::size_t m = k + 1; m < lines.size() && next == nullptr; ++m) {
      if (is_content(lines[m])) next = &lines[m];
    }
    auto sibling_key = [&](const Line* other) {
      if (other == nullptr || other->indent != l.indent) return false;
      const std::string_view t = other->text.substr(other->indent);
      return !t.starts_with("- ") && t.find(':') != std::string_view::npos;
    };
    // The nearest line above at this line's indentation, skipping deeper ones.
    const Line* above = nullptr;
    for (std::size_t m = k; m-- > 0 && above == nullptr;) {
      if (!is_content(lines[m])) continue;
      if (lines[m].indent < l.indent) break;
      if (lines[m].indent == l.indent) above = &lines[m];
    }
    const std::string_view key_part = rest.substr(0, rest.find_first_of("{[\"'#"));
    if (!rest.starts_with("-") && key_part.find(':') == std::string_view::npos && !key_part.empty() &&
        (sibling_key(above) || sibling_key(next))) {
      found.push_back(
          {l.number, static_cast<int>(l.indent) + 1,
           fmt::format("'{}' has no ':' after its key; a key and its value are written 'key: value'", shown(l.text))});
    }
    if ((rest.starts_with("{") || rest.starts_with("[")) && prior != nullptr &&
        (prior->indent == l.indent || prior->indent + 2 == l.indent) &&
        prior->text.substr(prior->indent).starts_with("- ")) {
      found.push_back(
          {l.number, static_cast<int>(l.indent) + 1, "this list item has no '- ' in front, as the items above it do"});
    }
    prior = &l;
  }
  // A line whose indentation lines up with nothing above it.
  std::vector<std::size_t> levels{0};  // the columns open blocks start at
  const Line* previous = nullptr;
  int flow = 0;
  std::size_t text_block = std::string::npos;  // inside a | or > block, deeper than this
  for (const Line& l : lines) {
    if (!is_content(l)) continue;
    if (text_block != std::string::npos) {
      if (l.indent > text_block) continue;
      text_block = std::string::npos;
    }
    if (flow > 0) {  // inside a [ ] or { } spread over lines: no indentation rules
      flow += flow_depth_change(l.text);
      continue;
    }
    if (previous != nullptr) {
      const Opens opened = what_opens(previous->text);
      if (l.indent > levels.back()) {
        if (opened == Opens::kNothing) {
          found.push_back(
              {l.number, static_cast<int>(l.indent) + 1,
               fmt::format("the indentation here (column {}) does not line up with line {} above it ('{}', column {})",
                           l.indent + 1, previous->number, shown(previous->text), previous->indent + 1)});
          break;
        }
        levels.push_back(l.indent);
      } else {
        while (levels.size() > 1 && levels.back() > l.indent) levels.pop_back();
        if (levels.back() != l.indent) {
          found.push_back(
              {l.number, static_cast<int>(l.indent) + 1,
               fmt::format("the indentation here (column {}) does not line up with any line above it; line {} ('{}') "
                           "starts at column {}",
                           l.indent + 1, previous->number, shown(previous->text), previous->indent + 1)});
          break;
        }
      }
    }
    // A list item "- key: value" opens a map at the column after "- ".
    std::string_view rest = l.text.substr(l.indent);
    std::size_t item = l.indent;
    while (rest.starts_with("- ")) {
      std::size_t skip = 2;
      while (skip < rest.size() && rest[skip] == ' ') ++skip;
      item += skip;
      rest.remove_prefix(skip);
      if (levels.back() < item) levels.push_back(item);
    }
    if (what_opens(l.text) == Opens::kText) text_block = l.indent;
    flow = std::max(0, flow_depth_change(l.text));
    previous = &l;
  }
  if (found.empty()) return std::nullopt;
  // The earliest cause: the others are often its consequences.
  return *std::min_element(found.begin(), found.end(),
                           [](const SyntaxHint& a, const SyntaxHint& b) { return a.line < b.line; });
}

std::optional<SyntaxHint> check_flow_nesting(const std::string& text, int max_depth) {
  int depth = 0, line = 1, column = 0;
  char quote = 0;
  bool comment = false;
  for (char c : text) {
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    else if (c == '#') comment = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return SyntaxHint{
            line, column,
            fmt::format("lists and maps nest deeper than {} levels here; backstop refuses such files", max_depth)};
      }
    } else if (c == ']' || c == '}') {
      depth = std::max(0, depth - 1);
    }
  }
  return std::nullopt;
}

std::optional<SyntaxHint> check_quoted_scalar(const std::string& text, std::size_t start) {
  if (start >= text.size() || (text[start] != '"' && text[start] != '\'')) return std::nullopt;
  const char q = text[start];
  // The line the quote opens on: its start and indentation, found only for a
  // value that runs past its line (this runs for every quoted value: one
  // long line of them must not cost its length each).
  std::size_t line_begin = std::string::npos, indent = 0;
  auto find_line = [&] {
    if (line_begin != std::string::npos) return;
    const std::size_t nl = text.rfind('\n', start);
    line_begin = nl == std::string::npos ? 0 : nl + 1;
    while (line_begin + indent < start && text[line_begin + indent] == ' ') ++indent;
  };
  auto unclosed = [&] {
    find_line();
    const int line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(start), '\n'));
    return SyntaxHint{line, static_cast<int>(start - line_begin) + 1,
                      fmt::format("the quote {} opened here is never closed (a quoted value ends with the same mark)",
                                  q == '"' ? "\"" : "'")};
  };
  for (std::size_t i = start + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (q == '"' && c == '\\') {
      ++i;
      continue;
    }
    if (c == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
        continue;
      }
      return std::nullopt;
    }
    if (c == '\n') {
      // A continuation line must be indented deeper than the line the value opened on.
      find_line();
      std::size_t k = i + 1, spaces = 0;
      while (k < text.size() && text[k] == ' ') ++k, ++spaces;
      if (k < text.size() && text[k] != '\n' && text[k] != '\r' && spaces <= indent) return unclosed();
    }
  }
  return unclosed();
}

}  // namespace backstop::detail
