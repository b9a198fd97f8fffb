// backstop sweep and backstop merge: runs over a design streamed to a file,
// one row per run and option, with a JSON sidecar that says what made them.
// A sweep can be split into shards (--shard I/N) and merged, stopped (Ctrl-C,
// or killed) and resumed: the rows written are whole points, and the file
// ends with the same bytes as a run never interrupted.

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <boost/uuid/detail/sha1.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "backstop/error.hpp"
#include "backstop/input_file.hpp"
#include "backstop/report/output.hpp"
#include "backstop/report/rows.hpp"
#include "backstop/sim/batch.hpp"
#include "backstop/sim/design.hpp"
#include "backstop/sim/result_row.hpp"
#include "commands.hpp"
#include "mpi.hpp"
#include "progress.hpp"

namespace backstop::cli {
namespace {

double number(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) throw InputError(what + ": '" + text + "' is not a number");
  return v;
}

SweepAxis parse_axis(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--param '" + text + "': write NAME=LOW:HIGH:STEPS (grid) or NAME=LOW:HIGH (lhs, sobol)");
  SweepAxis a;
  a.name = text.substr(0, eq);
  std::vector<std::string> parts;
  std::stringstream rest(text.substr(eq + 1));
  for (std::string p; std::getline(rest, p, ':');) parts.push_back(p);
  if (parts.size() < 2 || parts.size() > 3)
    throw InputError("--param '" + text + "': write NAME=LOW:HIGH:STEPS (grid) or NAME=LOW:HIGH (lhs, sobol)");
  a.low = number(parts[0], "--param " + a.name);
  a.high = number(parts[1], "--param " + a.name);
  if (parts.size() == 3) {
    const double steps = number(parts[2], "--param " + a.name);
    if (!(steps >= 1 && steps <= 1e15 && steps == std::floor(steps)))
      throw InputError("--param " + a.name + ": the steps must be a whole number >= 1, not '" + parts[2] + "'");
    a.steps = static_cast<std::uint64_t>(steps);
  }
  return a;
}

std::string file_sha1(const std::string& path) {
  const std::string bytes = read_input_file(path, kMaxScenarioBytes, "scenario");
  boost::uuids::detail::sha1 h;
  h.process_bytes(bytes.data(), bytes.size());
  unsigned int digest[5];
  h.get_digest(digest);
  return fmt::format("{:08x}{:08x}{:08x}{:08x}{:08x}", digest[0], digest[1], digest[2], digest[3], digest[4]);
}

// The command without what does not change the rows: where they go, the
// threads, the shard, --resume.
std::vector<std::string> result_command(const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < argv.size(); ++k) {
    const std::string& a = argv[k];
    if (a == "--resume") continue;
    if (a == "--out" || a == "--threads" || a == "--shard") {
      ++k;
      continue;
    }
    if (a.rfind("--out=", 0) == 0 || a.rfind("--threads=", 0) == 0 || a.rfind("--shard=", 0) == 0) continue;
    out.push_back(a);
  }
  return out;
}

std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text) {
  const std::size_t slash = text.find('/');
  const auto whole = [&](const std::string& t) {
    if (t.empty() || t.size() > 9 || t.find_first_not_of("0123456789") != std::string::npos)
      throw InputError("--shard '" + text + "': write I/N with 0 <= I < N (shard I of N, from 0)");
    return std::stoull(t);
  };
  if (slash == std::string::npos) whole("");
  const std::uint64_t i = whole(text.substr(0, slash)), n = whole(text.substr(slash + 1));
  if (n == 0 || i >= n) throw InputError("--shard '" + text + "': write I/N with 0 <= I < N (shard I of N, from 0)");
  return {i, n};
}

// Where a killed or stopped sweep left off: the byte after its last whole
// point (a header line first for CSV), and how many points that is.
std::pair<std::uintmax_t, std::uint64_t> whole_points(const std::string& path, bool header, std::size_t rows_per_point,
                                                      const std::string& expected_header) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::uintmax_t offset = 0, kept = 0;
  std::uint64_t rows = 0, points = 0;
  bool first = header;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no line break: a row cut short
    offset += line.size() + 1;
    if (first) {
      if (line + "\n" != expected_header)
        throw InputError(SourceLocation{path, 1, 1}, "this file's columns are not this sweep's: it cannot be resumed");
      first = false;
      kept = offset;
      continue;
    }
    if (++rows % rows_per_point == 0) kept = offset, ++points;
  }
  if (first) return {0, 0};  // not even the header: start again
  return {kept, points};
}

class JsonlRowWriter {
 public:
  JsonlRowWriter(RowSchema schema, std::ostream& out) : schema_(std::move(schema)), out_(out) {}
  void write(const ResultRow& row) {
    nlohmann::ordered_json j;
    j["run"] = row.run;
    j["option"] = row.option;
    j["replicate"] = row.replicate;
    j["seed"] = row.seed;
    j["concept"] = row.concept_name;
    auto put = [&](const std::string& key, double v) { j[key] = std::stod(fmt::format("{:.6g}", v)); };
    for (std::size_t k = 0; k < row.parameters.size(); ++k) put(schema_.parameters[k], row.parameters[k]);
    for (std::size_t k = 0; k < row.metrics.size(); ++k) put(schema_.metrics[k], row.metrics[k]);
    for (std::size_t k = 0; k < row.outcomes.size(); ++k) put("outcome_" + schema_.outcomes[k], row.outcomes[k]);
    for (std::size_t k = 0; k < row.payoffs.size(); ++k) put("payoff_" + schema_.actors[k], row.payoffs[k]);
    out_ << j.dump() << '\n';
  }

 private:
  RowSchema schema_;
  std::ostream& out_;
};

class RowSink : public BatchSink {
 public:
  RowSink(const BlockRows& rows, std::function<void(const ResultRow&)> write, std::ostream& out, Progress& progress,
          std::uint64_t done)
      : rows_(rows), write_(std::move(write)), out_(out), progress_(progress), done_(done) {}
  void consume(const BatchBlock& b) override {
    for_each_row(b, rows_, write_);
    out_.flush();  // whole blocks reach the file as they are done
    if (!out_) throw Error("cannot write the sweep's rows (disk full?)", kExitFailure);
    progress_.update(done_ += b.count);
  }

 private:
  const BlockRows& rows_;
  std::function<void(const ResultRow&)> write_;
  std::ostream& out_;
  Progress& progress_;
  std::uint64_t done_;
};

}  // namespace

int run_sweep(const SweepArgs& args) {
  const ScenarioArgs& sa = args.scenario;
  if (sa.out.empty())
    throw InputError("a sweep streams its rows to a file: give --out FILE (a JSON sidecar goes beside it)");
  refuse_equilibrium(sa, "a sweep reports", "run");
  const bool jsonl = sa.format == "jsonl";
  ScenarioInput in = read_scenario(sa);
  const Scenario& s = in.scenario;
  std::vector<SweepAxis> axes;
  for (const std::string& p : args.params) axes.push_back(parse_axis(p));
  const DesignKind kind = args.design == "lhs"     ? DesignKind::kLhs
                          : args.design == "sobol" ? DesignKind::kSobol
                                                   : DesignKind::kGrid;
  const SweepDesign design(s, axes, kind, args.samples, args.replicates, sa.seed);
  // Not a structured binding: clang 14 refuses to capture one in a lambda.
  const std::pair<std::uint64_t, std::uint64_t> shard_of =
      args.shard.empty() ? std::pair<std::uint64_t, std::uint64_t>{0, 1} : parse_shard(args.shard);
  const std::uint64_t shard = shard_of.first, shards = shard_of.second;
  const auto bound = [&](std::uint64_t i) {
    const std::uint64_t p = design.points();  // floor(p i / shards) without overflow
    return p / shards * i + p % shards * i / shards;
  };
  const std::uint64_t begin = bound(shard), end = bound(shard + 1);

  BlockRows numbering;
  numbering.options = sa.option.empty() ? option_ids(s) : std::vector<std::string>{sa.option};
  // Swept parameters in the order given, then lambda (the logit QRE's precision) if it is swept.
  std::vector<std::string> swept;
  for (std::size_t k = 0; k < design.axes().size(); ++k) {
    if (design.slots()[k] == SweepDesign::kNoSlot) continue;
    numbering.parameters.push_back(design.slots()[k]);
    swept.push_back(design.axes()[k].name);
  }
  if (design.sweeps_lambda()) {
    if (sa.method != Method::kQre)
      throw InputError("--param lambda sweeps the logit QRE's precision: give --method qre");
    if (sa.lambda) throw InputError("--lambda is fixed; --param lambda=LOW:HIGH... sweeps it: give one");
    swept.emplace_back("lambda");
  }
  numbering.numbering = [&](std::uint64_t point, ResultRow& row) {
    row.replicate = design.replicate(point);
    row.seed = sa.seed;
    if (design.sweeps_lambda()) row.parameters.push_back(design.lambda(point));
  };
  const RowSchema schema = row_schema(s, swept, true);

  // The sidecar: what made the rows and what each column means.
  nlohmann::ordered_json side;
  side["backstop"] = kVersion;
  side["scenario"] = s.name;
  side["scenario_file"] = sa.file;
  side["scenario_sha1"] = sa.file == "-" ? std::string("(standard input)") : file_sha1(sa.file);
  side["command"] = result_command(args.command);
  side["design"] = design_name(kind);
  for (const SweepAxis& a : design.axes()) {
    nlohmann::ordered_json aj{{"parameter", a.name}, {"low", a.low}, {"high", a.high}};
    if (kind == DesignKind::kGrid) aj["steps"] = a.steps;
    side["axes"].push_back(aj);
  }
  side["design_points"] = design.design_points();
  side["replicates"] = args.replicates;
  side["others"] = args.replicates == 0 ? "parameters not swept stay at their nominal values"
                                        : "parameters not swept are drawn from their distributions, per run";
  side["seed"] = sa.seed;
  side["method"] = method_name(sa.method);
  side["overrides"] = sa.sets;
  side["options"] = numbering.options;
  side["points"] = design.points();
  side["rows"] = design.points() * numbering.options.size();
  side["format"] = jsonl ? "jsonl" : "csv";
  nlohmann::ordered_json columns;
  columns["run"] = "run id: point x options + option, from 0";
  columns["option"] = "the option's id";
  columns["replicate"] = "the replicate of the design point (0 with --replicates 0)";
  columns["seed"] = "the seed of the draws";
  if (!jsonl) columns["label"] = "the option's label";
  columns["concept"] = "the solution concept of the numbers";
  for (const std::string& p : swept)
    columns[p] =
        p == "lambda" && design.sweeps_lambda() ? "the logit QRE's precision (0: uniform play)" : "swept parameter";
  for (const Metric& m : s.metrics) columns[m.id] = "metric: probability of " + (m.label.empty() ? m.id : m.label);
  for (const Outcome& o : s.outcomes) columns["outcome_" + o.id] = "probability of outcome: " + o.label;
  for (const Actor& a : s.actors) columns["payoff_" + a.id] = "expected payoff of " + a.id;
  side["columns"] = columns;
  if (shards > 1) side["shard"] = {{"index", shard}, {"of", shards}, {"points", {begin, end}}};

  const std::string sidecar = sa.out + ".json";
  const std::string side_text = side.dump(2) + "\n";
  std::ostringstream header_text;
  if (!jsonl) CsvRowWriter(s, schema, header_text);
  BatchTransport* const mpi = transport();
  constexpr std::uint64_t kAbandoned = ~std::uint64_t{0};
  BatchOptions batch;
  batch.end = end;
  batch.threads = sa.threads;
  batch.solve = scenario_solve_options(sa);
  batch.overrides = in.sets;
  batch.options = numbering.options;
  batch.stop = &Interrupt::requested;
  batch.transport = mpi;
  batch.describe = [&](std::uint64_t point) { return fmt::format("run point {} of the sweep", point); };
  if (design.sweeps_lambda()) batch.lambda = [&](std::uint64_t point) { return design.lambda(point); };
  if (mpi_rank() > 0) {
    // Rank 0 reads and writes the files; this rank computes its share of the points from where it says.
    const std::uint64_t from = mpi->share(0);
    if (from == kAbandoned) return kExitBadInput;
    struct Nothing : BatchSink {
      void consume(const BatchBlock&) override {}
    } nothing;
    batch.begin = begin + from;
    const Interrupt interrupt;
    try {
      run_batch(
          s, [&](std::uint64_t p, std::span<double> v) { design.fill(p, v); }, batch, nothing);
    } catch (const Error& e) {
      return e.exit_code();  // rank 0 reports it
    }
    return 0;
  }

  // Resume where a stopped or killed run left off: whole points only.
  std::uint64_t done = 0;
  try {
    if (args.resume && std::filesystem::exists(sa.out)) {
      if (!std::filesystem::exists(sidecar) || read_input_file(sidecar, 1 << 24, "sidecar") != side_text)
        throw InputError(SourceLocation{sidecar, 1, 1},
                         "this sidecar describes another sweep (or is missing): --resume continues only the same one");
      const auto [offset, points] = whole_points(sa.out, !jsonl, numbering.options.size(), header_text.str());
      std::filesystem::resize_file(sa.out, offset);
      done = std::min(points, end - begin);
    }
  } catch (...) {
    if (mpi != nullptr) mpi->share(kAbandoned);
    throw;
  }
  if (mpi != nullptr) mpi->share(done);
  {
    std::ofstream side_out(sidecar, std::ios::binary | std::ios::trunc);
    side_out << side_text;
    if (!side_out) throw InputError("cannot write '" + sidecar + "'");
  }
  std::ofstream out(sa.out, std::ios::binary | (done > 0 ? std::ios::app : std::ios::trunc));
  if (!out) throw InputError("cannot write '" + sa.out + "'");
  std::function<void(const ResultRow&)> write;
  std::optional<CsvRowWriter> csv;
  std::optional<JsonlRowWriter> json;
  if (jsonl) {
    json.emplace(schema, out);
    write = [&](const ResultRow& row) { json->write(row); };
  } else {
    csv.emplace(s, schema, out, done == 0);
    write = [&](const ResultRow& row) { csv->write(row); };
  }
  Progress progress(end - begin, "points");
  progress.start_at(done);
  batch.begin = begin + done;
  RowSink sink(numbering, write, out, progress, done);
  const Interrupt interrupt;
  const std::uint64_t handed = run_batch(
      s, [&](std::uint64_t p, std::span<double> v) { design.fill(p, v); }, batch, sink);
  if (batch.begin + handed < end) {
    std::cerr << fmt::format("backstop: stopped after {} of {} points; run the same command with --resume to finish\n",
                             done + handed, end - begin);
    return 130;
  }
  return 0;
}

int run_merge(const MergeArgs& args) {
  if (args.out.empty()) throw InputError("give --out FILE for the merged rows");
  nlohmann::ordered_json whole;
  std::uint64_t next_point = 0, shards = 0;
  for (std::size_t k = 0; k < args.files.size(); ++k) {
    const std::string side_path = args.files[k] + ".json";
    nlohmann::ordered_json side;
    try {
      side = nlohmann::ordered_json::parse(read_input_file(side_path, 1 << 24, "sidecar"));
    } catch (const nlohmann::json::exception& e) {
      throw InputError(SourceLocation{side_path, 1, 1}, std::string("not a sweep's sidecar: ") + e.what());
    }
    if (!side.contains("shard") || !side.contains("points") || !side.contains("options"))
      throw InputError(SourceLocation{side_path, 1, 1}, "not the sidecar of a sweep shard (--shard I/N)");
    const auto shard = side["shard"];
    side.erase("shard");
    if (k == 0) whole = side, shards = shard["of"].get<std::uint64_t>();
    if (side != whole)
      throw InputError(SourceLocation{side_path, 1, 1}, "this shard comes from another sweep than " + args.files[0]);
    if (shard["index"].get<std::uint64_t>() != k || shard["of"].get<std::uint64_t>() != shards ||
        shard["points"][0].get<std::uint64_t>() != next_point)
      throw InputError(SourceLocation{side_path, 1, 1},
                       fmt::format("shards go in order: expected shard {} of {} here", k, shards));
    next_point = shard["points"][1].get<std::uint64_t>();
  }
  if (args.files.size() != shards || next_point != whole["points"].get<std::uint64_t>())
    throw InputError(fmt::format("{} shards were given; the sweep has {}", args.files.size(), shards));
  const bool csv = whole["format"] == "csv";
  const std::size_t per_point = whole["options"].size();
  write_output(args.out, [&](std::ostream& out) {
    std::uint64_t point = 0;
    for (std::size_t k = 0; k < args.files.size(); ++k) {
      std::ifstream in(args.files[k], std::ios::binary);
      if (!in) throw InputError(SourceLocation{args.files[k], 0, 0}, "cannot read this shard");
      std::string line;
      std::uint64_t rows = 0;
      for (std::size_t n = 0; std::getline(in, line); ++n) {
        if (csv && n == 0) {
          if (k == 0) out << line << '\n';
          continue;
        }
        out << line << '\n';
        ++rows;
      }
      point += rows / per_point;
      if (rows % per_point != 0)
        throw InputError(SourceLocation{args.files[k], 0, 0},
                         "this shard ends in the middle of a point: finish it with --resume");
    }
    if (point != whole["points"].get<std::uint64_t>())
      throw InputError(fmt::format("the shards hold {} of the sweep's {} points: finish them with --resume", point,
                                   whole["points"].get<std::uint64_t>()));
  });
  write_output(args.out + ".json", [&](std::ostream& out) { out << whole.dump(2) << '\n'; });
  return 0;
}

}  // namespace backstop::cli
