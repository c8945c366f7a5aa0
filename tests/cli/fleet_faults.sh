# fleet_faults.sh - the shipper under faults (docs/fleet.md), against a real ClickHouse:
# the server SIGKILLed mid-shipping and restarted, then the shipper SIGKILLed mid-batch and
# restarted: every event arrives exactly once, by exact counts against the logs. Credentials
# come from a file or the environment and never show in `ps`; a server that answers garbage
# or an HTTP error gets a clear message and a retry, never a crash.
source "$(dirname "$0")/lib.sh"
HERE=$(dirname "$0")
source "$HERE/clickhouse_helpers.bash"
have_clickhouse || { echo "clickhouse-server is not installed (bootstrap.sh installs it)"; exit 77; }
ship_pid=
fake_pid=
cleanup() {
  [ -n "$ship_pid" ] && kill -KILL "$ship_pid" 2>/dev/null
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null
  stop_clickhouse
  rm -rf "$WORK"
}
trap cleanup EXIT

# Three rotated binary logs, 30,000 events in all.
mkdir -p "$WORK/logs"
for n in 1 2 3; do
  awk -v N=$((5000 * n)) -v S=$n -v SENSOR=sensor-f -f "$HERE/fleet_events.awk" > "$WORK/$n.jsonl"
  "$TAKEDOWN" events convert "$WORK/$n.jsonl" --to binary --out "$WORK/logs/events-2020030${n}T000000Z.tkev"
done
total=30000

CH_PASSWORD='s3cret pass'
start_clickhouse 1
URL="http://127.0.0.1:$CH_HTTP_1/takedown"
printf '%s\n' "$CH_PASSWORD" > "$WORK/password"
expect_exit 0 "$TAKEDOWN" fleet schema --apply "$URL" --password-file "$WORK/password"
# Without the password: a clear refusal, no crash.
expect_exit 1 "$TAKEDOWN" fleet schema --apply "$URL"
expect_err_contains "answered HTTP"
# Never on the command line.
expect_exit 2 "$TAKEDOWN" fleet ship --to "$URL" --password "$CH_PASSWORD" "$WORK/logs"
expect_err_contains "--password-file"

count() { ch_query 1 "SELECT count() FROM takedown.events_local" 2>/dev/null || echo -1; }
exact() { ch_query 1 "SELECT count(), uniqExact(sensor, seq), min(seq), max(seq) FROM takedown.events_local FORMAT TSV"; }

# 1. The server is SIGKILLed while the shipper (password from the environment) is busy.
TAKEDOWN_CLICKHOUSE_PASSWORD=$CH_PASSWORD timeout 300 "$TAKEDOWN" fleet ship --to "$URL" \
  --batch 700 --poll-ms 100 --retry-max-ms 400 --no-geo "$WORK/logs" >"$WORK/ship1.out" 2>"$WORK/ship1.err" &
ship_pid=$!
for _ in $(seq 1 200); do [ "$(count)" -gt 3000 ] && break; sleep 0.05; done
[ "$(count)" -gt 0 ] || fail "nothing shipped: $(cat "$WORK/ship1.err")"
ps -o args= -p "$ship_pid" | grep -qF "s3cret" && fail "the password shows in ps"
ok
kill_clickhouse 1 KILL
sleep 1
start_clickhouse_server 1
for _ in $(seq 1 600); do [ "$(count)" -ge "$total" ] && break; sleep 0.1; done
kill -TERM "$ship_pid"; wait "$ship_pid" || fail "the shipper exited $?: $(tail -3 "$WORK/ship1.err")"
ship_pid=
grep -q "retrying in" "$WORK/ship1.err" || fail "the shipper never noticed the server was gone"
expect_eq "$(exact)" "$(printf '%s\t%s\t1\t%s' $total $total $total)" "server killed: every event once"

# 2. The shipper is SIGKILLed mid-batch, then started again, without its offsets' last move.
ch_query 1 "TRUNCATE TABLE takedown.events_local" >/dev/null 2>&1 \
  || ch_query 1 "DROP TABLE takedown.events_local" >/dev/null
"$TAKEDOWN" fleet schema --apply "$URL" --password-file "$WORK/password"
rm -f "$WORK/logs/fleet-offsets"
timeout 300 "$TAKEDOWN" fleet ship --to "$URL" --password-file "$WORK/password" --batch 5000 \
  --no-geo "$WORK/logs" >"$WORK/ship2.out" 2>"$WORK/ship2.err" &
ship_pid=$!
for _ in $(seq 1 400); do [ "$(count)" -gt 4000 ] && break; sleep 0.02; done
kill -KILL "$(pgrep -P "$ship_pid")"; wait "$ship_pid" 2>/dev/null || true
ship_pid=
before=$(count)
[ "$before" -lt "$total" ] || fail "the shipper finished before it was killed"
expect_exit 0 "$TAKEDOWN" fleet ship --once --to "$URL" --password-file "$WORK/password" --no-geo "$WORK/logs"
expect_eq "$(exact)" "$(printf '%s\t%s\t1\t%s' $total $total $total)" "shipper killed at $before: every event once"

# 3. JSON lines followed as they are written: a line cut mid-write is neither shipped nor
# called bad; once whole it ships, exactly once.
mkdir -p "$WORK/jl"
awk -v N=30 -v S=9 -v SENSOR=sensor-j -f "$HERE/fleet_events.awk" > "$WORK/j.jsonl"
head -n 20 "$WORK/j.jsonl" > "$WORK/jl/events-20200301T000000Z.jsonl"
sed -n 21p "$WORK/j.jsonl" | head -c 60 >> "$WORK/jl/events-20200301T000000Z.jsonl"
expect_exit 0 "$TAKEDOWN" fleet ship --once --to "$URL" --password-file "$WORK/password" --no-geo "$WORK/jl"
grep -q "shipped 20 events .* 0 bad records" "$WORK/out" || fail "cut line: $(cat "$WORK/out" "$WORK/err")"
sed -n '21,30p' "$WORK/j.jsonl" | tail -c +61 >> "$WORK/jl/events-20200301T000000Z.jsonl"
expect_exit 0 "$TAKEDOWN" fleet ship --once --to "$URL" --password-file "$WORK/password" --no-geo "$WORK/jl"
grep -q "shipped 10 events .* 0 bad records" "$WORK/out" || fail "completed line: $(cat "$WORK/out" "$WORK/err")"
expect_eq "$(ch_query 1 "SELECT count(), uniqExact(seq), max(seq) FROM takedown.events_local WHERE sensor = 'sensor-j' FORMAT TSV")" \
  "$(printf '30\t30\t30')" "JSON lines: every event once"

# 4. A server that answers garbage, then one that answers HTTP 500: a message, a retry.
fake_port=$(free_port)
python3 - "$fake_port" "$WORK/fake.mode" <<'PY' &
import http.server, sys
port, mode_file = int(sys.argv[1]), sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        mode = open(mode_file).read().strip()
        body = b'<html>\x00\x01 not ClickHouse\t\t\\q' if mode == 'garbage' else b'Code: 241, e.displayText() = DB::Exception: Memory limit exceeded\n'
        self.send_response(200 if mode == 'garbage' else 500)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
http.server.HTTPServer(('127.0.0.1', port), H).serve_forever()
PY
fake_pid=$!
for mode in garbage error; do
  echo "$mode" > "$WORK/fake.mode"
  rm -f "$WORK/logs/fleet-offsets"
  sleep 0.3
  timeout 300 "$TAKEDOWN" fleet ship --to "http://127.0.0.1:$fake_port/takedown" --retry-max-ms 200 \
    --no-geo "$WORK/logs" >"$WORK/fake.out" 2>"$WORK/fake.err" &
  ship_pid=$!
  sleep 2
  kill -0 "$ship_pid" || fail "$mode: the shipper died: $(cat "$WORK/fake.err")"
  kill -TERM "$ship_pid"; wait "$ship_pid" || fail "$mode: the shipper exited $? on SIGTERM"
  ship_pid=
  [ "$(grep -c 'retrying in' "$WORK/fake.err")" -ge 2 ] || fail "$mode: no retries: $(cat "$WORK/fake.err")"
  ok
done
grep -q "answered HTTP 500: Code: 241" "$WORK/fake.err" || fail "the server's error is not quoted: $(head -2 "$WORK/fake.err")"
echo "$(head -1 "$WORK/fake.err")"

# A log of garbage: each bad record counted (hundreds), the first ten told, then one line saying the
# rest are counted, not a flood.
mkdir -p "$WORK/garbage"
head -c 100000 /dev/urandom | tr '\n' 'x' | fold -w 200 > "$WORK/garbage/events-20200301T000000Z.jsonl"
"$TAKEDOWN" fleet ship --to "http://127.0.0.1:$fake_port/takedown" --once --no-geo "$WORK/garbage" \
  >"$WORK/garbage.out" 2>"$WORK/garbage.err" || fail "garbage: exit $?: $(tail -2 "$WORK/garbage.err")"
grep -q "shipped 0 events .* [1-9][0-9][0-9] bad records" "$WORK/garbage.out" || fail "garbage: $(cat "$WORK/garbage.out")"
[ "$(wc -l < "$WORK/garbage.err")" = 11 ] || fail "garbage: $(wc -l < "$WORK/garbage.err") lines on stderr"
grep -q "further bad records are counted, not shown" "$WORK/garbage.err" || fail "garbage: no summary line"
ok
done_checks
