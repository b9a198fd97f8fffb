#!/usr/bin/env bash
# Installs backstop's build and run dependencies from Debian 12 packages.
# Idempotent: packages already present are skipped. Works as root or through sudo.
# With --fuzz, also clang 14, its libFuzzer and sanitizer runtimes and clang-format (the
# fuzzing build: tests/fuzz/; the `format` test). With --mpi, OpenMPI (the MPI build).
# With --browser, Chromium (the browser test: tests/browser/; needs Node.js and npm).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev          # payoff matrices, LCP pivoting
  libyaml-cpp-dev        # scenario files
  libboost-dev libboost-graph-dev libboost-random-dev libboost-math-dev
  catch2                 # 2.13: <catch2/catch.hpp>
  libcli11-dev nlohmann-json3-dev libfmt-dev
  libmuparser-dev        # payoff expressions
  librandom123-dev       # counter-based random numbers
  graphviz               # renders `backstop tree` and `backstop network` pictures
  libcpp-httplib-dev     # `backstop serve`
  python3                # the end-to-end test reads JSON with it
  python3-matplotlib     # plots/ (run with /usr/bin/python3)
  strace                 # the serve test checks that no request opens a file
)
if [ "${1:-}" = --fuzz ]; then
  packages+=(clang-14 libclang-rt-14-dev clang-format-14)
fi
if [ "${1:-}" = --browser ]; then
  packages+=(chromium)    # npm comes with the machine's Node.js
fi
if [ "${1:-}" = --mpi ]; then
  packages+=(libopenmpi-dev openmpi-bin)  # the MPI build: cmake -DBACKSTOP_MPI=ON
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
