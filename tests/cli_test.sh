#!/usr/bin/env bash
# The backstop executable end to end: exit codes, the file:line:col message
# form, Gambit's answers through --format gambit, and no crash on bad input.
# Usage: cli_test.sh BACKSTOP TEST_DATA_DIR REFERENCE_DIR [SANITIZED]
set -u
bin=$1 data=$2 ref=$3 sanitized=${4:-OFF}
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
if "$bin" tree "$tmp/deep.efg" --collapse none --out "$tmp/deep.dot" && [ "$(grep -c -- '->' "$tmp/deep.dot")" -eq 200000 ]; then ok; else bad "deep tree: dot"; fi
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

# gambit-lcp's equilibrium on every two-player tree it answered, through the command
# (the sequence-form LCP; the one game whose payoffs doubles cannot separate: exit 2).
compared=0
for g in $(awk -F, '$9 == "lcp" && $1 ~ /\.efg$/ { print $1 }' "$ref/index.csv"); do
  "$bin" solve "$ref/games/$g" --method lcp --format gambit > "$tmp/ne" 2>"$tmp/err"; code=$?
  if [ "$g" = tests__large_payoff_game.efg ]; then
    [ $code -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && ok || bad "$g: exit $code, expected a one-line refusal"
    continue
  fi
  if [ $code -eq 0 ] && diff "$tmp/ne" "$ref/answers/$g.lcp.txt" >/dev/null; then ok; else bad "$g: lcp differs from gambit-lcp"; fi
  compared=$((compared + 1))
done
[ $compared -ge 117 ] && ok || bad "only $compared two-player trees compared with gambit-lcp"

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

# Scenarios. Every invalid one: exit 2, its expected line (the file's first
# line says it) and nothing else; every command that runs one, the same.
# Quotes are checked against tests/data/sources/ (through the variable).
scen="$data/../../scenarios"
export BACKSTOP_SOURCES="$data/sources"
for file in "$data"/invalid/scenario/*.yaml; do
  expected=$(sed -n '/^# expect: /!q; s|^# expect: \([0-9]*:[0-9]*\): |'"$file"':\1: error: |p' "$file")
  for cmd in validate compare; do
    "$bin" $cmd "$file" >"$tmp/out" 2>"$tmp/err"; code=$?
    if [ $code -ne 2 ] || [ "$(cat "$tmp/err")" != "$expected" ] || [ -s "$tmp/out" ]; then bad "$cmd $file: exit $code: $(cat "$tmp/err")"; else ok; fi
  done
done
"$bin" compare "$data/invalid/scenario/network_cycle.yaml" --out "$tmp/never.txt" 2>/dev/null
[ ! -e "$tmp/never.txt" ] && ok || bad "an invalid scenario left an --out file"
unset BACKSTOP_SOURCES

# Without the texts, validate checks everything else and says once that the
# quotes were not checked; exit 0. With --sources, a misquote is an error.
"$bin" validate "$scen/ukraine/baseline.yaml" "$scen/ukraine/variants/us_evasive.yaml" >"$tmp/out" 2>"$tmp/err"; code=$?
[ $code -eq 0 ] && [ "$(grep -c 'quotes were not checked' "$tmp/err")" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] \
  && [ "$(grep -c 'distinct quotes not checked' "$tmp/out")" -eq 2 ] && ok || bad "validate without texts: exit $code $(cat "$tmp/err")"
"$bin" validate --sources "$data/sources" "$data/invalid/scenario/quote_not_in_source.yaml" >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "the quote is not in source" "$tmp/err" && ok || bad "validate --sources misquote: exit $code"
"$bin" validate "$data/invalid/scenario/quote_not_in_source.yaml" >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 0 ] && grep -q "not checked" "$tmp/err" && ok || bad "validate without texts should pass a misquote unchecked: exit $code"
# Several files: each reported; the exit code is the worst.
"$bin" validate "$scen/classics/chicken.yaml" "$data/invalid/scenario/missing_schema.yaml" "$scen/classics/tripwire.yaml" >"$tmp/out" 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && [ "$(grep -c ': ok:' "$tmp/out")" -eq 2 ] && grep -q "missing_schema.yaml:" "$tmp/err" && ok || bad "validate several: exit $code"
# Standard input, named <stdin> in messages.
"$bin" compare - --format csv < "$scen/classics/chicken.yaml" > "$tmp/stdin.csv" && cmp -s "$tmp/stdin.csv" <("$bin" compare "$scen/classics/chicken.yaml" --format csv) && ok || bad "compare -"
printf 'schema: backstop/1\nname: [\n' | "$bin" validate - 2>"$tmp/err" >/dev/null; code=$?
[ $code -eq 2 ] && grep -q "^<stdin>:[0-9]*:[0-9]*: error: " "$tmp/err" && ok || bad "validate - with bad YAML: exit $code $(cat "$tmp/err")"
# The wrong kind of file for the command says which command reads it.
"$bin" validate "$scen/classics/entry_deterrence.efg" >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "use 'backstop solve'" "$tmp/err" && ok || bad "validate .efg: exit $code"
"$bin" solve "$scen/classics/chicken.yaml" >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "use 'backstop run' or 'backstop compare'" "$tmp/err" && ok || bad "solve .yaml: exit $code"
# Commands and flags a newcomer gets wrong.
"$bin" compair x.yaml >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "unknown command 'compair' (did you mean 'compare'?)" "$tmp/err" && ok || bad "unknown command: $(cat "$tmp/err")"
for flags in "tree $scen/ukraine/baseline.yaml --draws 5" "export $scen/ukraine/baseline.yaml --method qre" \
             "solve $ref/games/contrib__cent4.efg --method qre --path" "validate $scen/classics/chicken.yaml --format csv"; do
  "$bin" $flags >/dev/null 2>&1; code=$?
  [ $code -eq 2 ] && ok || bad "$flags: exit $code, expected a refusal"
done
# Every method on a scenario: chicken's mixed equilibrium (each goes straight
# with probability 1/crash_cost = 0.1, so they crash with 0.01) through enummixed.
"$bin" run "$scen/classics/chicken.yaml" --method enummixed --equilibrium 2 --format csv | grep -q '^,Chicken,.*,0.01,0.81,0.09,0.09,0.01,-0.1,-0.1$' && ok || bad "chicken's mixed equilibrium"
"$bin" run "$scen/classics/chicken.yaml" --method enummixed --equilibrium 4 >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "equilibrium 4 was asked for; enummixed lists 3" "$tmp/err" && ok || bad "--equilibrium past the list: exit $code"
# Several equilibria: the table says which is shown, stderr how to see another (the library names no flag).
"$bin" run "$scen/classics/chicken.yaml" >"$tmp/out" 2>"$tmp/err"
grep -q "equilibrium 1 of 2 is shown)" "$tmp/out" && grep -q "\-\-equilibrium N reports the N-th" "$tmp/err" && ok || bad "several equilibria: $(cat "$tmp/err")"
"$bin" compare "$scen/classics/tripwire.yaml" --method lcp --format json | grep -q '"concept": "Nash equilibrium (sequence form)' && ok || bad "lcp on a scenario"
# qre at lambda 0 is uniform play: each of chicken's four outcomes 1/4.
"$bin" run "$scen/classics/chicken.yaml" --method qre --lambda 0 --format csv | grep -q ',0.25,0.25,0.25,0.25,' && ok || bad "qre --lambda on a scenario"
"$bin" run "$scen/classics/chicken.yaml" --lambda 2 >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--lambda without qre"
# --path: the traced branch from lambda 0 (uniform: crash 1/4) towards the
# limit; each row's outcomes sum to 1; a row per option and point.
"$bin" compare "$scen/classics/chicken.yaml" --method qre --path --format csv > "$tmp/path.csv" && ok || bad "compare --path"
# At lambda 0 each payoff is the mean of (0, 1, -1, -crash_cost): -2.5.
awk -F, 'NR == 2 { first = ($2 == 0 && $3 == 0.25 && $8 == -2.5 && $9 == -2.5) } NR > 1 { s = $4 + $5 + $6 + $7; if (s < 0.99999 || s > 1.00001) bad = 1; n++ }  # 6 digits a value
  END { exit !(first && !bad && n > 10) }' "$tmp/path.csv" && ok || bad "compare --path rows: $(head -3 "$tmp/path.csv")"
"$bin" explain "$scen/classics/chicken.yaml" --method qre --path >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "explain --path should be refused"
"$bin" compare "$scen/classics/chicken.yaml" --fromat csv >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "'compare' has no flag '--fromat' (did you mean '--format'?)" "$tmp/err" && ok || bad "unknown flag: $(cat "$tmp/err")"
"$bin" run "$scen/classics/chicken.yaml" --method enummixed --equilibrium 0 >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "'0' is not a whole number >= 1" "$tmp/err" && ok || bad "--equilibrium 0: $(cat "$tmp/err")"
"$bin" run "$scen/classics/chicken.yaml" --out "$tmp/no/such/out.txt" >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "there is no folder '$tmp/no/such'" "$tmp/err" && ok || bad "--out into a missing folder: exit $code"
"$bin" run "$scen/ukraine/baseline.yaml" --set resolve=0.5 >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "(did you mean 'US.resolve'?)" "$tmp/err" && ok || bad "--set unqualified: $(cat "$tmp/err")"
# The main job: every option, probabilities summing to 1, the concept named.
"$bin" compare "$scen/ukraine/baseline.yaml" --format json > "$tmp/cmp.json" && ok || bad "compare failed"
/usr/bin/python3 - "$tmp/cmp.json" <<'PY' && ok || bad "compare json"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["options"]) >= 7
for o in d["options"]:
    assert set(["name", "label", "metrics", "payoffs", "concept", "path"]) <= set(o)
    assert abs(sum(o["outcomes"].values()) - 1) < 1e-9 and o["concept"]
    assert set(o["metrics"]) == {"p_ceasefire_holds", "p_settlement", "p_limited_violation", "p_force_struck", "p_major_attack", "p_nato_russia_war"}
    assert isinstance(o["fragile"], list)
PY
# --set: a what-if in one command; a bad one is exit 2 with one line.
"$bin" run "$scen/ukraine/baseline.yaml" --option workers --set workers_tripwire_credible=0 --format csv > "$tmp/set.csv" && ok || bad "run --set"
"$bin" run "$scen/ukraine/baseline.yaml" --option workers --format csv > "$tmp/noset.csv" && ! cmp -s "$tmp/set.csv" "$tmp/noset.csv" && ok || bad "--set changed nothing"
"$bin" run "$scen/ukraine/baseline.yaml" --set US.resolv=0.5 >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "unknown parameter 'US.resolv' (did you mean 'US.resolve'?)" "$tmp/err" && ok || bad "--set unknown: exit $code"
"$bin" run "$scen/ukraine/baseline.yaml" --set US.resolve=2 >/dev/null 2>"$tmp/err"; code=$?
[ $code -eq 2 ] && grep -q "baseline.yaml:[0-9]*:[0-9]*: error: the probability of 'resolute'" "$tmp/err" && ok || bad "--set out of range: exit $code $(cat "$tmp/err")"
"$bin" run "$scen/ukraine/baseline.yaml" --set US.resolve=high >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--set not a number"
"$bin" run "$scen/ukraine/baseline.yaml" --option nuclear >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown option"
# Export: Gambit's format (Defender: station; respond with troops hit, concede
# without; Challenger: refrain facing the tripwire, attack without it), solving to the scenario's answer.
"$bin" export "$scen/classics/tripwire.yaml" --format efg > "$tmp/trip.efg" && "$bin" solve "$tmp/trip.efg" --one --format gambit > "$tmp/trip.ne" && ok || bad "export"
[ "$(cat "$tmp/trip.ne")" = "NE,1,0,1,0,0,1,1,0,0,1" ] && ok || bad "export solves to $(cat "$tmp/trip.ne")"
"$bin" network "$scen/ukraine/baseline.yaml" --option air_cover | grep -q 'label="backstop 0.80"' && ok || bad "network dot"

# Hostile inputs: each ends with a correct answer or exit 2 and one located
# message, within its time (seconds) and 1 GiB of memory. Under the
# sanitizers time is stretched and memory not limited (they reserve terabytes
# of address space): clang's, with libFuzzer's coverage, ran the slowest case
# 13 times slower than Release.
bounded() {  # bounded SECONDS EXPECTED_EXIT PATTERN COMMAND...: run under the limits
  local seconds=$1 want=$2 pattern=$3 code
  shift 3
  if [ "$sanitized" = ON ]; then seconds=$((seconds * 20)); fi
  (
    [ "$sanitized" = ON ] || ulimit -v 1048576
    exec timeout "$seconds" "$@"
  ) >"$tmp/out" 2>"$tmp/err"
  code=$?
  if [ $code -ne "$want" ]; then bad "hostile $*: exit $code (wanted $want): $(head -c 300 "$tmp/err")"; return; fi
  if [ "$want" -eq 2 ] && { [ "$(wc -l < "$tmp/err")" -ne 1 ] || ! grep -qE "$pattern" "$tmp/err"; }; then
    bad "hostile $*: message $(head -c 300 "$tmp/err")"; return
  fi
  if [ "$want" -eq 0 ] && ! grep -qE "$pattern" "$tmp/out"; then bad "hostile $*: output $(head -c 300 "$tmp/out")"; return; fi
  ok
}
located=': error: |:[0-9]+:[0-9]+: error: '
# YAML: an alias bomb, a 50,000-deep flow sequence, binary data, an empty file, 50 MB.
bounded 2 2 "alias_bomb.yaml:7:10: error: aliases" "$bin" validate "$data/invalid/scenario/alias_bomb.yaml"
awk 'BEGIN { printf "x: "; for (i = 0; i < 50000; i++) printf "["; for (i = 0; i < 50000; i++) printf "]"; print "" }' > "$tmp/deep.yaml"
bounded 2 2 "deep.yaml:1:68: error: lists and maps nest deeper" "$bin" validate "$tmp/deep.yaml"
head -c 200000 "$bin" > "$tmp/binary.yaml"
bounded 2 2 "binary.yaml:[0-9]+:[0-9]+: error: " "$bin" validate "$tmp/binary.yaml"
: > "$tmp/empty.yaml"
bounded 2 2 "empty.yaml:1:1: error: a scenario must be a map" "$bin" validate "$tmp/empty.yaml"
for i in $(seq 1700); do cat "$scen/ukraine/baseline.yaml"; done > "$tmp/big.yaml"
bounded 2 2 "big.yaml:[0-9]+:[0-9]+: error: a scenario is larger than 4 MiB" "$bin" validate "$tmp/big.yaml"
bounded 2 2 "zero:1:4194305: error: a scenario is larger" "$bin" validate /dev/zero
printf 'schema: backstop/1\nvariant_of: /dev/zero\nset: {}\n' > "$tmp/zero_variant.yaml"
bounded 2 2 "/dev/zero:1:4194305: error: " "$bin" validate "$tmp/zero_variant.yaml"
bounded 2 2 "variant_cycle/b.yaml:2:13: error: 'variant_of' leads back to 'a.yaml'" "$bin" validate "$data/invalid/variant_cycle/a.yaml"
# Scenarios whose size made the costs grow faster than their files.
awk 'BEGIN { print "schema: backstop/1\nname: t\nactors:\n  A: {name: A}\nparameters:"
  for (i = 0; i < 50000; i++) printf "  p%d: {value: %d, why: t}\n", i, i
  print "stages:\n  - {id: a, actor: A, actions: [x, y]}\noutcomes:\n  o1: {when: \"a.x\"}\n  o2: {when: \"a.y\"}"
  print "payoffs:\n  A: {o1: \"p49999\", o2: \"0\"}" }' > "$tmp/params.yaml"
bounded 5 0 "50000 parameters" "$bin" validate "$tmp/params.yaml"
# 400 parties in the network (every pair a draw-in name): refused at once.
awk 'BEGIN { print "schema: backstop/1\nname: t\nactors:\n  A: {name: A}"; printf "parties: [P0"; for (i = 1; i < 400; i++) printf ", P%d", i; print "]"
  print "network:"; for (i = 0; i < 399; i++) printf "  - {backer: P%d, backed: P%d, kind: backstop, credibility: \"0.5\", why: t}\n", i, i + 1
  print "stages:\n  - {id: a, actor: A, actions: [x, y]}\noutcomes:\n  o1: {when: \"a.x\"}\n  o2: {when: \"a.y\"}\npayoffs:\n  A: {o1: \"draw_in.P0.P399\", o2: \"0\"}" }' > "$tmp/parties.yaml"
bounded 2 2 "parties.yaml:5:10: error: the commitment network has 401 parties" "$bin" compare "$tmp/parties.yaml"
# 20,000 outcomes whose payoffs all read unknown names, on one line: at most
# 100 problems are listed, then how many more; nothing quadratic on the way.
awk 'BEGIN { print "schema: backstop/1\nname: t\nactors:\n  A: {name: A}\nparameters:"
  for (i = 0; i < 20000; i++) printf "  p%d: {value: %d, why: t}\n", i, i
  print "stages:\n  - {id: a, actor: A, actions: [x, y]}\noutcomes:"
  for (i = 0; i < 10000; i++) printf "  o%d: {when: \"a.x\"}\n", i
  printf "payoffs:\n  A: {"; for (i = 0; i < 20000; i++) printf "%so%d: \"q%d\"", (i ? ", " : ""), i, i; print "}" }' > "$tmp/unknowns.yaml"
"$bin" validate "$tmp/unknowns.yaml" 2>"$tmp/err" >/dev/null
[ "$(wc -l < "$tmp/err")" -eq 101 ] && tail -1 "$tmp/err" | grep -q "error: and [0-9]* more problems not shown" && ok || bad "problems past 100: $(wc -l < "$tmp/err") lines"
bounded 3 2 "unknowns.yaml:[0-9]+:[0-9]+: error: " bash -c "'$bin' validate '$tmp/unknowns.yaml' 2>&1 >/dev/null | tail -1 >&2; exit 2"
awk 'BEGIN { print "schema: backstop/1\nname: t\nactors:\n  A: {name: A}\nparties: [Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10, Q11, Q12]"
  print "parameters:\n  c: {value: 0.5, why: t}\nnetwork:"
  for (i = 0; i < 12; i++) { printf "  - {backer: Q%d, backed: Q%d, kind: backstop, credibility: \"c\", why: t}\n", i, i + 1
    if (i < 11) printf "  - {backer: Q%d, backed: Q%d, kind: backstop, credibility: \"c\", why: t}\n", i, i + 2 }
  print "options:"; for (i = 0; i < 8; i++) printf "  o%d: {label: o%d, set: {c: 0.%d}}\n", i, i, i + 1
  print "stages:\n  - {id: a, actor: A, actions: [x, y]}\noutcomes:\n  o1: {when: \"a.x\"}\n  o2: {when: \"a.y\"}"
  print "payoffs:\n  A: {o1: \"draw_in.Q12.Q0 + draw_in.Q6.Q0\", o2: \"0\"}" }' > "$tmp/network.yaml"
bounded 5 0 "^o7," "$bin" compare "$tmp/network.yaml" --format csv
for kind in 'actor: A, actions: [go]' 'chance: {go: "1"}'; do
  for n in 10000 999; do  # past the limit of 1,000 stages, and at it
    awk -v kind="$kind" -v n=$n 'BEGIN { print "schema: backstop/1\nname: t\nactors:\n  A: {name: A}\nstages:"
      for (i = 0; i < n; i++) printf "  - {id: s%d, %s}\n", i, kind
      print "  - {id: a, actor: A, actions: [x, y]}\noutcomes:\n  o1: {when: \"a.x\"}\n  o2: {when: \"a.y\"}\npayoffs:\n  A: {o1: \"1\", o2: \"0\"}" }' > "$tmp/stages.yaml"
    if [ $n -gt 1000 ]; then
      bounded 5 2 "stages.yaml:1006:5: error: more than 1000 stages" "$bin" compare "$tmp/stages.yaml"
    else
      bounded 5 0 "^,.*,1,0,1$" "$bin" compare "$tmp/stages.yaml" --format csv  # the mover takes x: o1 for sure, payoff 1
    fi
  done
done
awk 'BEGIN { print "schema: backstop/1\nname: t\nactors:\n  A: {name: A}\nstages:"
  for (i = 0; i < 20; i++) printf "  - {id: s%d, chance: {h: \"0.5\", t: \"0.5\"}}\n", i
  print "  - {id: a, actor: A, actions: [x, y]}\noutcomes:\n  o1: {when: \"a.x\"}\n  o2: {when: \"a.y\"}\npayoffs:\n  A: {o1: \"1\", o2: \"0\"}" }' > "$tmp/wide.yaml"
bounded 5 2 "wide.yaml:6:5: error: the stages expand into more than 500000 nodes" "$bin" compare "$tmp/wide.yaml"
# Games: memory from a few bytes.
awk 'BEGIN { printf "EFG 2 R \"many\" {"; for (i = 0; i < 65536; i++) printf " \"p%d\"", i; print " }\n\"\""
  for (d = 1; d <= 20000; d++) print "p \"\" 1 " d " \"\" { \"a\" \"b\" } 0\nt \"\" 0"; print "t \"\" 0" }' > "$tmp/players.efg"
bounded 5 2 "players.efg:3:1: error: the game is too large" "$bin" solve "$tmp/players.efg"
printf 'EFG 2 R "none" { } ""\nt "" 1 "end" { }\n' > "$tmp/noplayers.efg"
bounded 2 2 "noplayers.efg:2:1: error: the game has no players" "$bin" solve "$tmp/noplayers.efg"
awk 'BEGIN { printf "NFG 1 R \"many\" {"; for (i = 0; i < 28; i++) printf " \"p%d\"", i; printf " } {"
  for (i = 0; i < 28; i++) printf " 2"; print " }" }' > "$tmp/players.nfg"
bounded 2 2 "players.nfg:1:16: error: the payoff table is too large" "$bin" solve "$tmp/players.nfg"
printf 'NFG 1 R "big" { "A" "B" } { 16384 16384 }\n{ { "o" 1, 2 } }\n1\n' > "$tmp/outcomes.nfg"
bounded 2 2 "outcomes.nfg:1:15: error: the payoff table is too large" "$bin" solve "$tmp/outcomes.nfg"
# auto on a two-player signalling tree (2,304 leaves, hidden types): answers, and names the method.
awk 'BEGIN { T = 8; M = 6; A = 48; o = 0
  print "EFG 2 R \"signalling\" { \"Sender\" \"Receiver\" }\n\"\""
  printf "c \"\" 1 \"\" {"; for (t = 1; t <= T; t++) printf " \"t%d\" 1/%d", t, T; print " } 0"
  for (t = 1; t <= T; t++) {
    printf "p \"\" 1 %d \"\" {", t; for (m = 1; m <= M; m++) printf " \"m%d\"", m; print " } 0"
    for (m = 1; m <= M; m++) {
      printf "p \"\" 2 %d \"\" {", m; for (a = 1; a <= A; a++) printf " \"a%d\"", a; print " } 0"
      for (a = 1; a <= A; a++) { o++; printf "t \"\" %d \"\" { %d, %d }\n", o, (t * 7 + m * 3 + a * 5) % 11, (t * 5 + a * 13 + m) % 17 } } } }' > "$tmp/signal.efg"
bounded 5 0 "auto: 2.05e\\+16 pure profiles are too many to enumerate; Lemke" "$bin" solve "$tmp/signal.efg"

# Monte Carlo: the same seed gives the same bytes on 1, 2 and 4 threads, in every format.
for format in table csv json; do
  "$bin" simulate "$scen/ukraine/baseline.yaml" --draws 300 --seed 3 --format "$format" > "$tmp/mc1" 2>&1
  same=1
  for t in 2 4; do
    "$bin" simulate "$scen/ukraine/baseline.yaml" --draws 300 --seed 3 --threads $t --format "$format" > "$tmp/mc$t" 2>&1
    cmp -s "$tmp/mc1" "$tmp/mc$t" || same=0
  done
  [ $same -eq 1 ] && ok || bad "simulate --format $format differs across threads"
done
"$bin" simulate "$scen/ukraine/baseline.yaml" --draws 2 --format csv | head -1 | grep -q "^run,option,replicate,seed,label,concept,.*US.resolve,.*p_ceasefire_holds," && ok || bad "simulate csv header"
"$bin" simulate "$scen/ukraine/baseline.yaml" --draws 200 --seed 3 | grep -q "Monte Carlo over 200 draws (seed 3)" && ok || bad "simulate names its draws and seed"
"$bin" simulate "$scen/ukraine/baseline.yaml" --draws 0 >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "simulate --draws 0 should be refused"
# Every method per draw: enummixed's mixed strategies are read on the tree (it crashed before).
"$bin" simulate "$scen/classics/chicken.yaml" --method enummixed --draws 3 > /dev/null 2>&1 && ok || bad "simulate --method enummixed"
# --set is what the draws used, and the CSV says so.
[ "$("$bin" simulate "$scen/ukraine/baseline.yaml" --draws 3 --set US.resolve=0.9 --format csv | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "US.resolve") c = i } NR == 2 { print $c }')" = "0.9" ] && ok || bad "simulate --set in the CSV"
for flags in "--equilibrium 2" "--seed -1" "--draws abc" "--threads 999" "--draws 0"; do
  # shellcheck disable=SC2086
  "$bin" simulate "$scen/ukraine/baseline.yaml" $flags > /dev/null 2> "$tmp/err"; code=$?
  [ $code -eq 2 ] && grep -q "^backstop: error: " "$tmp/err" && ok || bad "simulate $flags: exit $code $(cat "$tmp/err")"
done
# A draw that makes a probability invalid: one located error naming the draw, the same on any number of threads.
"$bin" simulate "$data/mc_bad.yaml" --draws 500 --seed 1 > /dev/null 2> "$tmp/e1"; c1=$?
"$bin" simulate "$data/mc_bad.yaml" --draws 500 --seed 1 --threads 4 > /dev/null 2> "$tmp/e4"; c4=$?
[ $c1 -eq 2 ] && [ $c4 -eq 2 ] && grep -q "mc_bad.yaml:[0-9]*:[0-9]*: error: .*(in draw [0-9]* of seed 1)" "$tmp/e1" && cmp -s "$tmp/e1" "$tmp/e4" && ok || bad "simulate: an invalid draw: $(cat "$tmp/e1") / $(cat "$tmp/e4")"

# compare reports the draws beside the nominal point, ranks with ties marked, and --draws 0 leaves the draws out.
"$bin" compare "$scen/ukraine/baseline.yaml" > "$tmp/cmp.txt" 2>&1
grep -q "^Over the draws: 1000 draws .*(seed 1;" "$tmp/cmp.txt" && grep -q "^  1[.=] air_cover .*(first in [0-9.]*% of draws)" "$tmp/cmp.txt" && ok || bad "compare: draws and ties: $(head -c 600 "$tmp/cmp.txt")"
"$bin" compare "$scen/ukraine/baseline.yaml" --draws 0 | grep -q "Over the draws" && bad "compare --draws 0 still draws" || ok
[ "$("$bin" compare "$scen/ukraine/baseline.yaml" --draws 300 --seed 4 --threads 1 | md5sum)" = "$("$bin" compare "$scen/ukraine/baseline.yaml" --draws 300 --seed 4 --threads 2 | md5sum)" ] && ok || bad "compare: draws depend on threads"
"$bin" compare "$scen/ukraine/baseline.yaml" --draws 0 --rank-by p_major_attack | grep -q "^Ranking by p_major_attack (lowest first)" && ok || bad "compare --rank-by"
"$bin" compare "$scen/ukraine/baseline.yaml" --rank-by p_holds > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "unknown metric 'p_holds'" "$tmp/err" && ok || bad "compare --rank-by unknown: $(cat "$tmp/err")"
# Model contracts: validate tries every check in the nominal values and seeded draws under every option;
# a copy whose resolute US values its word below a war's cost is caught in a draw, located at the check.
"$bin" validate "$scen/ukraine/baseline.yaml" --draws 300 > "$tmp/out" 2>&1 && grep -q "7 checks hold in the nominal values and 300 draws (seed 1) under every option" "$tmp/out" && ok || bad "validate checks: $(cat "$tmp/out")"
sed 's/^        low: 14$/        low: 6/' "$scen/ukraine/baseline.yaml" > "$tmp/broken.yaml"
"$bin" validate "$tmp/broken.yaml" --seed 3 > "$tmp/out" 2> "$tmp/err"; code=$?
[ $code -eq 2 ] && grep -qE "^$tmp/broken.yaml:[0-9]+:[0-9]+: error: check 'A resolute US fights .*' fails in draw [0-9]+ \(seed 3\) under option '[a-z_]+', given us_type = resolute.*payoff.US.attack_fought = .*drawn: .*US.honour_resolute = " "$tmp/err" && [ "$(grep -c "error:" "$tmp/err")" -eq 1 ] && ok || bad "validate broken check: $code $(cat "$tmp/err")"
# explain gives each choice's margin and flags the fragile ones; compare names the options whose result rests on one.
"$bin" explain "$scen/ukraine/baseline.yaml" --option air_cover > "$tmp/out" && grep -qE "^  [A-Za-z]+ at [a-z_]+ .* chooses [a-z_]+: .*; margin [0-9.e-]+, fragile \(" "$tmp/out" && grep -q "margin [0-9.]* ([0-9.]*% of its payoff range" "$tmp/out" && ok || bad "explain margins"
"$bin" compare "$scen/ukraine/baseline.yaml" --draws 0 | grep -q "^Fragile results: " && ok || bad "compare fragile"
# Who is drawn in comes from the equilibrium where a tie says which moves attack and answer.
"$bin" explain "$scen/ukraine/baseline.yaml" --option logistics --set Russia.revisionist=1 --set UK.deploy_cost=0.5 --set France.deploy_cost=0.5 > "$tmp/out" && grep -qE "^  Force is (attacked with probability|not attacked under the equilibrium)" "$tmp/out" && ok || bad "drawn in from the equilibrium: $(tail -5 "$tmp/out")"
# dynamics: per option the survival curve; the same bytes on 1 and 2 threads; a scenario without dynamics is refused.
"$bin" dynamics "$scen/ukraine/baseline.yaml" --draws 40 --histories 5 > "$tmp/out" && grep -q "^Survival: the share of histories" "$tmp/out" && grep -qE "^air_cover +[0-9.]+%( +[0-9.]+%){11}$" "$tmp/out" && ok || bad "dynamics table: $(head -20 "$tmp/out")"
[ "$("$bin" dynamics "$scen/ukraine/baseline.yaml" --draws 300 --histories 3 --format csv --threads 1 | md5sum)" = "$("$bin" dynamics "$scen/ukraine/baseline.yaml" --draws 300 --histories 3 --format csv --threads 2 | md5sum)" ] && ok || bad "dynamics: threads change the bytes"
"$bin" dynamics "$scen/classics/chicken.yaml" > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "chicken.yaml:1:1: error: the scenario declares no dynamics" "$tmp/err" && ok || bad "dynamics without dynamics: $(cat "$tmp/err")"
"$bin" dynamics "$scen/ukraine/baseline.yaml" --periods 1001 > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "at most 1000" "$tmp/err" && ok || bad "dynamics periods: $(cat "$tmp/err")"
# An override for one option changes that option only.
"$bin" compare "$scen/ukraine/baseline.yaml" --draws 0 --format csv --set air_cover.US.resolve=0 > "$tmp/one.csv"
"$bin" compare "$scen/ukraine/baseline.yaml" --draws 0 --format csv --set US.resolve=0 > "$tmp/all.csv"
"$bin" compare "$scen/ukraine/baseline.yaml" --draws 0 --format csv > "$tmp/none.csv"
[ "$(grep '^air_cover,' "$tmp/one.csv")" = "$(grep '^air_cover,' "$tmp/all.csv")" ] && [ "$(grep '^logistics,' "$tmp/one.csv")" = "$(grep '^logistics,' "$tmp/none.csv")" ] && [ "$(grep '^logistics,' "$tmp/one.csv")" != "$(grep '^logistics,' "$tmp/all.csv")" ] && ok || bad "--set OPTION.PARAM"
"$bin" run "$scen/ukraine/baseline.yaml" --set air_cover.US.resolv=0 > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "did you mean 'US.resolve'" "$tmp/err" && ok || bad "--set OPTION.typo: $(cat "$tmp/err")"
# A ranking that names no metric is a located error.
sed 's/^ranking: \[p_ceasefire_holds,/ranking: [p_ceasefire_hold,/' "$scen/ukraine/baseline.yaml" > "$tmp/rank_bad.yaml"
"$bin" validate "$tmp/rank_bad.yaml" > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "rank_bad.yaml:[0-9]*:[0-9]*: error: unknown metric 'p_ceasefire_hold'" "$tmp/err" && ok || bad "ranking: unknown metric: $(cat "$tmp/err")"

# threshold: deterrence with one-sided incomplete information holds exactly when p_credible >= 2/5.
t=$("$bin" threshold "$scen/classics/deterrence_incomplete.yaml" --param p_credible --metric p_deterred --target 0.5 --low 0 --high 1 --format csv | awk -F, 'NR == 2 { print $5 }')
awk -v t="$t" 'BEGIN { exit !(t > 0.39999 && t < 0.40001) }' && ok || bad "threshold of deterrence: '$t', not 0.4"
"$bin" threshold "$scen/ukraine/baseline.yaml" --param US.resolv > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "did you mean 'US.resolve'" "$tmp/err" && ok || bad "threshold unknown parameter: $(cat "$tmp/err")"
# sensitivity: Ishigami's indices end to end (N = 8192), and the same bytes on 1 and 2 threads.
"$bin" sensitivity "$data/ishigami.yaml" --samples 8192 --format csv > "$tmp/ish1.csv" && "$bin" sensitivity "$data/ishigami.yaml" --samples 8192 --format csv --threads 2 > "$tmp/ish2.csv"
cmp -s "$tmp/ish1.csv" "$tmp/ish2.csv" && ok || bad "sensitivity depends on threads"
awk -F, 'NR > 1 { s1[$3] = $5; st[$3] = $8 } END {
  want1["x1"] = 0.3139; want1["x2"] = 0.4424; want1["x3"] = 0; wantt["x1"] = 0.5576; wantt["x2"] = 0.4424; wantt["x3"] = 0.2437
  for (x in want1) { d = s1[x] - want1[x]; e = st[x] - wantt[x]; if (d < -0.02 || d > 0.02 || e < -0.02 || e > 0.02) exit 1 }
}' "$tmp/ish1.csv" && ok || bad "Ishigami indices: $(cat "$tmp/ish1.csv")"
"$bin" sensitivity "$scen/classics/chicken.yaml" > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "nothing to vary" "$tmp/err" && ok || bad "sensitivity without distributions: $(cat "$tmp/err")"

# --set NAME=DISTRIBUTION, in the YAML's terms or short: what is drawn changes; bad ones are located errors.
short=$("$bin" simulate "$scen/ukraine/baseline.yaml" --draws 300 --format csv --set 'US.resolve=beta(0.6, 0.1)' | md5sum)
long=$("$bin" simulate "$scen/ukraine/baseline.yaml" --draws 300 --format csv --set 'US.resolve={dist: beta, mean: 0.6, sd: 0.1}' | md5sum)
plain=$("$bin" simulate "$scen/ukraine/baseline.yaml" --draws 300 --format csv | md5sum)
[ "$short" = "$long" ] && [ "$short" != "$plain" ] && ok || bad "--set a distribution"
"$bin" simulate "$scen/ukraine/baseline.yaml" --draws 10 --set 'US.resolve=beta(2, 0.1)' > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "^--set US.resolve:1:[0-9]*: error: parameter 'US.resolve': beta needs" "$tmp/err" && ok || bad "--set an impossible beta: $(cat "$tmp/err")"
"$bin" simulate "$scen/ukraine/baseline.yaml" --draws 10 --set 'air_cover.US.resolve=beta(0.6, 0.1)' > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "drawn once for every option" "$tmp/err" && ok || bad "--set OPTION.NAME=distribution: $(cat "$tmp/err")"

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
