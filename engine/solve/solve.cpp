#include "backstop/solve/solve.hpp"

#include <fmt/format.h>

#include <cmath>

#include "backstop/error.hpp"
#include "backstop/game/strategies.hpp"
#include "backstop/solve/backward_induction.hpp"
#include "backstop/solve/logit.hpp"
#include "backstop/solve/pure_nash.hpp"
#include "backstop/solve/sequence_form.hpp"
#include "backstop/solve/sequential.hpp"
#include "backstop/solve/two_player.hpp"

namespace backstop {
namespace {

// Where auto stops enumerating pure profiles of a tree with hidden moves:
// about a second of work, and a few hundred MB at most.
constexpr double kAutoMaxPureProfiles = 1e6;

Solution solve_spe(const Game& g, const SolveOptions& options) {
  Solution s;
  s.method = Method::kSpe;
  s.concept_name = kSpeConcept;
  s.detail = options.all ? "backward induction, every pure subgame-perfect equilibrium; the first is the selected one "
                           "(ties go to the first action in file order)"
                         : "backward induction; ties go to the first action in file order";
  BackwardInduction bi;
  auto record = [&] {
    if (s.equilibria.size() == options.max_equilibria) {
      s.truncated = true;
      return false;
    }
    BehaviorProfile profile = BehaviorProfile::Zero(g.num_player_actions());
    const auto choices = bi.choices();
    for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
      if (choices[i] != kNoIndex) profile[index(g.action(g.infoset(NodeId{i}), choices[i]))] = 1.0;
    }
    return record_equilibrium(s, evaluate(g, profile), options.on_equilibrium) && options.all;
  };
  if (options.all) {
    bi.enumerate(g, record);
  } else {
    bi.solve(g);
    record();
  }
  return s;
}

// The methods that find one equilibrium hand it to the callback when done.
Solution announced(Solution s, const SolveOptions& options) {
  if (options.on_equilibrium) {
    for (const Equilibrium& e : s.equilibria) {
      if (!options.on_equilibrium(e)) break;
    }
  }
  return s;
}

LogitOptions logit_options(const SolveOptions& options) {
  LogitOptions l;
  l.target_lambda = options.lambda;
  l.record_path = options.path;
  l.cross_branch_points = options.cross_branch_points;
  return l;
}

PureNashOptions pure_options(const SolveOptions& options, bool subgame_perfect) {
  PureNashOptions p;
  p.subgame_perfect = subgame_perfect;
  p.max_equilibria = options.max_equilibria;
  p.on_equilibrium = options.on_equilibrium;
  return p;
}

}  // namespace

const char* method_name(Method method) {
  switch (method) {
    case Method::kAuto: return "auto";
    case Method::kSpe: return "spe";
    case Method::kSequential: return "sequential";
    case Method::kPure: return "pure";
    case Method::kLcp: return "lcp";
    case Method::kEnumMixed: return "enummixed";
    case Method::kQre: return "qre";
  }
  return "?";
}

Solution solve(const Game& game, const SolveOptions& options) {
  switch (options.method) {
    case Method::kSpe: return solve_spe(game, options);
    case Method::kSequential: return announced(solve_sequential(game), options);
    case Method::kQre: return announced(solve_logit(game, logit_options(options)), options);
    case Method::kPure: return solve_pure_nash(game, pure_options(options, options.subgame_perfect));
    case Method::kEnumMixed: {
      // As gambit-enummixed: in the reduced strategic form.
      if (game.num_players() != 2) throw SolverError("method enummixed needs a two-player game");
      check_payoff_resolution(game.payoffs(), "enummixed");
      auto form = std::make_shared<const NormalFormGame>(reduced_normal_form(game));
      Solution s = solve_enum_mixed(*form, options.on_equilibrium);
      s.detail += "; on the reduced strategic form of the tree";
      s.strategic_form = std::move(form);
      return s;
    }
    case Method::kLcp: return announced(solve_sequence_form(game), options);
    case Method::kAuto: {
      // The fastest exact method that applies and will finish: linear
      // backward induction on perfect information, then over information sets
      // when beliefs come from chance alone; otherwise the pure subgame-perfect
      // equilibria while their enumeration stays small (counted first,
      // nothing listed); beyond that one equilibrium of the sequence form
      // (two players, linear in the tree) or the logit QRE limit.
      if (game.is_perfect_information()) return solve_spe(game, options);
      if (has_strategy_independent_beliefs(game)) return announced(solve_sequential(game), options);
      const double profiles = reduced_profile_count(game);
      if (profiles <= kAutoMaxPureProfiles) return solve_pure_nash(game, pure_options(options, true));
      const std::string why = fmt::format("auto: {:.3g} pure profiles are too many to enumerate", profiles);
      Solution s = game.num_players() == 2 ? solve_sequence_form(game) : solve_logit(game, logit_options(options));
      s.detail = why + "; " + s.detail;
      return announced(std::move(s), options);
    }
  }
  throw InternalError("unhandled method");
}

Solution solve(const NormalFormGame& game, const SolveOptions& options) {
  switch (options.method) {
    case Method::kSpe:
    case Method::kSequential:
      throw SolverError("methods spe and sequential need a game tree (.efg), not a normal-form game");
    case Method::kQre: return announced(solve_logit(game, logit_options(options)), options);
    case Method::kLcp:
      check_payoff_resolution(game.payoffs(), "lcp");
      return solve_lemke_howson(game, options.on_equilibrium);
    case Method::kEnumMixed:
      check_payoff_resolution(game.payoffs(), "enummixed");
      return solve_enum_mixed(game, options.on_equilibrium);
    case Method::kPure:
    case Method::kAuto:
      if (options.subgame_perfect)
        throw SolverError("subgame perfection needs a game tree (.efg); a normal-form game has no subgames");
      // Two players: every extreme equilibrium, mixed ones included, while the
      // vertex enumeration stays small (choose(m+n, m) bounds the vertices);
      // beyond that, Lemke-Howson from every label.
      if (options.method == Method::kAuto && game.num_players() == 2) {
        check_payoff_resolution(game.payoffs(), "auto");
        const double m = game.num_strategies(PlayerId{0}), n = game.num_strategies(PlayerId{1});
        const double systems = std::exp(std::lgamma(m + n + 1) - std::lgamma(m + 1) - std::lgamma(n + 1));
        return systems <= 1e6 ? solve_enum_mixed(game, options.on_equilibrium)
                              : solve_lemke_howson(game, options.on_equilibrium);
      }
      return solve_pure_nash(game, pure_options(options, false));
  }
  throw InternalError("unhandled method");
}

}  // namespace backstop
