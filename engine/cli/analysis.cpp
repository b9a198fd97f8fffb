// backstop sensitivity (Sobol indices by Saltelli sampling and Jansen's
// estimators) and backstop threshold (where a metric's mean over the draws
// crosses a target as one parameter moves).

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "backstop/error.hpp"
#include "backstop/expr/expression.hpp"
#include "backstop/report/output.hpp"
#include "backstop/report/scenario_report.hpp"
#include "backstop/report/simulation_report.hpp"
#include "backstop/sim/batch.hpp"
#include "backstop/sim/dynamics.hpp"
#include "backstop/sim/sampler.hpp"
#include "backstop/sim/sensitivity.hpp"
#include "backstop/version.hpp"
#include "commands.hpp"

namespace backstop::cli {
namespace {

std::size_t parameter_index(const Scenario& s, const std::string& name) {
  std::vector<std::string> names;
  for (const Parameter& p : s.parameters) names.push_back(p.name);
  const auto at = std::find(names.begin(), names.end(), name);
  if (at == names.end()) throw InputError("unknown parameter '" + name + "'" + did_you_mean(name, names));
  return static_cast<std::size_t>(at - names.begin());
}

std::string fixed(double x) { return std::isfinite(x) ? fmt::format("{:.3f}", x) : std::string("-"); }

// The values of every option's metrics and payoffs at every Saltelli point, in order.
class SaltelliSink : public BatchSink {
 public:
  SaltelliSink(std::size_t options, std::size_t metrics, std::size_t outcomes, std::size_t actors, std::size_t k,
               std::uint64_t n)
      : metrics_(metrics), outcomes_(outcomes), k_(k), quantities_(metrics + actors) {
    values_.assign(options * quantities_ * (k + 2), std::vector<double>(n, 0.0));
  }
  void consume(const BatchBlock& b) override {
    for (std::uint64_t r = 0; r < b.count; ++r) {
      const std::uint64_t p = b.first + r, j = p / (k_ + 2), m = p % (k_ + 2);
      for (std::size_t o = 0; o < b.options; ++o) {
        const std::span<const double> v = b.result(r, o);
        for (std::size_t q = 0; q < quantities_; ++q)
          series(o, q, m)[j] = q < metrics_ ? v[q] : v[metrics_ + outcomes_ + (q - metrics_)];
      }
    }
  }
  std::vector<double>& series(std::size_t o, std::size_t q, std::size_t m) {
    return values_[(o * quantities_ + q) * (k_ + 2) + m];
  }

 private:
  std::size_t metrics_, outcomes_, k_, quantities_;
  std::vector<std::vector<double>> values_;  // [option][quantity][matrix] -> N values
};

}  // namespace

int run_sensitivity(const SensitivityArgs& args) {
  const ScenarioArgs& sa = args.scenario;
  const ScenarioFormat format = parse_scenario_format(sa.format);
  refuse_equilibrium(sa, "sensitivity uses", "run");
  ScenarioInput in = read_scenario(sa);
  const Scenario& s = in.scenario;
  std::vector<std::size_t> factors = args.params.empty() ? s.uncertain_parameters() : std::vector<std::size_t>{};
  for (const std::string& name : args.params) factors.push_back(parameter_index(s, name));
  const SaltelliDesign design(s, factors, args.samples);
  const std::vector<std::string> options = sa.option.empty() ? option_ids(s) : std::vector<std::string>{sa.option};
  SaltelliSink sink(options.size(), s.metrics.size(), s.outcomes.size(), s.actors.size(), design.factors(),
                    design.samples());
  BatchOptions batch;
  batch.end = design.points();
  batch.threads = sa.threads;
  batch.solve = scenario_solve_options(sa);
  batch.overrides = in.sets;
  batch.options = options;
  batch.describe = [](std::uint64_t p) { return fmt::format("Saltelli point {}", p); };
  run_batch(
      s, [&](std::uint64_t p, std::span<double> v) { design.fill(p, v); }, batch, sink);

  std::vector<std::string> quantities;
  for (const Metric& m : s.metrics) quantities.push_back(m.id);
  for (const Actor& a : s.actors) quantities.push_back("payoff_" + a.id);
  const std::size_t k = design.factors();
  nlohmann::ordered_json j;
  j["backstop"] = kVersion;
  j["scenario"] = s.name;
  j["method"] = "Sobol indices: Saltelli sampling (Sobol sequence), Jansen estimators, percentile bootstrap";
  j["samples"] = design.samples();
  j["runs"] = design.points();
  j["bootstrap"] = args.bootstrap;
  j["seed"] = sa.seed;
  std::vector<std::vector<std::string>> rows;
  std::string text;                   // one option's words, as they are built
  std::vector<std::string> sections;  // the table: an option's words each
  for (std::size_t o = 0; o < options.size(); ++o) {
    nlohmann::ordered_json oj;
    oj["option"] = options[o];
    for (std::size_t q = 0; q < quantities.size(); ++q) {
      std::vector<std::vector<double>> fab;
      for (std::size_t i = 0; i < k; ++i) fab.push_back(sink.series(o, q, 2 + i));
      const SobolEstimate e = jansen_indices(sink.series(o, q, 0), sink.series(o, q, 1), fab, args.bootstrap, sa.seed);
      nlohmann::ordered_json qj;
      qj["variance"] = e.variance;
      std::vector<std::size_t> order(k);
      for (std::size_t i = 0; i < k; ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return e.factors[a].total.value > e.factors[b].total.value;
      });
      const bool varies = e.variance > 1e-300;
      const bool in_table = q < s.metrics.size() || s.metrics.empty();  // the table: metrics (payoffs without)
      std::vector<std::string> shown;
      bool wide = false;  // an interval wider than 0.5: the metric moves in few runs
      for (std::size_t i : order) {
        const FactorIndices& f = e.factors[i];
        const std::string& name = s.parameters[design.factor_slots()[i]].name;
        if (varies) {
          qj["indices"][name] = {{"first", f.first.value}, {"first_low", f.first.low}, {"first_high", f.first.high},
                                 {"total", f.total.value}, {"total_low", f.total.low}, {"total_high", f.total.high}};
        }
        rows.push_back(
            {options[o], quantities[q], name, fmt::format("{:.6g}", e.variance),
             varies ? fmt::format("{:.6g}", f.first.value) : "", varies ? fmt::format("{:.6g}", f.first.low) : "",
             varies ? fmt::format("{:.6g}", f.first.high) : "", varies ? fmt::format("{:.6g}", f.total.value) : "",
             varies ? fmt::format("{:.6g}", f.total.low) : "", varies ? fmt::format("{:.6g}", f.total.high) : ""});
        if (varies && in_table && shown.size() < 5 && f.total.value >= 0.01) {
          wide = wide || f.total.high - f.total.low > 0.5 || f.first.high - f.first.low > 0.5;
          shown.push_back(fmt::format("    {:<28} first {} [{}, {}]   total {} [{}, {}]", name, fixed(f.first.value),
                                      fixed(f.first.low), fixed(f.first.high), fixed(f.total.value), fixed(f.total.low),
                                      fixed(f.total.high)));
        }
      }
      if (in_table) {
        text += fmt::format(
            "  {}{}\n", quantities[q],
            varies ? fmt::format(" (variance {:.4g}); the parameters with a total index of 0.01 or more:", e.variance)
                   : ": does not vary over the draws");
        for (const std::string& line : shown) text += line + "\n";
        if (wide) {
          text +=
              "    (wide intervals: the metric changes in few runs, so the indices are uncertain; more --samples "
              "narrow them)\n";
        }
      }
      oj["quantities"][quantities[q]] = std::move(qj);
    }
    if (!options[o].empty() || options.size() > 1)
      text = fmt::format("{}:\n", options[o].empty() ? "(as written)" : options[o]) + text;
    j["options"].push_back(std::move(oj));
    sections.push_back(std::move(text));
    text.clear();
  }
  write_output(sa.out, [&](std::ostream& out) {
    if (format == ScenarioFormat::kJson) {
      out << j.dump(2) << '\n';
      return;
    }
    if (format == ScenarioFormat::kCsv) {
      out << "option,quantity,parameter,variance,first,first_low,first_high,total,total_low,total_high\n";
      for (const auto& r : rows) out << fmt::format("{}\n", fmt::join(r, ","));
      return;
    }
    out << s.name << " — sensitivity\n\n"
        << fmt::format(
               "Sobol indices of each metric to each of {} uncertain parameters: Saltelli sampling over a Sobol "
               "sequence ({} rows, {} runs per option), Jansen's estimators, 95% percentile intervals from {} "
               "bootstrap resamples (seed {}). First order: the share of the metric's variance the parameter "
               "explains alone; total: with all its interactions. Solution concept per run: one equilibrium "
               "(the method's selected one).\n\n",
               k, design.samples(), design.points(), args.bootstrap, sa.seed);
    for (const std::string& section : sections) out << section << '\n';
  });
  return 0;
}

int run_threshold(const ThresholdArgs& args) {
  const ScenarioArgs& sa = args.scenario;
  refuse_equilibrium(sa, "threshold uses", "draw");
  ScenarioInput in = read_scenario(sa);
  const Scenario& s = in.scenario;
  const std::size_t slot = parameter_index(s, args.param);
  const std::vector<RankKey> keys = rank_keys(s, args.metric);  // the metric, checked
  if (keys.empty()) throw InputError("the scenario declares no metrics: a threshold needs one");
  const std::size_t metric = keys.front().metric;
  if (!(args.target >= 0.0 && args.target <= 1.0)) throw InputError("--target is a probability, between 0 and 1");
  const Distribution& d = s.parameters[slot].distribution;
  const double low = args.low.value_or(std::isfinite(d.low) && d.kind != DistributionKind::kFixed ? d.low : d.nominal);
  const double high =
      args.high.value_or(std::isfinite(d.high) && d.kind != DistributionKind::kFixed ? d.high : d.nominal);
  if (!(low < high))
    throw InputError(fmt::format("give --low and --high: the range of '{}' to search ({:g} to {:g}) is empty",
                                 args.param, low, high));
  const std::uint64_t draws = sa.draws_beside.value_or(1000);
  if (draws == 0) throw InputError("--draws must be at least 1");
  const ParameterSampler sampler(s, sa.seed);
  // The metric's mean over the same draws (common random numbers) at x, and its standard error.
  struct Mean {
    double mean, se;
  };
  auto at = [&](double x) {
    struct Sums : BatchSink {
      double sum = 0.0, squares = 0.0;
      std::size_t metric = 0;
      void consume(const BatchBlock& b) override {
        for (std::uint64_t r = 0; r < b.count; ++r) {
          const double v = b.result(r, 0)[metric];
          sum += v;
          squares += v * v;
        }
      }
    } sums;
    sums.metric = metric;
    BatchOptions batch;
    batch.end = draws;
    batch.threads = sa.threads;
    batch.solve = scenario_solve_options(sa);
    batch.overrides = in.sets;
    batch.options = {sa.option};
    batch.describe = [&](std::uint64_t p) {
      return fmt::format("draw {} of seed {} at {} = {:g}", p, sa.seed, args.param, x);
    };
    run_batch(
        s,
        [&](std::uint64_t p, std::span<double> v) {
          sampler.draw(p, v);
          v[slot] = x;
        },
        batch, sums);
    const double n = static_cast<double>(draws), mean = sums.sum / n;
    const double var = std::max(0.0, sums.squares / n - mean * mean);
    return Mean{mean, std::sqrt(var / n)};
  };
  // The lowest x in [low, high] where curve(x) >= target: a scan of 33 points, then bisection in the first bracket.
  auto crossing = [&](const std::function<double(double)>& curve) -> std::optional<double> {
    constexpr int kScan = 32;
    double previous = low;
    if (curve(low) >= args.target) return low;
    for (int i = 1; i <= kScan; ++i) {
      const double x = low + (high - low) * i / kScan;
      if (curve(x) >= args.target) {
        double a = previous, b = x;
        for (int it = 0; it < 30 && b - a > 1e-6 * (high - low); ++it) {
          const double m = 0.5 * (a + b);
          (curve(m) >= args.target ? b : a) = m;
        }
        return b;
      }
      previous = x;
    }
    return std::nullopt;
  };
  std::map<double, Mean> memo;
  auto mean_at = [&](double x) {
    auto it = memo.find(x);
    if (it == memo.end()) it = memo.emplace(x, at(x)).first;
    return it->second;
  };
  const auto point = crossing([&](double x) { return mean_at(x).mean; });
  const auto early = crossing([&](double x) { return mean_at(x).mean + 1.96 * mean_at(x).se; });
  const auto late = crossing([&](double x) { return mean_at(x).mean - 1.96 * mean_at(x).se; });
  const std::string& metric_id = s.metrics[metric].id;
  const ScenarioFormat format = parse_scenario_format(sa.format);
  nlohmann::ordered_json j;
  j["backstop"] = kVersion;
  j["scenario"] = s.name;
  j["option"] = sa.option;
  j["parameter"] = args.param;
  j["metric"] = metric_id;
  j["target"] = args.target;
  j["range"] = {low, high};
  j["draws"] = draws;
  j["seed"] = sa.seed;
  j["threshold"] = point ? nlohmann::ordered_json(*point) : nlohmann::ordered_json(nullptr);
  j["interval"] = {early ? nlohmann::ordered_json(*early) : nlohmann::ordered_json(nullptr),
                   late ? nlohmann::ordered_json(*late) : nlohmann::ordered_json(nullptr)};
  write_output(sa.out, [&](std::ostream& out) {
    if (format == ScenarioFormat::kJson) {
      out << j.dump(2) << '\n';
      return;
    }
    if (format == ScenarioFormat::kCsv) {
      out << "option,parameter,metric,target,threshold,low,high,draws,seed\n";
      out << fmt::format("{},{},{},{:g},{},{},{},{},{}\n", sa.option, args.param, metric_id, args.target,
                         point ? fmt::format("{:.6g}", *point) : "", early ? fmt::format("{:.6g}", *early) : "",
                         late ? fmt::format("{:.6g}", *late) : "", draws, sa.seed);
      return;
    }
    out << s.name << (sa.option.empty() ? "" : " — option " + sa.option) << " — threshold\n\n";
    out << fmt::format(
        "The lowest {} in [{:g}, {:g}] at which {} averages at least {:g} over {} draws of every other declared "
        "distribution (seed {}; the same draws at every value; one equilibrium per draw, the method's selected one):\n",
        args.param, low, high, metric_id, args.target, draws, sa.seed);
    if (!point) {
      out << fmt::format("  none: {} stays below {:g} across the range (at {:g}: {:.3f})\n", metric_id, args.target,
                         high, mean_at(high).mean);
      return;
    }
    out << fmt::format("  {} = {:.4g}", args.param, *point);
    out << fmt::format("  (95% interval from the draws' standard error: {} to {})\n",
                       early ? fmt::format("{:.4g}", *early) : "-",
                       late ? fmt::format("{:.4g}", *late) : "beyond the range");
    out << "A search: 33 values scanned, then bisection; it finds the first crossing, so a metric that rises, falls "
           "and rises again crosses first where the scan sees it.\n";
  });
  return 0;
}

int run_dynamics(const DynamicsArgs& args) {
  const ScenarioFormat format = parse_scenario_format(args.scenario.format);
  refuse_equilibrium(args.scenario, "dynamics reports", "period");
  ScenarioInput in = read_scenario(args.scenario);
  if (!in.scenario.dynamics.declared)
    throw InputError(SourceLocation{in.scenario.file, 1, 1},
                     "the scenario declares no dynamics: add a 'dynamics:' block with 'periods' (scenarios/README.md)");
  DynamicsOptions options;
  options.draws = args.draws;
  options.histories = args.histories;
  options.periods = args.periods;
  options.seed = args.scenario.seed;
  options.threads = args.scenario.threads;
  options.solve = scenario_solve_options(args.scenario);
  options.overrides = std::move(in.sets);
  if (!args.scenario.option.empty()) {
    (void)ScenarioModel(in.scenario).settings(args.scenario.option, {});  // an unknown option is refused here
    options.options = {args.scenario.option};
  }
  const DynamicsResult result = simulate_dynamics(in.scenario, options);
  write_output(args.scenario.out, [&](std::ostream& out) { write_dynamics(in.scenario, result, format, out); });
  return 0;
}

}  // namespace backstop::cli
