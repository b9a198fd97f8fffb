#include "backstop/scenario/network.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/graphviz.hpp>
#include <fmt/format.h>

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
  const auto [from, to] = *back;
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
  if (parties_.size() > 64) throw InputError(fmt::format("the commitment network has {} parties; at most 64 are supported", parties_.size()));
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
  if (r.ties.size() > 24) {
    throw InputError(fmt::format("the commitment network has {} ties between {} and {}; at most 24 are supported", r.ties.size(),
                                 parties_[attacked], parties_[drawn_in]));
  }
  return r;
}

double CommitmentNetwork::draw_in(const Route& route, const std::vector<double>& credibility) const {
  if (route.attacked == route.drawn_in) return 1.0;
  const std::size_t m = route.ties.size();
  double total = 0.0;
  for (std::uint32_t state = 0; state < (1u << m); ++state) {
    double p = 1.0;
    for (std::size_t b = 0; b < m; ++b) {
      const double c = credibility[route.ties[b]];
      p *= (state >> b & 1u) ? c : 1.0 - c;
    }
    if (p == 0.0) continue;
    // Who is drawn in, as a bit set, spreading along the holding ties.
    std::uint64_t reach = std::uint64_t{1} << route.attacked;
    for (bool changed = true; changed;) {
      changed = false;
      for (std::size_t b = 0; b < m; ++b) {
        const Tie& t = ties_[route.ties[b]];
        if ((state >> b & 1u) && (reach >> t.backed & 1u) && !(reach >> t.backer & 1u)) {
          reach |= std::uint64_t{1} << t.backer;
          changed = true;
        }
      }
    }
    if (reach >> route.drawn_in & 1u) total += p;
  }
  return total;
}

void CommitmentNetwork::write_dot(std::ostream& out, const std::vector<double>& credibility, const std::string& title) const {
  // Drawn backer -> backed ("backs"), the way a reader says it.
  Graph g(parties_.size());
  for (std::size_t k = 0; k < ties_.size(); ++k) boost::add_edge(ties_[k].backer, ties_[k].backed, k, g);
  auto vertex_writer = [&](std::ostream& os, std::size_t v) { os << fmt::format("[label=\"{}\"]", parties_[v]); };
  auto edge_writer = [&](std::ostream& os, boost::graph_traits<Graph>::edge_descriptor e) {
    const std::size_t k = boost::get(boost::edge_index, g, e);
    os << fmt::format("[label=\"{} {:.2f}\"{}]", tie_name(ties_[k].kind), credibility[k],
                      ties_[k].kind == TieKind::kNone ? ", style=dashed" : "");
  };
  auto graph_writer = [&](std::ostream& os) { os << fmt::format("label=\"{}\";\nrankdir=LR;\n", title); };
  boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
}

}  // namespace backstop
