# contact_helpers.bash - for the contact listener tests (sourced after lib.sh and
# sinkhole_helpers.bash; not a test itself): the ports from the ready line, the event log
# read with jq, and raw bytes to and from a port.

# contact_ports NAME: sets HTTP, HTTP2 (a second --http), SMTP, TCP, TCP2 from the ready line.
contact_ports() {
  local line
  line=$(grep '^ready ' "$WORK/$1.err")
  HTTP=$(sed -n 's/.* http=[^ ,]*:\([0-9]*\)[ ,].*/\1/p' <<<"$line")
  HTTP2=$(sed -n 's/.* http=[^ ,]*:[0-9]*,[^ ]*:\([0-9]*\) .*/\1/p' <<<"$line")
  SMTP=$(sed -n 's/.* smtp=[^ ]*:\([0-9]*\) .*/\1/p' <<<"$line")
  TCP=$(sed -n 's/.* tcp=[^ ,]*:\([0-9]*\)[ ,].*/\1/p' <<<"$line")
  TCP2=$(sed -n 's/.* tcp=[^ ,]*:[0-9]*,[^ ]*:\([0-9]*\) .*/\1/p' <<<"$line")
}

# events FILTER: the JSON-lines log of the sinkhole in $WORK/ev, through jq -c.
events() { cat "$WORK"/ev/events-*.jsonl | jq -c "$1"; }

# wait_events N: waits until the log holds at least N events (the writer flushes every 100 ms).
wait_events() {
  for _ in $(seq 1 50); do
    [ "$(cat "$WORK"/ev/events-*.jsonl 2>/dev/null | wc -l)" -ge "$1" ] && return 0
    sleep 0.1
  done
  fail "the log never reached $1 events: $(cat "$WORK"/ev/events-*.jsonl 2>/dev/null | tail -3)"
}

# send PORT: standard input to 127.0.0.1:PORT; prints what comes back until the server closes
# (or 5 seconds pass).
send() { timeout 5 nc -q 2 127.0.0.1 "$1" || true; }

metric() { http_get "$METRICS" /metrics | awk -v m="$1" '$1 == m {print $2}'; }
