#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <iostream>

namespace backstop::cli {

Progress::Progress(std::uint64_t total, std::string unit)
    : total_(total), unit_(std::move(unit)), on_(isatty(STDERR_FILENO) != 0) {}

Progress::~Progress() {
  if (shown_) std::cerr << '\n';
}

void Progress::update(std::uint64_t done) {
  if (!on_) return;
  const auto now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0 || std::chrono::duration<double>(now - last_).count() < 0.25) return;
  last_ = now;
  const double rate = static_cast<double>(done - first_) / elapsed;
  const double left = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  std::cerr << fmt::format("\r{} / {} {} ({:.1f}%), {:.0f} {}/s, {:.0f} s left   ", done, total_, unit_,
                           100.0 * static_cast<double>(done) / static_cast<double>(std::max<std::uint64_t>(1, total_)),
                           rate, unit_, left)
            << std::flush;
  shown_ = true;
}

std::atomic<bool> Interrupt::requested{false};

namespace {
extern "C" void on_interrupt(int) { Interrupt::requested = true; }
}  // namespace

Interrupt::Interrupt() {
  requested = false;
  previous_ = std::signal(SIGINT, on_interrupt);
}

Interrupt::~Interrupt() { std::signal(SIGINT, previous_); }

}  // namespace backstop::cli
