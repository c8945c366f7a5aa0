# report_dnstap.sh - `takedown report` over dnstap files written by real servers: Knot DNS
# (mod-dnstap, AUTH_QUERY/AUTH_RESPONSE), BIND (dnstap-output file, AUTH_QUERY) and Unbound
# (CLIENT_QUERY/CLIENT_RESPONSE through fstrm_capture), each queried by kdig from several
# loopback source addresses; the counts are checked against dnstap-read. Servers listen on
# loopback, on random high ports, and are stopped at the end; BIND runs in a network
# namespace of its own, since named primes its resolver at start.
source "$(dirname "$0")/lib.sh"
for tool in knotd named unbound fstrm_capture kdig dnstap-read; do
  command -v "$tool" >/dev/null || fail "$tool is needed"
done
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# Queries from 127.0.0.$first .. 127.0.0.$last, two names each.
ask() {
  local server_port=$1 first=$2 last=$3
  for i in $(seq "$first" "$last"); do
    for name in "q$i.example" "r$i.example"; do
      kdig -b "127.0.0.$i" @127.0.0.1 -p "$server_port" "$name" A +timeout=2 +retry=1 >/dev/null
    done
  done
}

# dnstap-read prints "TIME TYPE ADDR:PORT -> ..." per message.
distinct_sources() { dnstap-read "$1" | awk '{ split($4, a, ":"); print a[1] }' | sort -u | wc -l; }

# Knot DNS, authoritative for example. with a wildcard.
mkdir -p "$WORK/knot"
printf '$ORIGIN example.\n$TTL 300\n@ SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 127.0.0.1\n* A 192.0.2.66\n' > "$WORK/knot/example.zone"
KNOT_PORT=$(free_port)
cat > "$WORK/knot/knot.conf" <<CONF
server:
    rundir: "$WORK/knot"
    listen: 127.0.0.1@$KNOT_PORT
database:
    storage: "$WORK/knot"
mod-dnstap:
  - id: tap
    sink: "$WORK/knot.dnstap"
    log-queries: on
    log-responses: on
template:
  - id: default
    storage: "$WORK/knot"
    global-module: mod-dnstap/tap
zone:
  - domain: example.
    file: example.zone
CONF
knotd -c "$WORK/knot/knot.conf" >"$WORK/knot.log" 2>&1 &
knot_pid=$!
pids+=("$knot_pid")
for _ in $(seq 50); do kdig @127.0.0.1 -p "$KNOT_PORT" ns.example +timeout=1 +retry=0 >/dev/null 2>&1 && break; sleep 0.1; done
ask "$KNOT_PORT" 2 9
kill "$knot_pid"
wait "$knot_pid" || true
[ -s "$WORK/knot.dnstap" ] || fail "knotd wrote no dnstap: $(cat "$WORK/knot.log")"
ok
messages=$(dnstap-read "$WORK/knot.dnstap" | wc -l)
expect_exit 0 "$TAKEDOWN" report "$WORK/knot.dnstap" --no-geo --by day,protocol --json
expect_eq "$(jq -r .inputs[0].format "$WORK/out")" dnstap "format recognised"
# An authoritative server's sources are resolvers: without a Client Subnet they name no
# infected host and are counted apart.
expect_eq "$(jq .resolvers.count "$WORK/out")" "$(distinct_sources "$WORK/knot.dnstap")" "Knot: distinct sources"
expect_eq "$(jq .resolvers.count "$WORK/out")" 9 "Knot: 127.0.0.1 (the readiness probe) and .2 to .9"
expect_eq "$(jq .resolvers.queries "$WORK/out")" "$messages" "Knot: one contact per query and per response"
expect_eq "$(jq .total.distinct "$WORK/out")" 0 "Knot: no Client Subnet, no host"
# Cut inside the last frame: every whole frame, and the cut said.
size=$(stat -c %s "$WORK/knot.dnstap")
head -c $((size - 30)) "$WORK/knot.dnstap" > "$WORK/cut.dnstap"
expect_exit 0 "$TAKEDOWN" report "$WORK/cut.dnstap" --no-geo --by day --json
expect_err_contains "cut.dnstap:"
expect_eq "$(jq .inputs[0].truncated "$WORK/out")" true "cut dnstap reported"
expect_eq "$(jq .resolvers.queries "$WORK/out")" "$(dnstap-read "$WORK/cut.dnstap" 2>/dev/null | wc -l)" "every whole frame, as dnstap-read reads them"
# Compressed, and recognised by content.
zstd -q -c "$WORK/knot.dnstap" > "$WORK/knot.tap.zst"
expect_exit 0 "$TAKEDOWN" report "$WORK/knot.tap.zst" --no-geo --by day --json
expect_eq "$(jq .resolvers.queries "$WORK/out")" "$messages" "zstd dnstap"

# BIND, authoritative for example., in its own network namespace with loopback only; its
# root hints point at loopback too.
mkdir -p "$WORK/bind"
cp "$WORK/knot/example.zone" "$WORK/bind/example.zone"
printf '. 3600000 NS a.root.invalid.\na.root.invalid. 3600000 A 127.0.0.9\n' > "$WORK/bind/root.hint"
BIND_PORT=$(free_port)
cat > "$WORK/bind/named.conf" <<CONF
options {
  directory "$WORK/bind";
  listen-on port $BIND_PORT { 127.0.0.1; };
  listen-on-v6 { none; };
  pid-file "$WORK/bind/named.pid";
  session-keyfile "$WORK/bind/session.key";
  managed-keys-directory "$WORK/bind";
  recursion no;
  dnssec-validation no;
  dnstap { auth; };
  dnstap-output file "$WORK/bind.dnstap";
};
zone "." { type hint; file "$WORK/bind/root.hint"; };
zone "example" { type primary; file "$WORK/bind/example.zone"; };
CONF
export -f ask
unshare --net --map-root-user bash -c '
  ip link set lo up
  named -g -c "$1/bind/named.conf" >"$1/named.log" 2>&1 &
  named_pid=$!
  for _ in $(seq 50); do kdig @127.0.0.1 -p "$2" ns.example +timeout=1 +retry=0 >/dev/null 2>&1 && break; sleep 0.1; done
  ask "$2" 30 35
  kill "$named_pid"
  wait "$named_pid"' sh "$WORK" "$BIND_PORT" || fail "named: $(tail -5 "$WORK/named.log")"
[ -s "$WORK/bind.dnstap" ] || fail "named wrote no dnstap: $(tail -5 "$WORK/named.log")"
ok
expect_exit 0 "$TAKEDOWN" report "$WORK/bind.dnstap" --no-geo --by day --json
expect_eq "$(jq .resolvers.queries "$WORK/out")" "$(dnstap-read "$WORK/bind.dnstap" | wc -l)" "BIND: one contact per message"
expect_eq "$(jq .resolvers.count "$WORK/out")" "$(distinct_sources "$WORK/bind.dnstap")" "BIND: distinct sources"
expect_eq "$(jq .resolvers.count "$WORK/out")" 7 "BIND: the probe from .1 and .30 to .35"

# Unbound, a resolver answering local data, logging client messages to fstrm_capture.
mkdir -p "$WORK/ub"
UB_PORT=$(free_port)
cat > "$WORK/ub/unbound.conf" <<CONF
server:
  interface: 127.0.0.1@$UB_PORT
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$WORK/ub"
  pidfile: ""
  use-syslog: no
  logfile: ""
  local-zone: "example." static
  local-data: "q5.example. A 192.0.2.66"
  access-control: 127.0.0.0/8 allow
remote-control:
  control-enable: no
dnstap:
  dnstap-enable: yes
  dnstap-socket-path: "$WORK/ub/tap.sock"
  dnstap-log-client-query-messages: yes
  dnstap-log-client-response-messages: yes
CONF
fstrm_capture -t protobuf:dnstap.Dnstap -u "$WORK/ub/tap.sock" -w "$WORK/unbound.dnstap" >"$WORK/capture.log" 2>&1 &
capture_pid=$!
pids+=("$capture_pid")
for _ in $(seq 50); do [ -S "$WORK/ub/tap.sock" ] && break; sleep 0.1; done
unbound -c "$WORK/ub/unbound.conf" >"$WORK/unbound.log" 2>&1 &
unbound_pid=$!
pids+=("$unbound_pid")
for _ in $(seq 50); do kdig @127.0.0.1 -p "$UB_PORT" q5.example +timeout=1 +retry=0 >/dev/null 2>&1 && break; sleep 0.1; done
ask "$UB_PORT" 10 14
kill "$unbound_pid"
wait "$unbound_pid" || true
sleep 0.3
kill -INT "$capture_pid"
wait "$capture_pid" || true
[ -s "$WORK/unbound.dnstap" ] || fail "no Unbound dnstap: $(cat "$WORK/capture.log" "$WORK/unbound.log")"
ok
expect_exit 0 "$TAKEDOWN" report "$WORK/unbound.dnstap" "$WORK/knot.dnstap" --no-geo --by day --json
expect_eq "$(jq .inputs[0].contacts "$WORK/out")" "$(dnstap-read "$WORK/unbound.dnstap" | wc -l)" "Unbound: one contact per client message"
expect_eq "$(jq .inputs[0].truncated "$WORK/out")" false "fstrm_capture closed the file with a STOP frame"
# A resolver's clients (CLIENT_*) are the hosts; the authoritative server's sources are apart.
expect_eq "$(jq .total.distinct "$WORK/out")" "$(distinct_sources "$WORK/unbound.dnstap")" "Unbound's clients: the hosts"
expect_eq "$(jq .resolvers.count "$WORK/out")" "$(distinct_sources "$WORK/knot.dnstap")" "Knot's sources: resolvers"
done_checks
