#!/usr/bin/env bash
# Runs each libFuzzer target (two at a time) for SECONDS under AddressSanitizer and
# UndefinedBehaviorSanitizer, over its seeds: the target's folder under
# tests/fuzz/corpus/ and the project's own files of that kind (the shipped
# scenarios and the invalid ones; Gambit's reference games). New inputs go to
# a scratch folder, never into the checkout. Prints the executions per target;
# exits non-zero on the first finding, leaving the input in BUILD/fuzz-findings/.
# Usage: tests/fuzz/run.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=$(cd "$1" && pwd) seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
findings="$build/fuzz-findings"
mkdir -p "$findings"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

declare -A seeds=(
  [fuzz_scenario]="$root/scenarios/classics $root/scenarios/ukraine $root/tests/data/invalid/scenario"
  [fuzz_expression]="$here/corpus/fuzz_expression"
  [fuzz_efg]="$here/corpus/fuzz_efg $root/tests/data/gambit/games"
  [fuzz_nfg]="$here/corpus/fuzz_nfg $root/tests/data/gambit/games"
)
# Two targets at a time (the machine's two cores); each reports when all are done.
fuzz() {
  local target=$1 rc=0
  mkdir -p "$scratch/$target"
  # shellcheck disable=SC2086
  (cd "$scratch" && ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
     -artifact_prefix="$findings/$target-" "$scratch/$target" ${seeds[$target]} >"$scratch/$target.log" 2>&1) || rc=$?
  echo "$rc" >"$scratch/$target.status"
}
targets=(fuzz_scenario fuzz_expression fuzz_efg fuzz_nfg)
for ((k = 0; k < ${#targets[@]}; k += 2)); do
  fuzz "${targets[k]}" &
  [ $((k + 1)) -lt ${#targets[@]} ] && fuzz "${targets[k + 1]}" &
  wait
done
status=0
for target in "${targets[@]}"; do
  if [ "$(cat "$scratch/$target.status")" != 0 ]; then
    echo "$target: FOUND a problem (input in $findings):"
    grep -E "ERROR|SUMMARY|runtime error|Test unit written|error" "$scratch/$target.log" | head -20 || tail -20 "$scratch/$target.log"
    status=1
    continue
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$target.log")
  corpus=$(ls "$scratch/$target" | wc -l)
  echo "$target: $runs executions in $seconds s, nothing found ($corpus new inputs kept in the scratch corpus)"
done
exit $status
