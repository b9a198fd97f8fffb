// The one translation unit that includes Boost.Graph.
#include "backstop/game/dot.hpp"

#include <fmt/format.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <ostream>

namespace backstop {
namespace {

struct VertexProps {
  std::string label, shape, color, style;
};
struct EdgeProps {
  std::string label, style;
  bool tree = true;
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps, EdgeProps>;

constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                    "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

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

std::string escape(const std::string& s) {
  std::string r;
  for (char c : s) {
    if (c == '\n') r += "\\n";
    else if (c == '"' || c == '\\') r += '\\', r += c;
    else r += c;
  }
  return r;
}

}  // namespace

void write_dot(const Game& g, std::ostream& out) {
  Graph graph(g.num_nodes());
  const std::vector<double> paid = path_payoffs(g);
  for (std::uint32_t i = 0; i < g.num_nodes(); ++i) {
    const NodeId n{i};
    VertexProps& v = graph[i];
    switch (g.kind(n)) {
      case NodeKind::kTerminal:
        v.shape = "plaintext";
        v.label = g.node_label(n).empty() ? std::string{} : fmt::format("{}\n", g.node_label(n));
        for (std::uint32_t p = 0; p < g.num_players(); ++p) {
          v.label += fmt::format("{}{:g}", p ? ", " : "(", paid[i * g.num_players() + p]);
        }
        v.label += ")";
        break;
      case NodeKind::kChance:
        v.shape = "diamond";
        v.label = g.node_label(n).empty() ? std::string("Chance") : std::string(g.node_label(n));
        v.color = "gray40";
        break;
      case NodeKind::kDecision: {
        const PlayerId p = g.player(n);
        v.shape = "ellipse";
        v.label = g.player_label(p);
        if (!g.infoset_label(g.infoset(n)).empty()) v.label += fmt::format("\n{}", g.infoset_label(g.infoset(n)));
        v.color = kPalette[index(p) % std::size(kPalette)];
        v.style = "bold";
        break;
      }
    }
    for (std::uint32_t k = 0; k < g.num_children(n); ++k) {
      const ActionId a = g.action(g.infoset(n), k);
      EdgeProps e;
      e.label = g.kind(n) == NodeKind::kChance ? fmt::format("{} ({})", g.action_label(a), g.probability_text(a))
                                               : g.action_label(a);
      boost::add_edge(i, index(g.child(n, k)), e, graph);
    }
  }
  // Information sets: a dashed line between consecutive members.
  for (std::uint32_t h = 0; h < g.num_infosets(); ++h) {
    auto members = g.members(InfoSetId{h});
    if (g.infoset_player(InfoSetId{h}) == kChancePlayer) continue;
    for (std::size_t m = 1; m < members.size(); ++m) {
      boost::add_edge(index(members[m - 1]), index(members[m]), EdgeProps{"", "dashed", false}, graph);
    }
  }
  auto vertex_writer = [&](std::ostream& os, std::size_t v) {
    const VertexProps& p = graph[v];
    os << "[label=\"" << escape(p.label) << "\", shape=" << p.shape;
    if (!p.color.empty()) os << ", color=\"" << p.color << "\", fontcolor=\"" << p.color << "\"";
    if (!p.style.empty()) os << ", style=" << p.style;
    os << "]";
  };
  auto edge_writer = [&](std::ostream& os, const Graph::edge_descriptor& e) {
    const EdgeProps& p = graph[e];
    if (p.tree) os << "[label=\"" << escape(p.label) << "\"]";
    else os << "[style=dashed, dir=none, constraint=false, color=gray50]";
  };
  auto graph_writer = [&](std::ostream& os) {
    os << "label=\"" << escape(g.title())
       << "\";\nlabelloc=t;\nnode [fontname=\"Helvetica\"];\nedge [fontname=\"Helvetica\", fontsize=10];\n";
  };
  boost::write_graphviz(out, graph, vertex_writer, edge_writer, graph_writer);
}

}  // namespace backstop
