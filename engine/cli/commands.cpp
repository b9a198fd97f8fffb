#include "commands.hpp"

#include "mpi.hpp"
#include "progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <iostream>
#include <sstream>
#include <variant>

#include "backstop/error.hpp"
#include "backstop/expr/expression.hpp"
#include "backstop/game/dot.hpp"
#include "backstop/game/gambit_io.hpp"
#include "backstop/game/strategies.hpp"
#include "backstop/input_file.hpp"
#include "backstop/report/graphviz.hpp"
#include "backstop/report/output.hpp"
#include "backstop/report/rows.hpp"
#include "backstop/report/scenario_report.hpp"
#include "backstop/report/simulation_report.hpp"
#include "backstop/report/solution_report.hpp"
#include "backstop/scenario/network.hpp"
#include "backstop/scenario/scenario.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/contracts.hpp"
#include "backstop/sim/monte_carlo.hpp"
#include "backstop/sim/result_row.hpp"
#include "backstop/sim/run.hpp"
#include "backstop/solve/solve.hpp"

namespace backstop::cli {

namespace {

bool has_extension(const std::string& file, std::initializer_list<const char*> extensions) {
  for (const char* e : extensions) {
    const std::string ext = e;
    if (file.size() > ext.size() && file.compare(file.size() - ext.size(), ext.size(), ext) == 0) return true;
  }
  return false;
}

// The commands that read Gambit games, given a scenario, name the ones that read it.
void refuse_scenario_file(const std::string& file, const std::string& command) {
  if (has_extension(file, {".yaml", ".yml"})) {
    throw InputError(SourceLocation{file, 0, 0},
                     "this is a scenario; '" + command +
                         "' reads Gambit games (.efg, .nfg): use 'backstop run' or 'backstop compare', "
                         "or 'backstop export' to get its game");
  }
}

// --set NAME=VALUE, each a number.
// --set NAME=NUMBER, or NAME=DISTRIBUTION (a short form like beta(0.6, 0.1),
// or the YAML map): numbers override values, distributions what is drawn.
struct Overrides {
  ParameterOverrides values;
  std::vector<std::pair<std::string, std::string>> distributions;  // name, as written
};
Overrides parse_overrides(const std::vector<std::string>& assignments) {
  Overrides out;
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) throw InputError("--set expects NAME=VALUE, got '" + a + "'");
    const std::string value = a.substr(eq + 1);
    if (value.find('(') != std::string::npos || value.find('{') != std::string::npos) {
      out.distributions.emplace_back(a.substr(0, eq), value);
      continue;
    }
    char* end = nullptr;
    errno = 0;
    const double x = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || errno != 0 || !std::isfinite(x)) {
      throw InputError("--set " + a.substr(0, eq) + ": '" + value +
                       "' is not a number (or a distribution: beta(0.6, 0.1), uniform(0, 1), ...)");
    }
    out.values.emplace_back(a.substr(0, eq), x);
  }
  return out;
}

// The folder of the sources' texts, named as the user gave it.
void check_sources_folder(const std::string& dir) {
  std::error_code ec;
  if (!dir.empty() && !std::filesystem::is_directory(dir, ec))
    throw IoError(dir, "no such folder for the sources' texts (given with --sources or BACKSTOP_SOURCES)");
}

void check_qre_flags(const SolveOptions& options) {
  if ((options.lambda || options.path || options.cross_branch_points) && options.method != Method::kQre)
    throw InputError("--lambda, --path and --cross-branch-points go with --method qre");
}

}  // namespace

int run_solve(const SolveArgs& args) {
  refuse_scenario_file(args.file, "solve");
  SolveOptions options;
  options.method = args.method;
  options.all = !args.one;
  options.max_equilibria = args.max_equilibria;
  options.subgame_perfect = args.spe;
  options.lambda = args.lambda;
  options.path = args.path;
  options.cross_branch_points = args.cross_branch_points;
  check_qre_flags(options);
  if (args.path && args.format != "gambit")
    throw InputError("--path prints the traced points as Gambit does: add --format gambit");
  const ReportFormat format = parse_report_format(args.format);
  AnyGame any = read_game_file(args.file);
  Solution solution;
  try {
    solution = std::visit([&](const auto& game) { return solve(game, options); }, any);
  } catch (const SolverError& e) {
    throw InputError(SourceLocation{args.file, 0, 0}, e.message());  // name the file
  }
  write_output(args.out, [&](std::ostream& out) {
    std::visit([&](const auto& game) { write_solution(game, solution, format, out); }, any);
  });
  if (solution.stalled) std::cerr << "backstop: warning: " << solution.detail << '\n';
  if (solution.truncated) {
    std::cerr << "backstop: note: listed the first " << solution.equilibria.size()
              << " equilibria; more exist (raise --max)\n";
  }
  return 0;
}

SolveOptions scenario_solve_options(const ScenarioArgs& args) {
  SolveOptions options;
  options.method = args.method;
  options.lambda = args.lambda;
  options.path = args.path;
  options.cross_branch_points = args.cross_branch_points;
  check_qre_flags(options);
  return options;
}

namespace {

void refuse_game_file(const std::string& file) {
  if (has_extension(file, {".efg", ".nfg"})) {
    throw InputError(SourceLocation{file, 0, 0},
                     "this is a Gambit game, not a scenario: use 'backstop solve' (or 'backstop tree')");
  }
}

}  // namespace

// The scenario's checks in the nominal values and the draws, under every
// option: "" without checks, else the words for validate's line; a broken
// check is an InputError at the check, with the draw and the values.
std::string check_model_contracts(const Scenario& s, const ValidateArgs& args) {
  if (s.checks.empty()) return "";
  ScenarioModel model(s);
  const ContractReport r = check_contracts(model, ContractOptions{args.draws, args.seed});
  const std::string draws = args.draws == 0
                                ? std::string("the nominal values")
                                : fmt::format("the nominal values and {} draws (seed {})", args.draws, args.seed);
  if (!r.breach) {
    const std::string under = s.option_stage      ? " under every choice of " + s.option_stage->id
                              : s.options.empty() ? std::string()
                                                  : std::string(" under every option");
    return fmt::format(", {} {} hold{} in {}{}", s.checks.size(), s.checks.size() == 1 ? "check" : "checks",
                       s.checks.size() == 1 ? "s" : "", draws, under);
  }
  const Breach& b = *r.breach;
  const std::string at =
      fmt::format("{}{}", b.draw ? fmt::format("draw {} (seed {})", *b.draw + 1, args.seed) : "the nominal values",
                  b.option.empty() ? "" : " under option '" + b.option + "'");
  auto listed = [](const std::vector<std::pair<std::string, double>>& values) {
    std::vector<std::string> out;
    for (const auto& [name, v] : values) out.push_back(fmt::format("{} = {:.6g}", name, v));
    return fmt::format("{}", fmt::join(out, ", "));
  };
  if (!b.problem.empty())
    throw InputError(b.problem + " in " + at + (b.drawn.empty() ? "" : "; drawn: " + listed(b.drawn)));
  const Check& c = s.checks[b.check];
  std::string message = fmt::format("check '{}' fails in {}", c.claim, at);
  if (!b.given.empty()) message += ", given " + b.given;
  if (!b.terms.empty()) message += ": " + listed(b.terms);
  if (!b.drawn.empty()) message += "; drawn: " + listed(b.drawn);
  throw InputError(c.holds_where, message);
}

int run_validate(const ValidateArgs& args) {
  check_sources_folder(args.sources);
  int code = 0;
  bool unchecked = false;
  for (const std::string& file : args.files) {
    try {
      refuse_game_file(file);
      const Scenario s = load_scenario(file, LoadOptions{args.sources, {}});
      const std::size_t quotes = s.distinct_quotes();
      unchecked = unchecked || (quotes > 0 && !s.quotes_checked);
      auto count = [](std::size_t n, const char* one, const char* many) {
        return fmt::format("{} {}", n, n == 1 ? one : many);
      };
      const std::string quoted =
          quotes == 0        ? "no quotes"
          : s.quotes_checked ? fmt::format("{} checked against {}", count(quotes, "distinct quote", "distinct quotes"),
                                           count(s.sources.size(), "source", "sources"))
                             : count(quotes, "distinct quote", "distinct quotes") + " not checked";
      const std::string checked = check_model_contracts(s, args);
      std::cout << fmt::format(
          "{}: ok: {}, {}, {}, {}, {}, {}{}\n", display_name(file), count(s.actors.size(), "actor", "actors"),
          count(s.parameters.size(), "parameter", "parameters"), count(s.options.size(), "option", "options"),
          count(s.stages.size(), "stage", "stages"), count(s.outcomes.size(), "outcome", "outcomes"), quoted, checked);
    } catch (const Error& e) {
      std::cerr << e.what() << '\n';
      code = std::max(code, e.exit_code());
    }
  }
  if (unchecked) {
    std::cerr
        << "backstop: note: the quotes were not checked against their sources' texts (give them with --sources DIR "
           "or BACKSTOP_SOURCES=DIR); everything else was\n";
  }
  return code;
}

namespace {}  // namespace

void refuse_equilibrium(const ScenarioArgs& args, std::string_view subject, std::string_view run) {
  if (args.equilibrium == 1) return;
  throw InputError(
      fmt::format("{} the method's selected equilibrium in every {}; --equilibrium goes with run, compare and explain",
                  subject, run));
}

ScenarioInput read_scenario(const ScenarioArgs& args) {
  refuse_game_file(args.file);
  check_sources_folder(args.sources);
  Overrides sets = parse_overrides(args.sets);
  ScenarioInput in{load_scenario(args.file, LoadOptions{args.sources, {}}), std::move(sets.values)};
  // A distribution given with --set replaces the declared one (and its nominal value, the new mean).
  for (const auto& [name, text] : sets.distributions) {
    std::vector<std::string> names;
    for (const Parameter& p : in.scenario.parameters) names.push_back(p.name);
    const auto at = std::find(names.begin(), names.end(), name);
    if (at == names.end()) {
      const std::size_t dot = name.find('.');
      if (dot != std::string::npos && in.scenario.option(name.substr(0, dot)) != nullptr)
        throw InputError("--set " + name +
                         ": a distribution is drawn once for every option; under one option, give a number");
      throw InputError("--set: unknown parameter '" + name + "'" + did_you_mean(name, names));
    }
    in.scenario.parameters[static_cast<std::size_t>(at - names.begin())].distribution = parse_distribution(name, text);
  }
  return in;
}

namespace {

// Loads the scenario, compiles it, and hands the model and the --set
// overrides to `f`; every scenario command but validate goes through here.
template <class F>
int with_model(const ScenarioArgs& args, F&& f) {
  const ScenarioInput in = read_scenario(args);
  ScenarioModel model(in.scenario);
  f(model, in.sets);
  return 0;
}

// Where a method lists several equilibria, how to see another (a table says which is shown).
void note_other_equilibria(const std::vector<OptionResult>& results, ScenarioFormat format) {
  if (format == ScenarioFormat::kCsv || format == ScenarioFormat::kJson) return;
  for (const OptionResult& r : results) {
    if (r.solution.equilibria.size() > 1 || r.solution.truncated) {
      std::cerr << "backstop: note: the method lists several equilibria; --equilibrium N reports the N-th\n";
      return;
    }
  }
}

}  // namespace

// run and compare: the same options over Monte Carlo draws, or nothing with --draws 0.
std::optional<MonteCarloResult> draws_beside(const ScenarioArgs& args, const Scenario& s,
                                             const ParameterOverrides& sets, std::vector<std::string> options,
                                             std::vector<RankKey> ranking) {
  const bool slow = args.path || with_scenario_method(s, scenario_solve_options(args)).method == Method::kQre;
  const std::uint64_t draws = args.draws_beside.value_or(slow ? 0 : 1000);
  // Nothing to draw where no parameter declares a distribution: every draw would be the nominal point.
  if (draws == 0 || s.uncertain_parameters().empty()) return std::nullopt;
  MonteCarloOptions mc;
  mc.draws = draws;
  mc.seed = args.seed;
  mc.threads = args.threads;
  mc.solve = scenario_solve_options(args);
  mc.overrides = sets;
  mc.options = std::move(options);
  mc.ranking = std::move(ranking);
  return simulate(s, mc);
}

int run_scenario(const ScenarioArgs& args) {
  const ScenarioFormat format = parse_scenario_format(args.format);
  return with_model(args, [&](ScenarioModel& model, const ParameterOverrides& sets) {
    const OptionResult r = run_option(model, args.option, sets, scenario_solve_options(args), args.equilibrium - 1);
    const std::optional<MonteCarloResult> u =
        format == ScenarioFormat::kCsv ? std::nullopt : draws_beside(args, model.scenario(), sets, {args.option}, {});
    write_output(args.out, [&](std::ostream& out) {
      if (args.path) write_path(model, {r}, format, out);
      else write_run(model, r, u ? &*u : nullptr, format, out);
    });
    note_other_equilibria({r}, format);
  });
}

int run_compare(const ScenarioArgs& args) {
  const ScenarioFormat format = parse_scenario_format(args.format);
  return with_model(args, [&](ScenarioModel& model, const ParameterOverrides& sets) {
    const std::vector<RankKey> ranking = rank_keys(model.scenario(), args.rank_by);
    const std::vector<OptionResult> results =
        run_all_options(model, sets, scenario_solve_options(args), args.equilibrium - 1);
    const std::optional<MonteCarloResult> u =
        format == ScenarioFormat::kCsv ? std::nullopt : draws_beside(args, model.scenario(), sets, {}, ranking);
    write_output(args.out, [&](std::ostream& out) {
      if (args.path) write_path(model, results, format, out);
      else write_compare(model, results, ranking, u ? &*u : nullptr, format, out);
    });
    note_other_equilibria(results, format);
  });
}

int run_explain(const ScenarioArgs& args) {
  const ScenarioFormat format = parse_scenario_format(args.format);
  return with_model(args, [&](ScenarioModel& model, const ParameterOverrides& sets) {
    const OptionResult r = run_option(model, args.option, sets, scenario_solve_options(args), args.equilibrium - 1);
    write_output(args.out, [&](std::ostream& out) { write_explain(model, r, format, out); });
    note_other_equilibria({r}, format);
  });
}

int run_export(const ScenarioArgs& args) {
  return with_model(args, [&](ScenarioModel& model, const ParameterOverrides& sets) {
    model.apply(args.option, sets);
    write_output(args.out, [&](std::ostream& out) {
      if (args.format == "efg") write_efg(model.game(), out);
      else write_nfg(reduced_normal_form(model.game()), out);
    });
  });
}

namespace {

// The equilibrium an option's run reports, as the tree marks it.
void mark_equilibrium(const Game& game, const Solution& solution, std::size_t shown, TreeView& view) {
  if (solution.equilibria.empty()) return;
  BehaviorProfile profile = solution.equilibria[shown].profile;
  if (solution.strategic_form) profile = behavior_from_mixed(game, profile);
  view.reach = evaluate(game, profile).reach;
  view.profile = std::move(profile);
  view.caption = fmt::format("{} ({})", solution.concept_name, method_name(solution.method));
}

// The short name of each information set: the actor and, where it differs, the stage.
std::vector<std::string> stage_names(const ScenarioModel& model) {
  const Game& g = model.game();
  std::vector<std::string> names(g.num_infosets());
  for (std::uint32_t h = 0; h < g.num_infosets(); ++h) {
    const Stage& st = model.scenario().stages[model.stage_of(InfoSetId{h})];
    std::string lower = st.actor;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    names[h] = st.is_chance() ? st.id : st.id == lower ? st.actor : fmt::format("{}\n{}", st.actor, st.id);
  }
  return names;
}

void write_picture(const std::string& out, const std::string& dot, const std::string& format) {
  const std::string bytes = render_dot(dot, format);
  write_output(out, [&](std::ostream& os) { os.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
}

}  // namespace

namespace {

// The tree as DOT, folded where `collapse` says (auto: past kFoldLeaves
// leaves, with a note on standard error when `note`).
std::string tree_dot(const Game& game, TreeView& view, const std::string& collapse, bool note) {
  view.collapse = collapse == "off-path" ||
                  (collapse == "auto" && num_leaves(game) > kFoldLeaves && view.reach.size() == game.num_nodes());
  if (view.collapse && collapse == "auto" && note) {
    std::cerr << fmt::format(
        "backstop: note: the tree has {} leaves; the branches off the equilibrium path are folded "
        "(--collapse none draws them all)\n",
        num_leaves(game));
  }
  std::ostringstream dot;
  write_dot(game, dot, view);
  return dot.str();
}

}  // namespace

std::string scenario_tree_dot(const ScenarioModel& model, const OptionResult& run, const std::string& collapse,
                              bool note) {
  TreeView view;
  mark_equilibrium(model.game(), run.solution, run.shown, view);
  view.infoset_names = stage_names(model);
  if (!run.option.empty()) view.caption = fmt::format("Option {}: {}", run.option, view.caption);
  return tree_dot(model.game(), view, collapse, note);
}

int run_tree(const TreeArgs& args) {
  const ScenarioArgs& a = args.scenario;
  check_picture_format(a.format);
  std::string dot;
  if (has_extension(a.file, {".efg", ".nfg"})) {
    if (!a.option.empty() || !a.sets.empty())
      throw InputError("--option and --set go with a scenario; a Gambit game has neither");
    AnyGame any = read_game_file(a.file);
    const auto* game = std::get_if<Game>(&any);
    if (!game) throw InputError(SourceLocation{a.file, 0, 0}, "a tree picture needs an extensive-form game (.efg)");
    SolveOptions options = scenario_solve_options(a);
    options.all = false;
    Solution solution;
    try {
      solution = solve(*game, options);
    } catch (const SolverError& e) {
      throw InputError(SourceLocation{a.file, 0, 0}, e.message());
    }
    TreeView view;
    mark_equilibrium(*game, solution, 0, view);
    dot = tree_dot(*game, view, args.collapse, true);
  } else {
    with_model(a, [&](ScenarioModel& model, const ParameterOverrides& sets) {
      const OptionResult r = run_option(model, a.option, sets, scenario_solve_options(a), a.equilibrium - 1);
      dot = scenario_tree_dot(model, r, args.collapse, true);
    });
  }
  write_picture(a.out, dot, a.format);
  return 0;
}

int run_network(const ScenarioArgs& args) {
  check_picture_format(args.format);
  std::ostringstream dot;
  with_model(args, [&](ScenarioModel& model, const ParameterOverrides& sets) {
    const OptionResult r = run_option(model, args.option, sets, scenario_solve_options(args), args.equilibrium - 1);
    const std::vector<std::string>& parties = model.network().parties();
    auto party = [&](const std::string& name) {
      return static_cast<std::size_t>(std::find(parties.begin(), parties.end(), name) - parties.begin());
    };
    std::vector<CommitmentNetwork::DrawnIn> drawn;
    for (const ScenarioModel::DrawIn& d : r.draw_ins) {
      if (party(d.attacked) < parties.size() && party(d.drawn_in) < parties.size())
        drawn.push_back({party(d.attacked), party(d.drawn_in), d.probability, d.equilibrium, d.attack_probability});
    }
    const std::string title =
        args.option.empty() ? model.scenario().name : fmt::format("{} - option {}", model.scenario().name, args.option);
    model.network().write_dot(dot, model.credibilities(), title, drawn);
  });
  write_picture(args.out, dot.str(), args.format);
  return 0;
}

int run_simulate(const ScenarioArgs& args) {
  const ScenarioFormat format = parse_scenario_format(args.format);
  refuse_equilibrium(args, "simulate reports", "draw");
  ScenarioInput in = read_scenario(args);
  MonteCarloOptions options;
  options.overrides = std::move(in.sets);
  options.solve = scenario_solve_options(args);
  options.draws = args.draws;
  options.seed = args.seed;
  options.threads = args.threads;
  options.ranking = rank_keys(in.scenario, args.rank_by);
  options.transport = transport();
  if (mpi_rank() > 0) {  // this rank's draws go to rank 0, which writes the result (and any error)
    try {
      simulate(in.scenario, options);
    } catch (const Error& e) {
      return e.exit_code();
    }
    return 0;
  }
  // Progress on a terminal; Ctrl-C stops after the blocks under way and writes nothing.
  Progress progress(options.draws, "draws");
  const Interrupt interrupt;
  options.stop = &Interrupt::requested;
  std::uint64_t done = 0;
  auto check_stopped = [&](std::uint64_t draws) {
    if (draws < options.draws)
      throw Error(fmt::format("backstop: stopped after {} of {} draws; nothing written", draws, options.draws), 130);
  };
  if (format == ScenarioFormat::kCsv) {
    // One row per draw and option, written as the draws come.
    write_output(args.out, [&](std::ostream& out) {
      std::vector<std::string> names;
      BlockRows numbering;
      numbering.options = option_ids(in.scenario);
      for (std::size_t k = 0; k < in.scenario.parameters.size(); ++k) {
        names.push_back(in.scenario.parameters[k].name);
        numbering.parameters.push_back(k);
      }
      numbering.numbering = [&](std::uint64_t draw, ResultRow& row) {
        row.replicate = draw;
        row.seed = options.seed;
      };
      CsvRowWriter rows(in.scenario, row_schema(in.scenario, names, true), out);
      options.on_block = [&](const BatchBlock& b) {
        for_each_row(b, numbering, [&](const ResultRow& row) { rows.write(row); });
        progress.update(done += b.count);
      };
      check_stopped(simulate(in.scenario, options).draws);
    });
    return 0;
  }
  options.on_block = [&](const BatchBlock& b) { progress.update(done += b.count); };
  const MonteCarloResult result = simulate(in.scenario, options);
  check_stopped(result.draws);
  write_output(args.out, [&](std::ostream& out) { write_simulation(in.scenario, result, format, out); });
  return 0;
}

}  // namespace backstop::cli
