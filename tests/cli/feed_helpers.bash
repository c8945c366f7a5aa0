# feed_helpers.bash - start and stop `takedown feed` on loopback for the CLI tests (sourced
# after lib.sh; not a test itself). Every server runs under `timeout`, so it stops by itself
# even when a test dies.

# The local seeds file of the user running the tests must not change what is predicted.
export TAKEDOWN_SEEDS="$WORK/no-local-seeds"

# make_key FILE NAME: a TSIG key file in BIND's format with a random secret.
make_key() {
  printf 'key "%s" {\n\talgorithm hmac-sha256;\n\tsecret "%s";\n};\n' "$2" \
    "$(head -c 32 /dev/urandom | base64)" > "$1"
}

# key_secret FILE: the secret of a key file, for kdig -y.
key_secret() { sed -n 's/.*secret "\(.*\)".*/\1/p' "$1"; }

# start_feed NAME ARGS...: starts `takedown feed ARGS` (its log in $WORK/NAME.err), waits for
# its ready line, and sets FEED_PID (the server), FEED_PORT and FEED_TIMEOUT_PID.
start_feed() {
  local name=$1; shift
  timeout 600 "$TAKEDOWN" feed "$@" 2>"$WORK/$name.err" &
  FEED_TIMEOUT_PID=$!
  for _ in $(seq 1 600); do
    grep -q '^ready ' "$WORK/$name.err" && break
    kill -0 "$FEED_TIMEOUT_PID" 2>/dev/null || fail "feed $name did not start: $(cat "$WORK/$name.err")"
    sleep 0.1
  done
  grep -q '^ready ' "$WORK/$name.err" || fail "feed $name never printed ready"
  FEED_PID=$(pgrep -P "$FEED_TIMEOUT_PID")
  FEED_PORT=$(sed -n 's/^ready feed=[^ ]*:\([0-9]*\) .*/\1/p' "$WORK/$name.err")
  ok
}

# stop_feed: SIGTERM, and the server must exit 0.
stop_feed() {
  local rc=0
  kill -TERM "$FEED_PID"
  wait "$FEED_TIMEOUT_PID" || rc=$?
  [ "$rc" -eq 0 ] || fail "feed exited $rc after SIGTERM"
  ok
}

# feed_serial: the serial the feed serves over UDP.
feed_serial() {
  dig +time=2 +tries=1 @127.0.0.1 -p "$FEED_PORT" "$ZONE" SOA +short | awk '{print $3}'
}

# slide_to DAY NAME: writes DAY into the today file, sends SIGHUP and waits for the serial
# to change (or for the log to say it is already there).
slide_to() {
  local before
  before=$(feed_serial)
  echo "$1" > "$WORK/today"
  kill -HUP "$FEED_PID"
  for _ in $(seq 1 300); do
    [ "$(feed_serial)" != "$before" ] && return 0
    grep -q "already at $1" "$WORK/$2.err" && return 0
    sleep 0.1
  done
  fail "the feed did not slide to $1: $(tail -3 "$WORK/$2.err")"
}

# zone_names FILE: the names of the policy records in a dig/kdig transfer, one a line,
# sorted, without the zone.
zone_names() {
  awk -v z=".$ZONE." '$4 == "CNAME" { n = $1; sub(z "$", "", n); print n }' "$1" | sort -u
}

# window_names FROM TO: what predict says the window holds, sorted.
window_names() {
  "$TAKEDOWN" predict "$FAMILY" --all-seeds --from "$1" --to "$2" --format list | sort -u
}

# start_auth: NSD on loopback, authoritative for a root zone whose wildcard answers every
# name with 192.0.2.99 (TTL 1): the resolvers' only upstream, so that unlisted names get a
# normal answer and nothing leaves the machine. Sets AUTH_PORT and AUTH_PID.
start_auth() {
  AUTH_PORT=$(free_port)
  mkdir -p "$WORK/auth"
  cat > "$WORK/auth/root.zone" <<'ZONE'
$TTL 1
.   IN SOA localhost. hostmaster.localhost. 1 3600 600 86400 1
.   IN NS  localhost.
*.  IN A   192.0.2.99
ZONE
  { printf 'server:\n  ip-address: 127.0.0.1@%s\n  username: ""\n  zonesdir: "%s"\n' "$AUTH_PORT" "$WORK/auth"
    printf '  database: ""\n  zonelistfile: "%s/zone.list"\n  xfrdfile: "%s/xfrd.state"\n' "$WORK/auth" "$WORK/auth"
    printf '  pidfile: "%s/nsd.pid"\n  logfile: "%s/nsd.log"\n  verbosity: 0\n  do-ip6: no\n' "$WORK/auth" "$WORK/auth"
    printf 'remote-control:\n  control-enable: no\nzone:\n  name: "."\n  zonefile: root.zone\n'
  } > "$WORK/auth/nsd.conf"
  timeout 600 nsd -d -c "$WORK/auth/nsd.conf" >"$WORK/auth/out" 2>&1 &
  AUTH_PID=$!
  for _ in $(seq 1 100); do
    dig +time=1 +tries=1 @127.0.0.1 -p "$AUTH_PORT" probe.example A +short 2>/dev/null \
      | grep -q 192.0.2.99 && return 0
    sleep 0.1
  done
  fail "NSD did not start: $(cat "$WORK/auth/out")"
}

# resolve PORT NAME: what a resolver answers for NAME A: NXDOMAIN, an address, or the rcode.
resolve() {
  local out
  out=$(dig +time=3 +tries=1 @127.0.0.1 -p "$1" "$2" A)
  if grep -q 'status: NXDOMAIN' <<<"$out"; then echo NXDOMAIN; return; fi
  grep -q 'status: NOERROR' <<<"$out" || { sed -n 's/.*status: \([A-Z]*\).*/\1/p' <<<"$out"; return; }
  dig +time=3 +tries=1 @127.0.0.1 -p "$1" "$2" A +short | tail -1
}

# wait_answer PORT NAME WANT WHAT: waits up to 30 s for the resolver to answer WANT.
wait_answer() {
  local got=""
  for _ in $(seq 1 150); do
    got=$(resolve "$1" "$2")
    [ "$got" = "$3" ] && { ok; return 0; }
    sleep 0.2
  done
  fail "$4: $2 answered '$got', expected '$3'"
}

# pick_names: three names for the resolver tests, from the window of 2026-12-01 (back 3,
# ahead 3) and of 2026-12-05: LEFT leaves at the slide, ENTERED enters, STAYS stays.
pick_names() {
  window_names 2026-11-28 2026-12-04 > "$WORK/before"
  window_names 2026-12-02 2026-12-08 > "$WORK/after"
  LEFT=$(comm -23 "$WORK/before" "$WORK/after" | awk "NR == 1")
  ENTERED=$(comm -13 "$WORK/before" "$WORK/after" | awk "NR == 1")
  STAYS=$(comm -12 "$WORK/before" "$WORK/after" | awk "NR == 1")
  [ -n "$LEFT" ] && [ -n "$ENTERED" ] && [ -n "$STAYS" ] || fail "no names to test with"
}

# check_transfer WHO PORT SIGNED: steps 1 and 2 of a resolver test: the zone transferred (by
# AXFR, with TSIG when SIGNED is "tsig"), a listed name blocked, an unlisted one answered.
check_transfer() {
  local who=$1 port=$2 tsig=""
  [ "$3" = tsig ] && tsig=".*TSIG"
  wait_answer "$port" "$LEFT" NXDOMAIN "$who, listed name"
  wait_answer "$port" "$STAYS" NXDOMAIN "$who, listed name"
  wait_answer "$port" "$ENTERED" 192.0.2.99 "$who, unlisted name"
  wait_answer "$port" www.unlisted.example 192.0.2.99 "$who, unlisted name"
  grep -q "transfer AXFR to 127.0.0.1#[0-9]* serial $tsig" "$WORK/feed.err" \
    || fail "no ${3:-unsigned} AXFR to $who"
  ok
}

# slide_and_wait_ixfr WHO SIGNED: step 3: the feed slides to 2026-12-05 and WHO transfers the
# new serial (set in $serial) by IXFR, signed when SIGNED is "tsig".
slide_and_wait_ixfr() {
  local tsig=""
  [ "$2" = tsig ] && tsig=": .*TSIG"
  slide_to 2026-12-05 feed
  serial=$(feed_serial)
  for _ in $(seq 1 150); do
    grep -q "transfer IXFR to 127.0.0.1#[0-9]* serial $serial" "$WORK/feed.err" && break
    sleep 0.2
  done
  grep -q "transfer IXFR to 127.0.0.1#[0-9]* serial $serial$tsig" "$WORK/feed.err" \
    || fail "$1 did not transfer serial $serial by IXFR: $(tail -5 "$WORK/feed.err")"
  ok
}

# stop_all PID...: the servers a test started (their `timeout` wrappers), stopped and waited
# for, so that none still writes into $WORK when it is removed.
stop_all() {
  local p
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
}
