#include "backstop/report/solution_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "backstop/error.hpp"
#include "backstop/report/labels.hpp"

namespace backstop {
namespace {

// The actions from the root to node n.
std::vector<ActionId> path_to(const Game& g, NodeId n) {
  std::vector<ActionId> path;
  for (NodeId m = n; m != Game::root(); m = g.parent(m)) path.push_back(g.action_into(m));
  return {path.rbegin(), path.rend()};
}

struct Leaf {
  NodeId node;
  double probability;
};
// Terminal nodes in file order; with only_reached, those play reaches.
std::vector<Leaf> leaves(const Game& g, const Equilibrium& e, bool only_reached) {
  std::vector<Leaf> out;
  for (NodeId n : g.preorder()) {
    if (g.kind(n) != NodeKind::kTerminal) continue;
    if (!only_reached || e.reach[index(n)] > 0.0) out.push_back({n, e.reach[index(n)]});
  }
  return out;
}

// What a terminal node is called: its outcome's label, else its own, else its path.
std::string leaf_name(const Game& g, NodeId n, const DisplayNames& names) {
  if (g.outcome(n) != kNoOutcome && !g.outcome_label(g.outcome(n)).empty())
    return std::string(g.outcome_label(g.outcome(n)));
  if (!g.node_label(n).empty()) return std::string(g.node_label(n));
  std::string s;
  for (ActionId a : path_to(g, n)) s += (s.empty() ? "" : " > ") + names.actions[index(a)];
  return s.empty() ? "(root)" : s;
}

// What was solved and how, above every table.
void write_table_header(const std::string& title, const Solution& s, std::ostream& out) {
  out << fmt::format("Game:     {}\n", title.empty() ? "(untitled)" : title);
  out << fmt::format("Concept:  {} (method {})\n", s.concept_name, method_name(s.method));
  out << fmt::format("How:      {}\n", s.detail);
  out << fmt::format("Found:    {} equilibri{}{}\n", s.equilibria.size(), s.equilibria.size() == 1 ? "um" : "a",
                     s.truncated ? " (listing stopped; more exist)" : "");
}

void write_json(const Game& g, const Solution& s, std::ostream& out) {
  const DisplayNames names = display_names(g);
  using nlohmann::json;
  json doc;
  doc["game"] = g.title();
  doc["players"] = names.players;
  doc["method"] = method_name(s.method);
  doc["concept"] = s.concept_name;
  doc["detail"] = s.detail;
  doc["truncated"] = s.truncated;
  json eqs = json::array();
  for (const Equilibrium& e : s.equilibria) {
    json profile = json::object(), beliefs = json::object(), payoffs = json::object();
    for (std::uint32_t p = 0; p < g.num_players(); ++p) {
      json& pp = profile[names.players[p]] = json::object();
      json& pb = beliefs[names.players[p]] = json::object();
      payoffs[names.players[p]] = e.payoffs[p];
      for (InfoSetId h : g.infosets_of(PlayerId{p})) {
        json& ph = pp[names.infosets[index(h)]] = json::object();
        for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) {
          const ActionId a = g.action(h, k);
          ph[names.actions[index(a)]] = e.profile[index(a)];
        }
        json b = json::array();
        for (NodeId m : g.members(h)) {
          const double v = e.beliefs[index(m)];
          b.push_back(std::isnan(v) ? json(nullptr) : json(v));
        }
        pb[names.infosets[index(h)]] = std::move(b);
      }
    }
    // Every terminal node in file order; the path of actions only for those
    // play reaches (listing it for all would be quadratic in a deep tree).
    json outcomes = json::array();
    std::uint32_t number = 0;
    for (const Leaf& leaf : leaves(g, e, false)) {
      const OutcomeId o = g.outcome(leaf.node);
      json entry{{"terminal", ++number},
                 {"outcome", o == kNoOutcome ? json(nullptr) : json(g.outcome_label(o))},
                 {"probability", leaf.probability}};
      if (leaf.probability > 0.0) {
        json path = json::array();
        for (ActionId a : path_to(g, leaf.node)) path.push_back(names.actions[index(a)]);
        entry["path"] = std::move(path);
      }
      outcomes.push_back(std::move(entry));
    }
    eqs.push_back({{"profile", std::move(profile)},
                   {"payoffs", std::move(payoffs)},
                   {"beliefs", std::move(beliefs)},
                   {"outcomes", std::move(outcomes)}});
  }
  doc["equilibria"] = std::move(eqs);
  out << doc.dump(2) << '\n';
}

void write_table(const Game& g, const Solution& s, std::ostream& out) {
  const DisplayNames names = display_names(g);
  write_table_header(g.title(), s, out);
  for (std::size_t i = 0; i < s.equilibria.size(); ++i) {
    const Equilibrium& e = s.equilibria[i];
    const bool selected = i == 0 && s.equilibria.size() > 1 && s.method == Method::kSpe;
    out << fmt::format("\nEquilibrium {}{}\n", i + 1, selected ? " (selected by the tie rule)" : "");
    for (std::uint32_t p = 0; p < g.num_players(); ++p) {
      out << fmt::format("  {}\n", names.players[p]);
      for (InfoSetId h : g.infosets_of(PlayerId{p})) {
        std::string plays;
        for (std::uint32_t k = 0; k < g.infoset_num_actions(h); ++k) {
          const ActionId a = g.action(h, k);
          const double pr = e.profile[index(a)];
          if (pr == 0.0) continue;
          plays +=
              fmt::format("{}{}", plays.empty() ? "" : ", ",
                          pr == 1.0 ? names.actions[index(a)] : fmt::format("{} {:.4g}", names.actions[index(a)], pr));
        }
        out << fmt::format("    {}: {}\n", names.infosets[index(h)], plays.empty() ? "-" : plays);
      }
    }
    out << "  Expected payoffs:";
    for (std::uint32_t p = 0; p < g.num_players(); ++p)
      out << fmt::format("{} {} = {:.6g}", p ? "," : "", names.players[p], e.payoffs[p]);
    out << "\n  Play ends at:\n";
    for (const Leaf& leaf : leaves(g, e, true)) {
      out << fmt::format("    {:>6.2f}%  {}\n", 100.0 * leaf.probability, leaf_name(g, leaf.node, names));
    }
  }
}

}  // namespace

ReportFormat parse_report_format(std::string_view name) {
  if (name == "table") return ReportFormat::kTable;
  if (name == "json") return ReportFormat::kJson;
  if (name == "gambit") return ReportFormat::kGambit;
  throw InputError(fmt::format("unknown format '{}' (known: table, json, gambit)", name));
}

std::string gambit_number(double v, bool exact) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  if (exact) {
    // Continued fraction convergents of v, until one is within rounding of v.
    long long p0 = 0, q0 = 1, p1 = 1, q1 = 0;
    double x = v;
    for (int step = 0; step < 40; ++step) {
      const double a = std::floor(x);
      const long long p2 = static_cast<long long>(a) * p1 + p0, q2 = static_cast<long long>(a) * q1 + q0;
      if (q2 > 100000) break;
      if (std::abs(v - static_cast<double>(p2) / static_cast<double>(q2)) <= 1e-11 * std::max(1.0, std::abs(v))) {
        return q2 == 1 ? fmt::format("{}", p2) : fmt::format("{}/{}", p2, q2);
      }
      p0 = p1, q0 = q1, p1 = p2, q1 = q2;
      if (x - a < 1e-15) break;
      x = 1.0 / (x - a);
    }
  }
  return fmt::format("{:.6g}", v);
}

// A traced point as gambit-logit prints it: lambda to 6 decimals, then the profile.
std::string gambit_point(double lambda, const Eigen::VectorXd& profile) {
  std::string line = fmt::format("{:.6f}", lambda);
  for (Eigen::Index a = 0; a < profile.size(); ++a) {
    line += ',';
    line += gambit_number(profile[a], false);
  }
  return line;
}

void write_gambit(const Solution& s, std::ostream& out) {
  for (const PathPoint& p : s.path) out << gambit_point(p.lambda, p.profile) << '\n';
  if (s.at_lambda && s.path.empty()) {
    for (const Equilibrium& e : s.equilibria) out << gambit_point(e.lambda, e.profile) << '\n';
    return;
  }
  if (s.at_lambda) return;
  for (const Equilibrium& e : s.equilibria) out << gambit_line(e.profile, s.exact) << '\n';
}

std::string gambit_line(const Eigen::VectorXd& profile, bool exact) {
  std::string line = "NE";
  for (Eigen::Index a = 0; a < profile.size(); ++a) {
    line += ',';
    line += gambit_number(profile[a], exact);
  }
  return line;
}

void write_solution(const Game& g, const Solution& s, ReportFormat format, std::ostream& out) {
  if (s.strategic_form) {
    write_solution(*s.strategic_form, s, format, out);
    return;
  }
  switch (format) {
    case ReportFormat::kGambit: write_gambit(s, out); return;
    case ReportFormat::kJson: write_json(g, s, out); return;
    case ReportFormat::kTable: write_table(g, s, out); return;
  }
}

void write_solution(const NormalFormGame& g, const Solution& s, ReportFormat format, std::ostream& out) {
  if (format == ReportFormat::kGambit) {
    write_gambit(s, out);
    return;
  }
  std::vector<std::string> player_labels;
  for (std::uint32_t p = 0; p < g.num_players(); ++p) player_labels.push_back(g.player_label(PlayerId{p}));
  const auto players = distinct_names(player_labels);
  std::vector<std::vector<std::string>> strategies(g.num_players());
  for (std::uint32_t p = 0; p < g.num_players(); ++p) {
    std::vector<std::string> labels;
    for (std::uint32_t k = 0; k < g.num_strategies(PlayerId{p}); ++k)
      labels.push_back(g.strategy_label(PlayerId{p}, k));
    strategies[p] = distinct_names(labels);
  }
  if (format == ReportFormat::kJson) {
    using nlohmann::json;
    json doc{{"game", g.title()},         {"players", players}, {"method", method_name(s.method)},
             {"concept", s.concept_name}, {"detail", s.detail}, {"truncated", s.truncated}};
    json eqs = json::array();
    for (const Equilibrium& e : s.equilibria) {
      json profile = json::object(), payoffs = json::object();
      Eigen::Index i = 0;
      for (std::uint32_t p = 0; p < g.num_players(); ++p) {
        json& pp = profile[players[p]] = json::object();
        for (const std::string& st : strategies[p]) pp[st] = e.profile[i++];
        payoffs[players[p]] = e.payoffs[p];
      }
      eqs.push_back({{"profile", std::move(profile)}, {"payoffs", std::move(payoffs)}});
    }
    doc["equilibria"] = std::move(eqs);
    out << doc.dump(2) << '\n';
    return;
  }
  write_table_header(g.title(), s, out);
  for (std::size_t k = 0; k < s.equilibria.size(); ++k) {
    const Equilibrium& e = s.equilibria[k];
    out << fmt::format("\nEquilibrium {}\n", k + 1);
    Eigen::Index i = 0;
    for (std::uint32_t p = 0; p < g.num_players(); ++p) {
      std::string plays;
      for (const std::string& st : strategies[p]) {
        const double pr = e.profile[i++];
        if (pr == 0.0) continue;
        plays += fmt::format("{}{}", plays.empty() ? "" : ", ", pr == 1.0 ? st : fmt::format("{} {:.4g}", st, pr));
      }
      out << fmt::format("  {}: {} (payoff {:.6g})\n", players[p], plays, e.payoffs[p]);
    }
  }
}

}  // namespace backstop
