# hunt_servers.sh - `takedown hunt hosts` on the logs of real resolvers: BIND (query log, and
# dnstap of its responses) and Unbound (log-replies, and dnstap of its responses through
# fstrm_capture), each on loopback on a random high port, answering from local data only
# (no recursion, nothing leaves the machine). Simulated clients ask from several loopback
# addresses: three bots walk the same DGA-like names (NXDOMAIN), one host asks for one of
# them, four hosts ask for names that resolve and make a typo. The hunt must find exactly
# the three bots, in one cluster, in every log.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/server_helpers.bash"
trap 'stop_all; rm -rf "$WORK"' EXIT
T=$TAKEDOWN

bots=(127.0.0.2 127.0.0.3 127.0.0.4)
dga=(xkqjzvbnwptr.com qzxvbnmkjhgf.net wrtzplkjhgvb.org mnbvcxzlkjhq.info pqwzrtxvbnkj.com
     zxcvbnmqwrtp.net kjhgfdszxcvb.org qwrtzpxcvbnm.biz)

# ask PORT: the clients' queries.
ask() {
  local port=$1 q=(+tries=1 +time=2)
  for bot in "${bots[@]}"; do
    for name in "${dga[@]}"; do
      dig @127.0.0.1 -p "$port" -b "$bot" "$name" A "${q[@]}" >/dev/null || fail "dig $name"
    done
  done
  dig @127.0.0.1 -p "$port" -b 127.0.0.5 "${dga[0]}" A "${q[@]}" >/dev/null || fail "dig"
  for host in 127.0.0.5 127.0.0.6 127.0.0.7 127.0.0.8; do
    for name in www.example.org mail.example.org www.exmaple.org; do
      dig @127.0.0.1 -p "$port" -b "$host" "$name" A "${q[@]}" >/dev/null || fail "dig $name"
    done
  done
}

# check FILE RCODE: exactly the bots are infected, in one cluster of the eight names; with
# response codes (RCODE true), every one of their names was NXDOMAIN.
check() {
  local file=$1 rcode=$2
  "$T" hunt hosts --format json "$file" > "$WORK/h.json" 2>"$WORK/err" \
    || fail "hunt $file: $(cat "$WORK/err")"
  expect_eq "$(jq -r '[.hosts[] | select(.verdict == "infected") | .client] | sort | join(" ")' "$WORK/h.json")" \
    "${bots[*]}" "infected hosts of $file"
  expect_eq "$(jq '.clients' "$WORK/h.json")" 8 "clients of $file"
  expect_eq "$(jq '.rcode' "$WORK/h.json")" "$rcode" "response codes in $file"
  expect_eq "$(jq -r '[.clusters[] | "\(.names | length) \(.clients | sort | join(","))"] | join(";")' "$WORK/h.json")" \
    "7 127.0.0.2,127.0.0.3,127.0.0.4" "cluster of $file"
  if [ "$rcode" = true ]; then
    expect_eq "$(jq -r '[.hosts[] | select(.verdict == "infected") | .dga_nxdomain] | join(" ")' "$WORK/h.json")" \
      "8 8 8" "NXDOMAIN of the bots in $file"
    expect_eq "$(jq -r '.hosts[] | select(.client == "127.0.0.6") | "\(.verdict) \(.nxdomain) \(.queries)"' "$WORK/h.json")" \
      "clean 1 3" "a benign host in $file"
  fi
}

# A root zone served locally: the benign names resolve, everything else is NXDOMAIN.
cat > "$WORK/root.db" <<'ZONE'
$TTL 300
.                IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 300
.                IN NS  localhost.
localhost.       IN A   127.0.0.1
www.example.org.  IN A  192.0.2.80
mail.example.org. IN A  192.0.2.25
ZONE

# ---- BIND: query log (no response codes) and dnstap of its responses ----
port=$(free_port)
start_named "$port" "client response"
ask "$port"
stop_all
check "$WORK/bind/query.log" false
check "$WORK/bind/named.dnstap" true

# ---- Unbound: log-replies and dnstap of its responses through fstrm_capture ----
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
  log-replies: yes
  verbosity: 0
  module-config: "iterator"
  local-zone: "." static
  local-data: "localhost. SOA localhost. hostmaster.localhost. 1 3600 600 86400 300"
  local-data: "www.example.org. A 192.0.2.80"
  local-data: "mail.example.org. A 192.0.2.25"
  access-control: 127.0.0.0/8 allow
dnstap:
  dnstap-enable: yes
  dnstap-socket-path: "$WORK/unbound/tap.sock"
  dnstap-log-client-response-messages: yes
remote-control:
  control-enable: no
CONF
timeout 120 unbound -c "$WORK/unbound/unbound.conf" >"$WORK/unbound/out" 2>&1 &
pids+=($!)
wait_for "$port"
# Unbound's dnstap thread connects on its own time, and drops what it logs before: wait
# for the socket to show a connection next to the listener.
for _ in $(seq 1 100); do
  [ "$(ss -xa | grep -c "$WORK/unbound/tap.sock")" -ge 2 ] && break
  sleep 0.1
done
[ "$(ss -xa | grep -c "$WORK/unbound/tap.sock")" -ge 2 ] || fail "Unbound never connected to fstrm_capture"
ask "$port"
sleep 2 # Unbound's dnstap thread sends in batches, and drops its queue when stopped
stop_all
sleep 0.5
kill "$capture"; wait "$capture" 2>/dev/null || true
grep -q "NXDOMAIN" "$WORK/unbound/unbound.log" || fail "Unbound logged no replies"
check "$WORK/unbound/unbound.log" true
check "$WORK/unbound/unbound.dnstap" true
done_checks
