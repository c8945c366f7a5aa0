# sinkhole_reload.sh - SIGHUP swaps the lists while dnsperf keeps querying on loopback: no
# query may be lost or answered with anything but NOERROR, and after the last reload the
# new lists are the ones served. Bounded: 2,000 queries/s for 4 seconds.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
trap 'kill $SINKHOLE_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v dnsperf >/dev/null || fail "dnsperf is not installed (bootstrap.sh installs it)"

for i in $(seq 1 3000); do echo "shared$i.example"; done > "$WORK/shared.txt"
for i in $(seq 1 3000); do echo "only-a$i.example"; done > "$WORK/a.txt"
for i in $(seq 1 3000); do echo "only-b$i.example"; done > "$WORK/b.txt"
cat "$WORK/shared.txt" "$WORK/a.txt" > "$WORK/list.txt"
sed 's/$/ A/' "$WORK/shared.txt" > "$WORK/queries.txt"

start_sinkhole reload --names "$WORK/list.txt" --answer-a 192.0.2.1 --workers 2 --metrics 127.0.0.1:0
timeout 60 dnsperf -s 127.0.0.1 -p "$PORT" -d "$WORK/queries.txt" -l 4 -Q 2000 -c 2 -t 2 \
  > "$WORK/dnsperf.out" 2>&1 &
perf=$!
sleep 0.5
for round in $(seq 1 8); do
  if [ $((round % 2)) -eq 1 ]; then other=b; else other=a; fi
  cat "$WORK/shared.txt" "$WORK/$other.txt" > "$WORK/list.new"
  mv "$WORK/list.new" "$WORK/list.txt"
  kill -HUP "$SINKHOLE_PID"
  sleep 0.35
done
wait $perf || fail "dnsperf failed: $(cat "$WORK/dnsperf.out")"
sent=$(awk '/Queries sent:/{print $3}' "$WORK/dnsperf.out")
[ "$sent" -ge 4000 ] || fail "dnsperf sent only $sent queries"
ok
expect_eq "$(awk '/Queries lost:/{print $3}' "$WORK/dnsperf.out")" 0 "queries lost during reloads"
expect_eq "$(awk '/Response codes:/{print $3, $4}' "$WORK/dnsperf.out")" "NOERROR $sent" "every answer NOERROR"
for _ in $(seq 1 50); do
  [ "$(grep -c 'reloaded 6000 names' "$WORK/reload.err")" -eq 8 ] && break
  sleep 0.1
done
expect_eq "$(grep -c 'reloaded 6000 names' "$WORK/reload.err")" 8 "reloads done"
expect_eq "$(http_get "$METRICS" /metrics | awk '/^takedown_sinkhole_reloads_total/{print $2}')" 8 "reload metric"
# The last list had only-a names: they are served, only-b names no longer.
expect_eq "$(q +short only-a7.example A)" 192.0.2.1 "name of the new list"
expect_eq "$(q only-b7.example A | grep -c 'status: REFUSED')" 1 "name of the old list"
# A list that fails to load leaves the previous one in service.
echo 'not a name!' >> "$WORK/list.txt"
kill -HUP "$SINKHOLE_PID"
for _ in $(seq 1 50); do grep -q 'reload failed' "$WORK/reload.err" && break; sleep 0.1; done
grep -q "reload failed, still serving the previous lists: $WORK/list.txt:6001: expected a domain name" "$WORK/reload.err" || fail "failed reload: $(tail -2 "$WORK/reload.err")"
ok
expect_eq "$(q +short only-a7.example A)" 192.0.2.1 "served after a failed reload"
stop_sinkhole
done_checks
