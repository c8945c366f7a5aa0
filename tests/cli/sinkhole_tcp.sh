# sinkhole_tcp.sh - DNS over TCP per RFC 7766 on loopback: an idle connection is closed
# after --tcp-idle-ms, a connection beyond --tcp-clients is closed at once, and pipelined
# queries on one connection are all answered.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
trap 'kill $SINKHOLE_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

printf 'tcp.example\n' > "$WORK/list.txt"
start_sinkhole tcp --names "$WORK/list.txt" --answer-a 192.0.2.1 --tcp-idle-ms 500 \
  --tcp-clients 1 --metrics 127.0.0.1:0
metric() { http_get "$METRICS" /metrics | awk -v m="$1" '$1 == m {print $2}'; }

exec 4<>"/dev/tcp/127.0.0.1/$PORT"   # takes the only slot
sleep 0.2
exec 5<>"/dev/tcp/127.0.0.1/$PORT"   # one too many
sleep 0.3
expect_eq "$(metric takedown_sinkhole_tcp_refused_total)" 1 "connections over the limit"
exec 5<&-
# The first connection sends nothing: it is closed after the idle timeout.
sleep 1.5
expect_eq "$(metric takedown_sinkhole_tcp_idle_closed_total)" 1 "idle connections closed"
if timeout 2 cat <&4 >/dev/null; then ok; else fail "idle connection still open"; fi
exec 4<&-
# Pipelined queries on one connection are all answered.
out=$(kdig +tcp +keepopen +time=2 +retry=0 @127.0.0.1 -p "$PORT" tcp.example A tcp.example AAAA tcp.example A)
expect_eq "$(grep -c 'status: NOERROR' <<<"$out")" 3 "answers on one connection"
expect_eq "$(metric takedown_sinkhole_tcp_accepted_total)" 2 "connections accepted"
stop_sinkhole
done_checks
