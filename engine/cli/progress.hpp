#pragma once
// Long runs on the command line: progress on stderr (when it is a terminal
// and the work has taken over a second: done / total, rate, time left), and
// Ctrl-C asking the work to stop after the blocks under way.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace backstop::cli {

class Progress {
 public:
  Progress(std::uint64_t total, std::string unit);  // unit: "draws", "points"
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();
  void start_at(std::uint64_t done) { first_ = done; }
  void update(std::uint64_t done);

 private:
  using Clock = std::chrono::steady_clock;
  std::uint64_t total_, first_ = 0;
  std::string unit_;
  bool on_, shown_ = false;
  Clock::time_point start_ = Clock::now(), last_ = start_;
};

// While one lives, SIGINT sets `requested` (a BatchOptions::stop) instead of ending the process.
class Interrupt {
 public:
  Interrupt();
  ~Interrupt();
  Interrupt(const Interrupt&) = delete;
  Interrupt& operator=(const Interrupt&) = delete;
  static std::atomic<bool> requested;

 private:
  void (*previous_)(int);
};

}  // namespace backstop::cli
