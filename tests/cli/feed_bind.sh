# feed_bind.sh - BIND 9 (named) as a secondary of the feed, with response-policy and TSIG,
# on loopback: it transfers the zone, answers NXDOMAIN for a listed name and normally for an
# unlisted one (from a local NSD, its only upstream), and after a slide it gets the NOTIFY,
# transfers by IXFR (in its log and ours), blocks the name that entered and no longer the
# one that left.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feed_helpers.bash"
trap 'stop_all ${FEED_TIMEOUT_PID:-} ${NAMED_PID:-} ${AUTH_PID:-}; rm -rf "$WORK"' EXIT
command -v named >/dev/null || { echo "named missing (bootstrap.sh installs bind9)"; exit 77; }

ZONE=rpz.test
FAMILY=necurs
make_key "$WORK/key" feed-key
echo 2026-12-01 > "$WORK/today"
pick_names
start_auth
NAMED_PORT=$(free_port)
start_feed feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 3 --ahead 3 \
  --today-file "$WORK/today" --tsig-key "$WORK/key" --notify "127.0.0.1:$NAMED_PORT" --wildcard

mkdir -p "$WORK/bind"
cat > "$WORK/bind/named.conf" <<CONF
include "$WORK/key";
options {
  directory "$WORK/bind";
  listen-on port $NAMED_PORT { 127.0.0.1; };
  listen-on-v6 { none; };
  pid-file "$WORK/bind/named.pid";
  recursion yes;
  allow-recursion { 127.0.0.1; };
  dnssec-validation no;
  notify no;
  forward only;
  forwarders { 127.0.0.1 port $AUTH_PORT; };
  response-policy { zone "$ZONE"; } min-update-interval 0 qname-wait-recurse no;
};
controls { };
zone "$ZONE" {
  type secondary;
  primaries port $FEED_PORT { 127.0.0.1 key feed-key; };
  file "$WORK/bind/$ZONE.db";
  allow-notify { 127.0.0.1; };
};
logging {
  channel all { file "$WORK/bind/named.log"; print-time yes; print-category yes; severity debug 3; };
  category default { all; };
  category xfer-in { all; };
  category notify { all; };
  category rpz { all; };
};
CONF
timeout 600 named -c "$WORK/bind/named.conf" -f -n 1 >"$WORK/bind/out" 2>&1 &
NAMED_PID=$!

# 1. the transfer, 2. a listed name blocked, an unlisted one answered.
check_transfer "BIND" "$NAMED_PORT" tsig
wait_answer "$NAMED_PORT" "www.$STAYS" NXDOMAIN "BIND, below a listed name (--wildcard)"

# 3. a slide: NOTIFY, then an IXFR; 4. the entered name blocked, the one that left answered.
slide_and_wait_ixfr "BIND" tsig
wait_answer "$NAMED_PORT" "$ENTERED" NXDOMAIN "BIND after the slide, entered name"
wait_answer "$NAMED_PORT" "$LEFT" 192.0.2.99 "BIND after the slide, name that left"
wait_answer "$NAMED_PORT" "www.$LEFT" 192.0.2.99 "BIND after the slide, below the name that left"
wait_answer "$NAMED_PORT" "$STAYS" NXDOMAIN "BIND after the slide, name that stays"
# (its log is checked once it acts on the change, so every line is written)
grep -q "notify 127.0.0.1#$NAMED_PORT serial $serial answered" "$WORK/feed.err" \
  || fail "BIND did not answer the NOTIFY"
ok
grep -q "notify from 127.0.0.1#$FEED_PORT: serial $serial" "$WORK/bind/named.log" \
  || fail "BIND's log lacks the NOTIFY: $(grep -i notify "$WORK/bind/named.log" | tail -3)"
ok
grep -q "requesting IXFR" "$WORK/bind/named.log" || fail "BIND's log lacks the IXFR request"
grep -q "got incremental response" "$WORK/bind/named.log" || fail "BIND's log lacks the incremental response"
ok
stop_feed
done_checks
