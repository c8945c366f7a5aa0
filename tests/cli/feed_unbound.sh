# feed_unbound.sh - Unbound as a secondary of the feed (rpz: with primary: and allow-notify:)
# on loopback: it transfers the zone, answers NXDOMAIN for a listed name and normally for an
# unlisted one (from a local NSD, its only upstream), and after a slide it gets the NOTIFY,
# transfers by IXFR (in its log and ours), blocks the name that entered and no longer the
# one that left. Unbound 1.17 has no TSIG for zone transfers (its rpz: and auth-zone: take
# no key), so the feed guards this zone by address only (--allow-transfer).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feed_helpers.bash"
trap 'stop_all ${FEED_TIMEOUT_PID:-} ${UNBOUND_PID:-} ${AUTH_PID:-}; rm -rf "$WORK"' EXIT
command -v unbound >/dev/null || { echo "unbound missing (bootstrap.sh installs it)"; exit 77; }

ZONE=rpz.test
FAMILY=necurs
echo 2026-12-01 > "$WORK/today"
pick_names
start_auth
UNBOUND_PORT=$(free_port)
start_feed feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 3 --ahead 3 \
  --today-file "$WORK/today" --allow-transfer 127.0.0.1 --notify "127.0.0.1:$UNBOUND_PORT"

mkdir -p "$WORK/unbound"
cat > "$WORK/unbound/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $UNBOUND_PORT
  do-ip6: no
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$WORK/unbound"
  pidfile: "$WORK/unbound/unbound.pid"
  use-syslog: no
  logfile: "$WORK/unbound/unbound.log"
  verbosity: 4
  module-config: "respip iterator"
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  qname-minimisation: no
forward-zone:
  name: "."
  forward-addr: 127.0.0.1@$AUTH_PORT
rpz:
  name: "$ZONE"
  primary: 127.0.0.1@$FEED_PORT
  allow-notify: 127.0.0.1
  zonefile: "$WORK/unbound/$ZONE.zone"
  rpz-log: yes
remote-control:
  control-enable: no
CONF
timeout 600 unbound -c "$WORK/unbound/unbound.conf" >"$WORK/unbound/out" 2>&1 &
UNBOUND_PID=$!

# 1. the transfer, 2. a listed name blocked, an unlisted one answered.
check_transfer "Unbound" "$UNBOUND_PORT" unsigned

# 3. a slide: NOTIFY, then an IXFR; 4. the entered name blocked, the one that left answered.
slide_and_wait_ixfr "Unbound" unsigned
wait_answer "$UNBOUND_PORT" "$ENTERED" NXDOMAIN "Unbound after the slide, entered name"
wait_answer "$UNBOUND_PORT" "$LEFT" 192.0.2.99 "Unbound after the slide, name that left"
wait_answer "$UNBOUND_PORT" "$STAYS" NXDOMAIN "Unbound after the slide, name that stays"
# (its log is checked once it acts on the change, so every line is written)
grep -q "notify 127.0.0.1#$UNBOUND_PORT serial $serial answered" "$WORK/feed.err" \
  || fail "Unbound did not answer the NOTIFY"
ok
grep -q "received NOTIFY serial $serial for $ZONE. from ip4 127.0.0.1 port $FEED_PORT" \
  "$WORK/unbound/unbound.log" || fail "Unbound's log lacks the NOTIFY"
ok
grep -q "transfer next IXFR fetch from 127.0.0.1 started" "$WORK/unbound/unbound.log" \
  || fail "Unbound's log lacks the IXFR fetch"
grep -q "xfr 127.0.0.1@$FEED_PORT: last IXFR packet" "$WORK/unbound/unbound.log" \
  || fail "Unbound's log lacks the IXFR's last packet"
ok
stop_feed
done_checks
