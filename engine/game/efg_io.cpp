#include <fmt/format.h>

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
  while (lex.at(Kind::kText)) out.push_back(lex.next().text);
  lex.expect(Kind::kRBrace, fmt::format("{} in quotes or '}}'", what));
  return out;
}

class EfgReader {
 public:
  EfgReader(std::string_view text, const std::string& file) : lex_(text, file) {}

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
    if (lex_.at(Kind::kText)) comment = lex_.next().text;
    builder_.emplace(std::move(title), std::move(players), std::move(comment));
    if (lex_.at(Kind::kEnd)) lex_.fail(lex_.peek(), "the game has no nodes");
    while (!builder_->complete()) read_node();
    if (!lex_.at(Kind::kEnd))
      lex_.fail(lex_.peek(),
                fmt::format("expected end of file after the last node, found {}", GambitLexer::describe(lex_.peek())));
    return builder_->build();
  }

 private:
  struct InfoSetEntry {
    InfoSetId id;
    SourceLocation where;
    std::vector<std::string> actions;
    std::vector<std::string> probabilities;
  };
  struct OutcomeEntry {
    OutcomeId id;
    SourceLocation where;
  };

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
    const SourceLocation where = lex_.where(t);
    std::string label = lex_.expect_text("the node's label in quotes");
    if (t.text == "t") {
      OutcomeId o = read_outcome();
      builder_->add_terminal(std::move(label), o, where);
      return;
    }
    std::uint32_t player_slot = 0;  // 0 = chance
    if (t.text == "p") player_slot = lex_.expect_count("a player number", 1, builder_->num_players());
    const Token iset_at = lex_.peek();
    const std::uint32_t number = lex_.expect_count("an information set number", 1, kMaxNumber);
    InfoSetId h = read_infoset(player_slot, number, iset_at);
    OutcomeId o = read_outcome();
    builder_->add_move(h, std::move(label), o, where);
  }

  InfoSetId read_infoset(std::uint32_t player_slot, std::uint32_t number, const Token& at) {
    const std::uint64_t key = std::uint64_t{player_slot} << 32 | number;
    auto found = infosets_.find(key);
    // Formatted only for a message: this runs once per node.
    const auto owner = [&] { return player_slot == 0 ? std::string("chance") : fmt::format("player {}", player_slot); };
    if (!lex_.at(Kind::kText)) {
      if (found == infosets_.end()) {
        lex_.fail(at, fmt::format("information set {} of {} is used before it is described (its first node must give "
                                  "its label and actions)",
                                  number, owner()));
      }
      return found->second.id;
    }
    std::string label = lex_.next().text;
    lex_.expect(Kind::kLBrace, "'{' before the actions");
    std::vector<std::string> actions, prob_texts;
    std::vector<double> probs;
    while (lex_.at(Kind::kText)) {
      actions.push_back(lex_.next().text);
      if (player_slot == 0) {
        const Token pt = lex_.peek();
        Number p = lex_.expect_number(fmt::format("the probability of \"{}\"", actions.back()));
        probs.push_back(p.value);
        prob_texts.push_back(pt.text);
      }
    }
    lex_.expect(Kind::kRBrace,
                player_slot == 0 ? "an outcome label and its probability, or '}'" : "an action label in quotes or '}'");
    if (actions.empty()) lex_.fail(at, "an information set needs at least one action");
    if (found != infosets_.end()) {
      if (found->second.actions != actions || found->second.probabilities != prob_texts) {
        lex_.fail(at, fmt::format("information set {} of {} is described differently here than at {}", number, owner(),
                                  format_location(found->second.where)));
      }
      return found->second.id;
    }
    const SourceLocation where = lex_.where(at);
    InfoSetId h = player_slot == 0
                      ? builder_->add_chance_infoset(std::move(label), actions, std::move(probs), prob_texts, where)
                      : builder_->add_infoset(PlayerId{player_slot - 1}, std::move(label), actions, where);
    infosets_.emplace(key, InfoSetEntry{h, where, std::move(actions), std::move(prob_texts)});
    return h;
  }

  OutcomeId read_outcome() {
    const Token at = lex_.peek();
    const std::uint32_t number = lex_.expect_count("an outcome number", 0, kMaxNumber);
    if (!lex_.at(Kind::kText)) {
      if (number == 0) return kNoOutcome;
      auto found = outcomes_.find(number);
      if (found == outcomes_.end())
        lex_.fail(at, fmt::format("outcome {} is used before its payoffs are given", number));
      return found->second.id;
    }
    if (number == 0) lex_.fail(at, "outcome 0 is the null outcome and cannot have a label or payoffs");
    std::string label = lex_.next().text;
    lex_.expect(Kind::kLBrace, "'{' before the payoffs");
    std::vector<double> payoffs;
    std::vector<std::string> texts;
    while (lex_.at(Kind::kNumber)) {
      const Token pt = lex_.peek();
      payoffs.push_back(lex_.expect_number("a payoff").value);
      texts.push_back(pt.text);
      if (lex_.at(Kind::kComma)) lex_.next();
    }
    lex_.expect(Kind::kRBrace, "a payoff or '}'");
    const SourceLocation where = lex_.where(at);
    if (payoffs.size() != builder_->num_players()) {
      lex_.fail(at, fmt::format("outcome {} has {} payoffs; the game has {} players", number, payoffs.size(),
                                builder_->num_players()));
    }
    if (auto found = outcomes_.find(number); found != outcomes_.end()) {
      // A repeated description must agree with the first.
      if (texts != outcome_texts_[index(found->second.id)]) {
        lex_.fail(at, fmt::format("outcome {} has different payoffs here than at {}", number,
                                  format_location(found->second.where)));
      }
      return found->second.id;
    }
    OutcomeId o = builder_->add_outcome(std::move(label), std::move(payoffs), texts, where);
    outcome_texts_.push_back(std::move(texts));
    outcomes_.emplace(number, OutcomeEntry{o, where});
    return o;
  }

  GambitLexer lex_;
  std::optional<GameBuilder> builder_;
  std::unordered_map<std::uint64_t, InfoSetEntry> infosets_;  // by player slot << 32 | number
  std::unordered_map<std::uint32_t, OutcomeEntry> outcomes_;
  std::vector<std::vector<std::string>> outcome_texts_;
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
