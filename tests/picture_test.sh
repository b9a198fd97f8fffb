#!/usr/bin/env bash
# Pictures and the wargame end to end: `backstop tree` on a scenario and on a
# Gambit file (DOT, SVG, PNG; the equilibrium path marked; the Ukraine tree at
# 16:9), `backstop network` with who is drawn in, and `backstop play` at a
# terminal (answers by number and by name, a wrong answer asked again, the
# same seed the same game, refusals as exit 2).
# Usage: picture_test.sh BACKSTOP SCENARIOS_DIR
set -u
bin=$1 scen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# The Ukraine tree under air cover: an SVG whose shape fits a 16:9 screen, the path marked.
"$bin" tree "$scen/ukraine/baseline.yaml" --option air_cover --format svg --out "$tmp/t.svg" 2> "$tmp/err" || bad "tree svg: $(cat "$tmp/err")"
read -r w h < <(grep -o '<svg width="[0-9.]*pt" height="[0-9.]*pt"' "$tmp/t.svg" | grep -o '[0-9.]*' | tr '\n' ' ')
awk -v w="$w" -v h="$h" 'BEGIN { r = w / h; exit !(r > 1.6 && r < 1.95) }' && ok || bad "the Ukraine tree is $w x $h pt, not near 16:9"
grep -q 'stroke-width="3"' "$tmp/t.svg" && ok || bad "no thick (equilibrium) branch in the SVG"
grep -q 'off the path' "$tmp/t.svg" && grep -q 'folded' "$tmp/err" && ok || bad "the large tree is not folded by default, or says nothing"
grep -q 'Option air_cover' "$tmp/t.svg" && grep -q 'equilibrium' "$tmp/t.svg" && ok || bad "the picture does not name the option and concept"
grep -q 'US</text>' "$tmp/t.svg" && grep -q 'Russia</text>' "$tmp/t.svg" && ok || bad "payoffs not named by actor"
# DOT: the marked branches carry probabilities; unfolded, every node is drawn.
"$bin" tree "$scen/ukraine/baseline.yaml" --option air_cover > "$tmp/fold.dot" 2>/dev/null
"$bin" tree "$scen/ukraine/baseline.yaml" --option air_cover --collapse none > "$tmp/all.dot" 2>/dev/null
[ "$(grep -c 'penwidth=3' "$tmp/fold.dot")" -eq "$(grep -c 'penwidth=3' "$tmp/all.dot")" ] && ok || bad "folding changed the path"
[ "$(grep -c '^  n[0-9]* \[' "$tmp/all.dot")" -gt "$((3 * $(grep -c '^  n[0-9]* \[' "$tmp/fold.dot")))" ] && ok || bad "folding did not shrink the tree"
grep -q 'label="comply 1"' "$tmp/fold.dot" && ok || bad "branch probabilities missing"
# Short labels: no node repeats the history ("knowing ...").
grep -q 'knowing' "$tmp/all.dot" && bad "a node label repeats the history" || ok
# PNG through Graphviz; a Gambit tree with an information set drawn dashed.
"$bin" tree "$scen/ukraine/baseline.yaml" --option workers --format png --out "$tmp/t.png" 2>/dev/null
[ "$(head -c 4 "$tmp/t.png" | tail -c 3)" = "PNG" ] && ok || bad "tree png"
"$bin" tree "$scen/classics/deterrence_incomplete.yaml" > "$tmp/d.dot"
grep -q 'style=dashed, dir=none' "$tmp/d.dot" && grep -q 'fillcolor="#FFF3C4"' "$tmp/d.dot" && ok || bad "information set or reached leaf not drawn"
"$bin" tree "$scen/classics/entry_deterrence.efg" --format svg > "$tmp/e.svg" && grep -q '<svg' "$tmp/e.svg" && ok || bad "tree of an .efg"
# Refusals: exit 2, nothing written.
"$bin" tree "$scen/ukraine/baseline.yaml" --option nukes --format svg --out "$tmp/never.svg" 2> "$tmp/err"; code=$?
[ $code -eq 2 ] && [ ! -e "$tmp/never.svg" ] && grep -q "unknown option 'nukes'" "$tmp/err" && ok || bad "tree --option nukes: exit $code"
"$bin" tree "$scen/classics/entry_deterrence.efg" --option x > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && ok || bad "tree .efg --option"
"$bin" tree "$scen/ukraine/baseline.yaml" --format gif > /dev/null 2>&1; [ $? -eq 2 ] && ok || bad "tree --format gif"

# The network: ties and who an attack draws in.
"$bin" network "$scen/ukraine/baseline.yaml" --option air_cover --format svg --out "$tmp/n.svg" && grep -q 'drawn in' "$tmp/n.svg" && ok || bad "network svg"
"$bin" network "$scen/classics/tripwire.yaml" --format png --out "$tmp/n.png" && [ -s "$tmp/n.png" ] && ok || bad "network png"

# play: the entrant enters, the seat (incumbent) fights: a price war, one decision off the equilibrium.
printf 'fight\n' | "$bin" play "$scen/classics/entry_deterrence.yaml" --as incumbent > "$tmp/p1" 2> "$tmp/err"
grep -q 'Outcome: .*(price_war)' "$tmp/p1" && grep -q 'agreed with the equilibrium at 0 of 1 decision' "$tmp/p1" && ok || bad "play by name: $(cat "$tmp/p1" "$tmp/err")"
printf 'maybe\n1\n' | "$bin" play "$scen/classics/entry_deterrence.yaml" --as Incumbent > "$tmp/p2"
grep -q "'maybe' is not one of the actions" "$tmp/p2" && grep -q 'agreed with the equilibrium at 1 of 1' "$tmp/p2" && ok || bad "play: a wrong answer asked again"
# The Ukraine game as the UK: Nature and the others move by the seed; the same seed, the same game.
printf '1\n1\n1\n' | "$bin" play "$scen/ukraine/baseline.yaml" --option air_cover --as UK --seed 7 > "$tmp/u1"
printf '1\n1\n1\n' | "$bin" play "$scen/ukraine/baseline.yaml" --option air_cover --as UK --seed 7 > "$tmp/u2"
cmp -s "$tmp/u1" "$tmp/u2" && grep -q '^Payoffs: US' "$tmp/u1" && ok || bad "play: the same seed gives another game"
seen=$(for s in 1 2 3 4 5 6 7 8; do printf '1\n1\n' | "$bin" play "$scen/ukraine/baseline.yaml" --option none --as Ukraine --seed $s | grep 'Nature: russia_type ='; done | sort -u | wc -l)
[ "$seen" -eq 2 ] && ok || bad "eight seeds drew only one Russia"
# Noisy opponents: the logit QRE at lambda 0.5 (every action has weight).
printf '1\n' | "$bin" play "$scen/classics/entry_deterrence.yaml" --as incumbent --method qre --lambda 0.5 > "$tmp/q" 2>&1
grep -q 'logit QRE (lambda 0.5)' "$tmp/q" && grep -q '^Outcome:' "$tmp/q" && ok || bad "play against the logit QRE: $(cat "$tmp/q")"
# Refusals.
"$bin" play "$scen/classics/entry_deterrence.yaml" --as Mars < /dev/null > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "unknown actor 'Mars'" "$tmp/err" && ok || bad "play --as Mars: $(cat "$tmp/err")"
"$bin" play "$scen/classics/entry_deterrence.yaml" --as incumbent < /dev/null > /dev/null 2> "$tmp/err"; [ $? -eq 2 ] && grep -q "no answer came" "$tmp/err" && ok || bad "play with no answers: $(cat "$tmp/err")"

echo "pictures and play: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
