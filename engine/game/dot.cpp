#include "backstop/game/dot.hpp"

#include <fmt/format.h>

#include <ostream>

namespace backstop {
namespace {

// Okabe and Ito's palette: told apart with any colour vision.
constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#000000", "#F0E442"};
constexpr double kReached = 1e-9;  // reach below this is "off the path"

// What each node's path has paid so far: outcomes add up along the path.
// One forward sweep (parents have smaller ids than their children).
std::vector<double> path_payoffs(const Game& g) {
  const std::size_t np = g.num_players();
  std::vector<double> total(static_cast<std::size_t>(g.num_nodes()) * np, 0.0);
  for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
    const NodeId n{i};
    if (i > 0) std::copy_n(&total[index(g.parent(n)) * np], np, &total[i * np]);
    if (g.outcome(n) == kNoOutcome) continue;
    for (std::size_t p = 0; p < np; ++p)
      total[i * np + p] += g.payoff(g.outcome(n), PlayerId{static_cast<std::uint32_t>(p)});
  }
  return total;
}

std::string escape(std::string_view s) {
  std::string r;
  for (char c : s) {
    if (c == '\n') r += "\\n";
    else if (c == '"' || c == '\\') r += '\\', r += c;
    else r += c;
  }
  return r;
}

// "0.25", "1", "0": two decimals at most, no trailing zeros.
std::string short_number(double x) {
  std::string s = fmt::format("{:.2f}", x);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

class TreeWriter {
 public:
  TreeWriter(const Game& g, const TreeView& v, std::ostream& out)
      : g_(g), v_(v), out_(out), marked_(v.reach.size() == g.num_nodes()), paid_(path_payoffs(g)) {
    leaves_.assign(g.num_nodes(), 0);
    for (std::uint32_t i = g.num_nodes(); i-- > 0;) {
      const NodeId n{i};
      if (g.kind(n) == NodeKind::kTerminal) leaves_[i] = 1;
      if (i > 0) leaves_[index(g.parent(n))] += leaves_[i];
    }
    // Drawn: the root, and every node whose parent is drawn and which is not folded into its parent's box.
    shown_.assign(g.num_nodes(), 0);
    for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
      const NodeId n{i};
      shown_[i] = i == 0 || (shown_[index(g.parent(n))] && !folded(n));
    }
  }

  void write() {
    out_ << "digraph tree {\n  rankdir=LR;\n  ratio=0.5625;\n  nodesep=0.12;\n  ranksep=0.5;\n"
         << "  labelloc=t;\n  label=\"" << escape(g_.title());
    if (!v_.caption.empty()) out_ << "\\n" << escape(v_.caption);
    out_ << "\";\n  fontname=\"Helvetica\";\n  node [fontname=\"Helvetica\", fontsize=11];\n"
         << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
    write_legend();
    for (std::uint32_t i = 0; i < g_.num_nodes(); ++i) {
      const NodeId n{i};
      if (!shown_[i]) continue;
      node(n);
      edges(n);
    }
    infosets();
    out_ << "}\n";
  }

 private:
  bool on_path(NodeId n) const { return !marked_ || v_.reach[index(n)] > kReached; }
  // A node whose branch is folded into its parent's box.
  bool folded(NodeId n) const { return v_.collapse && marked_ && !on_path(n) && on_path(g_.parent(n)); }

  double move_probability(NodeId parent, ActionId a) const {
    return g_.kind(parent) == NodeKind::kChance ? g_.probability(a) : v_.profile[index(a)];
  }

  std::string player_colour(PlayerId p) const { return kPalette[index(p) % std::size(kPalette)]; }

  void write_legend() {
    // Who is who at the leaves: the payoffs are listed in this order.
    std::string names;
    for (std::uint32_t p = 0; p < g_.num_players(); ++p)
      names += fmt::format("{}<font color=\"{}\"><b>{}</b></font>", p ? " · " : "", player_colour(PlayerId{p}),
                           html(g_.player_label(PlayerId{p})));
    out_ << "  legend [shape=plaintext, label=<Payoffs at the leaves: " << names;
    if (marked_) out_ << "<br/>Thick: the equilibrium path; on each branch its probability";
    out_ << ">];\n";
  }

  static std::string html(std::string_view s) {
    std::string r;
    for (char c : s) {
      if (c == '<') r += "&lt;";
      else if (c == '>') r += "&gt;";
      else if (c == '&') r += "&amp;";
      else if (c == '"') r += "&quot;";
      else r += c;
    }
    return r;
  }

  std::string decision_name(NodeId n) const {
    const InfoSetId h = g_.infoset(n);
    if (index(h) < v_.infoset_names.size() && !v_.infoset_names[index(h)].empty()) return v_.infoset_names[index(h)];
    if (g_.kind(n) == NodeKind::kChance) return "Chance";
    return g_.player_label(g_.player(n));
  }

  void node(NodeId n) {
    const std::uint32_t i = index(n);
    const bool path = marked_ && on_path(n);
    out_ << "  n" << i << " [";
    switch (g_.kind(n)) {
      case NodeKind::kTerminal: {
        std::string label = "<";
        if (g_.outcome(n) != kNoOutcome && !g_.outcome_label(g_.outcome(n)).empty())
          label += fmt::format("<b>{}</b><br/>", html(g_.outcome_label(g_.outcome(n))));
        for (std::uint32_t p = 0; p < g_.num_players(); ++p)
          label += fmt::format("{}<font color=\"{}\">{}</font>", p ? " · " : "", player_colour(PlayerId{p}),
                               short_number(paid_[i * g_.num_players() + p]));
        if (path) label += fmt::format("<br/><i>reached {}</i>", short_number(v_.reach[i]));
        label += ">";
        out_ << "shape=box, style=\"rounded" << (path ? ",filled,bold\", fillcolor=\"#FFF3C4\"" : "\", color=gray60")
             << ", label=" << label;
        break;
      }
      case NodeKind::kChance:
        out_ << "shape=diamond, color=gray40, fontcolor=gray20, label=\"" << escape(decision_name(n)) << "\"";
        break;
      case NodeKind::kDecision: {
        const std::string colour = player_colour(g_.player(n));
        out_ << "shape=ellipse, color=\"" << colour << "\", fontcolor=\"" << colour << "\", label=\""
             << escape(decision_name(n)) << "\"" << (path || !marked_ ? ", style=bold, penwidth=2" : "");
        break;
      }
    }
    out_ << "];\n";
  }

  void edges(NodeId n) {
    const std::uint32_t k_max = g_.num_children(n);
    const InfoSetId h = g_.infoset(n);
    std::vector<std::string> hidden;  // folded actions
    std::uint32_t hidden_leaves = 0;
    for (std::uint32_t k = 0; k < k_max; ++k) {
      const NodeId c = g_.child(n, k);
      const ActionId a = g_.action(h, k);
      std::string label{g_.action_label(a)};
      if (folded(c)) {
        hidden.push_back(label);
        hidden_leaves += leaves_[index(c)];
        continue;
      }
      const bool show_p = marked_ || g_.kind(n) == NodeKind::kChance;
      const double p = show_p ? move_probability(n, a) : 0.0;
      if (show_p) label += fmt::format(" {}", short_number(p));
      const bool thick = marked_ && on_path(n) && p > kReached;
      out_ << "  n" << index(n) << " -> n" << index(c) << " [label=\"" << escape(label) << "\""
           << (thick     ? ", penwidth=3, color=black"
               : marked_ ? ", color=gray60, fontcolor=gray40"
                         : "")
           << "];\n";
    }
    if (hidden.empty()) return;
    const std::string actions = fmt::format("{}", fmt::join(hidden, ", "));
    out_ << "  f" << index(n) << " [shape=note, color=gray60, fontcolor=gray40, fontsize=10, label=\""
         << escape(fmt::format("{} outcome{} off the path", hidden_leaves, hidden_leaves == 1 ? "" : "s"))
         << "\"];\n  n" << index(n) << " -> f" << index(n) << " [style=dashed, color=gray60, fontcolor=gray40, label=\""
         << escape(fmt::format("{} 0", actions)) << "\"];\n";
  }

  // Information sets: a dashed line between consecutive members drawn.
  void infosets() {
    for (std::uint32_t h = 0; h < g_.num_infosets(); ++h) {
      if (g_.infoset_player(InfoSetId{h}) == kChancePlayer) continue;
      std::uint32_t last = kNoIndex;
      for (const NodeId m : g_.members(InfoSetId{h})) {
        if (!shown_[index(m)]) continue;
        if (last != kNoIndex)
          out_ << "  n" << last << " -> n" << index(m)
               << " [style=dashed, dir=none, constraint=false, color=gray50];\n";
        last = index(m);
      }
    }
  }

  const Game& g_;
  const TreeView& v_;
  std::ostream& out_;
  bool marked_;
  std::vector<double> paid_;
  std::vector<std::uint32_t> leaves_;
  std::vector<char> shown_;
};

}  // namespace

std::uint32_t num_leaves(const Game& game) {
  std::uint32_t n = 0;
  for (std::uint32_t i = 0; i < game.num_nodes(); ++i) n += game.kind(NodeId{i}) == NodeKind::kTerminal;
  return n;
}

void write_dot(const Game& g, std::ostream& out, const TreeView& view) { TreeWriter(g, view, out).write(); }

}  // namespace backstop
