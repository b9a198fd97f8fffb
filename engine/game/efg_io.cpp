#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <unordered_map>

#include "backstop/game/gambit_io.hpp"
#include "backstop/game/game_builder.hpp"
#include "gambit_lexer.hpp"

namespace backstop {
namespace {

using detail::GambitLexer;
using detail::quote_text;
using detail::Token;
using Kind = Token::Kind;

constexpr std::uint32_t kMaxPlayers = 1u << 16;
constexpr std::uint32_t kMaxNumber = 1u << 30;  // information set and outcome numbers

std::vector<std::string> read_text_list(GambitLexer& lex, std::string_view what) {
  lex.expect(Kind::kLBrace, "'{'");
  std::vector<std::string> out;
  while (lex.at(Kind::kText)) out.emplace_back(lex.next().text);
  lex.expect(Kind::kRBrace, fmt::format("{} in quotes or '}}'", what));
  return out;
}

// Numbered declarations (information sets of one player, outcomes): files
// number them 1, 2, 3, ..., so a vector indexed by number holds them while
// the numbers stay dense (below four times the count, plus 1,024); a number
// beyond goes to a hash map, so a hostile number costs no memory.
template <class Value>
class NumberTable {
 public:
  const Value* find(std::uint32_t number) const {
    if (number < dense_.size()) return dense_[number].second ? &dense_[number].first : nullptr;
    const auto it = sparse_.find(number);
    return it == sparse_.end() ? nullptr : &it->second;
  }
  void insert(std::uint32_t number, const Value& v) {
    ++count_;
    if (number >= dense_.size() && number < 4 * count_ + 1024)
      dense_.resize(std::max<std::size_t>(number + 1, 2 * dense_.size()));
    if (number < dense_.size()) dense_[number] = {v, true};
    else sparse_.emplace(number, v);
  }

 private:
  std::vector<std::pair<Value, bool>> dense_;
  std::unordered_map<std::uint32_t, Value> sparse_;
  std::size_t count_ = 0;
};

// Reads node by node into the builder's fast path: tokens are views into
// the text, the scratch lists are reused, and an information set or outcome
// met again is checked against what the builder keeps of its first description.
class EfgReader {
 public:
  EfgReader(std::string_view text, const std::string& file) : lex_(text, file), file_(file) {}

  Game read() {
    lex_.expect_symbol("EFG");
    const Token version = lex_.peek();
    if (lex_.expect_number("the version 2").value != 2.0)
      lex_.fail(version, "only version 2 of the .efg format is supported");
    read_precision();
    std::string title = lex_.expect_text("the game's title in quotes");
    const Token players_at = lex_.peek();
    std::vector<std::string> players = read_text_list(lex_, "a player name");
    if (players.size() > kMaxPlayers) lex_.fail(players_at, "too many players");
    std::string comment;
    if (lex_.at(Kind::kText)) comment = std::string(lex_.next().text);
    builder_.emplace(std::move(title), std::move(players), std::move(comment));
    builder_->set_file(file_);
    builder_->reserve(lex_.remaining() / 24);  // about 24 bytes a node or more: grows once, not log n times
    infosets_.resize(builder_->num_players() + 1);
    if (lex_.at(Kind::kEnd)) lex_.fail(lex_.peek(), "the game has no nodes");
    while (!builder_->complete()) read_node();
    if (!lex_.at(Kind::kEnd))
      lex_.fail(lex_.peek(),
                fmt::format("expected end of file after the last node, found {}", GambitLexer::describe(lex_.peek())));
    return builder_->build();
  }

 private:
  using Position = GameBuilder::Position;
  struct Declared {
    std::uint32_t id;
    Position at;
  };

  static Position at(const Token& t) { return {t.line, t.column}; }
  std::string first_place(Position p) const { return format_location(SourceLocation{file_, p.line, p.column}); }

  void read_precision() {
    const Token t = lex_.peek();
    if (t.kind != Kind::kSymbol || (t.text != "R" && t.text != "D")) {
      lex_.fail(t, fmt::format("expected 'R' or 'D' after the version, found {}", GambitLexer::describe(t)));
    }
    lex_.next();
  }

  void read_node() {
    const Token t = lex_.peek();
    if (t.kind == Kind::kEnd) lex_.fail(t, "unexpected end of file: the tree is incomplete");
    if (t.kind != Kind::kSymbol || (t.text != "c" && t.text != "p" && t.text != "t")) {
      lex_.fail(t, fmt::format("expected a node ('c', 'p' or 't'), found {}", GambitLexer::describe(t)));
    }
    lex_.next();
    const std::string_view label = lex_.expect(Kind::kText, "the node's label in quotes").text;
    if (t.text == "t") {
      const OutcomeId o = read_outcome();
      builder_->add_node_at(kNoInfoSet, label, o, at(t));
      return;
    }
    std::uint32_t player_slot = 0;  // 0 = chance
    if (t.text == "p") player_slot = lex_.expect_count("a player number", 1, builder_->num_players());
    const Token iset_at = lex_.peek();
    const std::uint32_t number = lex_.expect_count("an information set number", 1, kMaxNumber);
    const InfoSetId h = read_infoset(player_slot, number, iset_at);
    const OutcomeId o = read_outcome();
    builder_->add_node_at(h, label, o, at(t));
  }

  InfoSetId read_infoset(std::uint32_t player_slot, std::uint32_t number, const Token& where) {
    NumberTable<Declared>& table = infosets_[player_slot];
    const Declared* found = table.find(number);
    // Formatted only for a message.
    const auto owner = [&] { return player_slot == 0 ? std::string("chance") : fmt::format("player {}", player_slot); };
    if (!lex_.at(Kind::kText)) {
      if (found == nullptr) {
        lex_.fail(where, fmt::format("information set {} of {} is used before it is described (its first node must "
                                     "give its label and actions)",
                                     number, owner()));
      }
      return InfoSetId{found->id};
    }
    const std::string_view label = lex_.next().text;
    lex_.expect(Kind::kLBrace, "'{' before the actions");
    actions_.clear();
    texts_.clear();
    numbers_.clear();
    while (lex_.at(Kind::kText)) {
      actions_.push_back(lex_.next().text);
      if (player_slot == 0) {
        const Token pt = lex_.peek();
        const std::optional<Number> p = pt.kind == Kind::kNumber ? parse_number(pt.text) : std::nullopt;
        if (!p) {
          const std::string what = fmt::format("the probability of \"{}\"", actions_.back());
          lex_.fail(pt, pt.kind == Kind::kNumber
                            ? fmt::format("'{}' is not a number (expected {})", pt.text, what)
                            : fmt::format("expected {}, found {}", what, GambitLexer::describe(pt)));
        }
        lex_.next();
        numbers_.push_back(p->value);
        texts_.push_back(pt.text);
      }
    }
    lex_.expect(Kind::kRBrace,
                player_slot == 0 ? "an outcome label and its probability, or '}'" : "an action label in quotes or '}'");
    if (actions_.empty()) lex_.fail(where, "an information set needs at least one action");
    if (found != nullptr) {
      const InfoSetId h{found->id};
      bool same = builder_->num_infoset_actions(h) == actions_.size();
      for (std::uint32_t k = 0; same && k < actions_.size(); ++k) {
        same = builder_->infoset_action(h, k) == actions_[k] &&
               (player_slot != 0 || builder_->infoset_probability_text(h, k) == texts_[k]);
      }
      if (!same) {
        lex_.fail(where, fmt::format("information set {} of {} is described differently here than at {}", number,
                                     owner(), first_place(found->at)));
      }
      return h;
    }
    const InfoSetId h = player_slot == 0
                            ? builder_->add_chance_infoset_at(label, actions_, numbers_, texts_, at(where))
                            : builder_->add_infoset_at(PlayerId{player_slot - 1}, label, actions_, at(where));
    table.insert(number, Declared{index(h), at(where)});
    return h;
  }

  OutcomeId read_outcome() {
    const Token where = lex_.peek();
    const std::uint32_t number = lex_.expect_count("an outcome number", 0, kMaxNumber);
    if (!lex_.at(Kind::kText)) {
      if (number == 0) return kNoOutcome;
      const Declared* found = outcomes_.find(number);
      if (found == nullptr) lex_.fail(where, fmt::format("outcome {} is used before its payoffs are given", number));
      return OutcomeId{found->id};
    }
    if (number == 0) lex_.fail(where, "outcome 0 is the null outcome and cannot have a label or payoffs");
    const std::string_view label = lex_.next().text;
    lex_.expect(Kind::kLBrace, "'{' before the payoffs");
    numbers_.clear();
    texts_.clear();
    while (lex_.at(Kind::kNumber)) {
      texts_.push_back(lex_.peek().text);
      numbers_.push_back(lex_.expect_number("a payoff").value);
      if (lex_.at(Kind::kComma)) lex_.next();
    }
    lex_.expect(Kind::kRBrace, "a payoff or '}'");
    if (numbers_.size() != builder_->num_players()) {
      lex_.fail(where, fmt::format("outcome {} has {} payoffs; the game has {} players", number, numbers_.size(),
                                   builder_->num_players()));
    }
    if (const Declared* found = outcomes_.find(number); found != nullptr) {
      // A repeated description must agree with the first.
      const OutcomeId o{found->id};
      for (std::uint32_t p = 0; p < numbers_.size(); ++p) {
        if (builder_->payoff_text(o, PlayerId{p}) != texts_[p]) {
          lex_.fail(where,
                    fmt::format("outcome {} has different payoffs here than at {}", number, first_place(found->at)));
        }
      }
      return o;
    }
    const OutcomeId o = builder_->add_outcome_at(label, numbers_, texts_, at(where));
    outcomes_.insert(number, Declared{index(o), at(where)});
    return o;
  }

  GambitLexer lex_;
  std::string file_;
  std::optional<GameBuilder> builder_;
  std::vector<NumberTable<Declared>> infosets_;  // per player slot (0: chance), by number
  NumberTable<Declared> outcomes_;
  std::vector<std::string_view> actions_, texts_;  // scratch, reused
  std::vector<double> numbers_;
};

void write_outcome(const Game& g, OutcomeId o, std::ostream& out) {
  if (o == kNoOutcome) {
    out << "0\n";
    return;
  }
  out << index(o) + 1 << ' ' << quote_text(g.outcome_label(o)) << " { ";
  for (std::uint32_t p = 0; p < g.num_players(); ++p) {
    out << g.payoff_text(o, PlayerId{p}) << (p + 1 < g.num_players() ? ", " : " }\n");
  }
}

}  // namespace

Game read_efg(std::string_view text, const std::string& file_name) { return EfgReader(text, file_name).read(); }

void write_efg(const Game& g, std::ostream& out) {
  out << "EFG 2 R " << quote_text(g.title()) << " {";
  for (std::uint32_t p = 0; p < g.num_players(); ++p) out << ' ' << quote_text(g.player_label(PlayerId{p}));
  out << " }\n" << quote_text(g.comment()) << "\n\n";
  for (NodeId n : g.preorder()) {
    const NodeKind kind = g.kind(n);
    if (kind == NodeKind::kTerminal) {
      out << "t " << quote_text(g.node_label(n)) << ' ';
      write_outcome(g, g.outcome(n), out);
      continue;
    }
    const InfoSetId h = g.infoset(n);
    out << (kind == NodeKind::kChance ? "c " : "p ") << quote_text(g.node_label(n)) << ' ';
    if (kind == NodeKind::kDecision) out << index(g.player(n)) + 1 << ' ';
    out << g.infoset_number(h) << ' ' << quote_text(g.infoset_label(h)) << " { ";
    for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) {
      const ActionId a = g.action(h, k);
      out << quote_text(g.action_label(a)) << ' ';
      if (kind == NodeKind::kChance) out << g.probability_text(a) << ' ';
    }
    out << "} ";
    write_outcome(g, g.outcome(n), out);
  }
}

}  // namespace backstop
