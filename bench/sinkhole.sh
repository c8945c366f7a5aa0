#!/usr/bin/env bash
# bench/sinkhole.sh - `takedown sinkhole` beside NSD, Knot DNS and Unbound on this machine,
# in one run, all on loopback, each with the same number of worker threads:
#   1. dnsperf queries per second and latency against 200,000 served names, with a
#      100 %-hit query mix and a 50 %-miss mix (misses: names in the same TLDs, not served);
#   2. startup time (launch to first answer) and memory (RSS and PSS of all the server's
#      processes) with 1 million and 6 million names.
# Names come from `takedown predict necurs` (real DGA names over ~40 TLDs). NSD and Knot
# serve one zone per TLD holding the names as A records; Unbound serves them as local-data
# with every other name refused (so it never recurses). Every server is started here on a
# random high port and stopped at the end. Not part of `make test`.
#
# usage: bench/sinkhole.sh [TAKEDOWN-BINARY]   env: WORKERS (1), SECONDS_PER_RUN (5), ROUNDS (3),
#        SIZES ("1000000 6000000"), WITH_LOG (1: also run takedown with a JSON-lines log)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TAKEDOWN=${1:-$ROOT/build/takedown}
WORKERS=${WORKERS:-1}
RUN=${SECONDS_PER_RUN:-5}
ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-"1000000 6000000"}
WITH_LOG=${WITH_LOG:-1}
SERVED=200000
WORK=$(mktemp -d /tmp/takedown-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in dnsperf nsd knotd unbound dig python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing (run ./bootstrap.sh)" >&2; exit 1; }
done
[ -x "$TAKEDOWN" ] || { echo "bench: $TAKEDOWN not built (make build)" >&2; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# names N FILE: the first N distinct necurs names from 2020-01-01 on.
names() {
  local n=$1 days=$(( $1 / 500 + 8 ))
  "$TAKEDOWN" predict necurs --from 2020-01-01 --days "$days" --format list --quiet \
    --out "$WORK/predicted.txt"
  awk -v n="$n" '!/^#/ && c < n {print; c++}' "$WORK/predicted.txt" > "$2"
  rm -f "$WORK/predicted.txt"
}

# zones LIST DIR: one zone file per TLD (names as A records) and the list of TLDs.
zones() {
  python3 - "$1" "$2" <<'PY'
import os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
files = {}
with open(src) as f:
    for line in f:
        name = line.strip()
        label, tld = name.rsplit('.', 1)
        if tld not in files:
            z = open(os.path.join(out, tld + '.zone'), 'w')
            z.write(f'$ORIGIN {tld}.\n$TTL 300\n@ SOA ns.sinkhole.invalid. hostmaster.sinkhole.invalid. 1 3600 600 604800 60\n@ NS ns.sinkhole.invalid.\n')
            files[tld] = z
        files[tld].write(f'{label} A 192.0.2.1\n')
for z in files.values():
    z.close()
with open(os.path.join(out, 'tlds'), 'w') as t:
    t.write('\n'.join(sorted(files)) + '\n')
PY
}

port() { echo $((20000 + RANDOM % 30000)); }

# mem PID FIELD: the sum of FIELD (Rss or Pss, KiB) over PID and its children. PSS splits
# pages shared between NSD's forked processes instead of counting them in each.
mem() {
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do
    if [ -r "/proc/$p/smaps_rollup" ]; then
      total=$((total + $(awk -v f="$2:" '$1 == f {print $2}' "/proc/$p/smaps_rollup")))
    fi
  done
  echo "$total"
}

# start SERVER DIR LIST PORT [ZONES]: launches one server; its pid is in STARTED.
start() {
  local server=$1 dir=$2 list=$3 p=$4 extra=${5:-}
  mkdir -p "$dir"
  case $server in
    takedown|takedown+log)
      local log=()
      [ "$server" = takedown+log ] && log=(--log "$dir/log")
      "$TAKEDOWN" sinkhole --dns 127.0.0.1:"$p" --names "$list" --answer-a 192.0.2.1 \
        --workers "$WORKERS" "${log[@]}" >"$dir/out" 2>"$dir/err" &
      ;;
    nsd)
      { printf 'server:\n  ip-address: 127.0.0.1@%s\n  server-count: %s\n  username: ""\n' "$p" "$WORKERS"
        printf '  zonesdir: "%s"\n  database: ""\n  zonelistfile: "%s/zone.list"\n' "$extra" "$dir"
        printf '  xfrdfile: "%s/xfrd.state"\n  pidfile: "%s/nsd.pid"\n  logfile: "%s/nsd.log"\n' "$dir" "$dir" "$dir"
        printf '  verbosity: 0\n  do-ip6: no\n  tcp-count: 100\nremote-control:\n  control-enable: no\n'
        while read -r t; do printf 'zone:\n  name: %s\n  zonefile: %s.zone\n' "$t" "$t"; done < "$extra/tlds"
      } > "$dir/nsd.conf"
      nsd -d -c "$dir/nsd.conf" >"$dir/out" 2>"$dir/err" &
      ;;
    knot)
      { printf 'server:\n  rundir: "%s"\n  listen: 127.0.0.1@%s\n' "$dir" "$p"
        printf '  udp-workers: %s\n  tcp-workers: 1\n  background-workers: 1\n' "$WORKERS"
        printf 'database:\n  storage: "%s/db"\nlog:\n  - target: stderr\n    any: error\n' "$dir"
        printf 'template:\n  - id: default\n    storage: "%s"\n    zonefile-sync: -1\n' "$extra"
        printf '    journal-content: none\n    semantic-checks: off\nzone:\n'
        while read -r t; do printf '  - domain: %s\n    file: %s.zone\n' "$t" "$t"; done < "$extra/tlds"
      } > "$dir/knot.conf"
      knotd -c "$dir/knot.conf" >"$dir/out" 2>"$dir/err" &
      ;;
    unbound)
      { printf 'server:\n  interface: 127.0.0.1\n  port: %s\n  num-threads: %s\n' "$p" "$WORKERS"
        printf '  do-daemonize: no\n  username: ""\n  chroot: ""\n  directory: "%s"\n' "$dir"
        printf '  pidfile: "%s/unbound.pid"\n  use-syslog: no\n  logfile: ""\n  verbosity: 0\n' "$dir"
        printf '  access-control: 127.0.0.0/8 allow\n  do-ip6: no\n  local-zone: "." refuse\n'
        sed 's/.*/  local-zone: "&." redirect\n  local-data: "&. 300 A 192.0.2.1"/' "$list"
        printf 'forward-zone:\n  name: "."\n  forward-addr: 127.0.0.1@1\n'
      } > "$dir/unbound.conf"
      unbound -c "$dir/unbound.conf" >"$dir/out" 2>"$dir/err" &
      ;;
  esac
  STARTED=$!
  PIDS+=("$STARTED")
}

# wait_answer PORT NAME: seconds until NAME gets an A answer (gives up after 600 s).
wait_answer() {
  local start now
  start=$(date +%s.%N)
  for _ in $(seq 1 6000); do
    if [ "$(dig +short +time=1 +tries=1 @127.0.0.1 -p "$1" "$2" A 2>/dev/null)" = 192.0.2.1 ]; then
      now=$(date +%s.%N)
      awk -v a="$start" -v b="$now" 'BEGIN{printf "%.2f", b - a}'
      return 0
    fi
    sleep 0.1
  done
  echo "bench: no answer for $2 on port $1" >&2
  return 1
}

stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# perf PORT QUERIES PID: "qps latency_ms cpu_us" from one bounded dnsperf run: queries per
# second, mean latency, and the server's CPU microseconds per answered query (dnsperf shares
# the two cores, so queries per second bound every server alike; CPU per query does not).
perf() {
  local before after
  before=$(cpu_ticks "$3")
  dnsperf -s 127.0.0.1 -p "$1" -d "$2" -l "$RUN" -c 8 -q 256 > "$WORK/perf.out" 2>&1
  after=$(cpu_ticks "$3")
  read -r q l n < <(awk '/Queries per second:/{q=$4} /Average Latency/{l=$4*1000}
    /Queries completed:/{n=$3} END{printf "%.0f %.3f %d\n", q, l, n}' "$WORK/perf.out")
  echo "$q $l $(cpu_us_per $((after - before)) "$n")"
}

servers=(takedown nsd knot unbound)
[ "$WITH_LOG" = 1 ] && servers=(takedown takedown+log nsd knot unbound)

echo "takedown sinkhole benchmark: $(nproc) cores, $WORKERS worker thread(s) per server, dnsperf ${RUN}s per run, loopback only"
echo "peers: $(nsd -v 2>&1 | head -1), knotd $(knotd -V | awk '{print $NF}'), unbound $(unbound -V | awk 'NR==1{print $2}')"

names "$SERVED" "$WORK/served.txt"
zones "$WORK/served.txt" "$WORK/zones-served"
python3 - "$WORK/served.txt" "$WORK" <<'PY'
import random, sys
random.seed(7)
names = [l.strip() for l in open(sys.argv[1])]
served = set(names)
tlds = sorted({n.rsplit('.', 1)[1] for n in names})
hits = random.sample(names, 100000)
misses = []
while len(misses) < 50000:
    n = ''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(random.randint(12, 20))) + '.' + random.choice(tlds)
    if n not in served:
        misses.append(n)
with open(sys.argv[2] + '/q_hit.txt', 'w') as f:
    f.writelines(f'{n} A\n' for n in hits)
mixed = hits[:50000] + misses
random.shuffle(mixed)
with open(sys.argv[2] + '/q_miss.txt', 'w') as f:
    f.writelines(f'{n} A\n' for n in mixed)
PY
probe=$(head -1 "$WORK/served.txt")

echo
echo "== queries per second, $SERVED names served (100% hits / 50% misses)"
echo "   median of $ROUNDS rounds; each round runs every server in turn, so that load from"
echo "   outside the benchmark falls on all of them alike"
declare -A HITS MISSES HLAT MLAT HCPU MCPU
for round in $(seq 1 "$ROUNDS"); do
  for s in "${servers[@]}"; do
    p=$(port)
    start "$s" "$WORK/run-$s-$round" "$WORK/served.txt" "$p" "$WORK/zones-served"
    pid=$STARTED
    wait_answer "$p" "$probe" >/dev/null
    read -r hq hl hc < <(perf "$p" "$WORK/q_hit.txt" "$pid")
    read -r mq ml mc < <(perf "$p" "$WORK/q_miss.txt" "$pid")
    stop "$pid"
    HITS[$s]="${HITS[$s]:-} $hq"; HLAT[$s]="${HLAT[$s]:-} $hl"
    MISSES[$s]="${MISSES[$s]:-} $mq"; MLAT[$s]="${MLAT[$s]:-} $ml"
    HCPU[$s]="${HCPU[$s]:-} $hc"; MCPU[$s]="${MCPU[$s]:-} $mc"
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
printf '%-14s %12s %10s %10s %12s %10s %10s   %s\n' server hit_qps hit_ms hit_cpu_us \
  miss_qps miss_ms miss_cpu_us "hit qps per round"
declare -A HIT MISS HC MC
for s in "${servers[@]}"; do
  HIT[$s]=$(median "${HITS[$s]}")
  MISS[$s]=$(median "${MISSES[$s]}")
  HC[$s]=$(median "${HCPU[$s]}")
  MC[$s]=$(median "${MCPU[$s]}")
  printf '%-14s %12s %10s %10s %12s %10s %10s  %s\n' "$s" "${HIT[$s]}" "$(median "${HLAT[$s]}")" \
    "${HC[$s]}" "${MISS[$s]}" "$(median "${MLAT[$s]}")" "${MC[$s]}" "${HITS[$s]}"
done
best_hit=0 best_miss=0 best_hit_name="" best_miss_name=""
for s in nsd knot unbound; do
  if [ "${HIT[$s]}" -gt "$best_hit" ]; then best_hit=${HIT[$s]}; best_hit_name=$s; fi
  if [ "${MISS[$s]}" -gt "$best_miss" ]; then best_miss=${MISS[$s]}; best_miss_name=$s; fi
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b ? a / b : 0}'; }
printf 'takedown / best peer: hits %sx (%s), 50%% misses %sx (%s)\n' \
  "$(ratio "${HIT[takedown]}" "$best_hit")" "$best_hit_name" \
  "$(ratio "${MISS[takedown]}" "$best_miss")" "$best_miss_name"
least_hit="" least_miss=""
for s in nsd knot unbound; do
  if [ -z "$least_hit" ] || awk -v a="${HC[$s]}" -v b="${HC[$least_hit]}" 'BEGIN{exit !(a < b)}'; then
    least_hit=$s
  fi
  if [ -z "$least_miss" ] || awk -v a="${MC[$s]}" -v b="${MC[$least_miss]}" 'BEGIN{exit !(a < b)}'; then
    least_miss=$s
  fi
done
printf 'CPU per query, least-CPU peer / takedown: hits %sx (%s), 50%% misses %sx (%s)\n' \
  "$(ratio "${HC[$least_hit]}" "${HC[takedown]}")" "$least_hit" \
  "$(ratio "${MC[$least_miss]}" "${MC[takedown]}")" "$least_miss"

echo
echo "== startup (launch to first answer) and memory (RSS and PSS summed over the server's processes)"
printf '%-10s %-10s %10s %10s %10s %12s\n' names server startup_s RSS_MiB PSS_MiB PSS_B/name
for n in $SIZES; do
  names "$n" "$WORK/n$n.txt"
  zones "$WORK/n$n.txt" "$WORK/zones-$n"
  probe=$(tail -1 "$WORK/n$n.txt")
  declare -A MEM=()
  for s in takedown nsd knot unbound; do
    p=$(port)
    start "$s" "$WORK/mem-$s-$n" "$WORK/n$n.txt" "$p" "$WORK/zones-$n"
    pid=$STARTED
    t=$(wait_answer "$p" "$probe")
    kib=$(mem "$pid" Pss)
    rss=$(mem "$pid" Rss)
    stop "$pid"
    MEM[$s]=$kib
    printf '%-10s %-10s %10s %10s %10s %12s\n' "$n" "$s" "$t" "$(ratio "$rss" 1024)" \
      "$(ratio "$kib" 1024)" "$(ratio "$((kib * 1024))" "$n")"
  done
  least=${MEM[nsd]} least_name=nsd
  for s in knot unbound; do
    if [ "${MEM[$s]}" -lt "$least" ]; then least=${MEM[$s]}; least_name=$s; fi
  done
  printf 'takedown memory / smallest peer at %s names: %sx (%s)\n' "$n" \
    "$(ratio "${MEM[takedown]}" "$least")" "$least_name"
  rm -rf "$WORK/zones-$n" "$WORK/n$n.txt" "$WORK"/mem-*
done
