#!/usr/bin/env bash
# bench/contact.sh - the contact listeners of `takedown sinkhole` beside their peers on this
# machine, in one run, all on loopback:
#   1. HTTP check-ins per second (wrk, keep-alive, a small POST like a bot's check-in) against
#      our HTTP listener logging every request (JSON lines, then the binary log), beside
#      nginx returning a fixed 200 (without an access log, and with a buffered one), with
#      the same number of workers; rounds interleave and the median of each is printed.
#      On a small machine one wrk thread can be the limit for both servers, so the server's
#      CPU time per request (user + system, every thread and process) is printed too;
#   2. SMTP messages per second (Postfix's smtp-source, several sessions, 20 recipients per
#      message) against our SMTP trap logging every message, beside Postfix's smtp-sink.
# Every server is started here on a random high port and stopped at the end. Not part of
# `make test`.
#
# usage: bench/contact.sh [TAKEDOWN-BINARY]   env: WORKERS (1), SECONDS_PER_RUN (5),
#        ROUNDS (3), CONNECTIONS (64), MESSAGES (20000)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAKEDOWN=${1:-$ROOT/build/takedown}
WORKERS=${WORKERS:-1}
RUN=${SECONDS_PER_RUN:-5}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
MESSAGES=${MESSAGES:-20000}
WORK=$(mktemp -d /tmp/takedown-bench-contact.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk nginx smtp-source smtp-sink curl python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] \
    || { echo "bench: $tool missing (run ./bootstrap.sh)" >&2; exit 1; }
done
[ -x "$TAKEDOWN" ] || { echo "bench: $TAKEDOWN not built (make build)" >&2; exit 1; }
PATH=$PATH:/usr/sbin
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_http PORT: until a request is answered.
wait_http() {
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.05
  done
  echo "bench: nothing answers on port $1" >&2
  exit 1
}

cat > "$WORK/checkin.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "id=5f2c9a1be07d4c33&r=1&v=4.2"
wrk.headers["Host"] = "hpwhqobcyfz.cx"
wrk.headers["User-Agent"] = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

# wrk_run PORT PID: one wrk run (one thread: wrk needs a core of its own); prints requests
# per second and the server's CPU microseconds per request.
wrk_run() {
  local before after
  before=$(cpu_ticks "$2")
  wrk -t1 -c"$CONNECTIONS" -d"${RUN}s" -s "$WORK/checkin.lua" "http://127.0.0.1:$1/gate.php" \
    > "$WORK/wrk.out"
  after=$(cpu_ticks "$2")
  if grep -q 'Non-2xx' "$WORK/wrk.out"; then
    echo "bench: non-2xx answers: $(grep Non-2xx "$WORK/wrk.out")" >&2
    exit 1
  fi
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    /^Requests\/sec:/ {rps = $2} /requests in/ {n = $1}
    END {printf "%d %.2f\n", rps, ticks / hz * 1e6 / n}' "$WORK/wrk.out"
}

start_takedown() { # FORMAT -> sets TK_PID, TK_PORT
  rm -rf "$WORK/log"
  TK_PORT=$(free_port)
  "$TAKEDOWN" sinkhole --http "127.0.0.1:$TK_PORT" --workers "$WORKERS" --log "$WORK/log" \
    --log-format "$1" --contact-per-prefix 0 --contact-clients 4096 --contact-total-ms 3600000 \
    2>"$WORK/tk.err" &
  TK_PID=$!
  PIDS+=("$TK_PID")
  wait_http "$TK_PORT"
}

stop_pid() { kill "$1"; wait "$1" 2>/dev/null || true; }

start_nginx() { # LOG(0|1) -> sets NG_PORT
  NG_PORT=$(free_port)
  local log="access_log off;"
  [ "$1" = 1 ] && log="access_log $WORK/access.log combined buffer=64k flush=1s;"
  rm -f "$WORK/access.log"
  cat > "$WORK/nginx.conf" <<CONF
worker_processes $WORKERS;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 4096; }
http {
  $log
  keepalive_requests 10000000;
  client_body_temp_path $WORK/body;
  proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fastcgi;
  uwsgi_temp_path $WORK/uwsgi;
  scgi_temp_path $WORK/scgi;
  server {
    listen 127.0.0.1:$NG_PORT reuseport;
    location / { return 200 "OK\n"; }
  }
}
CONF
  nginx -c "$WORK/nginx.conf" -p "$WORK" 2>"$WORK/nginx.err" &
  NG_PID=$!
  PIDS+=("$NG_PID")
  wait_http "$NG_PORT"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

echo "== HTTP check-ins (wrk -t1 -c$CONNECTIONS, ${RUN}s runs, $ROUNDS rounds, $WORKERS worker(s), $(nproc) cores)"
echo "   requests per second, and the server's CPU time per request (all its threads/processes)"
: > "$WORK/tk-jsonl"; : > "$WORK/tk-binary"; : > "$WORK/ng-off"; : > "$WORK/ng-log"
for round in $(seq 1 "$ROUNDS"); do
  start_takedown jsonl;  wrk_run "$TK_PORT" "$TK_PID" >> "$WORK/tk-jsonl"; stop_pid "$TK_PID"
  logged=$(cat "$WORK"/log/events-*.jsonl | wc -l)
  grep -q ", 0 dropped" "$WORK/tk.err" || echo "  (round $round: $(tail -1 "$WORK/tk.err"))"
  start_nginx 0;         wrk_run "$NG_PORT" "$NG_PID" >> "$WORK/ng-off"; stop_pid "$NG_PID"
  start_takedown binary; wrk_run "$TK_PORT" "$TK_PID" >> "$WORK/tk-binary"; stop_pid "$TK_PID"
  start_nginx 1;         wrk_run "$NG_PORT" "$NG_PID" >> "$WORK/ng-log"; stop_pid "$NG_PID"
  echo "  round $round: takedown jsonl $(tail -1 "$WORK/tk-jsonl") ($logged logged), nginx $(tail -1 "$WORK/ng-off"), takedown binary $(tail -1 "$WORK/tk-binary"), nginx+log $(tail -1 "$WORK/ng-log")"
done
summary() { # FILE LABEL
  printf '  %-50s %8s req/s %7s us CPU/request\n' "$2" "$(cut -d' ' -f1 "$WORK/$1" | median)" \
    "$(cut -d' ' -f2 "$WORK/$1" | median)"
}
summary tk-jsonl "takedown sinkhole, every request logged (jsonl)"
summary tk-binary "takedown sinkhole, every request logged (binary)"
summary ng-off "nginx return 200, no access log"
summary ng-log "nginx return 200, buffered access log"
awk -v tj="$(cut -d' ' -f1 "$WORK/tk-jsonl" | median)" -v tb="$(cut -d' ' -f1 "$WORK/tk-binary" | median)" \
    -v no="$(cut -d' ' -f1 "$WORK/ng-off" | median)" -v nl="$(cut -d' ' -f1 "$WORK/ng-log" | median)" \
    -v cj="$(cut -d' ' -f2 "$WORK/tk-jsonl" | median)" -v cb="$(cut -d' ' -f2 "$WORK/tk-binary" | median)" \
    -v co="$(cut -d' ' -f2 "$WORK/ng-off" | median)" -v cl="$(cut -d' ' -f2 "$WORK/ng-log" | median)" 'BEGIN {
  printf "  ratio takedown/nginx, req/s: jsonl %.2fx, binary %.2fx (nginx without a log); %.2fx, %.2fx (with its log)\n", tj / no, tb / no, tj / nl, tb / nl
  printf "  ratio nginx/takedown, CPU per request: jsonl %.2fx, binary %.2fx (nginx without a log); %.2fx, %.2fx (with its log)\n", co / cj, co / cb, cl / cj, cl / cb }'

echo "== SMTP messages (smtp-source -s 8, 20 recipients, 1 KiB, $MESSAGES messages)"
smtp_run() { # PORT PID -> messages per second, server CPU microseconds per message
  local start end before after
  before=$(cpu_ticks "$2")
  start=$(date +%s.%N)
  smtp-source -s 8 -m "$MESSAGES" -r 20 -l 1024 -c -f promo@example.com -t victim@example.net \
    "127.0.0.1:$1" > /dev/null
  end=$(date +%s.%N)
  after=$(cpu_ticks "$2")
  awk -v m="$MESSAGES" -v s="$start" -v e="$end" -v ticks=$((after - before)) \
      -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%d %.1f\n", m / (e - s), ticks / hz * 1e6 / m}'
}
SMTP_PORT=$(free_port)
rm -rf "$WORK/log"
"$TAKEDOWN" sinkhole --smtp "127.0.0.1:$SMTP_PORT" --workers "$WORKERS" --log "$WORK/log" \
  --contact-per-prefix 0 2>"$WORK/tk.err" &
TK_PID=$!; PIDS+=("$TK_PID")
sleep 0.5
read -r ours ours_cpu < <(smtp_run "$SMTP_PORT" "$TK_PID")
stop_pid "$TK_PID"
accepted=$(cat "$WORK"/log/events-*.jsonl | grep -c '"result":"accepted"' || true)
SINK_PORT=$(free_port)
smtp-sink -u nobody "127.0.0.1:$SINK_PORT" 256 &
SINK_PID=$!; PIDS+=("$SINK_PID")
sleep 0.5
read -r peer peer_cpu < <(smtp_run "$SINK_PORT" "$SINK_PID")
stop_pid "$SINK_PID"
printf '  %-50s %8s msg/s %7s us CPU/message (%s logged)\n' \
  "takedown SMTP trap, every message logged (jsonl)" "$ours" "$ours_cpu" "$accepted"
printf '  %-50s %8s msg/s %7s us CPU/message\n' "postfix smtp-sink (logs nothing)" "$peer" "$peer_cpu"
awk -v a="$ours" -v b="$peer" -v ca="$ours_cpu" -v cb="$peer_cpu" 'BEGIN {
  printf "  ratio takedown/smtp-sink: %.2fx messages per second, %.2fx less CPU per message\n", a / b, cb / ca }'
