# sinkhole_rrl.sh - response rate limiting on loopback: dnsperf sends 300 queries/s from one
# prefix for 2 seconds at a sinkhole limited to 20 responses/s with slip 2. Some responses
# must be dropped and some sent truncated, and the metrics and the event log must say so;
# the same load over TCP is never limited.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
trap 'kill $SINKHOLE_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
command -v dnsperf >/dev/null || fail "dnsperf is not installed (bootstrap.sh installs it)"

printf 'reflect.example\n' > "$WORK/list.txt"
printf 'reflect.example A\n' > "$WORK/queries.txt"
start_sinkhole rrl --names "$WORK/list.txt" --answer-a 192.0.2.1 --rrl-rate 20 --rrl-slip 2 \
  --metrics 127.0.0.1:0 --log "$WORK/log"
timeout 30 dnsperf -s 127.0.0.1 -p "$PORT" -d "$WORK/queries.txt" -l 2 -Q 300 -t 1 > "$WORK/udp.out" 2>&1 || true
lost=$(awk '/Queries lost:/{print $3}' "$WORK/udp.out")
[ "${lost:-0}" -gt 0 ] || fail "no UDP response was dropped: $(cat "$WORK/udp.out")"
ok
metrics=$(http_get "$METRICS" /metrics)
dropped=$(awk '/^takedown_sinkhole_rrl_dropped_total/{print $2}' <<<"$metrics")
slipped=$(awk '/^takedown_sinkhole_rrl_slipped_total/{print $2}' <<<"$metrics")
[ "$dropped" -gt 0 ] && [ "$slipped" -gt 0 ] || fail "rrl metrics: dropped $dropped, slipped $slipped"
ok
timeout 30 dnsperf -s 127.0.0.1 -p "$PORT" -m tcp -d "$WORK/queries.txt" -l 1 -Q 100 -t 2 > "$WORK/tcp.out" 2>&1 || true
expect_eq "$(awk '/Queries lost:/{print $3}' "$WORK/tcp.out")" 0 "TCP is not rate limited"
stop_sinkhole
json=$(cat "$WORK"/log/events-*.jsonl)
expect_eq "$(jq -s 'map(select(.dropped == "rrl")) | length' <<<"$json")" "$dropped" "drops in the log"
expect_eq "$(jq -s 'map(select(.tc == true and .transport == "udp")) | length' <<<"$json")" "$slipped" "slips in the log"
done_checks
