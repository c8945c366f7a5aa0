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
