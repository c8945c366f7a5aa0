# server_helpers.bash - for tests that run real DNS servers on loopback (match_servers.sh,
# hunt_servers.sh): start them in the background with their pids in `pids` (BIND, and the
# capture of Unbound's dnstap, as both tests run them), wait until one answers, stop them
# all. Source after lib.sh; set the EXIT trap to `stop_all; rm -rf "$WORK"`.
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}

# wait_for PORT: until the server on 127.0.0.1@PORT answers (at most ~30 s: the machine may
# be busy with the other tests and builds).
wait_for() {
  for _ in $(seq 1 150); do
    if dig @127.0.0.1 -p "$1" localhost. SOA +tries=1 +time=1 >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  fail "no server answers on 127.0.0.1@$1"
}

# start_named PORT DNSTAP: BIND on 127.0.0.1@PORT in $WORK/bind, primary for the root zone
# $WORK/root.db, with its query log ($WORK/bind/query.log) and a dnstap file of the messages
# DNSTAP names ("client", "client response": $WORK/bind/named.dnstap); waits until it answers.
start_named() {
  mkdir -p "$WORK/bind"
  cat > "$WORK/bind/named.conf" <<CONF
options {
  directory "$WORK/bind";
  listen-on port $1 { 127.0.0.1; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  pid-file "$WORK/bind/named.pid";
  dnstap { $2; };
  dnstap-output file "$WORK/bind/named.dnstap";
  querylog yes;
};
controls { };
zone "." { type primary; file "$WORK/root.db"; };
logging {
  channel queries_file { file "$WORK/bind/query.log"; print-time yes; print-category yes; print-severity yes; };
  channel rest { file "$WORK/bind/named.log"; };
  category queries { queries_file; };
  category default { rest; };
};
CONF
  timeout 120 named -c "$WORK/bind/named.conf" -f -n 1 >"$WORK/bind/out" 2>&1 &
  pids+=($!)
  wait_for "$1"
}

# start_capture: fstrm_capture writing the dnstap frames Unbound sends to
# $WORK/unbound/tap.sock into $WORK/unbound/unbound.dnstap; its pid in $capture.
start_capture() {
  mkdir -p "$WORK/unbound"
  timeout 120 fstrm_capture -t protobuf:dnstap.Dnstap -u "$WORK/unbound/tap.sock" \
    -w "$WORK/unbound/unbound.dnstap" >"$WORK/unbound/capture.out" 2>&1 &
  capture=$!
  for _ in $(seq 1 50); do [ -S "$WORK/unbound/tap.sock" ] && break; sleep 0.1; done
}
