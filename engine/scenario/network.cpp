#include "backstop/scenario/network.hpp"

#include <fmt/format.h>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/graphviz.hpp>

#include <algorithm>

#include <ostream>

#include "backstop/error.hpp"

namespace backstop {
namespace {

// Edges run backed -> backer: the direction in which an attack spreads.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                    boost::property<boost::edge_index_t, std::size_t>>;

Graph spread_graph(std::size_t n, const std::vector<CommitmentNetwork::Tie>& ties) {
  Graph g(n);
  for (std::size_t k = 0; k < ties.size(); ++k) boost::add_edge(ties[k].backed, ties[k].backer, k, g);
  return g;
}

struct CycleFinder : boost::default_dfs_visitor {
  std::vector<boost::default_color_type>* colors = nullptr;
  std::optional<std::pair<std::size_t, std::size_t>>* back = nullptr;
  void back_edge(boost::graph_traits<Graph>::edge_descriptor e, const Graph& g) {
    if (!*back) *back = std::make_pair(boost::source(e, g), boost::target(e, g));
  }
};

}  // namespace

CommitmentNetwork::CommitmentNetwork(std::vector<std::string> parties, std::vector<Tie> ties)
    : parties_(std::move(parties)), ties_(std::move(ties)) {}

std::optional<std::vector<std::string>> CommitmentNetwork::find_cycle() const {
  const Graph g = spread_graph(parties_.size(), ties_);
  std::optional<std::pair<std::size_t, std::size_t>> back;
  CycleFinder finder;
  finder.back = &back;
  boost::depth_first_search(g, boost::visitor(finder));
  if (!back) return std::nullopt;
  // The cycle: from the back edge's target along tree paths to its source.
  // Recover it with a plain search from target to source.
  const std::size_t from = back->first, to = back->second;  // not a structured binding: lambdas capture it (clang)
  std::vector<std::size_t> path{to};
  std::vector<char> seen(parties_.size(), 0);
  std::function<bool(std::size_t)> walk = [&](std::size_t v) -> bool {
    if (v == from) return true;
    seen[v] = 1;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const std::size_t w = boost::target(*e, g);
      if (seen[w]) continue;
      path.push_back(w);
      if (walk(w)) return true;
      path.pop_back();
    }
    return false;
  };
  walk(to);
  std::vector<std::string> names;
  for (std::size_t v : path) names.push_back(parties_[v]);
  names.push_back(parties_[to]);
  return names;
}

CommitmentNetwork::Route CommitmentNetwork::route(std::size_t attacked, std::size_t drawn_in) const {
  Route r{attacked, drawn_in, {}};
  if (attacked == drawn_in) return r;
  if (parties_.size() > 64)
    throw InputError(fmt::format("the commitment network has {} parties; at most 64 are supported", parties_.size()));
  const Graph g = spread_graph(parties_.size(), ties_);
  // Ties on some path attacked -> drawn_in: their backed end is reachable
  // from `attacked` (a depth-first search) and their backer reaches `drawn_in`.
  const std::size_t n = parties_.size();
  std::vector<boost::default_color_type> color(n, boost::white_color);
  boost::depth_first_visit(g, attacked, boost::default_dfs_visitor(),
                           boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, g)));
  std::vector<char> to_target(n, 0);
  to_target[drawn_in] = 1;
  for (bool changed = true; changed;) {
    changed = false;
    for (const Tie& t : ties_) {
      if (to_target[t.backer] && !to_target[t.backed]) {
        to_target[t.backed] = 1;
        changed = true;
      }
    }
  }
  for (std::size_t k = 0; k < ties_.size(); ++k) {
    if (color[ties_[k].backed] != boost::white_color && to_target[ties_[k].backer]) r.ties.push_back(k);
  }
  // In topological order of their backed end (Kahn's algorithm over the
  // route's ties), as draw_in needs; the network has no cycle (checked first).
  std::vector<std::size_t> indegree(n, 0), rank(n, n);
  for (std::size_t k : r.ties) ++indegree[ties_[k].backer];
  std::vector<std::size_t> ready{attacked};
  for (std::size_t next = 0; !ready.empty();) {
    const std::size_t v = ready.back();
    ready.pop_back();
    rank[v] = next++;
    for (std::size_t k : r.ties) {
      if (ties_[k].backed == v && --indegree[ties_[k].backer] == 0) ready.push_back(ties_[k].backer);
    }
  }
  for (std::size_t k : r.ties) {
    if (rank[ties_[k].backed] == n) throw InputError("the commitment network has a cycle");
  }
  std::stable_sort(r.ties.begin(), r.ties.end(),
                   [&](std::size_t a, std::size_t b) { return rank[ties_[a].backed] < rank[ties_[b].backed]; });
  if (r.ties.size() > 24) {
    throw InputError(fmt::format("the commitment network has {} ties between {} and {}; at most 24 are supported",
                                 r.ties.size(), parties_[attacked], parties_[drawn_in]));
  }
  return r;
}

namespace {

// The probability that the holding ties draw in `target`, given that the
// parties in `reach` are drawn in and ties before `i` are settled. Ties are
// in topological order of their backed end, so a tie's backed end is settled
// when it comes up: a tie whose backed end is not drawn in, or whose backer
// already is, does not matter and is not branched on.
double spread(const std::vector<CommitmentNetwork::Tie>& ties, const std::vector<std::size_t>& order,
              const std::vector<double>& credibility, std::size_t i, std::uint64_t reach, std::uint64_t target) {
  if (reach & target) return 1.0;
  for (; i < order.size(); ++i) {
    const CommitmentNetwork::Tie& t = ties[order[i]];
    if ((reach >> t.backed & 1u) && !(reach >> t.backer & 1u)) break;
  }
  if (i == order.size()) return 0.0;
  const CommitmentNetwork::Tie& t = ties[order[i]];
  const double c = credibility[order[i]];
  double p = 0.0;
  if (c > 0.0) p += c * spread(ties, order, credibility, i + 1, reach | std::uint64_t{1} << t.backer, target);
  if (c < 1.0) p += (1.0 - c) * spread(ties, order, credibility, i + 1, reach, target);
  return p;
}

}  // namespace

double CommitmentNetwork::draw_in(const Route& route, const std::vector<double>& credibility) const {
  if (route.attacked == route.drawn_in) return 1.0;
  return spread(ties_, route.ties, credibility, 0, std::uint64_t{1} << route.attacked,
                std::uint64_t{1} << route.drawn_in);
}

void CommitmentNetwork::write_dot(std::ostream& out, const std::vector<double>& credibility, const std::string& title,
                                  const std::vector<DrawnIn>& drawn) const {
  // Drawn backer -> backed ("backs"), the way a reader says it.
  Graph g(parties_.size());
  for (std::size_t k = 0; k < ties_.size(); ++k) boost::add_edge(ties_[k].backer, ties_[k].backed, k, g);
  std::vector<char> pulled(parties_.size(), 0);
  for (const DrawnIn& d : drawn) {
    if (d.probability > 1e-9) pulled[d.drawn_in] = 1;
  }
  auto vertex_writer = [&](std::ostream& os, std::size_t v) {
    os << fmt::format("[label=\"{}\", shape=box, style=\"rounded{}\"]", parties_[v],
                      pulled[v] ? ",filled\", fillcolor=\"#FAD7C0" : "");
  };
  auto edge_writer = [&](std::ostream& os, boost::graph_traits<Graph>::edge_descriptor e) {
    const std::size_t k = boost::get(boost::edge_index, g, e);
    os << fmt::format("[label=\"{} {:.2f}\"{}]", tie_name(ties_[k].kind), credibility[k],
                      ties_[k].kind == TieKind::kNone ? ", style=dashed" : "");
  };
  auto graph_writer = [&](std::ostream& os) {
    os << fmt::format(
        "label=\"{}\";\nlabelloc=t;\nfontname=\"Helvetica\";\nrankdir=LR;\nnode [fontname=\"Helvetica\"];\n"
        "edge [fontname=\"Helvetica\", fontsize=10];\n",
        title);
    // The draw-ins are drawn as extra edges after the ties (write_graphviz writes the graph's own).
    for (const DrawnIn& d : drawn) {
      const std::string label = d.equilibrium ? fmt::format("drawn in {:.2f} if attacked\\n(attacked in play: {:.2f})",
                                                            d.probability, d.attack_probability)
                                              : fmt::format("drawn in {:.2f}\\nif attacked", d.probability);
      os << fmt::format(
          "{} -> {} [style=dotted, color=\"#D55E00\", fontcolor=\"#D55E00\", constraint=false, "
          "label=\"{}\"];\n",
          d.attacked, d.drawn_in, label);
    }
  };
  boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
}

}  // namespace backstop
