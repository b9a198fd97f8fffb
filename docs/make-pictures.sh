#!/usr/bin/env bash
# Makes every picture the walkthroughs show (docs/pictures/), with the exact
# commands they print. Run from the checkout after building:
#   bash docs/make-pictures.sh            (backstop from ./build; Debian's python3 with matplotlib)
set -euo pipefail
cd "$(dirname "$0")/.."
backstop=${BACKSTOP:-./build/backstop}
py=${PYTHON:-/usr/bin/python3}
out=docs/pictures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
say() { echo "+ $*"; "$@"; }

# Student: the tree under one option, and a what-if on it.
say "$backstop" tree scenarios/ukraine/baseline.yaml --option air_cover --format png --out "$out/tree_air_cover.png"
say "$backstop" tree scenarios/ukraine/baseline.yaml --option air_cover --set US.resolve=0.2 --format png --out "$out/tree_air_cover_resolve_0.2.png"
say "$backstop" tree scenarios/classics/deterrence_incomplete.yaml --format png --out "$out/tree_deterrence_incomplete.png"
say "$backstop" network scenarios/ukraine/baseline.yaml --option workers --format png --out "$out/network_workers.png"

# Researcher: compare with intervals, a sweep, a grid, survival, Sobol indices, the QRE path, a threshold.
say "$backstop" compare scenarios/ukraine/baseline.yaml --draws 1000 --seed 1 --format json --out "$work/compare.json"
say "$py" plots/compare_bars.py "$work/compare.json" --out "$out/compare_bars"
say "$backstop" sweep scenarios/ukraine/baseline.yaml --param US.resolve=0:1:21 --replicates 50 --out "$work/sweep.csv"
say "$py" plots/sweep_lines.py "$work/sweep.csv" --options none,air_cover,workers --out "$out/sweep_us_resolve"
say "$backstop" sweep scenarios/ukraine/baseline.yaml --option air_cover --param US.resolve=0:1:21 --param Russia.revisionist=0:1:21 --out "$work/grid.csv"
say "$py" plots/sweep_heatmap.py "$work/grid.csv" --out "$out/grid_air_cover"
say "$backstop" dynamics scenarios/ukraine/baseline.yaml --draws 200 --histories 50 --format json --out "$work/dynamics.json"
say "$py" plots/survival.py "$work/dynamics.json" --options none,air_cover,workers --out "$out/survival"
say "$backstop" sensitivity scenarios/ukraine/baseline.yaml --option air_cover --samples 1024 --threads 2 --format json --out "$work/sensitivity.json"
say "$py" plots/sobol_bars.py "$work/sensitivity.json" --out "$out/sobol_air_cover"
say "$backstop" run scenarios/classics/chicken.yaml --method qre --path --format json --out "$work/path.json"
say "$py" plots/qre_path.py "$work/path.json" --out "$out/qre_chicken"
say "$backstop" run scenarios/classics/chicken.yaml --method qre --path --cross-branch-points --format json --out "$work/path_symmetric.json"
say "$py" plots/qre_path.py "$work/path_symmetric.json" --out "$out/qre_chicken_symmetric"
say "$backstop" sweep scenarios/classics/deterrence_incomplete.yaml --param p_credible=0:1:41 --out "$work/threshold.csv"
say "$backstop" threshold scenarios/classics/deterrence_incomplete.yaml --param p_credible --metric p_deterred --target 0.5 --low 0 --high 1 --format json --out "$work/threshold.json"
say "$py" plots/threshold_curve.py "$work/threshold.csv" --metric p_deterred --target 0.5 --threshold "$work/threshold.json" --out "$out/threshold_deterrence"
rm -f "$out"/*.svg  # the walkthroughs show the PNGs; the scripts write SVG beside them for print

# Teacher: the page, as the browser test sees it (needs chromium and npm: scripts/install-deps.sh --browser).
if command -v chromium > /dev/null && command -v npm > /dev/null; then
  say bash tests/browser/run.sh "$backstop" "$out/page.png"
fi
