#!/usr/bin/env bash
# hunt_hosts.sh - how fast `takedown hunt hosts` is, beside `takedown match` on the same
# resolver log in the same run:
#
#   aggregation   records a second on one core into the host hunt (tk_hosts_add and the
#                 clusters and verdicts at the end), the log read into memory beforehand;
#   end to end    `takedown hunt hosts` and `takedown match --index --detect` over the same
#                 Unbound log-replies file, reading and parsing included; wall time and
#                 peak memory.
#
# The log: CLIENTS clients (10.x.y.z) asking for Umbrella FQDNs by Zipf popularity with
# 3 % NXDOMAIN noise, and BOTS hosts walking a list of DGA-like names, QUERIES lines in all.
# Usage: bench/hunt_hosts.sh [BUILD_DIR]   (QUERIES=2000000 CLIENTS=20000 BOTS=50)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
T=$BUILD/takedown
[ -x "$T" ] || { echo "hunt_hosts.sh: build first (make build)" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/hunt-hosts-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export TAKEDOWN_SEEDS="$W/no-seeds"
BENIGN=${BENIGN:-../shared/data/benign}
QUERIES=${QUERIES:-2000000}
CLIENTS=${CLIENTS:-20000}
BOTS=${BOTS:-50}

libs=$(pkg-config --libs libcrypto zlib libpsl libfstrm libprotobuf-c libzstd)
cc -O2 -std=c17 -D_GNU_SOURCE -Iinclude bench/hunt_hosts_bench.c "$BUILD/libtakedown.a" $libs \
   -lpthread -lm -o "$W/hunt_hosts_bench"

today=$(date -u +%F)
"$T" predict necurs --date "$today" > "$W/dga.txt"
python3 - "$BENIGN/umbrella_top100k_2026-07-24_original.txt" "$W/dga.txt" "$QUERIES" \
  "$CLIENTS" "$BOTS" > "$W/unbound.log" <<'PY'
import random, sys
fqdns = [l.strip() for l in open(sys.argv[1]) if l.strip()]
dga = [l.strip() for l in open(sys.argv[2]) if l.strip()]
queries, clients, bots = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(16)
weights = [1.0 / (i + 1) for i in range(len(fqdns))]
names = rng.choices(fqdns, weights, k=queries)
t0 = 1795824000
out = sys.stdout
for i, name in enumerate(names):
    t = t0 + i * 86400 // queries
    if i % 100 < 1:  # the bots' walks: 1 % of the queries
        b = rng.randrange(bots)
        out.write(f"[{t}] unbound[1:0] info: 172.16.0.{b} {dga[(i // 100) % len(dga)]}. A IN NXDOMAIN 0.000000 0 45\n")
        continue
    c = rng.randrange(clients)
    rcode = "NOERROR"
    if i % 100 < 4:  # 3 % noise: typos
        name = name[:-5] + "x" + name[-4:]
        rcode = "NXDOMAIN"
    out.write(f"[{t}] unbound[1:0] info: 10.{c >> 16 & 255}.{c >> 8 & 255}.{c & 255} {name}. A IN {rcode} 0.000000 0 45\n")
PY
lines=$(wc -l < "$W/unbound.log")
"$T" index build --families necurs --from "$today" --days 1 --out "$W/idx.tki" --quiet

echo "== aggregation, one core ($lines records in memory)"
read -r records secs rate clients names < <("$W/hunt_hosts_bench" "$W/unbound.log")
printf '%-48s %12s records/s  (%s clients, %s candidate names, %s s)\n' "tk_hosts_add + finish" \
  "$rate" "$clients" "$names" "$secs"

echo
echo "== end to end, same log, same run (reading and parsing included; rate per CPU second)"
# CPU seconds (user + system) rather than wall time: the machine may be shared.
run() {
  /usr/bin/time -f "%U %S %e %M" "$@" > /dev/null 2> "$W/time" || { cat "$W/time"; exit 1; }
  tail -1 "$W/time" | awk '{ printf "%.2f %s %s\n", $1 + $2, $3, $4 }'
}
read -r hunt_cpu hunt_wall hunt_kb < <(run "$T" hunt hosts --format json --quiet "$W/unbound.log")
read -r match_cpu match_wall match_kb < <(run "$T" match --index "$W/idx.tki" --detect --format json --quiet "$W/unbound.log")
rate_of() { awk -v n="$lines" -v s="$1" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
printf '%-36s %12s records/s  cpu %6s s  wall %6s s  %8s KiB\n' "takedown hunt hosts" \
  "$(rate_of "$hunt_cpu")" "$hunt_cpu" "$hunt_wall" "$hunt_kb"
printf '%-36s %12s records/s  cpu %6s s  wall %6s s  %8s KiB\n' "takedown match --index --detect" \
  "$(rate_of "$match_cpu")" "$match_cpu" "$match_wall" "$match_kb"
awk -v a="$match_cpu" -v b="$hunt_cpu" 'BEGIN { if (b > 0) printf "hunt hosts / match: %.2fx the rate of match\n", a / b }'
