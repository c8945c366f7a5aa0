#!/usr/bin/env bash
# report.sh - `takedown report` speed and HyperLogLog error. Prints our figures beside the
# peers' from the same run, over the same files:
#   1. JSON lines (the sinkhole's log): events per second for `takedown report --by country`
#      (with country and ASN lookups) beside `grep -o src | sort -u | wc -l` (distinct
#      addresses only) and an awk script that counts distinct addresses per country from a
#      prefix table (what a responder writes today); the answers are compared.
#   2. dnstap (the binary log the sinkhole writes today): takedown beside
#      `dnstap-read | awk | sort -u | wc -l`.
#   3. HyperLogLog against exact counts at 10^4, 10^6 and 10^7 distinct addresses.
#   4. With --scale: 100 million events streamed through a pipe (no file), peak memory.
# Events come from bench/gen_events (a synthetic address plan whose country and ASN
# databases bench/plan_geo.pl writes with MaxMind's writer).
# Usage: bench/report.sh [BUILD_DIR] [--scale]   (EVENTS=5000000 DISTINCT=1000000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SCALE=${2:-}
TAKEDOWN=$BUILD/takedown
EVENTS=${EVENTS:-5000000}
DISTINCT=${DISTINCT:-1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export LC_ALL=C

# measure VAR COMMAND...: elapsed seconds in VAR, CPU seconds (user+sys) in CPU, peak RSS
# (KiB) in RSS; the command's output in $WORK/result.
measure() {
  local var=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" > "$WORK/result"
  read -r wall user sys RSS < "$WORK/time"
  printf -v "$var" '%s' "$wall"
  CPU=$(echo "$user + $sys" | bc -l)
}
rate() { echo "$EVENTS / $1" | bc -l; }
row() { printf "%-44s %12.0f %9.2f %9.2f %10d\n" "$1" "$(rate "$2")" "$2" "$3" "$4"; }
header() { printf "%-44s %12s %9s %9s %10s\n" "" "events/s" "wall s" "cpu s" "peak KiB"; }

"$BUILD/gen_events" --plan > "$WORK/plan.csv"
perl bench/plan_geo.pl "$WORK" < "$WORK/plan.csv"
GEO=(--geo-db "$WORK/country.mmdb" --asn-db "$WORK/asn.mmdb")
"$BUILD/gen_events" --count "$EVENTS" --distinct "$DISTINCT" > "$WORK/events.jsonl"
"$BUILD/gen_events" --count "$EVENTS" --distinct "$DISTINCT" --format dnstap > "$WORK/events.dnstap"
echo "$EVENTS events from up to $DISTINCT addresses: $(du -h "$WORK/events.jsonl" | cut -f1) JSON lines, $(du -h "$WORK/events.dnstap" | cut -f1) dnstap; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

echo
echo "== 1. JSON lines"
header
measure td_s "$TAKEDOWN" report "$WORK/events.jsonl" "${GEO[@]}" --by country --json --quiet
td_cpu=$CPU
td_total=$(jq .total.distinct "$WORK/result")
td_in=$(jq '.groups.country[] | select(.key == "IN") | .distinct' "$WORK/result")
row "takedown report --by country (+ASN lookup)" "$td_s" "$td_cpu" "$RSS"
measure sort_s sh -c "grep -o '\"src\":\"[^\"]*\"' '$WORK/events.jsonl' | sort -u | wc -l"
sort_cpu=$CPU
row "grep -o src | sort -u | wc -l" "$sort_s" "$sort_cpu" "$RSS"
sort_total=$(cat "$WORK/result")
measure awk_s awk -F'"src":"' 'NR == FNR { split($0, p, ","); plan[p[1]] = p[2]; next }
  { split($2, a, "\""); if (!(a[1] in seen)) { seen[a[1]] = 1; split(a[1], o, "."); n[plan[o[1] "." o[2]]]++ } }
  END { for (c in n) print c, n[c] }' "$WORK/plan.csv" "$WORK/events.jsonl"
awk_cpu=$CPU
row "awk, distinct per country" "$awk_s" "$awk_cpu" "$RSS"
awk_in=$(awk '$1 == "IN" { print $2 }' "$WORK/result")
printf "same answers: distinct %s (takedown) %s (sort -u); India %s (takedown) %s (awk)\n" \
  "$td_total" "$sort_total" "$td_in" "$awk_in"
[ "$td_total" = "$sort_total" ] && [ "$td_in" = "$awk_in" ] || { echo "ANSWERS DIFFER"; exit 1; }
printf "ratio, wall: %.1fx sort -u, %.1fx awk; cpu: %.1fx sort -u, %.1fx awk\n" \
  "$(echo "$sort_s / $td_s" | bc -l)" "$(echo "$awk_s / $td_s" | bc -l)" \
  "$(echo "$sort_cpu / $td_cpu" | bc -l)" "$(echo "$awk_cpu / $td_cpu" | bc -l)"

echo
echo "== 2. dnstap"
header
measure tap_s "$TAKEDOWN" report "$WORK/events.dnstap" "${GEO[@]}" --by country --json --quiet
tap_cpu=$CPU
tap_total=$(jq .total.distinct "$WORK/result")
row "takedown report --by country (+ASN lookup)" "$tap_s" "$tap_cpu" "$RSS"
measure read_s sh -c "dnstap-read '$WORK/events.dnstap' | awk '{ split(\$4, a, \":\"); print a[1] }' | sort -u | wc -l"
read_cpu=$CPU
row "dnstap-read | awk | sort -u | wc -l" "$read_s" "$read_cpu" "$RSS"
printf "same answers: distinct %s (takedown) %s (dnstap-read)\n" "$tap_total" "$(cat "$WORK/result")"
printf "ratio, wall: %.1fx; cpu: %.1fx\n" "$(echo "$read_s / $tap_s" | bc -l)" "$(echo "$read_cpu / $tap_cpu" | bc -l)"

echo
echo "== 3. HyperLogLog against exact counts"
"$BUILD/bench_hll"

if [ "$SCALE" = "--scale" ]; then
  echo
  echo "== 4. 100 million events through a pipe, 10 million distinct addresses"
  EVENTS=100000000
  measure big_s sh -c "'$BUILD/gen_events' --count $EVENTS --distinct 10000000 --days 30 | '$TAKEDOWN' report - ${GEO[*]} --by country,asn,day,family --json --quiet"
  printf "%.0f events/s (generator included), wall %.0f s, peak RSS of the pipeline's largest process %d MiB; distinct %s (%s)\n" \
    "$(rate "$big_s")" "$big_s" $((RSS / 1024)) "$(jq .total.distinct "$WORK/result")" \
    "$(jq -r 'if .total.exact then "exact" else "estimated" end' "$WORK/result")"
fi
