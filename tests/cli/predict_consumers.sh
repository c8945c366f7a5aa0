# predict_consumers.sh - the block lists load in the programs that consume them:
# named-checkzone and kzonecheck for RPZ, unbound-checkconf for Unbound, and a real Unbound
# on loopback answering NXDOMAIN for a blocked name and the normal path for others.
source "$(dirname "$0")/lib.sh"

"$TAKEDOWN" predict necurs --from 2020-03-01 --days 30 --format rpz --rpz-wildcard --out "$WORK/necurs.rpz"
named-checkzone -q rpz.takedown "$WORK/necurs.rpz" || fail "named-checkzone rejected the RPZ"
ok
kzonecheck -o rpz.takedown. "$WORK/necurs.rpz" >/dev/null || fail "kzonecheck rejected the RPZ"
ok
serial=$(awk '/ SOA /{print $6}' "$WORK/necurs.rpz")
now=$(date +%s)
[ "$serial" -le "$now" ] && [ "$serial" -gt $((now - 600)) ] || fail "serial $serial is not the generation time"
ok

"$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --format unbound --out "$WORK/nx.conf"
unbound-checkconf "$WORK/nx.conf" >/dev/null || fail "unbound-checkconf rejected always_nxdomain"
ok
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --format unbound --sinkhole-ip 192.0.2.53 --out "$WORK/redir.conf"
unbound-checkconf "$WORK/redir.conf" >/dev/null || fail "unbound-checkconf rejected redirect"
ok
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --format hosts --sinkhole-ip 192.0.2.53 > "$WORK/hosts"
expect_eq "$(grep -cvE '^(#|192\.0\.2\.53 [a-y]+\.[a-z]+$)' "$WORK/hosts")" 0 "hosts lines"
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --format dnsmasq > "$WORK/dnsmasq"
expect_eq "$(grep -cvE '^(#.*|address=/[a-y]+\.[a-z]+/)$' "$WORK/dnsmasq")" 0 "dnsmasq lines"

# A local Unbound with the zone as rpz: NXDOMAIN for a blocked name, the normal answer for
# a name it does not list. Loopback only; the resolver stops when the test ends.
blocked=$(grep -m1 ' CNAME \.$' "$WORK/necurs.rpz" | grep -v '^\*' | cut -d' ' -f1)
port=$(free_port)
cat > "$WORK/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $port
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$WORK"
  pidfile: "$WORK/unbound.pid"
  use-syslog: no
  logfile: "$WORK/unbound.log"
  access-control: 127.0.0.0/8 allow
  module-config: "respip iterator"
  local-zone: "example.test." static
  local-data: "ok.example.test. 60 IN A 192.0.2.7"
rpz:
  name: rpz.takedown.
  zonefile: "$WORK/necurs.rpz"
CONF
unbound-checkconf "$WORK/unbound.conf" >/dev/null || fail "unbound-checkconf rejected the rpz setup"
ok
timeout 60 unbound -c "$WORK/unbound.conf" &
ub=$!
trap 'kill $ub 2>/dev/null; rm -rf "$WORK"' EXIT
for i in $(seq 1 50); do
  dig +time=1 +tries=1 @127.0.0.1 -p $port ok.example.test A >/dev/null 2>&1 && break
  kill -0 $ub 2>/dev/null || fail "unbound stopped: $(tail -c 300 "$WORK/unbound.log")"
  sleep 0.2
done
status=$(dig +time=2 +tries=3 @127.0.0.1 -p $port "$blocked" A | awk '/status:/{print $6}')
expect_eq "$status" "NXDOMAIN," "Unbound answer for blocked $blocked"
status=$(dig +time=2 +tries=3 @127.0.0.1 -p $port "www.$blocked" A | awk '/status:/{print $6}')
expect_eq "$status" "NXDOMAIN," "Unbound answer below a blocked name (wildcard)"
answer=$(dig +short +time=2 +tries=3 @127.0.0.1 -p $port ok.example.test A)
expect_eq "$answer" "192.0.2.7" "Unbound answer for an unlisted name"
kill $ub
done_checks
