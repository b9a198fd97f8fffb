#!/usr/bin/env bash
# Every plot script in plots/ on output this test makes with backstop: each
# writes a non-empty PNG (and SVG), answers --help, and refuses a wrong input
# with one located error and exit 2. A script in plots/ that this test does
# not run is a failure.
# Usage: plots_test.sh BACKSTOP SOURCE_DIR [PYTHON]
set -u
bin=$1 src=$2 py=${3:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
scen=$src/scenarios plots=$src/plots
if ! "$py" -c 'import matplotlib' 2>/dev/null; then
  echo "plots: $py has no matplotlib (install python3-matplotlib)"; exit 1
fi

# The data, small but real.
"$bin" compare "$scen/ukraine/baseline.yaml" --draws 200 --format json --out "$tmp/compare.json"
"$bin" sweep "$scen/ukraine/baseline.yaml" --param US.resolve=0:1:6 --replicates 8 --out "$tmp/sweep.csv"
"$bin" sweep "$scen/ukraine/baseline.yaml" --option air_cover --param US.resolve=0:1:5 --param Russia.revisionist=0:1:5 --out "$tmp/grid.csv"
"$bin" dynamics "$scen/ukraine/baseline.yaml" --draws 20 --histories 5 --periods 6 --format json --out "$tmp/dyn.json"
"$bin" sensitivity "$scen/ukraine/baseline.yaml" --option air_cover --samples 64 --bootstrap 50 --format json --out "$tmp/sens.json"
"$bin" run "$scen/classics/chicken.yaml" --method qre --path --format json --out "$tmp/path.json"
"$bin" sweep "$scen/classics/deterrence_incomplete.yaml" --param p_credible=0:1:21 --out "$tmp/th.csv"
"$bin" threshold "$scen/classics/deterrence_incomplete.yaml" --param p_credible --metric p_deterred --target 0.5 --low 0 --high 1 --draws 50 --format json --out "$tmp/th.json"

run() {  # run SCRIPT ARGS...: writes $tmp/SCRIPT.png and .svg
  local script=$1; shift
  ran+=("$script")
  if "$py" "$plots/$script.py" "$@" --out "$tmp/$script" > "$tmp/out" 2>&1 \
     && [ "$(head -c 8 "$tmp/$script.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
     && [ "$(stat -c %s "$tmp/$script.png")" -gt 10000 ] && grep -q '<svg' "$tmp/$script.svg"; then ok
  else bad "$script: $(cat "$tmp/out")"; fi
  "$py" "$plots/$script.py" --help | grep -q -- '--out' && ok || bad "$script --help"
}
ran=()
run compare_bars "$tmp/compare.json"
run sweep_lines "$tmp/sweep.csv" --options none,air_cover
run sweep_heatmap "$tmp/grid.csv"
run survival "$tmp/dyn.json"
run sobol_bars "$tmp/sens.json"
run qre_path "$tmp/path.json"
run threshold_curve "$tmp/th.csv" --metric p_deterred --target 0.5 --threshold "$tmp/th.json"

# The footnote names the scenario, the seed and the version.
# (Matplotlib draws SVG text as paths: the footnote is checked where it is made.)
"$py" - "$plots" "$tmp/compare.json" <<'PY' && ok || bad "footnote"
import sys
sys.path.insert(0, sys.argv[1])
import backstop_plot as bp
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
bp.footnote(fig, bp.read_json(sys.argv[2]) | {"seed": 1}, sys.argv[2])
text = fig.texts[0].get_text()
sys.exit(0 if "Ukraine ceasefire" in text and "seed 1" in text and "backstop 0.1.0" in text else 1)
PY
# The same data, the same SVG bytes.
"$py" "$plots/compare_bars.py" "$tmp/compare.json" --out "$tmp/again" > /dev/null && cmp -s "$tmp/again.svg" "$tmp/compare_bars.svg" && ok || bad "the SVG differs between two runs"

# The front end: backstop plot KIND runs plots/KIND.py with the rest of the line.
"$bin" plot sobol_bars "$tmp/sens.json" --out "$tmp/front" > /dev/null && cmp -s "$tmp/front.svg" "$tmp/sobol_bars.svg" && ok || bad "backstop plot sobol_bars"
"$bin" plot sobol_bars --help | grep -q 'usage: sobol_bars.py' && ok || bad "backstop plot KIND --help is not the script's"
"$bin" plot compare_barz x > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "did you mean 'compare_bars'" "$tmp/err" && ok || bad "backstop plot unknown: $(cat "$tmp/err")"

# Wrong inputs: one located error, exit 2.
echo '{"options": [' > "$tmp/broken.json"
"$py" "$plots/compare_bars.py" "$tmp/broken.json" --out "$tmp/x" 2> "$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "^$tmp/broken.json:2:1: error: not JSON" "$tmp/err" && ok || bad "broken JSON: exit $code $(cat "$tmp/err")"
"$py" "$plots/survival.py" "$tmp/compare.json" --out "$tmp/x" 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "error: not the JSON of 'backstop dynamics'" "$tmp/err" && ok || bad "wrong JSON: $(cat "$tmp/err")"
"$py" "$plots/sweep_lines.py" "$tmp/sweep.csv" --metric p_nothing --out "$tmp/x" 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "no metric column 'p_nothing'" "$tmp/err" && ok || bad "unknown column: $(cat "$tmp/err")"
"$py" "$plots/sweep_heatmap.py" "$tmp/nowhere.csv" --x a --y b --out "$tmp/x" 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "cannot read" "$tmp/err" && ok || bad "missing file: $(cat "$tmp/err")"
[ ! -e "$tmp/x.png" ] && ok || bad "a refused plot left a picture"

# Every script in plots/ was run.
for f in "$plots"/*.py; do
  name=$(basename "$f" .py)
  [ "$name" = backstop_plot ] && continue
  [[ " ${ran[*]} " == *" $name "* ]] && ok || bad "plots/$name.py is not tested"
done

echo "plots: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
