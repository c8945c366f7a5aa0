#!/usr/bin/env bash
# predict.sh - prediction speed. Prints our figures beside the peer's from the same run:
#   1. Necurs names per second on one core: takedown vs a plain Python implementation
#      (bench/peers/necurs.py, the kind of script responders run today);
#   2. 15 Necurs seeds x 25 months (about 6.1 million names), de-duplicated, written as RPZ:
#      wall time and peak RSS, all cores;
#   3. names per second per family (one core, every known seed, 30 days; bench_families);
#   4. the combined block list of every family and known seed over 25 months.
# Usage: bench/predict.sh [path/to/takedown]
set -euo pipefail
cd "$(dirname "$0")/.."
TAKEDOWN=${1:-build/takedown}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# seconds VAR COMMAND...: runs COMMAND, stores elapsed seconds in VAR and peak RSS (KiB) in RSS
seconds() {
  local var=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@"
  read -r "$var" RSS < "$WORK/time"
}

echo "== 1. Necurs on one core"
py_names=2048
seconds py_s python3 bench/peers/necurs.py 2020-03-01 $py_names > /dev/null
td_names=$((2048 * 8 * 12))
seconds td_s "$TAKEDOWN" predict necurs --from 2020-01-01 --to 2020-12-31 --all-occurrences --threads 1 --quiet > "$WORK/n"
[ "$(wc -l < "$WORK/n")" -eq $td_names ] || { echo "unexpected name count"; exit 1; }
py_rate=$(echo "$py_names / $py_s" | bc -l)
td_rate=$(echo "$td_names / $td_s" | bc -l)
printf "%-34s %14s %14s %10s\n" "" "takedown" "python peer" "ratio"
printf "%-34s %14.0f %14.0f %9.0fx\n" "Necurs names/s, one core" "$td_rate" "$py_rate" "$(echo "$td_rate / $py_rate" | bc -l)"

echo
echo "== 2. 15 seeds x 25 months, de-duplicated, as RPZ (all $(nproc) cores)"
seconds all_s "$TAKEDOWN" predict necurs --from 2020-03-01 --to 2022-03-31 --magic "$(seq -s, 1 15)" --format rpz --out "$WORK/n15.rpz" --quiet
records=$(grep -c ' CNAME \.$' "$WORK/n15.rpz")
printf "names %d, wall %.2f s, peak RSS %d MiB, %.0f names/s; python peer would need %.0f s (%.0fx)\n" \
  "$records" "$all_s" $((RSS / 1024)) "$(echo "$records / $all_s" | bc -l)" \
  "$(echo "$records / $py_rate" | bc -l)" "$(echo "$records / $py_rate / $all_s" | bc -l)"

echo
echo "== 3. names per second per family (one core, every known seed, 30 days from 2020-03-01)"
"$(dirname "$TAKEDOWN")/bench_families" 2020-03-01 30

echo
echo "== 4. every family and known seed, 2020-03-01 to 2022-03-31, combined RPZ"
seconds c_s "$TAKEDOWN" predict --all-families --from 2020-03-01 --to 2022-03-31 --format rpz --out "$WORK/all.rpz" --quiet
printf "names %d, wall %.2f s, peak RSS %d MiB\n" "$(grep -c ' CNAME \.$' "$WORK/all.rpz")" "$c_s" $((RSS / 1024))
