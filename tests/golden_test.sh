#!/usr/bin/env bash
# Byte-for-byte regression of what users read and export: every shipped
# scenario's exports (.efg, .nfg), explanations, runs, comparisons and network,
# and the solvers' answers on the vendored Gambit games, against files made by
# an earlier build (tests/data/golden). A refactoring must leave them all equal.
#
#   golden_test.sh BACKSTOP ROOT            compare (the ctest)
#   golden_test.sh BACKSTOP ROOT --update   rewrite the expected files, after a
#                                           change meant to alter output
set -uo pipefail
exe=$1 root=$2 mode=${3:-check}
golden=$root/tests/data/golden
cd "$root" || exit 1
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT

commands() {
  local scenario options option
  for scenario in scenarios/classics/*.yaml scenarios/ukraine/*.yaml scenarios/ukraine/variants/*.yaml; do
    # The options, as compare lists them ('(as written)' when there are none).
    options=$("$exe" compare "$scenario" --format csv --draws 0 | tail -n +2 | cut -d, -f1 | sort -u)
    echo "validate $scenario --draws 100"   # the checks' sampling is tested at 10,000 draws in ukraine_test
    echo "compare $scenario"
    echo "compare $scenario --format json"
    echo "compare $scenario --format csv"
    # A scenario solved at the logit limit (method: qre) traces its path for
    # every picture: its tree and network are left to the Release tests.
    grep -q '^method: qre$' "$scenario" || echo "network $scenario"
    if grep -q '^dynamics:$' "$scenario"; then echo "dynamics $scenario --draws 20 --histories 5"; fi
    # A variant changes parameters only: its comparison is its own, while
    # each option's game, explanation and logit path are the baseline's
    # machinery again (and would cost minutes under the sanitizers).
    [[ $scenario == */variants/* ]] && continue
    while IFS= read -r option; do
      local pick=""
      [[ -n $option ]] && pick="--option $option"
      echo "export $scenario $pick"
      echo "export $scenario $pick --format nfg"
      grep -q '^method: qre$' "$scenario" || echo "tree $scenario $pick"
      echo "explain $scenario $pick"
      echo "explain $scenario $pick --format json"
      echo "run $scenario $pick --format markdown"
      echo "run $scenario $pick --method qre --path --format csv"
      # A scenario solved at the logit limit already (method: qre): its run is the qre run.
      if ! grep -q '^method: qre$' "$scenario"; then
        echo "run $scenario $pick"
        echo "run $scenario $pick --method qre --format json"
      fi
    done <<< "$options"
  done
  local game method
  for game in tests/data/gambit/games/{catalog,doc}__*; do
    for method in auto pure enummixed lcp qre; do
      echo "solve $game --method $method --format json"
    done
    echo "solve $game"
    echo "solve $game --method qre --format gambit --path"
  done
}

# One file per command, named from the command.
name_of() { echo "$1" | sed -e 's|[ /]|_|g' -e 's|--||g' -e 's|\.yaml||; s|\.efg|_efg|; s|\.nfg|_nfg|' ; }

# Outputs up to 16 KiB are kept whole (a failure shows the diff); larger ones
# (the Ukraine .nfg exports) by their SHA-256.
status=0 count=0
list=$(commands) || exit 1
if [[ $mode == --update ]]; then rm -f "$golden"/*.out "$golden"/*.sha256; fi
while IFS= read -r line; do
  [[ -z $line ]] && continue
  # shellcheck disable=SC2086
  actual=$("$exe" $line 2>&1; echo "exit $?")
  base=$golden/$(name_of "$line")
  count=$((count + 1))
  if [[ $mode == --update ]]; then
    if (( ${#actual} > 16384 )); then
      printf '%s\n' "$actual" | sha256sum | cut -d' ' -f1 > "$base.sha256"
    else
      printf '%s\n' "$actual" > "$base.out"
    fi
  elif [[ -f $base.sha256 ]]; then
    if [[ $(printf '%s\n' "$actual" | sha256sum | cut -d' ' -f1) != "$(cat "$base.sha256")" ]]; then
      echo "changed (by its hash): backstop $line"; status=1
    fi
  elif [[ -f $base.out ]]; then
    if ! diff -u "$base.out" <(printf '%s\n' "$actual") > "$tmp"; then
      echo "changed: backstop $line"; head -20 "$tmp"; status=1
    fi
  else
    echo "no expected output for: backstop $line ($base.out)"; status=1
  fi
done <<< "$list"
expected=$(find "$golden" -name '*.out' -o -name '*.sha256' | wc -l)
if [[ $mode != --update && $expected -ne $count ]]; then
  echo "expected $expected outputs, made $count"; status=1
fi
echo "$count outputs compared"
exit $status
