#!/usr/bin/env bash
# match.sh - `takedown match` without an index over a long window, beside what people do
# today, measured in one run on the same names:
#
#   streamed  100,000 undated names (50,000 DGA names predicted from a few families at
#             random days of the window, 50,000 popular domains) against every family,
#             variant and known seed over FROM..TO: wall, peak RSS, names generated a second;
#   peer      `takedown predict` of every family, variant and known seed, piped to
#             `grep -F -x -f` with the same names (what one can do without `match`; it
#             neither attributes nor leaves out the popular domains), and
#   old       `match` of a takedown from before the streaming path (OLD_TAKEDOWN, optional),
#             which held every name of the window in memory,
#             both over the first PEER_DAYS days only (they take minutes and gigabytes over
#             years), beside ours over the same days.
#
# Usage: bench/match.sh [BUILD_DIR]   (default: build, made by `make build`)
#   FROM, TO (default 2012-01-01, 2020-12-31), PEER_DAYS (default 90), OLD_TAKEDOWN (a binary)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
T=$BUILD/takedown
[ -x "$T" ] || { echo "match.sh: build first (make build)" >&2; exit 1; }
FROM=${FROM:-2012-01-01}
TO=${TO:-2020-12-31}
PEER_DAYS=${PEER_DAYS:-90}
BENIGN=${BENIGN:-../shared/data/benign}
W=$(mktemp -d "${TMPDIR:-/tmp}/match-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export TAKEDOWN_SEEDS="$W/no-seeds"
[ -x /usr/bin/time ] || { echo "match.sh: needs GNU time (/usr/bin/time)" >&2; exit 1; }

peer_to=$(date -u -d "$FROM + $((PEER_DAYS - 1)) days" +%F)
days=$(( ($(date -u -d "$TO" +%s) - $(date -u -d "$FROM" +%s)) / 86400 + 1 ))

# The names: 300 a day of each family on 40 days drawn with a fixed seed, then 50,000 of
# them; 50,000 popular domains as found (or, without the benign lists, their names with www.).
RANDOM=7
for f in necurs conficker locky suppobox pykspa ranbyus cryptolocker murofet; do
  for _ in $(seq 1 40); do
    d=$(date -u -d "$FROM + $(( (RANDOM * 32768 + RANDOM) % days )) days" +%F)
    "$T" predict "$f" --all-seeds --date "$d" 2>/dev/null | shuf -n 300 --random-source=<(yes "$d")
  done
done | sort -u | shuf -n 50000 --random-source=<(yes) > "$W/dga.txt"
if [ -f "$BENIGN/alexa_top100k_2015_original.csv" ]; then
  cut -d, -f2 "$BENIGN/alexa_top100k_2015_original.csv" | shuf -n 50000 --random-source=<(yes) \
    > "$W/benign.txt"
else
  sed 's/^/www./' "$W/dga.txt" > "$W/benign.txt"
fi
cat "$W/dga.txt" "$W/benign.txt" | shuf --random-source=<(yes) > "$W/names.txt"
names=$(wc -l < "$W/names.txt")

# timed FILE CMD...: runs CMD, keeps its stdout in FILE.out, stderr in FILE.err and
# "wall_seconds peak_rss_kb" in FILE.time.
timed() {
  local file=$1; shift
  /usr/bin/time -f "%e %M" -o "$file.time" "$@" > "$file.out" 2> "$file.err" \
    || { echo "match.sh: '$*' failed: $(tail -3 "$file.err")" >&2; exit 1; }
}
wall() { cut -d' ' -f1 "$1.time"; }
rss_mb() { awk '{ printf "%.0f", $2 / 1024 }' "$1.time"; }
generated() { sed -n 's/.*they generated \([0-9]*\) names.*/\1/p' "$1.err"; }
rate() {
  awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.2f", n / t / 1e6; else print "n/a" }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }
matched() { jq '.names | length' "$1.out"; }

echo "== $names names ($(wc -l < "$W/dga.txt") DGA, $(wc -l < "$W/benign.txt") popular)," \
  "every family and known seed, $(nproc) cores"
timed "$W/full" "$T" match --from "$FROM" --to "$TO" --format json "$W/names.txt"
printf '%-44s %8s s %6s MB  %6s M names/s  %s names attributed\n' \
  "streamed, $FROM..$TO ($days days)" "$(wall "$W/full")" "$(rss_mb "$W/full")" \
  "$(rate "$(generated "$W/full")" "$(wall "$W/full")")" "$(matched "$W/full")"
echo "  ($(generated "$W/full") names generated)"

echo
echo "== the same names over $FROM..$peer_to ($PEER_DAYS days)"
timed "$W/short" "$T" match --from "$FROM" --to "$peer_to" --format json "$W/names.txt"
short_wall=$(wall "$W/short")
printf '%-44s %8s s %6s MB  %6s M names/s  %s names attributed\n' "streamed (ours)" \
  "$short_wall" "$(rss_mb "$W/short")" "$(rate "$(generated "$W/short")" "$short_wall")" \
  "$(matched "$W/short")"

"$T" families --json | jq -r '.[] | .name as $f | .variants[] | "\($f) \(.name)"' \
  > "$W/variants.txt"
cat > "$W/peer.sh" <<EOF
set -o pipefail
while read -r family variant; do
  "$T" predict "\$family" --variant "\$variant" --all-seeds --from "$FROM" --to "$peer_to" \\
    --all-occurrences --quiet 2>/dev/null || true
done < "$W/variants.txt" | LC_ALL=C grep -F -x -f "$W/names.txt" | LC_ALL=C sort -u
EOF
timed "$W/peer" bash "$W/peer.sh"
printf '%-44s %8s s %6s MB  %8s slower  %s names found\n' "predict | grep -F -x -f (peer)" \
  "$(wall "$W/peer")" "$(rss_mb "$W/peer")" "$(ratio "$(wall "$W/peer")" "$short_wall")" \
  "$(wc -l < "$W/peer.out")"

if [ -n "${OLD_TAKEDOWN:-}" ]; then
  timed "$W/old" "$OLD_TAKEDOWN" match --from "$FROM" --to "$peer_to" --format json --quiet \
    "$W/names.txt"
  printf '%-44s %8s s %6s MB  %8s slower  %s names attributed\n' "in-memory index (old match)" \
    "$(wall "$W/old")" "$(rss_mb "$W/old")" "$(ratio "$(wall "$W/old")" "$short_wall")" \
    "$(matched "$W/old")"
  if cmp -s <(jq -c .names "$W/old.out") <(jq -c .names "$W/short.out"); then
    echo "  the old and the streamed match attribute the same names the same way"
  else
    echo "  the old and the streamed match DIFFER"
  fi
else
  echo "(OLD_TAKEDOWN unset: no row for the old in-memory match)"
fi
