// Sources and the grounds of a value: every parameter, policy claim and tie
// cites a source with a quote, or says why. Quotes are checked against the
// sources' texts where those are given (--sources): they are other people's
// writing and do not ship with scenarios.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "backstop/input_file.hpp"
#include "loader.hpp"

namespace backstop {

// Quotes said once however many values rest on them.
std::size_t Scenario::distinct_quotes() const {
  std::set<std::string> quotes;
  auto count = [&](const Grounds& g) {
    if (!g.quote.empty()) quotes.insert(g.quote);
  };
  for (const Actor& a : actors) {
    for (const PolicyClaim& c : a.policy) count(c.grounds);
  }
  for (const Parameter& p : parameters) count(p.grounds);
  for (const BackstopOption& o : options) count(o.grounds);
  for (const CommitmentTie& t : network) count(t.grounds);
  return quotes.size();
}

namespace detail {
namespace {

// Text compared loosely: UTF-8 curly quotes and dashes as ASCII, runs of white space as one.
std::string normalise(const std::string& text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // UTF-8 curly quotes (E2 80 98/99/9C/9D) and dashes (E2 80 93/94) become ASCII.
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const unsigned char d = static_cast<unsigned char>(text[i + 2]);
      const char ascii = (d == 0x98 || d == 0x99)   ? '\''
                         : (d == 0x9C || d == 0x9D) ? '"'
                         : (d == 0x93 || d == 0x94) ? '-'
                                                    : 0;
      if (ascii != 0) {
        if (space && !out.empty()) out += ' ';
        space = false;
        out += ascii;
        i += 2;
        continue;
      }
    }
    if (std::isspace(c)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

void Loader::read_sources(const YamlNode& node) {
  if (!r_.expect_map(node, "'sources'")) return;
  for (const auto& [key, value] : node.entries) {
    Source src;
    src.id = key.scalar;
    src.where = r_.at(key);
    const std::string what = "source '" + src.id + "'";
    if (!r_.expect_map(value, what)) continue;
    r_.check_keys(value, {"file", "title", "author", "outlet", "date", "url"}, what);
    for (auto [name, field] : {std::pair{"file", &src.file},
                               {"title", &src.title},
                               {"author", &src.author},
                               {"outlet", &src.outlet},
                               {"date", &src.date},
                               {"url", &src.url}}) {
      if (const YamlNode* f = value.find(name)) *field = r_.text(*f, fmt::format("'{}'", name)).value_or("");
    }
    if (src.title.empty() && src.outlet.empty())
      r_.error(value, what + " needs a 'title' or an 'outlet' (what a citation names)");
    s_.sources.push_back(std::move(src));
  }
}

// `source` + `quote`, or `why`, on a map that may carry them.
Grounds Loader::read_grounds(const YamlNode& map, const std::string& what, bool required) {
  Grounds g;
  if (const YamlNode* n = map.find("source")) {
    g.source = r_.text(*n, "'source'").value_or("");
    grounded_.push_back({g.source, r_.at(*n)});
    if (const YamlNode* q = r_.require(map, "quote", what + " (it names a source)")) {
      g.quote = r_.text(*q, "'quote'").value_or("");
      quotes_.push_back({g.source, g.quote, r_.at(*q)});
    }
  } else if (map.find("quote") != nullptr) {
    r_.error(*map.find("quote"), what + ": a 'quote' needs the 'source' it comes from");
  }
  if (const YamlNode* n = map.find("why")) g.why = r_.text(*n, "'why'").value_or("");
  if (required && g.source.empty() && g.why.empty())
    r_.error(map, what + " needs a 'source' (with a 'quote') or a 'why'");
  return g;
}

// A quote must be a sentence of the article it cites (curly quotes and
// runs of white space compared loosely). Done only where the texts are
// given: they are other people's writing and do not ship with scenarios.
void Loader::check_quotes() {
  const std::string& dir = options_.sources_dir;
  if (dir.empty()) return;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw IoError(dir, "no such folder for the sources' texts");
  }
  s_.sources_dir = dir;
  std::map<std::string, std::optional<std::string>> texts;
  for (const Source& src : s_.sources) {
    texts[src.id] = std::nullopt;
    if (src.file.empty()) {
      r_.error(src.where, "source '" + src.id + "' names no 'file', so its quotes cannot be checked against " + dir);
      continue;
    }
    try {
      texts[src.id] = normalise(read_input_file(dir + "/" + src.file, kMaxSourceTextBytes, "a source's text"));
    } catch (const Error&) {
      r_.error(src.where, "source '" + src.id + "': cannot read its text '" + src.file + "' in the sources folder");
    }
  }
  bool all = true;
  for (const auto& [source, quote, where] : quotes_) {
    const auto it = texts.find(source);
    if (it == texts.end() || !it->second) {
      all = false;
      continue;
    }
    if (quote.empty() || it->second->find(normalise(quote)) == std::string::npos) {
      all = false;
      r_.error(where, "the quote is not in source '" + source + "' (" + std::string(quote.substr(0, 40)) +
                          (quote.size() > 40 ? "...)" : ")"));
    }
  }
  s_.quotes_checked = all;
}

}  // namespace detail
}  // namespace backstop
