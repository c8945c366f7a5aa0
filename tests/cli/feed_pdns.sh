# feed_pdns.sh - PowerDNS Recursor as a secondary of the feed (rpzPrimary() with TSIG) on
# loopback: it transfers the zone, answers NXDOMAIN for a listed name and normally for an
# unlisted one (from a local NSD, its only upstream), and after a slide it transfers by IXFR
# (in its log and ours), blocks the name that entered and no longer the one that left.
# pdns-recursor 4.8 (Debian 12) ignores NOTIFY for RPZ zones (it acts on them from 5.1), so
# here it finds the new serial by polling the SOA (refresh=1); the feed's NOTIFYs to it go
# unanswered (checked: a second try is sent).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feed_helpers.bash"
trap 'stop_all ${FEED_TIMEOUT_PID:-} ${PDNS_PID:-} ${AUTH_PID:-}; rm -rf "$WORK"' EXIT
command -v pdns_recursor >/dev/null || { echo "pdns_recursor missing (bootstrap.sh installs pdns-recursor)"; exit 77; }

ZONE=rpz.test
FAMILY=necurs
make_key "$WORK/key" feed-key
echo 2026-12-01 > "$WORK/today"
pick_names
start_auth
PDNS_PORT=$(free_port)
start_feed feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 3 --ahead 3 \
  --today-file "$WORK/today" --tsig-key "$WORK/key" --notify "127.0.0.1:$PDNS_PORT"

mkdir -p "$WORK/pdns"
cat > "$WORK/pdns/recursor.conf" <<CONF
config-dir=$WORK/pdns
socket-dir=$WORK/pdns
local-address=127.0.0.1
local-port=$PDNS_PORT
allow-from=127.0.0.0/8
dont-query=
forward-zones=.=127.0.0.1:$AUTH_PORT
dnssec=off
daemon=no
write-pid=no
disable-syslog=yes
log-timestamp=yes
loglevel=6
threads=1
# the policy answers are not to be cached: the test asks again after the slide
disable-packetcache=yes
lua-config-file=$WORK/pdns/rpz.lua
CONF
cat > "$WORK/pdns/rpz.lua" <<CONF
rpzPrimary("127.0.0.1:$FEED_PORT", "$ZONE", {tsigname="feed-key", tsigalgo="hmac-sha256",
           tsigsecret="$(key_secret "$WORK/key")", refresh=1})
CONF
timeout 600 pdns_recursor --config-dir="$WORK/pdns" >"$WORK/pdns/log" 2>&1 &
PDNS_PID=$!

# 1. the transfer, 2. a listed name blocked, an unlisted one answered.
check_transfer "pdns-recursor" "$PDNS_PORT" tsig

# 3. a slide, then an IXFR; 4. the entered name blocked, the one that left answered.
slide_and_wait_ixfr "pdns-recursor" tsig
for _ in $(seq 1 50); do
  grep -q "notify 127.0.0.1#$PDNS_PORT serial $serial sent (try 2)" "$WORK/feed.err" && break
  sleep 0.1
done
grep -q "notify 127.0.0.1#$PDNS_PORT serial $serial sent (try 2)" "$WORK/feed.err" \
  || fail "the NOTIFY to pdns-recursor was not sent again"
grep -q "notify 127.0.0.1#$PDNS_PORT serial $serial answered" "$WORK/feed.err" \
  && fail "pdns-recursor 4.8 answered a NOTIFY: update this test and docs/feed.md"
ok
grep -q "msg=\"Getting IXFR deltas\".*address=\"127.0.0.1:$FEED_PORT\".*zone=\"$ZONE\"" "$WORK/pdns/log" \
  || fail "pdns-recursor's log lacks the IXFR: $(grep -i ixfr "$WORK/pdns/log" | tail -3)"
ok
entered=$(comm -13 "$WORK/before" "$WORK/after" | wc -l)
left=$(comm -23 "$WORK/before" "$WORK/after" | wc -l)
mutations="msg=\"RPZ mutations\".*additions=\"$entered\" newserial=\"$serial\" removals=\"$left\""
for _ in $(seq 1 150); do grep -q "$mutations" "$WORK/pdns/log" && break; sleep 0.2; done
grep -q "$mutations" "$WORK/pdns/log" || fail "pdns-recursor did not apply the slide's $left removals and $entered additions"
ok
wait_answer "$PDNS_PORT" "$ENTERED" NXDOMAIN "pdns-recursor after the slide, entered name"
wait_answer "$PDNS_PORT" "$LEFT" 192.0.2.99 "pdns-recursor after the slide, name that left"
wait_answer "$PDNS_PORT" "$STAYS" NXDOMAIN "pdns-recursor after the slide, name that stays"
stop_feed
done_checks
