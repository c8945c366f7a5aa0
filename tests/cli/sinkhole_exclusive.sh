# sinkhole_exclusive.sh - one sinkhole per address and port: a second `takedown sinkhole`
# on any port the first one listens on (DNS over UDP or TCP, HTTP, raw TCP, SMTP, metrics)
# exits 1 with "ADDR:PORT: address in use" and takes no query from the first, also after a
# reload; two started at the same instant: exactly one is ready. 127.0.0.1 and [::1] on
# the same port are different addresses. The workers of one sinkhole share its sockets.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
source "$(dirname "$0")/contact_helpers.bash"
trap 'kill ${SINKHOLE_PID:-} ${SECOND_PID:-} ${RACE_PIDS:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

printf 'one.example\ntwo.example\n' > "$WORK/names.txt"
start_sinkhole first --names "$WORK/names.txt" --answer-a 192.0.2.1 --workers 2 \
  --log "$WORK/ev" --http 127.0.0.1:0 --smtp 127.0.0.1:0 --tcp 127.0.0.1:0 --metrics 127.0.0.1:0
contact_ports first
FIRST_PID=$SINKHOLE_PID FIRST_TIMEOUT=$TIMEOUT_PID

# second ARGS...: a second sinkhole that must fail at once (`timeout` ends one that does
# not, which then exits 124, not 1).
second() {
  expect_exit 1 timeout 10 "$TAKEDOWN" sinkhole --names "$WORK/names.txt" --answer-a 192.0.2.9 \
    --log "$WORK/ev2" "$@"
}
second --dns "127.0.0.1:$PORT"
expect_err_contains "127.0.0.1:$PORT: address in use (--dns, udp)"
second --dns "0.0.0.0:$PORT"
expect_err_contains "0.0.0.0:$PORT: address in use (--dns, udp)"
second --http "127.0.0.1:$PORT"
expect_err_contains "127.0.0.1:$PORT: address in use (--http)"
second --dns 127.0.0.1:0 --http "127.0.0.1:$HTTP"
expect_err_contains "127.0.0.1:$HTTP: address in use (--http)"
second --dns 127.0.0.1:0 --smtp "127.0.0.1:$SMTP"
expect_err_contains "127.0.0.1:$SMTP: address in use (--smtp)"
second --dns 127.0.0.1:0 --tcp "127.0.0.1:$TCP"
expect_err_contains "127.0.0.1:$TCP: address in use (--tcp)"
second --dns 127.0.0.1:0 --metrics "127.0.0.1:$METRICS"
expect_err_contains "127.0.0.1:$METRICS: address in use (--metrics)"
# Within one sinkhole too: a DNS port given again as an HTTP listener.
expect_exit 1 timeout 10 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/names.txt" \
  --answer-a 192.0.2.9 --http "127.0.0.1:$METRICS"
expect_err_contains "address in use (--http)"
# None of them opened a log (its SMTP key may be there: it is read before binding).
expect_eq "$(ls "$WORK/ev2" 2>/dev/null | grep -v '^smtp.key$' || true)" "" "files of the refused sinkholes"

# The first one answers every query, over UDP and TCP, and logs each in its own log; a
# reload swaps the lists without letting a second one in.
for i in $(seq 1 10); do
  expect_eq "$(q +short one.example A)" 192.0.2.1 "UDP answer $i"
  expect_eq "$(q +short +tcp two.example A)" 192.0.2.1 "TCP answer $i"
done
kill -HUP "$FIRST_PID"
for _ in $(seq 1 50); do grep -q 'reloaded 2 names' "$WORK/first.err" && break; sleep 0.1; done
grep -q 'reloaded 2 names' "$WORK/first.err" || fail "no reload: $(tail -2 "$WORK/first.err")"
ok
second --dns "127.0.0.1:$PORT"
expect_err_contains "127.0.0.1:$PORT: address in use (--dns, udp)"
expect_eq "$(q +short one.example A)" 192.0.2.1 "answer after the reload"
expect_eq "$(printf 'GET / HTTP/1.1\r\nHost: one.example\r\nConnection: close\r\n\r\n' | send "$HTTP" \
  | head -1 | tr -d '\r')" "HTTP/1.1 200 OK" "HTTP check-in"
wait_events 22
expect_eq "$(events 'select(.proto == "dns") | .name' | sort | uniq -c \
  | awk '{print $1, $2}' | tr '\n' ' ')" '11 "one.example" 10 "two.example" ' "queries logged"

# [::1] on the same port is another address: a second sinkhole may listen there.
if ip -6 addr show lo 2>/dev/null | grep -q '::1/128'; then
  timeout 60 "$TAKEDOWN" sinkhole --dns "[::1]:$PORT" --names "$WORK/names.txt" \
    --answer-a 192.0.2.6 2>"$WORK/v6.err" &
  SECOND_PID=$!
  for _ in $(seq 1 50); do grep -q '^ready' "$WORK/v6.err" && break; sleep 0.1; done
  grep -q "^ready dns=\[::1\]:$PORT " "$WORK/v6.err" || fail "[::1]:$PORT: $(cat "$WORK/v6.err")"
  ok
  expect_eq "$(dig +time=2 +tries=1 @::1 -p "$PORT" +short one.example A)" 192.0.2.6 "[::1] answer"
  expect_eq "$(q +short one.example A)" 192.0.2.1 "127.0.0.1 answer beside [::1]"
  kill -TERM "$SECOND_PID"
  wait "$SECOND_PID" || fail "the [::1] sinkhole exited $?"
  SECOND_PID=
fi
stop_sinkhole

# Two identical sinkholes started at the same instant on a free port: exactly one is ready,
# the other exits 1 with "address in use".
for round in 1 2 3 4 5; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  RACE_PIDS=
  for who in a b; do
    timeout 60 "$TAKEDOWN" sinkhole --dns "127.0.0.1:$port" --http 127.0.0.1:0 --workers 2 \
      --names "$WORK/names.txt" --answer-a 192.0.2.1 2>"$WORK/race-$who.err" &
    RACE_PIDS="$RACE_PIDS $!"
  done
  for _ in $(seq 1 100); do
    [ "$(cat "$WORK"/race-*.err | grep -c -e '^ready' -e 'address in use')" -ge 2 ] && break
    sleep 0.1
  done
  expect_eq "$(cat "$WORK"/race-*.err | grep -c '^ready')" 1 "ready sinkholes, round $round"
  expect_eq "$(cat "$WORK"/race-*.err | grep -c "127.0.0.1:$port: address in use")" 1 \
    "refused sinkholes, round $round"
  expect_eq "$(PORT=$port q +short one.example A)" 192.0.2.1 "the winner answers, round $round"
  kill -TERM $RACE_PIDS 2>/dev/null || true
  for p in $RACE_PIDS; do wait "$p" || true; done
  RACE_PIDS=
done
done_checks
