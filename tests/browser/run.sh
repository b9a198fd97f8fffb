#!/usr/bin/env bash
# The teaching page in a real browser (CI's browser stage): installs
# playwright-core from package-lock.json (npm ci), starts `backstop serve` on a
# free port, drives Debian's headless Chromium through page_test.mjs, and stops
# the server. Needs Node.js and npm, and chromium (scripts/install-deps.sh --browser).
# Usage: tests/browser/run.sh BACKSTOP SCREENSHOT.png
set -euo pipefail
bin=$(realpath "$1") shot=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$(dirname "$shot")"
log=$(mktemp)
"$bin" serve --port 0 --scenarios "$here/../../scenarios" > "$log" 2>&1 &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q 'http://' "$log" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.]*:[0-9]*/' "$log") || { echo "the server did not start: $(cat "$log")" >&2; exit 1; }
node "$here/page_test.mjs" "$url" "$shot"
echo "screenshot: $shot"
