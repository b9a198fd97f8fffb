#include "backstop/game/gambit_io.hpp"
#include "backstop/input_file.hpp"
#include "gambit_lexer.hpp"

namespace backstop {

AnyGame read_game(std::string_view text, const std::string& file_name) {
  detail::GambitLexer lex(text, file_name);
  const detail::Token& first = lex.peek();
  if (first.kind == detail::Token::Kind::kSymbol && first.text == "EFG") return read_efg(text, file_name);
  if (first.kind == detail::Token::Kind::kSymbol && first.text == "NFG") return read_nfg(text, file_name);
  lex.fail(first,
           "expected a Gambit game file starting with 'EFG' or 'NFG', found " + detail::GambitLexer::describe(first));
}

AnyGame read_game_file(const std::string& path) {
  return read_game(read_input_file(path, kMaxGameFileBytes, "a game file"), display_name(path));
}

}  // namespace backstop
