# sinkhole_helpers.bash - start and stop `takedown sinkhole` on loopback for the CLI tests
# (sourced after lib.sh; not a test itself). Every server runs under `timeout`, so it stops
# by itself even when a test dies.

# start_sinkhole NAME ARGS...: starts a server with ARGS plus --dns 127.0.0.1:0, waits for
# its ready line, and sets PORT, METRICS (when --metrics was given), SINKHOLE_PID (the
# server, from its --pidfile, for signals) and TIMEOUT_PID (its `timeout` wrapper).
start_sinkhole() {
  local name=$1; shift
  timeout 300 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --pidfile "$WORK/$name.pid" "$@" \
    2>"$WORK/$name.err" &
  TIMEOUT_PID=$!
  for _ in $(seq 1 300); do
    grep -q '^ready ' "$WORK/$name.err" && break
    kill -0 "$TIMEOUT_PID" 2>/dev/null || fail "sinkhole $name did not start: $(cat "$WORK/$name.err")"
    sleep 0.1
  done
  grep -q '^ready ' "$WORK/$name.err" || fail "sinkhole $name never printed ready"
  SINKHOLE_PID=$(cat "$WORK/$name.pid")
  PORT=$(sed -n 's/^ready dns=[^ ]*:\([0-9]*\)[ ,].*/\1/p' "$WORK/$name.err")
  METRICS=$(sed -n 's/^ready .*metrics=[^ ]*:\([0-9]*\) .*/\1/p' "$WORK/$name.err")
  ok
}

# stop_sinkhole: SIGTERM, and the server must exit 0.
stop_sinkhole() {
  local rc=0
  kill -TERM "$SINKHOLE_PID"
  wait "$TIMEOUT_PID" || rc=$?
  [ "$rc" -eq 0 ] || fail "sinkhole exited $rc after SIGTERM"
  ok
}

# http_get PORT PATH: the body of an HTTP GET on 127.0.0.1 (bash's /dev/tcp, no curl needed).
http_get() {
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
  sed '1,/^\r$/d' <&3
  exec 3<&-
}

# q ARGS...: one dig query to the server, one try, no retries.
q() { dig +time=2 +tries=1 @127.0.0.1 -p "$PORT" "$@"; }
