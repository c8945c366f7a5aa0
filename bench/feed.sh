#!/usr/bin/env bash
# bench/feed.sh - `takedown feed` serving the Necurs zone (15 seeds, 25 months: 6.17 M names
# with the defaults) beside NSD serving the same zone file, in one run, on loopback:
#   1. the feed's build time and memory;
#   2. AXFR of the whole zone with kdig from each server: wall time, the server's CPU time
#      and bytes, ROUNDS times each (median), and the ratio;
#   3. a day's slide: the feed's time to compute it, then the IXFR from the old serial
#      against the AXFR: records, bytes and time.
# NSD is given the zone as the feed's own AXFR wrote it, so both serve the same records.
# Every server is started here on a random high port and stopped at the end. Not part of
# `make test`.
#
# usage: bench/feed.sh [TAKEDOWN-BINARY]   env: BACK (380), AHEAD (380), ROUNDS (3),
#        SEEDS (15), THREADS (2)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAKEDOWN=${1:-$ROOT/build/takedown}
BACK=${BACK:-380}
AHEAD=${AHEAD:-380}
ROUNDS=${ROUNDS:-3}
SEEDS=${SEEDS:-15}
THREADS=${THREADS:-2}
ZONE=rpz.bench
WORK=$(mktemp -d /tmp/takedown-bench-feed.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in kdig nsd dig; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (run ./bootstrap.sh)" >&2; exit 1; }
done
[ -x "$TAKEDOWN" ] || { echo "bench: $TAKEDOWN not built (make build)" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

port() { echo $((20000 + RANDOM % 30000)); }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
seconds() { date +%s.%N; }

# axfr PORT PID OUT: one AXFR with kdig into OUT; prints "wall_s server_cpu_s bytes".
axfr() {
  local before after start end
  before=$(cpu_ticks "$2")
  start=$(seconds)
  kdig @127.0.0.1 -p "$1" "$ZONE" AXFR > "$3"
  end=$(seconds)
  after=$(cpu_ticks "$2")
  grep -q ';; Received' "$3" || { echo "bench: AXFR from port $1 failed" >&2; exit 1; }
  awk -v s="$start" -v e="$end" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" \
      -v b="$(sed -n 's/^;; Received \([0-9]*\) B.*/\1/p' "$3")" \
      'BEGIN { printf "%.3f %.3f %d\n", e - s, t / hz, b }'
}

# ---- the feed ----
for m in $(seq 1 "$SEEDS"); do echo "necurs magic=$m"; done > "$WORK/seeds"
echo 2026-12-01 > "$WORK/today"
FEED_PORT=$(port)
TAKEDOWN_SEEDS="$WORK/none" "$TAKEDOWN" feed --listen "127.0.0.1:$FEED_PORT" --zone "$ZONE" \
  --family necurs --seeds-file "$WORK/seeds" --back "$BACK" --ahead "$AHEAD" \
  --today-file "$WORK/today" --threads "$THREADS" --allow-transfer 127.0.0.1 \
  2> "$WORK/feed.err" &
FEED_PID=$!
PIDS+=("$FEED_PID")
for _ in $(seq 1 1200); do
  grep -q '^ready ' "$WORK/feed.err" && break
  kill -0 "$FEED_PID" || { cat "$WORK/feed.err" >&2; exit 1; }
  sleep 0.1
done
ready=$(grep '^ready ' "$WORK/feed.err")
names=$(sed -n 's/.* names=\([0-9]*\) .*/\1/p' <<<"$ready")
build=$(sed -n 's/.* build=\([0-9.]*\)s.*/\1/p' <<<"$ready")
rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$FEED_PID/status")
echo "feed: $names names (necurs, $SEEDS seeds, --back $BACK --ahead $AHEAD), built in ${build} s, RSS $((rss_kb / 1024)) MB ($((rss_kb * 1024 / names)) bytes/name)"

# ---- NSD with the same records ----
kdig @127.0.0.1 -p "$FEED_PORT" "$ZONE" AXFR +nostats > "$WORK/axfr.txt"
mkdir -p "$WORK/nsd"
# the AXFR's closing SOA repeats the first: drop it
awk '$4 == "SOA" && seen++ { next } !/^;/ && NF' "$WORK/axfr.txt" > "$WORK/nsd/$ZONE.zone"
NSD_PORT=$(port)
{ printf 'server:\n  ip-address: 127.0.0.1@%s\n  username: ""\n  zonesdir: "%s/nsd"\n' "$NSD_PORT" "$WORK"
  printf '  database: ""\n  zonelistfile: "%s/nsd/zone.list"\n  xfrdfile: "%s/nsd/xfrd.state"\n' "$WORK" "$WORK"
  printf '  pidfile: "%s/nsd/nsd.pid"\n  logfile: "%s/nsd/nsd.log"\n  verbosity: 0\n  do-ip6: no\n' "$WORK" "$WORK"
  printf 'remote-control:\n  control-enable: no\nzone:\n  name: "%s"\n  zonefile: %s.zone\n' "$ZONE" "$ZONE"
  printf '  provide-xfr: 127.0.0.1 NOKEY\n'
} > "$WORK/nsd/nsd.conf"
start=$(seconds)
nsd -d -c "$WORK/nsd/nsd.conf" > "$WORK/nsd/out" 2>&1 &
NSD_PID=$!
PIDS+=("$NSD_PID")
for _ in $(seq 1 3000); do
  dig +time=1 +tries=1 @127.0.0.1 -p "$NSD_PORT" "$ZONE" SOA +short 2>/dev/null | grep -q localhost && break
  kill -0 "$NSD_PID" || { cat "$WORK/nsd/out" >&2; exit 1; }
  sleep 0.1
done
nsd_load=$(awk -v s="$start" -v e="$(seconds)" 'BEGIN { printf "%.1f", e - s }')
nsd_kb=0
for p in "$NSD_PID" $(pgrep -P "$NSD_PID" || true); do
  nsd_kb=$((nsd_kb + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status")))
done
echo "nsd:  $(nsd -v 2>&1 | head -1), zone file loaded in ${nsd_load} s, RSS $((nsd_kb / 1024)) MB (all processes)"

# ---- AXFR, ROUNDS each, alternating ----
: > "$WORK/ours"; : > "$WORK/theirs"
for _ in $(seq 1 "$ROUNDS"); do
  axfr "$FEED_PORT" "$FEED_PID" "$WORK/a1" >> "$WORK/ours"
  axfr "$NSD_PORT" "$NSD_PID" "$WORK/a2" >> "$WORK/theirs"
done
for f in ours theirs; do
  wall=$(awk '{print $1}' "$WORK/$f" | median)
  cpu=$(awk '{print $2}' "$WORK/$f" | median)
  bytes=$(awk '{print $3}' "$WORK/$f" | median)
  eval "${f}_wall=$wall ${f}_cpu=$cpu ${f}_bytes=$bytes"
done
records_ours=$(sed -n 's/.*(\([0-9]*\) messages, \([0-9]*\) records).*/\2/p' "$WORK/a1")
records_nsd=$(sed -n 's/.*(\([0-9]*\) messages, \([0-9]*\) records).*/\2/p' "$WORK/a2")
printf '\nAXFR of %s names with kdig (median of %s):\n' "$names" "$ROUNDS"
printf '  %-10s %9s %11s %14s %9s\n' server wall_s server_cpu_s bytes records
printf '  %-10s %9s %11s %14s %9s\n' takedown "$ours_wall" "$ours_cpu" "$ours_bytes" "$records_ours"
printf '  %-10s %9s %11s %14s %9s\n' nsd "$theirs_wall" "$theirs_cpu" "$theirs_bytes" "$records_nsd"
awk -v a="$ours_wall" -v b="$theirs_wall" -v c="$ours_cpu" -v d="$theirs_cpu" -v e="$ours_bytes" -v f="$theirs_bytes" \
  'BEGIN { printf "  takedown/nsd: wall %.2fx, server CPU %.2fx, bytes %.2fx\n", a / b, (d > 0 ? c / d : 0), e / f }'

# ---- a day's slide, then IXFR against AXFR ----
old=$(dig +short @127.0.0.1 -p "$FEED_PORT" "$ZONE" SOA | awk '{print $3}')
echo 2026-12-05 > "$WORK/today"   # Necurs moves every 4 days: this slide changes one period
kill -HUP "$FEED_PID"
for _ in $(seq 1 600); do
  [ "$(dig +short @127.0.0.1 -p "$FEED_PORT" "$ZONE" SOA | awk '{print $3}')" != "$old" ] && break
  sleep 0.1
done
slide=$(grep 'slide to 2026-12-05' "$WORK/feed.err")
start=$(seconds)
kdig @127.0.0.1 -p "$FEED_PORT" "$ZONE" IXFR="$old" > "$WORK/ixfr"
ixfr_wall=$(awk -v s="$start" -v e="$(seconds)" 'BEGIN { printf "%.3f", e - s }')
ixfr_bytes=$(sed -n 's/^;; Received \([0-9]*\) B.*/\1/p' "$WORK/ixfr")
ixfr_records=$(sed -n 's/.*(\([0-9]*\) messages, \([0-9]*\) records).*/\2/p' "$WORK/ixfr")
a=$(axfr "$FEED_PORT" "$FEED_PID" "$WORK/a3")
printf '\nslide (4 days, one Necurs period): %s\n' "${slide#feed: }"
printf '  %-10s %9s %14s %9s\n' transfer wall_s bytes records
printf '  %-10s %9s %14s %9s\n' IXFR "$ixfr_wall" "$ixfr_bytes" "$ixfr_records"
printf '  %-10s %9s %14s %9s\n' AXFR "$(awk '{print $1}' <<<"$a")" "$(awk '{print $3}' <<<"$a")" \
  "$(sed -n 's/.*(\([0-9]*\) messages, \([0-9]*\) records).*/\2/p' "$WORK/a3")"
awk -v i="$ixfr_bytes" -v a="$(awk '{print $3}' <<<"$a")" -v t="$ixfr_wall" -v u="$(awk '{print $1}' <<<"$a")" \
  'BEGIN { printf "  IXFR/AXFR: bytes %.4fx, time %.4fx\n", i / a, t / u }'
