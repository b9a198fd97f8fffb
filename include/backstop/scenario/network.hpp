#pragma once
// The commitment network: who backs whom, with what kind of tie and how
// credibly. Each tie holds (the backer comes in) with its credibility,
// independently; an attack on a party draws in another when a chain of holding
// ties leads from the attacked party to it. The draw-in probability is that
// chain's existence, computed exactly over the ties that lie on some path
// (Boost.Graph finds them). Ties form no cycles.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "backstop/scenario/scenario.hpp"

namespace backstop {

class CommitmentNetwork {
 public:
  struct Tie {
    std::size_t backer, backed;
    TieKind kind;
  };
  CommitmentNetwork(std::vector<std::string> parties, std::vector<Tie> ties);

  const std::vector<std::string>& parties() const noexcept { return parties_; }
  const std::vector<Tie>& ties() const noexcept { return ties_; }
  // The parties around a cycle, if the ties form one.
  std::optional<std::vector<std::string>> find_cycle() const;
  // The ties on some path from `attacked` to `drawn_in`, found once per
  // structure (Boost.Graph); evaluating it per parameter draw allocates nothing.
  struct Route {
    std::size_t attacked = 0, drawn_in = 0;
    std::vector<std::size_t> ties;
  };
  Route route(std::size_t attacked, std::size_t drawn_in) const;  // InputError past 24 ties or 64 parties
  // P(an attack on `attacked` draws in `drawn_in`) for the given credibility
  // of each tie: the sum over the states of the route's ties. Exact.
  double draw_in(const Route& route, const std::vector<double>& credibility) const;
  double draw_in(std::size_t attacked, std::size_t drawn_in, const std::vector<double>& credibility) const {
    return draw_in(route(attacked, drawn_in), credibility);
  }
  // Who an attack draws in, for the picture: the probability, from the
  // equilibrium (with the chance of the attack) or from the ties alone.
  struct DrawnIn {
    std::size_t attacked, drawn_in;
    double probability;
    bool equilibrium;
    double attack_probability;
  };
  // Graphviz: one edge per tie, backer -> backed, labelled with kind and
  // credibility; each draw-in as a dotted red arrow from the attacked party.
  void write_dot(std::ostream& out, const std::vector<double>& credibility, const std::string& title,
                 const std::vector<DrawnIn>& drawn = {}) const;

 private:
  std::vector<std::string> parties_;
  std::vector<Tie> ties_;
};

}  // namespace backstop
