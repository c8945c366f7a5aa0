# server_helpers.bash - for tests that run real DNS servers on loopback (as match_servers.sh
# does): start them in the background with their pids in `pids`, wait until one answers,
# stop them all. Source after lib.sh; set the EXIT trap to `stop_all; rm -rf "$WORK"`.
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
