#!/usr/bin/env bash
# `cmake --install` into a fresh prefix gives a working `backstop` and a CMake
# package a consumer project builds and links against.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1 source=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
"$tmp/prefix/bin/backstop" validate "$tmp/prefix/share/backstop/scenarios/ukraine/baseline.yaml" 2>/dev/null | grep -q ': ok:'
cmake -S "$source/tests/consumer" -B "$tmp/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/consumer" >/dev/null
out=$("$tmp/consumer/consumer" "$source/scenarios/classics/entry_deterrence.efg")
echo "consumer: $out"
# Entry deterrence: the entrant enters and the incumbent accommodates, payoffs (1, 1).
[ "$out" = "subgame-perfect equilibrium: 1 1" ]
