# match_servers.sh - the logs real servers write, read by `takedown match`: BIND's query log
# and dnstap file, Unbound's query log and dnstap (through fstrm_capture), Knot DNS's
# dnstap module, kdig's dnstap trace, and takedown's own sinkhole event logs (JSON lines and
# dnstap). Every server runs on loopback on a random high
# port, answers from local data only (no recursion, nothing sent off the machine), and is
# stopped when the test ends. Queries come from 127.0.0.1 and 127.0.0.2 with dig and kdig.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/server_helpers.bash"
export TAKEDOWN_SEEDS="$WORK/no-seeds"
trap 'stop_all; rm -rf "$WORK"' EXIT

T=$TAKEDOWN
# Today's names: the servers log the queries with today's time, and a query counts when its
# family generates the name within a week of it.
today=$(date -u +%F)
"$T" index build --families necurs --from "$(date -u -d "$today - 3 days" +%F)" \
  --to "$(date -u -d "$today + 3 days" +%F)" --out "$WORK/idx.tki" --quiet
"$T" predict necurs --date "$today" | sed -n '1p;2p;3p' > "$WORK/dga.txt"
mapfile -t dga < "$WORK/dga.txt"

# ask PORT TOOL: 127.0.0.1 asks for the three DGA names and a benign one, 127.0.0.2 for one.
ask() {
  local port=$1 tool=$2 q=(+tries=1 +time=2)
  [ "$tool" = kdig ] && q=(+retry=0 +timeout=2)
  for name in "${dga[@]}" www.example.org; do
    "$tool" @127.0.0.1 -p "$port" -b 127.0.0.1 "$name" A "${q[@]}" >/dev/null || fail "$tool $name"
  done
  "$tool" @127.0.0.1 -p "$port" -b 127.0.0.2 "${dga[0]}" AAAA "${q[@]}" >/dev/null || fail "$tool"
}

# check FILE [QUERIES]: the client table matches what ask asked (QUERIES: how many queries
# 127.0.0.1 made in all, when more than ask's three).
check_clients() {
  local file=$1 queries=${2:-3}
  "$T" match --index "$WORK/idx.tki" --format json "$file" > "$WORK/m.json" 2>"$WORK/err" \
    || fail "match $file: $(cat "$WORK/err")"
  expect_eq "$(jq -r '[.clients[] | "\(.client) \(.family) \(.names) \(.queries)"] | join(";")' "$WORK/m.json")" \
    "127.0.0.1 necurs 3 $queries;127.0.0.2 necurs 1 1" "clients of $file"
  expect_eq "$(jq -r --arg n "${dga[0]}" '.names[] | select(.name == $n) | "\(.clients) \(.matches[0].seed)"' "$WORK/m.json")" \
    "2 9" "name of $file"
  expect_eq "$(jq '[.inputs[].malformed] | add' "$WORK/m.json")" 0 "malformed lines in $file"
}

# A root zone served locally: every query is answered here (NXDOMAIN), nothing recurses.
cat > "$WORK/root.db" <<'ZONE'
$TTL 300
.          IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 300
.          IN NS  localhost.
localhost. IN A   127.0.0.1
localhost. IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 300
ZONE

# ---- BIND: query log and dnstap file ----
port=$(free_port)
start_named "$port" "client"
ask "$port" dig
stop_all
check_clients "$WORK/bind/query.log"
check_clients "$WORK/bind/named.dnstap"

# ---- Unbound: log-queries and dnstap through fstrm_capture ----
port=$(free_port)
start_capture
cat > "$WORK/unbound/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $port
  do-ip6: no
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$WORK/unbound"
  pidfile: "$WORK/unbound/unbound.pid"
  use-syslog: no
  logfile: "$WORK/unbound/unbound.log"
  log-queries: yes
  verbosity: 0
  module-config: "iterator"
  local-zone: "." static
  local-data: "localhost. SOA localhost. hostmaster.localhost. 1 3600 600 86400 300"
  access-control: 127.0.0.0/8 allow
dnstap:
  dnstap-enable: yes
  dnstap-socket-path: "$WORK/unbound/tap.sock"
  dnstap-log-client-query-messages: yes
  dnstap-log-client-response-messages: yes
remote-control:
  control-enable: no
CONF
unbound -c "$WORK/unbound/unbound.conf" >"$WORK/unbound/out" 2>&1 &
pids+=($!)
wait_for "$port"
# Unbound's dnstap thread connects on its own time, and drops what it logs before: wait
# for the socket to show a connection next to the listener.
for _ in $(seq 1 100); do
  [ "$(ss -xa | grep -c "$WORK/unbound/tap.sock")" -ge 2 ] && break
  sleep 0.1
done
[ "$(ss -xa | grep -c "$WORK/unbound/tap.sock")" -ge 2 ] || fail "Unbound never connected to fstrm_capture"
ask "$port" dig
sleep 2 # Unbound's dnstap thread sends in batches, and drops its queue when stopped
stop_all
sleep 0.5
kill "$capture"; wait "$capture" 2>/dev/null || true
check_clients "$WORK/unbound/unbound.log"
check_clients "$WORK/unbound/unbound.dnstap"
# Both logs of one resolver at once, one of them compressed: the counts add up.
gzip -k "$WORK/unbound/unbound.log"
"$T" match --index "$WORK/idx.tki" --format json "$WORK/unbound/unbound.log.gz" \
  "$WORK/unbound/unbound.dnstap" > "$WORK/both.json"
expect_eq "$(jq '.matched' "$WORK/both.json")" 8 "queries of two logs"

# ---- Knot DNS: mod-dnstap; kdig's own dnstap trace of the same queries ----
port=$(free_port)
mkdir -p "$WORK/knot"
cat > "$WORK/knot/knot.conf" <<CONF
server:
    listen: 127.0.0.1@$port
    rundir: $WORK/knot
    user: $(id -un):$(id -gn)
log:
  - target: $WORK/knot/knot.log
    any: warning
database:
    storage: $WORK/knot/db
mod-dnstap:
  - id: tap
    sink: $WORK/knot/knot.dnstap
    log-queries: on
    log-responses: off
template:
  - id: default
    global-module: mod-dnstap/tap
zone:
  - domain: localhost.
    file: $WORK/knot/localhost.zone
CONF
cat > "$WORK/knot/localhost.zone" <<'ZONE'
$ORIGIN localhost.
$TTL 300
@ SOA localhost. hostmaster.localhost. 1 3600 600 86400 300
@ NS localhost.
@ A 127.0.0.1
ZONE
knotd -c "$WORK/knot/knot.conf" >"$WORK/knot/out" 2>&1 &
pids+=($!)
wait_for "$port"
ask "$port" kdig
for name in "${dga[@]}"; do
  kdig @127.0.0.1 -p "$port" "$name" A +retry=0 +timeout=2 -E "$WORK/knot/kdig-$name.dnstap" >/dev/null
done
stop_all
check_clients "$WORK/knot/knot.dnstap" 6  # ask's three and the three kdig traces
"$T" match --index "$WORK/idx.tki" --format json "$WORK"/knot/kdig-*.dnstap > "$WORK/kdig.json"
expect_eq "$(jq '[.names[].name] | length' "$WORK/kdig.json")" 3 "kdig traces"
# dnstap-read (BIND's tools) agrees on what is in the files we read.
expect_eq "$(dnstap-read "$WORK/knot/knot.dnstap" | grep ' AQ ' | grep -cFf "$WORK/dga.txt")" \
  "$(jq '[.names[].queries] | add' "$WORK/m.json")" "dnstap-read of Knot's file"

# ---- takedown's sinkhole: its JSON lines and dnstap event logs ----
"$T" predict necurs --from "$today" --days 1 --format csv --tag --quiet --out "$WORK/served.csv"
# Port 0 (the port is in its ready line): a random one may be taken, and the sinkhole binds
# exclusively.
"$T" sinkhole --dns 127.0.0.1:0 --names "$WORK/served.csv" --zone localhost \
  --answer-a 192.0.2.10 --log "$WORK/events" --log-format jsonl,dnstap >"$WORK/sinkhole.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^ready' "$WORK/sinkhole.out" && break; sleep 0.1; done
port=$(sed -n 's/^ready dns=127.0.0.1:\([0-9]*\) .*/\1/p' "$WORK/sinkhole.out")
[ -n "$port" ] || fail "the sinkhole did not start: $(cat "$WORK/sinkhole.out")"
wait_for "$port"
ask "$port" dig
stop_all
check_clients "$(ls "$WORK"/events/*.jsonl)"
check_clients "$(ls "$WORK"/events/*.dnstap)"

# A dnstap file cut inside a frame: every whole frame, and a note saying so.
size=$(stat -c %s "$WORK/knot/knot.dnstap")
head -c $((size - 30)) "$WORK/knot/knot.dnstap" > "$WORK/cut.dnstap"
expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json "$WORK/cut.dnstap"
expect_err_contains "cut short after frame"
expect_eq "$(jq -r '.inputs[0].note | test("ends inside a frame")' "$WORK/out")" true "cut dnstap note"
done_checks
