#!/usr/bin/env bash
# The backstop executable end to end: exit codes, the file:line:col message
# form, Gambit's answers through --format gambit, and no crash on bad input.
# Usage: cli_test.sh BACKSTOP TEST_DATA_DIR REFERENCE_DIR
set -u
bin=$1 data=$2 ref=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# Every malformed file: exit 2, one line `file:line:col: error: ...` on stderr, nothing on stdout.
while IFS=$'\t' read -r name where message; do
  case "$name" in ''|'#'*) continue ;; esac
  file="$data/invalid/gambit/$name"
  "$bin" solve "$file" >"$tmp/out" 2>"$tmp/err"
  code=$?
  first=$(head -n 1 "$tmp/err")
  if [ "$code" -ne 2 ]; then bad "$name: exit $code, expected 2"; continue; fi
  if [[ "$first" != "$file:$where: error: "* ]]; then bad "$name: message '$first'"; continue; fi
  if [[ "$first" != *"$message"* ]]; then bad "$name: message lacks '$message': $first"; continue; fi
  if [ -s "$tmp/out" ] || [ "$(wc -l < "$tmp/err")" -ne 1 ]; then bad "$name: output besides one error line"; continue; fi
  ok
done < "$data/invalid/gambit.expected"

# A tree nested 100,000 deep: read, solved and drawn without recursion.
awk 'BEGIN { print "EFG 2 R \"deep\" { \"A\" } \"\""; for (d = 1; d <= 100000; d++) { printf "p \"\" 1 %d \"\" { \"stop\" \"pass\" } 0\nt \"\" %d \"\" { %d }\n", d, d, d } print "t \"\" 0" }' > "$tmp/deep.efg"
if "$bin" solve "$tmp/deep.efg" --format json --out "$tmp/deep.json" && grep -q '"A": 100000' "$tmp/deep.json"; then ok; else bad "deep tree: not solved to 100000"; fi
if "$bin" tree "$tmp/deep.efg" --out "$tmp/deep.dot" && [ "$(grep -c -- '->' "$tmp/deep.dot")" -eq 200000 ]; then ok; else bad "deep tree: dot"; fi
head -c -20 "$tmp/deep.efg" > "$tmp/cut.efg"
"$bin" solve "$tmp/cut.efg" >/dev/null 2>"$tmp/err"; code=$?
if [ $code -eq 2 ] && grep -q "^$tmp/cut.efg:200001:" "$tmp/err"; then ok; else bad "deep cut tree: exit $code $(cat "$tmp/err")"; fi

# Gambit's subgame-perfect answers, through the command, for every perfect-information
# reference game (spe refuses the others with exit 2).
compared=0
for g in $(awk -F, '$9 == "enumpure-P" { print $1 }' "$ref/index.csv"); do
  "$bin" solve "$ref/games/$g" --method spe --format gambit > "$tmp/ne" 2>/dev/null; code=$?
  [ $code -eq 2 ] && continue
  if [ $code -eq 0 ] && diff <(sort "$tmp/ne") <(sort "$ref/answers/$g.enumpure-P.txt") >/dev/null; then ok; else bad "$g: differs from gambit-enumpure -P"; fi
  compared=$((compared + 1))
done
[ $compared -ge 27 ] && ok || bad "only $compared perfect-information games compared"

# And pure --spe on every game Gambit answered with enumpure -P, through the command.
for g in $(awk -F, '$9 == "enumpure-P" { print $1 }' "$ref/index.csv"); do
  if diff <("$bin" solve "$ref/games/$g" --method pure --spe --format gambit | sort) <(sort "$ref/answers/$g.enumpure-P.txt") >/dev/null; then ok; else bad "$g: pure --spe differs from gambit-enumpure -P"; fi
done

# Outside the solver's class: exit 2 and one line naming the file.
"$bin" solve "$ref/games/contrib__e04.efg" --method spe >/dev/null 2>"$tmp/err"; code=$?
if [ $code -eq 2 ] && grep -q "contrib__e04.efg: error: .*perfect information" "$tmp/err"; then ok; else bad "imperfect information: exit $code"; fi
"$bin" solve "$ref/games/contrib__pd.nfg" --method spe >/dev/null 2>"$tmp/err"; code=$?
if [ $code -eq 2 ] && grep -q "need a game tree" "$tmp/err"; then ok; else bad "nfg with spe: exit $code"; fi

# Bad arguments: exit 2. A missing file: exit 2 and its name.
"$bin" solve >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "missing argument: not exit 2"
"$bin" solve "$ref/games/contrib__cent4.efg" --method nonsense >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "bad method: not exit 2"
"$bin" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown subcommand: not exit 2"
"$bin" solve "$tmp/none.efg" 2>"$tmp/err" >/dev/null; code=$?
if [ $code -eq 2 ] && grep -q "^$tmp/none.efg: error: cannot open" "$tmp/err"; then ok; else bad "missing file: exit $code"; fi

# --out writes whole or not at all: a failed run leaves no file behind.
"$bin" solve "$data/invalid/gambit/truncated.efg" --out "$tmp/never.txt" 2>/dev/null
[ ! -e "$tmp/never.txt" ] && [ ! -e "$tmp/never.txt.partial" ] && ok || bad "--out left a file after an error"
"$bin" solve "$ref/games/contrib__cent4.efg" --format gambit --out "$tmp/cent.txt" && [ "$(cat "$tmp/cent.txt")" = "NE,1,0,1,0,1,0,1,0" ] && ok || bad "--out"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
