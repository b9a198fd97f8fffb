#!/usr/bin/env bash
# The MPI build: mpirun -np 1 and -np 2 give the bytes one process gives, for
# simulate (table and CSV) and sweep (CSV and its sidecar), and the same
# located error for an invalid draw; a sweep killed under mpirun resumes to
# the same bytes.
#   mpi_test.sh BACKSTOP SCENARIOS TESTDATA
set -u
bin=$1
scen=$2/ukraine/baseline.yaml
data=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

for format in table csv; do
  "$bin" simulate "$scen" --draws 2000 --seed 3 --format "$format" > "$tmp/one.$format"
  for np in 1 2; do
    mpirun -np $np "$bin" simulate "$scen" --draws 2000 --seed 3 --format "$format" > "$tmp/np$np.$format" 2> "$tmp/err"
    cmp -s "$tmp/one.$format" "$tmp/np$np.$format" && ok || bad "simulate $format: $np ranks differ $(cat "$tmp/err")"
  done
done
grid=(--param US.resolve=0:1:17 --param Russia.attack_gain=2:6:13 --replicates 2)
"$bin" sweep "$scen" "${grid[@]}" --out "$tmp/one.csv"
for np in 1 2; do
  mpirun -np $np "$bin" sweep "$scen" "${grid[@]}" --threads 2 --out "$tmp/np$np.csv" 2> "$tmp/err"
  cmp -s "$tmp/one.csv" "$tmp/np$np.csv" && cmp -s "$tmp/one.csv.json" "$tmp/np$np.csv.json" && ok || bad "sweep: $np ranks differ $(cat "$tmp/err")"
done
# An invalid draw: the lowest failing draw's error, once, as one process reports it.
"$bin" simulate "$data/mc_bad.yaml" --draws 500 > /dev/null 2> "$tmp/e1"
mpirun -np 2 "$bin" simulate "$data/mc_bad.yaml" --draws 500 > /dev/null 2> "$tmp/e2"
grep -q "error: .*(in draw [0-9]* of seed 1)" "$tmp/e1" && [ "$(grep -c "error:" "$tmp/e2")" -eq 1 ] && grep -qF "$(cat "$tmp/e1")" "$tmp/e2" && ok || bad "an invalid draw under 2 ranks: $(cat "$tmp/e2")"
# Killed under mpirun, resumed under mpirun: the same bytes.
big=(--design sobol --samples 20000 --param US.resolve=0:1 --param Russia.attack_gain=2:6)
"$bin" sweep "$scen" "${big[@]}" --out "$tmp/ref.csv"
timeout -s KILL 1 mpirun -np 2 "$bin" sweep "$scen" "${big[@]}" --out "$tmp/cut.csv" > /dev/null 2>&1
pkill -9 -f -- "--out $tmp/cut.csv" 2> /dev/null  # this test's ranks only
mpirun -np 2 "$bin" sweep "$scen" "${big[@]}" --resume --out "$tmp/cut.csv" 2> "$tmp/err"
cmp -s "$tmp/ref.csv" "$tmp/cut.csv" && ok || bad "killed and resumed under 2 ranks: $(cat "$tmp/err")"

echo "mpi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
