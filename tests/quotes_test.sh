#!/usr/bin/env bash
# Every quote of every shipped scenario is in its article's text. The texts
# are other people's writing and do not ship with backstop: without them this
# test is skipped (exit 77, which ctest reports as skipped, not passed).
# Usage: quotes_test.sh BACKSTOP SOURCES_DIR SCENARIOS_DIR
set -u
bin=$1 sources=$2 scenarios=$3
if [ ! -d "$sources" ]; then
  echo "skipped: no article texts at $sources"
  exit 77
fi
mapfile -t files < <(grep -rl '^sources:\|^variant_of:' "$scenarios" --include='*.yaml' | sort)
[ ${#files[@]} -ge 5 ] || { echo "FAIL: only ${#files[@]} scenarios cite sources"; exit 1; }
out=$("$bin" validate --sources "$sources" "${files[@]}" 2>&1) || { echo "$out"; exit 1; }
echo "$out"
# Every file says its quotes were checked, and the baseline checks at least 38.
[ "$(grep -c 'quotes checked against' <<<"$out")" -eq ${#files[@]} ] || { echo "FAIL: not every file's quotes were checked"; exit 1; }
grep -q 'baseline.yaml: ok: .* \(3[89]\|[4-9][0-9]\) distinct quotes checked' <<<"$out" || { echo "FAIL: the baseline's quotes"; exit 1; }
