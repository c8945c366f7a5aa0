# feed_restart.sh - the feed's journal is crash-safe: killed with SIGKILL (after slides, and
# while a slide is being written), a restarted feed serves the same serial and content or a
# newer one, and a secondary at an older serial still gets an IXFR from the journal.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feed_helpers.bash"
trap 'kill ${FEED_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

ZONE=rpz.restart
FAMILY=necurs
echo 2026-12-01 > "$WORK/today"
args=(--listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 3 --ahead 3
      --today-file "$WORK/today" --journal "$WORK/journal")
axfr() { dig +time=5 +tries=1 @127.0.0.1 -p "$FEED_PORT" "$ZONE" AXFR > "$1"; zone_names "$1"; }

start_feed first "${args[@]}"
s0=$(feed_serial)
slide_to 2026-12-05 first
s1=$(feed_serial)
axfr "$WORK/a1" > "$WORK/names1"
[ -s "$WORK/names1" ] || fail "empty zone"
kill -KILL "$FEED_PID"
wait "$FEED_TIMEOUT_PID" 2>/dev/null || true

# Restarted: the same serial and the same names, from the journal's state.
start_feed second "${args[@]}"
grep -q "serial=$s1 .*restored" "$WORK/second.err" || fail "restart did not restore serial $s1: $(cat "$WORK/second.err")"
ok
expect_eq "$(feed_serial)" "$s1" "serial after SIGKILL and restart"
axfr "$WORK/a2" > "$WORK/names2"
cmp -s "$WORK/names1" "$WORK/names2" || fail "content changed across the restart"
ok
# A secondary still at s0 gets an IXFR from the journal written before the kill.
dig +time=5 +tries=1 @127.0.0.1 -p "$FEED_PORT" "$ZONE" IXFR="$s0" > "$WORK/ixfr"
expect_eq "$(awk '$4 == "SOA"' "$WORK/ixfr" | wc -l)" 4 "IXFR from before the restart"

# Restarted on a later day: it slides from the saved day, one serial up, with the delta
# journaled, so an IXFR from s1 works.
kill -KILL "$FEED_PID"
wait "$FEED_TIMEOUT_PID" 2>/dev/null || true
echo 2026-12-09 > "$WORK/today"
start_feed third "${args[@]}"
expect_eq "$(feed_serial)" "$((s1 + 1))" "serial after a restart on a later day"
dig +time=5 +tries=1 @127.0.0.1 -p "$FEED_PORT" "$ZONE" IXFR="$s1" > "$WORK/ixfr2"
expect_eq "$(awk '$4 == "SOA"' "$WORK/ixfr2" | wc -l)" 4 "IXFR across a restart that slid"

# Killed while slides are being written, many times: every restart serves a serial at
# least the last one seen, with exactly the content of the day its state names.
last=$(feed_serial)
for day in 13 17 21 25 29; do
  echo "2026-12-$day" > "$WORK/today"
  kill -HUP "$FEED_PID"
  sleep 0.0$((RANDOM % 5))
  kill -KILL "$FEED_PID"
  wait "$FEED_TIMEOUT_PID" 2>/dev/null || true
  # a torn last line of the journal, as a crash mid-append leaves it
  [ "$day" = 21 ] && printf 'delta 99 100 2026-12-20 2026-12-21\n-half' >> "$WORK/journal/journal"
  start_feed "kill$day" "${args[@]}"
  now=$(feed_serial)
  [ "$now" -ge "$last" ] || fail "serial went back from $last to $now after a kill"
  ok
  state_day=$(sed -n 's/^today //p' "$WORK/journal/state")
  day_num=$(date -u -d "$state_day" +%s)
  from=$(date -u -d "@$((day_num - 3 * 86400))" +%F)
  to=$(date -u -d "@$((day_num + 3 * 86400))" +%F)
  axfr "$WORK/ak" > "$WORK/namesk"
  window_names "$from" "$to" > "$WORK/wantk"
  cmp -s "$WORK/namesk" "$WORK/wantk" || fail "content after a kill is not the window of $state_day"
  ok
  last=$now
done
stop_feed
done_checks
