#include <fmt/format.h>

#include <ostream>

#include "backstop/game/gambit_io.hpp"
#include "gambit_lexer.hpp"

namespace backstop {
namespace {

using detail::GambitLexer;
using detail::quote_text;
using detail::Token;
using Kind = Token::Kind;

constexpr std::uint32_t kMaxStrategies = 1u << 20;

class NfgReader {
 public:
  NfgReader(std::string_view text, const std::string& file) : lex_(text, file) {}

  NormalFormGame read() {
    lex_.expect_symbol("NFG");
    const Token version = lex_.peek();
    if (lex_.expect_number("the version 1").value != 1.0)
      lex_.fail(version, "only version 1 of the .nfg format is supported");
    const Token prec = lex_.peek();
    if (prec.kind != Kind::kSymbol || (prec.text != "R" && prec.text != "D")) {
      lex_.fail(prec, fmt::format("expected 'R' or 'D' after the version, found {}", GambitLexer::describe(prec)));
    }
    lex_.next();
    std::string title = lex_.expect_text("the game's title in quotes");
    const Token players_at = lex_.peek();
    lex_.expect(Kind::kLBrace, "'{' before the player names");
    std::vector<std::string> players;
    while (lex_.at(Kind::kText)) players.emplace_back(lex_.next().text);
    lex_.expect(Kind::kRBrace, "a player name in quotes or '}'");
    if (players.empty()) lex_.fail(players_at, "a normal-form game needs at least one player");
    std::vector<std::vector<std::string>> strategies = read_strategies(players.size());
    std::string comment;
    if (lex_.at(Kind::kText)) comment = std::string(lex_.next().text);
    NormalFormGame game =
        make_game(std::move(title), std::move(players), std::move(strategies), std::move(comment), players_at);
    if (lex_.at(Kind::kLBrace)) read_outcome_body(game);
    else read_payoff_body(game);
    if (!lex_.at(Kind::kEnd)) {
      lex_.fail(lex_.peek(), fmt::format("expected end of file after the last payoff, found {}",
                                         GambitLexer::describe(lex_.peek())));
    }
    return game;
  }

 private:
  NormalFormGame make_game(std::string title, std::vector<std::string> players,
                           std::vector<std::vector<std::string>> strategies, std::string comment, const Token& at) {
    try {
      return NormalFormGame(std::move(title), std::move(players), std::move(strategies), std::move(comment));
    } catch (const InputError& e) {
      lex_.fail(at, e.message());
    }
  }

  // Either `{ 3 2 }` (counts; labels become "1", "2", ...) or `{ { "U" "D" } { ... } }`.
  std::vector<std::vector<std::string>> read_strategies(std::size_t n_players) {
    const Token open = lex_.peek();
    lex_.expect(Kind::kLBrace, "'{' before the strategies");
    std::vector<std::vector<std::string>> out;
    if (lex_.at(Kind::kLBrace)) {
      while (lex_.at(Kind::kLBrace)) {
        const Token list_at = lex_.next();
        std::vector<std::string> labels;
        while (lex_.at(Kind::kText)) labels.emplace_back(lex_.next().text);
        lex_.expect(Kind::kRBrace, "a strategy label in quotes or '}'");
        if (labels.empty()) lex_.fail(list_at, fmt::format("player {} has no strategies", out.size() + 1));
        out.push_back(std::move(labels));
      }
    } else {
      while (lex_.at(Kind::kNumber)) {
        const std::uint32_t count = lex_.expect_count("a number of strategies", 1, kMaxStrategies);
        std::vector<std::string> labels;
        for (std::uint32_t s = 1; s <= count; ++s) labels.push_back(std::to_string(s));
        out.push_back(std::move(labels));
      }
    }
    lex_.expect(Kind::kRBrace, "'}' after the strategies");
    if (out.size() != n_players) {
      lex_.fail(open, fmt::format("strategies are given for {} players; the game has {}", out.size(), n_players));
    }
    return out;
  }

  void read_payoff_body(NormalFormGame& game) {
    const std::uint32_t np = game.num_players();
    std::vector<std::string> texts;  // grows with what the file holds, not with what it declares
    for (std::uint32_t c = 0; c < game.num_contingencies(); ++c) {
      for (std::uint32_t p = 0; p < np; ++p) {
        const Token t = lex_.peek();
        if (t.kind == Kind::kEnd) {
          lex_.fail(t,
                    fmt::format("unexpected end of file: {} payoffs expected ({} contingencies x {} players), found {}",
                                static_cast<std::size_t>(game.num_contingencies()) * np, game.num_contingencies(), np,
                                texts.size()));
        }
        game.payoffs()(c, p) = lex_.expect_number("a payoff").value;
        texts.emplace_back(t.text);
      }
    }
    game.set_payoff_texts(std::move(texts));
  }

  void read_outcome_body(NormalFormGame& game) {
    const std::uint32_t np = game.num_players();
    lex_.expect(Kind::kLBrace, "'{'");
    std::vector<std::string> labels;
    std::vector<std::vector<double>> values;
    std::vector<std::vector<std::string>> texts;
    while (lex_.at(Kind::kLBrace)) {
      const Token at = lex_.next();
      labels.push_back(lex_.expect_text("the outcome's label in quotes"));
      values.emplace_back();
      texts.emplace_back();
      while (lex_.at(Kind::kNumber)) {
        texts.back().emplace_back(lex_.peek().text);
        values.back().push_back(lex_.expect_number("a payoff").value);
        if (lex_.at(Kind::kComma)) lex_.next();
      }
      lex_.expect(Kind::kRBrace, "a payoff or '}'");
      if (values.back().size() != np) {
        lex_.fail(at, fmt::format("outcome {} has {} payoffs; the game has {} players", labels.size(),
                                  values.back().size(), np));
      }
    }
    lex_.expect(Kind::kRBrace, "'{' starting an outcome, or '}'");
    PayoffMatrix table(static_cast<Eigen::Index>(labels.size()), static_cast<Eigen::Index>(np));
    for (std::size_t o = 0; o < labels.size(); ++o) {
      for (std::uint32_t p = 0; p < np; ++p) table(static_cast<Eigen::Index>(o), p) = values[o][p];
    }
    std::vector<OutcomeId> of(game.num_contingencies());
    for (std::uint32_t c = 0; c < game.num_contingencies(); ++c) {
      if (lex_.at(Kind::kEnd)) {
        lex_.fail(lex_.peek(),
                  fmt::format("unexpected end of file: {} outcome numbers expected (one per contingency), found {}",
                              game.num_contingencies(), c));
      }
      const auto k = lex_.expect_count("an outcome number", 0, static_cast<std::uint32_t>(labels.size()));
      of[c] = k == 0 ? kNoOutcome : OutcomeId{k - 1};
    }
    game.set_outcomes(std::move(labels), std::move(table), std::move(texts), std::move(of));
  }

  GambitLexer lex_;
};

}  // namespace

NormalFormGame read_nfg(std::string_view text, const std::string& file_name) {
  return NfgReader(text, file_name).read();
}

void write_nfg(const NormalFormGame& g, std::ostream& out) {
  out << "NFG 1 R " << quote_text(g.title()) << " {";
  for (std::uint32_t p = 0; p < g.num_players(); ++p) out << ' ' << quote_text(g.player_label(PlayerId{p}));
  out << " }\n\n{ ";
  for (std::uint32_t p = 0; p < g.num_players(); ++p) {
    out << "{ ";
    for (std::uint32_t s = 0; s < g.num_strategies(PlayerId{p}); ++s)
      out << quote_text(g.strategy_label(PlayerId{p}, s)) << ' ';
    out << "}\n";
  }
  out << "}\n" << quote_text(g.comment()) << "\n\n";
  if (g.has_outcomes()) {
    out << "{\n";
    for (std::uint32_t o = 0; o < g.num_outcomes(); ++o) {
      out << "{ " << quote_text(g.outcome_label(OutcomeId{o})) << ' ';
      for (std::uint32_t p = 0; p < g.num_players(); ++p) {
        out << g.outcome_payoff_text(OutcomeId{o}, PlayerId{p}) << (p + 1 < g.num_players() ? ", " : " }\n");
      }
    }
    out << "}\n";
    for (std::uint32_t c = 0; c < g.num_contingencies(); ++c) {
      const OutcomeId o = g.outcome_of(c);
      out << (o == kNoOutcome ? 0 : index(o) + 1) << (c + 1 < g.num_contingencies() ? " " : "\n");
    }
    return;
  }
  for (std::uint32_t c = 0; c < g.num_contingencies(); ++c) {
    for (std::uint32_t p = 0; p < g.num_players(); ++p) {
      out << g.payoff_text(c, PlayerId{p}) << (c + 1 == g.num_contingencies() && p + 1 == g.num_players() ? "\n" : " ");
    }
  }
}

}  // namespace backstop
