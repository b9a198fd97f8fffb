#!/usr/bin/env bash
# backstop sweep and merge: the same rows, byte for byte, on 1, 2 and 4
# threads, from shards merged, and from a run killed (SIGKILL) and resumed;
# bad arguments are one located error and exit 2.
#   sweep_test.sh BACKSTOP SCENARIOS
set -u
bin=$1
scen=$2/ukraine/baseline.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
same() { cmp -s "$1" "$2" && cmp -s "$1.json" "$2.json"; }

grid=(--param US.resolve=0:1:9 --param Russia.attack_gain=2:6:7)
"$bin" sweep "$scen" "${grid[@]}" --out "$tmp/t1.csv" && ok || bad "grid sweep"
[ "$(wc -l < "$tmp/t1.csv")" -eq $((9 * 7 * 8 + 1)) ] && ok || bad "grid rows: $(wc -l < "$tmp/t1.csv")"
for t in 2 4; do
  "$bin" sweep "$scen" "${grid[@]}" --threads $t --out "$tmp/t$t.csv"
  same "$tmp/t1.csv" "$tmp/t$t.csv" && ok || bad "threads $t differ"
done
for design in "--design lhs --samples 700" "--design sobol --samples 700"; do
  # shellcheck disable=SC2086
  "$bin" sweep "$scen" $design --param US.resolve=0:1 --param Russia.attack_gain=2:6 --replicates 2 --format jsonl --out "$tmp/d1.jsonl"
  # shellcheck disable=SC2086
  "$bin" sweep "$scen" $design --param US.resolve=0:1 --param Russia.attack_gain=2:6 --replicates 2 --format jsonl --threads 4 --out "$tmp/d4.jsonl"
  same "$tmp/d1.jsonl" "$tmp/d4.jsonl" && [ "$(wc -l < "$tmp/d1.jsonl")" -eq $((700 * 2 * 8)) ] && ok || bad "$design: threads or rows"
  # shellcheck disable=SC2086
  for i in 0 1 2; do "$bin" sweep "$scen" $design --param US.resolve=0:1 --param Russia.attack_gain=2:6 --replicates 2 --format jsonl --shard $i/3 --out "$tmp/s$i.jsonl"; done
  "$bin" merge "$tmp/s0.jsonl" "$tmp/s1.jsonl" "$tmp/s2.jsonl" --out "$tmp/m.jsonl" && same "$tmp/d1.jsonl" "$tmp/m.jsonl" && ok || bad "$design: shards merged differ"
done
# Killed with SIGKILL part-way (wherever that falls), then resumed: the same bytes.
big=(--design sobol --samples 30000 --param US.resolve=0:1 --param Russia.attack_gain=2:6 --replicates 1)
"$bin" sweep "$scen" "${big[@]}" --threads 2 --out "$tmp/ref.csv" || bad "big sweep"
timeout -s KILL 0.7 "$bin" sweep "$scen" "${big[@]}" --out "$tmp/cut.csv"
cut_rows=$(wc -l < "$tmp/cut.csv")
"$bin" sweep "$scen" "${big[@]}" --resume --out "$tmp/cut.csv" && same "$tmp/ref.csv" "$tmp/cut.csv" && ok || bad "killed at $cut_rows rows, resumed: differs"
# Ctrl-C (SIGINT): the sweep stops cleanly (exit 130, whole points), and --resume finishes it.
"$bin" sweep "$scen" "${big[@]}" --out "$tmp/int.csv" & pid=$!
sleep 0.5; kill -INT $pid 2> /dev/null; wait $pid; code=$?
"$bin" sweep "$scen" "${big[@]}" --resume --out "$tmp/int.csv" && same "$tmp/ref.csv" "$tmp/int.csv" && { [ $code -eq 130 ] || [ $code -eq 0 ]; } && ok || bad "interrupted (exit $code), resumed: differs"
# simulate stopped with Ctrl-C writes nothing.
# (2 s: long enough for a sanitizer build to reach the draws and its handler.)
"$bin" simulate "$scen" --draws 100000000 --out "$tmp/sim.txt" 2> "$tmp/err" & pid=$!
sleep 2; kill -INT $pid; wait $pid; code=$?
[ $code -eq 130 ] && [ ! -e "$tmp/sim.txt" ] && grep -q "stopped after [0-9]* of 100000000 draws; nothing written" "$tmp/err" && ok || bad "simulate interrupted: exit $code $(cat "$tmp/err")"
# --resume of a finished sweep adds nothing.
"$bin" sweep "$scen" "${big[@]}" --resume --out "$tmp/cut.csv" && same "$tmp/ref.csv" "$tmp/cut.csv" && ok || bad "resume when done"
# --resume under another design is refused (the sidecar says which sweep the file is).
"$bin" sweep "$scen" --design sobol --samples 10 --param US.resolve=0:1 --resume --out "$tmp/cut.csv" > /dev/null 2> "$tmp/err"
[ $? -eq 2 ] && grep -q "describes another sweep" "$tmp/err" && ok || bad "resume another sweep: $(cat "$tmp/err")"
# Shards in the wrong order or missing are refused.
"$bin" merge "$tmp/s1.jsonl" "$tmp/s0.jsonl" "$tmp/s2.jsonl" --out "$tmp/bad.jsonl" 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "shards go in order" "$tmp/err" && ok || bad "merge out of order: $(cat "$tmp/err")"
"$bin" merge "$tmp/s0.jsonl" "$tmp/s1.jsonl" --out "$tmp/bad.jsonl" 2> "$tmp/err"; [ $? -eq 2 ] && [ ! -e "$tmp/bad.jsonl" ] && ok || bad "merge missing shard: $(cat "$tmp/err")"
# The logit QRE's lambda as an axis: at 0 every action is equally likely (chicken crashes with probability 1/4).
chicken=$2/classics/chicken.yaml
"$bin" sweep "$chicken" --method qre --param lambda=0:6:7 --out "$tmp/lam1.csv" && "$bin" sweep "$chicken" --method qre --param lambda=0:6:7 --threads 2 --out "$tmp/lam2.csv"
same "$tmp/lam1.csv" "$tmp/lam2.csv" && [ "$(awk -F, 'NR == 2 { print $7 "," $8 }' "$tmp/lam1.csv")" = "0,0.25" ] && ok || bad "lambda sweep: $(head -3 "$tmp/lam1.csv")"
"$bin" sweep "$chicken" --param lambda=0:6:7 --out "$tmp/x.csv" 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "give --method qre" "$tmp/err" && ok || bad "lambda without qre: $(cat "$tmp/err")"
# Bad arguments: exit 2 with one message.
for args in "--param US.resolve=0:1" "--param US.resolv=0:1:3" "--param US.resolve=1:0:3" "--param US.resolve=0:1:x" \
            "--design lhs --param US.resolve=0:1" "--param US.resolve=0:1:3 --shard 3/3" "--param US.resolve=0:1:3 --shard x" \
            "--param US.resolve=0:1:3 --equilibrium 2"; do
  # shellcheck disable=SC2086
  "$bin" sweep "$scen" $args --out "$tmp/x.csv" > /dev/null 2> "$tmp/err"; code=$?
  [ $code -eq 2 ] && [ "$(wc -l < "$tmp/err")" -le 2 ] && grep -q "error" "$tmp/err" && ok || bad "sweep $args: exit $code $(cat "$tmp/err")"
done
"$bin" sweep "$scen" --param US.resolve=0:1:3 > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "give --out" "$tmp/err" && ok || bad "sweep without --out"

echo "sweep: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
