#!/usr/bin/env bash
# hunt.sh - how fast the hunt is, beside what people use today, measured in one run:
#
#   index build   every family with every known seed over two years: time, names, bytes
#                 per name, and the builder's memory;
#   lookups       names a second on one core: takedown's mapped index (one at a time, and
#                 batched), grep -F -x -f with the same names, and a Python set;
#   detection     names a second on one core scored by the built-in model, and by a
#                 freq.py-style character-pair score with entropy in Python;
#   end to end    `takedown match` over a file of queries, parsing included.
#
# The peers get exactly the names our index holds and the same queries. grep and Python
# need the index's names as a text file, so they are compared on a 60-day index (a two-year
# one takes grep minutes and gigabytes to compile); ours is measured on both.
# Usage: bench/hunt.sh [BUILD_DIR]   (default: build, made by `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
T=$BUILD/takedown
[ -x "$T" ] || { echo "hunt.sh: build first (make build)" >&2; exit 1; }
W=$(mktemp -d "${TMPDIR:-/tmp}/hunt-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export TAKEDOWN_SEEDS="$W/no-seeds"
BENIGN=${BENIGN:-../shared/data/benign}

# The benchmark program, against the library the build made.
libs=$(pkg-config --libs libcrypto zlib libpsl libfstrm libprotobuf-c)
cc -O2 -std=c17 -D_GNU_SOURCE -Iinclude bench/hunt_bench.c "$BUILD/libtakedown.a" $libs \
   -lpthread -lm -o "$W/hunt_bench"

seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }
now() { date +%s.%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }

today=$(date -u +%F)
from2=$(date -u -d "$today - 365 days" +%F)
to2=$(date -u -d "$today + 364 days" +%F)
from60=$(date -u -d "$today - 30 days" +%F)
to60=$(date -u -d "$today + 29 days" +%F)

echo "== index build: every family, every known seed, $from2 to $to2"
"$T" index build --from "$from2" --to "$to2" --out "$W/two-years.tki" --json --quiet > "$W/build2.json"
jq -r '"names \(.names), generated \(.generated), \(.sources) sources",
       "file \(.file_bytes) bytes: \(.bytes_per_name) bytes a name",
       "builder memory \(.build_memory_bytes) bytes (\(.build_memory_bytes / .names | floor) a name)",
       "build time \(.seconds) s"' "$W/build2.json"
"$T" index build --from "$from60" --to "$to60" --out "$W/sixty-days.tki" --json --quiet > "$W/build60.json"

# Queries: half names the index holds (generated for the 60 days), half benign names as
# resolvers see them (the Umbrella list as found), shuffled, one million in all.
"$T" predict --all-families --from "$from60" --to "$to60" --quiet > "$W/index-names.txt"
shuf -n 500000 --random-source=<(yes) -r "$W/index-names.txt" > "$W/q-dga.txt"
if [ -f "$BENIGN/umbrella_top100k_2026-07-24_original.txt" ]; then
  shuf -n 500000 --random-source=<(yes) -r "$BENIGN/umbrella_top100k_2026-07-24_original.txt" > "$W/q-benign.txt"
else
  sed 's/^/www./' "$W/q-dga.txt" > "$W/q-benign.txt"
fi
cat "$W/q-dga.txt" "$W/q-benign.txt" | shuf --random-source=<(yes) > "$W/queries.txt"
queries=$(wc -l < "$W/queries.txt")

echo
echo "== lookups of $queries queries (half in the index), one core"
"$W/hunt_bench" "$W/two-years.tki" "$W/queries.txt" > "$W/ours2.txt"
"$W/hunt_bench" "$W/sixty-days.tki" "$W/queries.txt" > "$W/ours60.txt"
ours2=$(awk '$1 == "lookups_per_second" { print $2 }' "$W/ours2.txt")
batched2=$(awk '$1 == "batched_lookups_per_second" { print $2 }' "$W/ours2.txt")
ours60=$(awk '$1 == "lookups_per_second" { print $2 }' "$W/ours60.txt")
batched60=$(awk '$1 == "batched_lookups_per_second" { print $2 }' "$W/ours60.txt")
hits60=$(awk '$1 == "lookup_hits" { print $2 }' "$W/ours60.txt")

s=$(now)
grep_hits=$(LC_ALL=C grep -c -F -x -f "$W/index-names.txt" "$W/queries.txt" || true)
e=$(now)
grep_rate=$(awk -v q="$queries" -v t="$(seconds "$s" "$e")" 'BEGIN { printf "%.0f", q / t }')

python3 - "$W/index-names.txt" "$W/queries.txt" > "$W/python.txt" <<'PY'
import sys, time
names = set(line.rstrip("\n") for line in open(sys.argv[1]))
queries = [line.rstrip("\n").lower() for line in open(sys.argv[2])]
start = time.perf_counter()
hits = sum(1 for q in queries if q in names)
elapsed = time.perf_counter() - start
print(hits, round(len(queries) / elapsed))
PY
read -r python_hits python_rate < "$W/python.txt"

printf '%-52s %14s %10s\n' "" "names/s" "takedown is"
printf '%-52s %14s\n' "takedown, two-year index ($(jq .names "$W/build2.json") names)" "$ours2"
printf '%-52s %14s\n' "takedown, two-year index, batched" "$batched2"
printf '%-52s %14s\n' "takedown, 60-day index ($(jq .names "$W/build60.json") names)" "$ours60"
printf '%-52s %14s\n' "takedown, 60-day index, batched" "$batched60"
printf '%-52s %14s %10s\n' "grep -F -x -f, same 60-day names (compile included)" "$grep_rate" "$(ratio "$ours60" "$grep_rate")"
printf '%-52s %14s %10s\n' "Python set, same 60-day names (lookups only)" "$python_rate" "$(ratio "$ours60" "$python_rate")"
[ "$hits60" = "$grep_hits" ] && [ "$hits60" = "$python_hits" ] \
  || echo "note: hits differ: takedown $hits60, grep $grep_hits, Python $python_hits (case: takedown and Python fold it, grep -x does not)"

echo
echo "== detection, one core"
# The peer is what hunters script today: a freq.py-style score (the mean probability of each
# character after the one before, from the benign lists' labels) with Shannon entropy, in
# Python, on the same queries' second-level labels (no public-suffix lookup, which would
# only slow it down). Scoring time only, CPU time of the process.
ours_detect=$(awk '$1 == "scores_per_second" { print $2 }' "$W/ours2.txt")
python3 - "$BENIGN" "$W/queries.txt" > "$W/python-detect.txt" <<'PY'
import glob, math, sys, time
from collections import Counter
pairs, firsts = Counter(), Counter()
for path in glob.glob(sys.argv[1] + "/*registrable*.txt"):
    for line in open(path):
        label = line.strip().lower().split(".")[0]
        firsts.update(label[:-1])
        pairs.update(zip(label, label[1:]))
queries = [line.rstrip("\n").lower() for line in open(sys.argv[2])]
def score(name):
    parts = name.split(".")
    label = parts[-2] if len(parts) > 1 else parts[0]
    if len(label) < 2:
        return 0.0, 0.0
    freq = sum(pairs[p] / (firsts[p[0]] or 1) for p in zip(label, label[1:])) / (len(label) - 1)
    counts = Counter(label)
    entropy = -sum(c / len(label) * math.log2(c / len(label)) for c in counts.values())
    return freq, entropy
start = time.process_time()
flagged = 0
for q in queries:
    freq, entropy = score(q)
    flagged += freq < 0.05 and entropy > 3.0
print(round(len(queries) / (time.process_time() - start)))
PY
python_detect=$(cat "$W/python-detect.txt")
printf '%-52s %14s %10s\n' "" "names/s" "takedown is"
printf '%-52s %14s\n' "takedown detect (PSL split, 23 features, 96 trees)" "$ours_detect"
printf '%-52s %14s %10s\n' "Python freq.py-style pair score and entropy" "$python_detect" "$(ratio "$ours_detect" "$python_detect")"

echo
echo "== end to end: takedown match --index (reading and parsing included)"
s=$(now)
"$T" match --index "$W/two-years.tki" --format csv "$W/queries.txt" > /dev/null
e=$(now)
awk -v q="$queries" -v t="$(seconds "$s" "$e")" 'BEGIN { printf "%d queries in %.2f s: %.0f names/s\n", q, t, q / t }'
