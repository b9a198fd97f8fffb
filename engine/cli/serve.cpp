// backstop serve: the teaching page on 127.0.0.1 (cpp-httplib) and the small
// JSON API behind it (docs/api.md). Every request names a shipped scenario
// (read once, at start, from the scenarios folder) or carries a scenario's
// text; nothing a client sends is opened as a path. Limits: the body's size,
// the draws per request, the connections served at once (threads) and the
// solves run at once (jobs); a bad request is a 400 with {"error": "..."}.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <semaphore>
#include <sstream>
#include <thread>

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include "backstop/error.hpp"
#include "backstop/input_file.hpp"
#include "backstop/report/graphviz.hpp"
#include "backstop/report/play_report.hpp"
#include "backstop/report/scenario_report.hpp"
#include "backstop/scenario/scenario_model.hpp"
#include "backstop/sim/play.hpp"
#include "commands.hpp"
#include "serve_page.hpp"

// Last: it brings <resolv.h>, whose _res macro breaks Eigen's headers.
#include <httplib.h>

namespace backstop::cli {

namespace {

using json = nlohmann::json;

// A request the server refuses: 400 with the message.
struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The shipped scenarios, read once: their relative paths and texts.
class Shipped {
 public:
  explicit Shipped(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw InputError(fmt::format("--scenarios: '{}' is not a folder", dir));
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (!it->is_regular_file() || it->path().extension() != ".yaml") continue;
      const std::string id = fs::relative(it->path(), dir).generic_string();
      texts_[id] = read_input_file(it->path().string(), kMaxScenarioBytes, "a scenario");
    }
    if (texts_.empty()) throw InputError(fmt::format("--scenarios: '{}' holds no scenario (.yaml)", dir));
  }
  std::optional<std::string> text(const std::string& id) const {
    const auto it = texts_.find(id);
    return it == texts_.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
  std::vector<std::string> ids() const {
    std::vector<std::string> v;
    for (const auto& [id, text] : texts_) v.push_back(id);
    return v;
  }

 private:
  std::map<std::string, std::string> texts_;
};

// What a request asks, read from its JSON body.
struct Query {
  std::string scenario, text;
  ParameterOverrides sets;
  std::string option, seat, collapse = "auto";
  std::uint64_t draws = 200, seed = 1;
  std::optional<double> lambda;
  std::vector<std::uint32_t> moves;
};

std::uint64_t whole(const json& v, const char* key, std::uint64_t max) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
    throw BadRequest(fmt::format("'{}' must be a whole number", key));
  const std::uint64_t n = v.get<std::uint64_t>();
  if (n > max) throw BadRequest(fmt::format("'{}' is {}; at most {}", key, n, max));
  return n;
}

std::string text(const json& v, const char* key) {
  if (!v.is_string()) throw BadRequest(fmt::format("'{}' must be a string", key));
  return v.get<std::string>();
}

Query parse_query(const std::string& body, const ServeArgs& limits, const std::vector<std::string_view>& keys) {
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    const auto colon = what.find("] ");
    throw BadRequest("the body is not JSON: " + (colon == std::string::npos ? what : what.substr(colon + 2)));
  }
  if (!j.is_object()) throw BadRequest("the body must be a JSON object");
  Query q;
  for (const auto& [key, v] : j.items()) {
    if (key != "scenario" && key != "text" &&
        std::find(keys.begin(), keys.end(), std::string_view(key)) == keys.end()) {
      throw BadRequest(
          fmt::format("unknown field '{}'; this request takes scenario or text, {}", key, fmt::join(keys, ", ")));
    }
    if (key == "scenario") q.scenario = text(v, "scenario");
    else if (key == "text") q.text = text(v, "text");
    else if (key == "option") q.option = text(v, "option");
    else if (key == "as") q.seat = text(v, "as");
    else if (key == "collapse") q.collapse = text(v, "collapse");
    else if (key == "draws") q.draws = whole(v, "draws", limits.max_draws);
    else if (key == "seed") q.seed = whole(v, "seed", std::numeric_limits<std::uint64_t>::max());
    else if (key == "lambda") {
      if (!v.is_null()) {
        if (!v.is_number() || !(v.get<double>() >= 0) || !std::isfinite(v.get<double>()))
          throw BadRequest("'lambda' must be a number, 0 or more");
        q.lambda = v.get<double>();
      }
    } else if (key == "set") {
      if (!v.is_object()) throw BadRequest("'set' must be an object of parameter names and numbers");
      for (const auto& [name, value] : v.items()) {
        if (!value.is_number() || !std::isfinite(value.get<double>()))
          throw BadRequest(fmt::format("set: '{}' must be a number", name));
        q.sets.emplace_back(name, value.get<double>());
      }
    } else if (key == "moves") {
      if (!v.is_array() || v.size() > 1000) throw BadRequest("'moves' must be a list of action numbers");
      for (const json& m : v) q.moves.push_back(static_cast<std::uint32_t>(whole(m, "moves", 1000)));
    }
  }
  if (q.scenario.empty() == q.text.empty()) throw BadRequest("give either 'scenario' (a shipped one) or 'text'");
  if (q.collapse != "auto" && q.collapse != "off-path" && q.collapse != "none")
    throw BadRequest("'collapse' is auto, off-path or none");
  return q;
}

// What an uploaded scenario is called in its messages.
constexpr const char* kUploadName = "upload.yaml";

// The scenario a query names or carries; its problems are a 400 with their places.
Scenario load(const Query& q, const Shipped& shipped) {
  LoadOptions options;
  options.scenario_text = [&](const std::string& path) { return shipped.text(path); };
  if (!q.scenario.empty()) {
    const std::optional<std::string> t = shipped.text(q.scenario);
    if (!t) throw BadRequest(fmt::format("unknown scenario '{}'; GET /api/scenarios lists them", q.scenario));
    return parse_scenario(*t, q.scenario, options);
  }
  return parse_scenario(q.text, kUploadName, options);
}

// The query as a scenario command's arguments: the method (the logit QRE at
// `lambda` where one is given), the draws and the seed; solved through
// scenario_solve_options, as the commands are.
ScenarioArgs scenario_args(const Query& q) {
  ScenarioArgs a;
  a.method = q.lambda ? Method::kQre : Method::kAuto;
  a.lambda = q.lambda;
  a.draws_beside = q.draws;
  a.seed = q.seed;
  return a;
}

SolveOptions solve_options(const Query& q) { return scenario_solve_options(scenario_args(q)); }

// A slider's range: the distribution's support, else around the value.
std::pair<double, double> slider_range(const Parameter& p) {
  const Distribution& d = p.distribution;
  if (d.kind == DistributionKind::kDiscrete && !d.values.empty())
    return {*std::min_element(d.values.begin(), d.values.end()), *std::max_element(d.values.begin(), d.values.end())};
  if (d.kind != DistributionKind::kFixed && d.high > d.low) return {d.low, d.high};
  const double v = d.nominal;
  if (v >= 0 && v <= 1) return {0.0, 1.0};
  return {std::min(0.0, 2 * v), std::max(0.0, 2 * v)};
}

json describe(const Scenario& s, const std::string& id) {
  json j;
  j["id"] = id;
  j["name"] = s.name;
  j["description"] = s.description;
  j["flips"] = s.flips;
  j["actors"] = json::array();
  for (const Actor& a : s.actors) j["actors"].push_back({{"id", a.id}, {"name", a.name}});
  j["options"] = json::array();
  for (const BackstopOption& o : s.options)
    j["options"].push_back({{"id", o.id}, {"label", o.label}, {"description", o.description}});
  j["metrics"] = json::array();
  for (const Metric& m : s.metrics)
    j["metrics"].push_back({{"id", m.id}, {"label", m.label}, {"lower_better", m.lower_better}});
  j["parameters"] = json::array();
  for (const Parameter& p : s.parameters) {
    bool by_option = false;
    for (const BackstopOption& o : s.options) {
      for (const auto& [name, value] : o.set) by_option = by_option || name == p.name;
    }
    const auto [low, high] = slider_range(p);
    json pj{{"name", p.name},
            {"label", p.label},
            {"value", p.distribution.nominal},
            {"low", low},
            {"high", high},
            {"distribution", distribution_name(p.distribution.kind)},
            {"set_by_options", by_option}};
    if (!p.grounds.quote.empty()) {
      json src{{"id", p.grounds.source}, {"quote", p.grounds.quote}};
      for (const Source& so : s.sources) {
        if (so.id == p.grounds.source) src["title"] = so.title, src["outlet"] = so.outlet, src["date"] = so.date;
      }
      pj["source"] = src;
    }
    if (!p.grounds.why.empty()) pj["why"] = p.grounds.why;
    j["parameters"].push_back(pj);
  }
  return j;
}

void send_json(httplib::Response& res, int status, const json& j) {
  res.status = status;
  res.set_content(j.dump(), "application/json");
}

}  // namespace

int run_serve(const ServeArgs& args) {
  std::string dir = args.scenarios;
  if (dir.empty()) {
    std::error_code ec;
    // Here, else where `cmake --install` put them, else the source tree this was built from.
    for (const char* d : {"scenarios", BACKSTOP_SHARE_DIR "/scenarios", BACKSTOP_SOURCE_DIR "/scenarios"}) {
      if (dir.empty() && std::filesystem::is_directory(d, ec)) dir = d;
    }
    if (dir.empty()) throw InputError("no scenarios folder found: give one with --scenarios DIR");
  }
  const Shipped shipped(dir);
  std::counting_semaphore<256> jobs(static_cast<std::ptrdiff_t>(std::clamp(args.jobs, 1u, 256u)));

  httplib::Server server;
  server.new_task_queue = [&] { return new httplib::ThreadPool(std::max(2u, args.threads)); };
  server.set_keep_alive_max_count(20);
  server.set_keep_alive_timeout(2);
  server.set_read_timeout(5, 0);
  server.set_write_timeout(5, 0);
  // Address reuse (a restarted server binds at once) but not port sharing: httplib's
  // default SO_REUSEPORT would let a second server take the same port and half the
  // requests. The socket is kept to widen its backlog once bound (below).
  int listening = -1;
  server.set_socket_options([&](int sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening = sock;
  });
  // Past the bound the body is not read: a 400 (httplib's own answer, 413, is made one below).
  server.set_payload_max_length(args.max_body);
  const auto too_large = [&](httplib::Response& res) {
    send_json(res, 400, {{"error", fmt::format("the request is larger than {} bytes", args.max_body)}});
  };
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("Content-Length") &&
        std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > args.max_body) {
      too_large(res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([&](const httplib::Request&, httplib::Response& res) {
    if (res.status == 413) {
      too_large(res);
    } else if (res.status == 404) {
      send_json(res, 404, {{"error", "no such page: GET / is the page, /api/... the API (docs/api.md)"}});
    } else if (res.body.empty()) {
      send_json(res, res.status, {{"error", fmt::format("HTTP {}", res.status)}});
    }
  });

  // One API request: its query read, a job slot taken (a request that waits
  // longer than --wait for one is a 503), the answer made; a refusal is a 400
  // naming the problem, with the scenario's places for a scenario's.
  auto api = [&](const char* path, std::vector<std::string_view> keys, auto answer) {
    server.Post(path, [&, keys, answer](const httplib::Request& req, httplib::Response& res) {
      try {
        const Query q = parse_query(req.body, args, keys);
        if (!jobs.try_acquire_for(std::chrono::seconds(args.wait))) {
          send_json(res, 503, {{"error", "the server is busy; try again"}});
          return;
        }
        struct Release {
          decltype(jobs)& s;
          ~Release() { s.release(); }
        } release{jobs};
        answer(q, res);
      } catch (const BadRequest& e) {
        send_json(res, 400, {{"error", e.what()}});
      } catch (const Error& e) {
        send_json(res, e.exit_code() == kExitBadInput ? 400 : 500, {{"error", e.what()}});
      } catch (const std::bad_alloc&) {
        send_json(res, 500, {{"error", "out of memory"}});
      } catch (const std::exception& e) {
        send_json(res, 500, {{"error", fmt::format("internal error: {}", e.what())}});
      }
    });
  };

  // The list, with each scenario's name, read once.
  json list = json::array();
  for (const std::string& id : shipped.ids()) {
    json item{{"id", id}};
    try {
      Query q;
      q.scenario = id;
      const Scenario s = load(q, shipped);
      item["name"] = s.name;
      item["options"] = s.options.size();
    } catch (const Error& e) {
      item["error"] = e.what();
    }
    list.push_back(item);
  }
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kServePage, "text/html; charset=utf-8");
  });
  server.Get("/api/scenarios", [&](const httplib::Request&, httplib::Response& res) { send_json(res, 200, list); });
  api("/api/scenario", {}, [&](const Query& q, httplib::Response& res) {
    const Scenario s = load(q, shipped);
    ScenarioModel model(s);  // compiles: a scenario with broken expressions is refused here
    send_json(res, 200, describe(s, q.scenario.empty() ? kUploadName : q.scenario));
  });
  api("/api/compare", {"set", "draws", "seed", "lambda"}, [&](const Query& q, httplib::Response& res) {
    const Scenario s = load(q, shipped);
    ScenarioModel model(s);
    const std::vector<RankKey> ranking = rank_keys(s);
    const std::vector<OptionResult> results = run_all_options(model, q.sets, solve_options(q));
    const std::optional<MonteCarloResult> u = draws_beside(scenario_args(q), s, q.sets, {}, ranking);
    std::ostringstream out;
    write_compare(model, results, ranking, u ? &*u : nullptr, ScenarioFormat::kJson, out);
    res.set_content(out.str(), "application/json");
  });
  api("/api/explain", {"set", "option", "lambda"}, [&](const Query& q, httplib::Response& res) {
    const Scenario s = load(q, shipped);
    ScenarioModel model(s);
    const OptionResult r = run_option(model, q.option, q.sets, solve_options(q));
    std::ostringstream words, numbers;
    write_explain(model, r, ScenarioFormat::kTable, words);
    write_explain(model, r, ScenarioFormat::kJson, numbers);
    send_json(res, 200, {{"text", words.str()}, {"explain", json::parse(numbers.str())}});
  });
  api("/api/tree", {"set", "option", "lambda", "collapse"}, [&](const Query& q, httplib::Response& res) {
    const Scenario s = load(q, shipped);
    ScenarioModel model(s);
    const OptionResult r = run_option(model, q.option, q.sets, solve_options(q));
    res.set_content(render_dot(scenario_tree_dot(model, r, q.collapse, false), "svg"), "image/svg+xml");
  });
  api("/api/play", {"set", "option", "lambda", "as", "seed", "moves"}, [&](const Query& q, httplib::Response& res) {
    const Scenario s = load(q, shipped);
    ScenarioModel model(s);
    if (q.seat.empty()) throw BadRequest("'as' must name the actor you play");
    const PlayerId seat = find_actor(s, q.seat);
    const OptionResult r = run_option(model, q.option, q.sets, solve_options(q));
    const PlayState state = play(model, r, seat, q.seed, q.moves);
    std::ostringstream out;
    write_play_json(model, r, state, seat, out);
    res.set_content(out.str(), "application/json");
  });

  // Ctrl-C (or SIGTERM) stops the server: a thread waits for the signal.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });
  const int port = args.port == 0                              ? server.bind_to_any_port(args.host)
                   : server.bind_to_port(args.host, args.port) ? args.port
                                                               : -1;
  if (port < 0) {
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    throw Error(fmt::format("backstop: error: cannot listen on {}:{} (in use? try --port 0 for a free one)", args.host,
                            args.port),
                kExitFailure);
  }
  // Debian's compiled httplib listens with a backlog of 5: a class connecting at once
  // would overflow it and the kernel drop connections while the accept loop catches
  // up. Listening again on the bound socket widens the queue to the system's limit.
  if (::listen(listening, SOMAXCONN) != 0) {
    std::cerr << fmt::format("backstop serve: note: the listen queue stays at httplib's 5 ({})\n",
                             std::strerror(errno));
  }
  std::cout << fmt::format("backstop serve: http://{}:{}/ ({} scenarios from {}; Ctrl-C stops)", args.host, port,
                           list.size(), dir)
            << std::endl;
  server.listen_after_bind();
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return 0;
}

}  // namespace backstop::cli
