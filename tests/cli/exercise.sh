# exercise.sh - the whole operation end to end with a small population: it must check out
# against its own ground truth, write every product, leave no process or port behind, and
# stop everything cleanly on Ctrl-C.
source "$(dirname "$0")/lib.sh"
OUT="$WORK/exercise"

"$TAKEDOWN" exercise --out "$OUT" --population 150 --p2p-nodes 2000 --seed 7 > "$WORK/log" 2>&1 \
  || fail "exercise exited non-zero: $(tail -20 "$WORK/log")"
ok
grep -q '^ok: the report matches what the simulation injected' "$WORK/log" || fail "report check: $(grep -E 'FAIL' "$WORK/log" | head)"
ok
grep -q '^fragments it soonest: ' "$WORK/log" || fail "no P2P verdict"
ok
for f in registries/in.csv blocklist.rpz blocklist.csv today.csv truth.json report.json report.html \
         p2p/observations.csv p2p/takedown.svg p2p/simulation.json; do
  [ -s "$OUT/$f" ] || fail "missing $f"
done
ok
named-checkzone -q rpz.takedown "$OUT/blocklist.rpz" || fail "the exercise's RPZ does not load"
ok
expect_eq "$(jq '.bots_contacted' "$OUT/truth.json")" "$(jq '[.countries[].bots] | add' "$OUT/truth.json")" "truth adds up"
[ "$(ls "$OUT/notify" | wc -l)" -gt 3 ] || fail "too few notification bundles"
ok
# Nothing left running: no process with the output directory on its command line, and the
# sinkhole's ports are free again.
sleep 0.2
expect_eq "$(pgrep -f -- "$OUT" | wc -l)" 0 "processes left running"
ports=$(grep -o 'ready dns=127.0.0.1:[0-9]*' "$WORK/log" | grep -o '[0-9]*$' || true)
if [ -n "$ports" ]; then
  for p in $ports $((ports + 1)) $((ports + 2)); do
    ss -ltnu | grep -q ":$p " && fail "port $p still bound"
  done
  ok
fi

# Ctrl-C while the bots run: every process stops, the exit status says so, files stay whole.
OUT2="$WORK/interrupted"
"$TAKEDOWN" exercise --out "$OUT2" --population 100000 --p2p-nodes 2000 > "$WORK/log2" 2>&1 &
pid=$!
for i in $(seq 1 300); do
  grep -q '^ready' "$OUT2/sinkhole.log" 2>/dev/null && break
  sleep 0.1
done
sleep 1
kill -INT $pid
status=0
wait $pid || status=$?
[ "$status" -ne 0 ] || fail "an interrupted exercise exited 0"
ok
sleep 0.3
expect_eq "$(pgrep -f -- "$OUT2" | wc -l)" 0 "processes left after Ctrl-C"
[ -z "$(find "$OUT2" -name '*.tmp-*')" ] || fail "temporary files left after Ctrl-C"
ok
named-checkzone -q rpz.takedown "$OUT2/blocklist.rpz" || fail "RPZ damaged by the interrupt"
ok
for f in "$OUT2"/events/*.jsonl; do
  jq -c . "$f" > /dev/null || fail "$f is not whole JSON lines after Ctrl-C"
done
ok
done_checks
