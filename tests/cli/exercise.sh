# exercise.sh - the whole operation end to end with a small population: it must check out
# against its own ground truth (totals, countries, days, spam, resolvers), keep resolvers out
# of the infected hosts, write every product, refuse bad options before doing anything,
# leave no process or port behind, and stop everything on Ctrl-C with status 130 (and on
# SIGKILL, through the children's parent-death signal).
source "$(dirname "$0")/lib.sh"
OUT="$WORK/exercise"

# Bad options: exit 2, one line naming the option, and nothing written.
for bad in "--population -1" "--population 0" "--population 1e3" "--days 0" "--days 32" \
           "--date 2020-02-30" "--spam-share nan" "--spam-share 2" "--country-mix IN=200" \
           "--country-mix in=5" "--p2p-nodes 5" "--seed -3" "--frobnicate 1" "--population"; do
  read -r -a args <<< "$bad"
  expect_exit 2 "$TAKEDOWN" exercise --out "$WORK/bad" "${args[@]}"
  expect_err_contains "exercise: "
  expect_err_contains "${args[0]}"
  [ ! -e "$WORK/bad" ] || fail "'$bad' created $WORK/bad"
  ok
done
for opt in --date --country-mix --out; do
  expect_exit 2 "$TAKEDOWN" exercise --out "$WORK/bad" "$opt" $'2020-03-01\n include: x'
  expect_eq "$(wc -l < "$WORK/err")" 1 "$opt with a newline: one line on stderr"
  [ ! -e "$WORK/bad" ] || fail "$opt with a newline created $WORK/bad"
done

"$TAKEDOWN" exercise --out "$OUT" --population 400 --days 3 --p2p-nodes 2000 --seed 7 \
  > "$WORK/log" 2>&1 || fail "exercise exited non-zero: $(tail -20 "$WORK/log")"
ok
grep -q '^   ok: \([0-9]*\) of \1 figures match what the simulation injected' "$WORK/log" \
  || fail "report check: $(grep -E 'FAIL' "$WORK/log" | head)"
ok
grep -q ' wins: half the bots in the P2P layer' "$WORK/log" || fail "no P2P verdict"
ok
# Heavy-tailed spam: the top 10 % of the spam bots send far more than 10 % of the mail.
top10=$(sed -n 's/.*the top 10 % of bots sent \([0-9.]*\) % of the mail.*/\1/p' "$WORK/log")
[ -n "$top10" ] && awk -v t="$top10" 'BEGIN { exit !(t > 30) }' \
  || fail "spam is not heavy-tailed: the top 10 % of bots sent '${top10}' % of the mail"
ok
for f in registries/in.csv blocklist.rpz blocklist.csv week.csv truth.json report.json report.html \
         report.csv report.txt p2p/observations.csv p2p/takedown.svg p2p/simulation.json; do
  [ -s "$OUT/$f" ] || fail "missing $f"
done
ok
named-checkzone -q rpz.takedown "$OUT/blocklist.rpz" || fail "the exercise's RPZ does not load"
ok
# Totals: every bot of the population is seen, the report counts exactly them, and the
# simulated resolvers are counted apart, in no country's count and in no bundle.
truth() { jq -r ".$1" "$OUT/truth.json"; }
report() { jq -r "$1" "$OUT/report.json"; }
expect_eq "$(truth bots_seen)" 400 "every bot seen"
expect_eq "$(report .total.distinct)" 400 "report: infected hosts = population"
expect_eq "$(jq '[.countries[].bots] | add' "$OUT/truth.json")" 400 "truth adds up"
expect_eq "$(report .resolvers.count)" 8 "report: the eight resolvers apart"
expect_eq "$(report '[.groups.country[].distinct] | add')" 400 "no resolver in the countries"
[ "$(report .resolvers.queries)" -gt "$(report .resolvers.queries_with_subnet)" ] \
  || fail "some resolvers pass no Client Subnet"
ok
grep -rq '127[.]0[.]0[.]1[0-9]' "$OUT/notify" && fail "a resolver is in a notification bundle"
[ "$(ls "$OUT/notify" | wc -l)" -gt 3 ] || fail "too few notification bundles"
ok
# The simulated week: the window and one count per day, each day's matching the truth.
expect_eq "$(report '.window.from + " " + .window.to')" "2020-03-01 2020-03-03" "window"
expect_eq "$(report '[.groups.day[].distinct]')" "$(truth bots_seen_day)" "hosts per day"
expect_eq "$(report '.first_event[0:10]')" 2020-03-01 "events on the simulated clock"
grep -q '^takedown: sinkhole: stopped; [0-9]* events logged, 0 dropped' "$OUT/sinkhole.log" \
  || fail "the sinkhole dropped events: $(tail -1 "$OUT/sinkhole.log")"
ok
# Nothing left running: the sinkhole has exited and its ports are free again.
sinkhole=$(grep -o 'sinkhole pid [0-9]*' "$WORK/log" | grep -o '[0-9]*$')
kill -0 "$sinkhole" 2>/dev/null && fail "the sinkhole $sinkhole is still running"
for p in $(grep -o '127.0.0.1:[0-9]*' "$OUT/sinkhole.log" | grep -o '[0-9]*$'); do
  ss -ltnu | grep -q ":$p " && fail "port $p still bound"
done
ok

# Run again into the same directory, smaller: the earlier run's logs must not be counted.
"$TAKEDOWN" exercise --out "$OUT" --population 150 --days 2 --p2p-nodes 2000 --seed 8 \
  > "$WORK/log" 2>&1 || fail "a second exercise in the same --out failed: $(grep FAIL "$WORK/log" | head -3)"
ok
expect_eq "$(jq '.total.distinct' "$OUT/report.json")" 150 "hosts of the second run"

# Ctrl-C while the bots run: every process stops, exit 130, files stay whole.
OUT2="$WORK/interrupted"
"$TAKEDOWN" exercise --out "$OUT2" --population 30000 --p2p-nodes 2000 > "$WORK/log2" 2> "$WORK/err2" &
pid=$!
for _ in $(seq 1 600); do
  grep -q 'sinkhole pid' "$WORK/log2" 2>/dev/null && break
  sleep 0.1
done
sleep 1
sinkhole=$(grep -o 'sinkhole pid [0-9]*' "$WORK/log2" | grep -o '[0-9]*$')
[ -n "$sinkhole" ] || fail "the interrupted exercise never started its sinkhole: $(cat "$WORK/err2")"
kill -INT $pid
status=0
wait $pid || status=$?
expect_eq "$status" 130 "exit status after Ctrl-C"
grep -q '^takedown: exercise: interrupted$' "$WORK/err2" || fail "no 'interrupted' line: $(cat "$WORK/err2")"
grep -q 'interrupt_requested' "$WORK/err2" && fail "internal flag name in a message"
ok
kill -0 "$sinkhole" 2>/dev/null && fail "the sinkhole $sinkhole survived Ctrl-C"
[ -z "$(find "$OUT2" -name '*.tmp-*')" ] || fail "temporary files left after Ctrl-C"
ok
named-checkzone -q rpz.takedown "$OUT2/blocklist.rpz" || fail "RPZ damaged by the interrupt"
ok
for f in "$OUT2"/events/*.jsonl; do
  jq -c . "$f" > /dev/null || fail "$f is not whole JSON lines after Ctrl-C"
done
ok

# Killed outright (SIGKILL): its sinkhole goes with it.
OUT3="$WORK/killed"
"$TAKEDOWN" exercise --out "$OUT3" --population 30000 --p2p-nodes 2000 > "$WORK/log3" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  grep -q 'sinkhole pid' "$WORK/log3" 2>/dev/null && break
  sleep 0.1
done
sinkhole=$(grep -o 'sinkhole pid [0-9]*' "$WORK/log3" | grep -o '[0-9]*$')
[ -n "$sinkhole" ] || fail "the killed exercise never started its sinkhole"
kill -KILL $pid
wait $pid || true
for _ in $(seq 1 100); do
  kill -0 "$sinkhole" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$sinkhole" 2>/dev/null && fail "the sinkhole $sinkhole outlived its killed exercise"
ok
# --out naming something that is not a directory: refused before any work.
touch "$WORK/afile"
expect_exit 2 "$TAKEDOWN" exercise --out "$WORK/afile"
expect_err_contains "--out"
done_checks
