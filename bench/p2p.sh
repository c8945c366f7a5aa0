#!/usr/bin/env bash
# bench/p2p.sh - `takedown p2p analyze` at scale, beside igraph in the same run.
#
#   1. 1,000,000 bots and 100,000,000 observations (a synthetic Necurs-like botnet): wall
#      time, rows per second and peak memory of the whole analysis (read, build, PageRank,
#      64-source betweenness, ranking).
#   2. A smaller graph (100,000 bots, 10,000,000 observations): our PageRank beside
#      igraph's (python3-igraph, PRPACK) on the same edges, time ratio and the largest
#      difference between the two rank vectors.
#   3. A small graph (5,000 bots): our exact betweenness beside igraph's, and the error of
#      our 64-source approximation measured against the exact values.
#
# Sizes can be lowered for a quick look: BIG_NODES, BIG_OBS, MID_NODES, MID_OBS, SMALL_NODES.
# Needs about 7 GB of free disk in $TMPDIR for the default sizes. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
TAKEDOWN=${TAKEDOWN:-build/takedown}
PYTHON=${PYTHON:-/usr/bin/python3}
BIG_NODES=${BIG_NODES:-1000000}
BIG_OBS=${BIG_OBS:-100000000}
MID_NODES=${MID_NODES:-100000}
MID_OBS=${MID_OBS:-10000000}
SMALL_NODES=${SMALL_NODES:-5000}

[ -x "$TAKEDOWN" ] || { echo "bench/p2p: build first (make build)" >&2; exit 1; }
"$PYTHON" -c 'import igraph' 2>/dev/null || { echo "bench/p2p: needs python3-igraph (bootstrap.sh)" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/takedown-bench-p2p.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
free_kb=$(df -Pk "$WORK" | awk 'NR == 2 {print $4}')
need_kb=$((BIG_OBS * 70 / 1024))
[ "$free_kb" -gt "$need_kb" ] || { echo "bench/p2p: needs $((need_kb / 1024)) MiB free in $WORK" >&2; exit 1; }

# Wall seconds and peak RSS (KiB) of a command, from GNU time.
timed() {
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@"
  read -r WALL RSS < "$WORK/time"
}

echo "== 1. analysis of $BIG_NODES bots, $BIG_OBS observations"
timed "$TAKEDOWN" p2p generate --nodes "$BIG_NODES" --observations "$BIG_OBS" --seed 1 --out "$WORK/big.csv"
echo "   generated in $WALL s ($(du -m "$WORK/big.csv" | cut -f1) MiB of CSV)"
timed "$TAKEDOWN" p2p analyze "$WORK/big.csv" --no-geo --quiet --stats --json --top 10 \
  > "$WORK/big.json" 2> "$WORK/big.stats"
sed 's/^/   /' "$WORK/big.stats"
read -r nodes edges supers < <(jq -r '"\(.graph.nodes) \(.graph.edges) \(.super_nodes.count)"' "$WORK/big.json")
awk -v w="$WALL" -v r="$RSS" -v o="$BIG_OBS" -v n="$nodes" -v e="$edges" -v s="$supers" 'BEGIN {
  printf "   ours: %.1f s wall, %.2f M observations/s, peak RSS %.2f GiB; %d nodes seen, %d edges, %d super-nodes\n",
         w, o / w / 1e6, r / 1048576, n, e, s }'
rm -f "$WORK/big.csv"

echo "== 2. PageRank beside igraph: $MID_NODES bots, $MID_OBS observations (same run)"
"$TAKEDOWN" p2p generate --nodes "$MID_NODES" --observations "$MID_OBS" --seed 2 --out "$WORK/mid.csv"
timed "$TAKEDOWN" p2p analyze "$WORK/mid.csv" --no-geo --no-betweenness --quiet --stats \
  --edges-out "$WORK/mid-edges.csv" --format csv --top 0 > "$WORK/mid-nodes.csv" 2> "$WORK/mid.stats"
OURS_TOTAL=$WALL
OURS_PR=$(awk '/pagerank/ {print $3}' "$WORK/mid.stats")
OURS_IT=$(awk '/pagerank/ {gsub(/\(/, "", $5); print $5}' "$WORK/mid.stats")
cat > "$WORK/igraph_pagerank.py" <<'PY'
import sys, time, igraph
start = time.perf_counter()
ids, edges = {}, []
with open(sys.argv[1]) as f:
    next(f)
    for line in f:
        a, b = line.rstrip("\n").split(",")
        edges.append((ids.setdefault(a, len(ids)), ids.setdefault(b, len(ids))))
ours = {}
with open(sys.argv[2]) as f:
    next(f)
    for line in f:
        fields = line.split(",")
        ours[fields[1]] = float(fields[11])
for endpoint in ours:          # nodes without edges count too
    ids.setdefault(endpoint, len(ids))
g = igraph.Graph(n=len(ids), edges=edges, directed=True)
built = time.perf_counter()
rank = g.pagerank(damping=0.85, directed=True)
done = time.perf_counter()
diff = max(abs(rank[i] - ours[e]) for e, i in ids.items())
print(f"{done - built:.4f} {built - start:.2f} {diff:.3g} {g.vcount()} {g.ecount()}")
PY
read -r IG_PR IG_LOAD DIFF IG_N IG_E < <("$PYTHON" "$WORK/igraph_pagerank.py" "$WORK/mid-edges.csv" "$WORK/mid-nodes.csv")
awk -v ours="$OURS_PR" -v it="$OURS_IT" -v ig="$IG_PR" -v d="$DIFF" -v n="$IG_N" -v e="$IG_E" \
    -v total="$OURS_TOTAL" -v load="$IG_LOAD" 'BEGIN {
  printf "   graph: %d nodes, %d edges\n", n, e
  printf "   PageRank (damping 0.85): ours %.3f s (%d iterations), igraph %.3f s: igraph/ours = %.1fx; max |difference| %s\n",
         ours, it, ig, ig / ours, d
  printf "   end to end: ours %.1f s (read the observations, build, PageRank, write every node and edge); igraph %.1f s to read our edge list into a graph, then %.3f s\n",
         total, load, ig }'

echo "== 3. betweenness on $SMALL_NODES bots: exact beside igraph, and our approximation's error"
"$TAKEDOWN" p2p generate --nodes "$SMALL_NODES" --seed 3 --out "$WORK/small.csv"
timed "$TAKEDOWN" p2p analyze "$WORK/small.csv" --no-geo --quiet --stats --betweenness-samples 100000000 \
  --edges-out "$WORK/small-edges.csv" --format csv --top 0 > "$WORK/small-exact.csv" 2> "$WORK/small.stats"
OURS_BT=$(awk '/betweenness/ {print $8}' "$WORK/small.stats")
cat > "$WORK/igraph_betweenness.py" <<'PY'
import sys, time, igraph
ids, edges = {}, []
with open(sys.argv[1]) as f:
    next(f)
    for line in f:
        a, b = line.rstrip("\n").split(",")
        edges.append((ids.setdefault(a, len(ids)), ids.setdefault(b, len(ids))))
def rows(path):
    with open(path) as f:
        next(f)
        return {l.split(",")[1]: l.split(",") for l in f}
exact = rows(sys.argv[2])
for endpoint in exact:
    ids.setdefault(endpoint, len(ids))
g = igraph.Graph(n=len(ids), edges=edges, directed=True).as_undirected(mode="collapse")
start = time.perf_counter()
bt = g.betweenness(directed=False)
took = time.perf_counter() - start
worst = max(abs(bt[i] - float(exact[e][12])) / max(1.0, bt[i]) for e, i in ids.items())
print(f"{took:.3f} {worst:.3g}")
top = sorted(exact, key=lambda e: -float(exact[e][12]))[:20]
for path in sys.argv[3:]:
    approx = rows(path)
    rel = sorted(abs(float(approx[e][12]) - float(exact[e][12])) / float(exact[e][12]) for e in top)
    within = sum(abs(float(approx[e][12]) - float(exact[e][12])) <= 2 * float(approx[e][13]) for e in top)
    found = set(sorted(approx, key=lambda e: -float(approx[e][12]))[:20]) & set(top)
    print(f"{rel[len(rel) // 2]:.3f} {rel[-1]:.3f} {within} {len(found)}")
PY
SAMPLES="64 256"
for k in $SAMPLES; do
  "$TAKEDOWN" p2p analyze "$WORK/small.csv" --no-geo --quiet --betweenness-samples "$k" --format csv \
    --top 0 > "$WORK/small-approx-$k.csv"
done
"$PYTHON" "$WORK/igraph_betweenness.py" "$WORK/small-edges.csv" "$WORK/small-exact.csv" \
  $(for k in $SAMPLES; do echo "$WORK/small-approx-$k.csv"; done) > "$WORK/small-compare"
read -r IG_BT WORST < "$WORK/small-compare"
awk -v ours="$OURS_BT" -v ig="$IG_BT" -v w="$WORST" -v threads="$(nproc)" 'BEGIN {
  printf "   exact betweenness: ours %.3f s (%d threads), igraph %.3f s (1 thread): igraph/ours = %.1fx; max relative difference %s\n",
         ours, threads, ig, ig / ours, w }'
set -- $SAMPLES
tail -n +2 "$WORK/small-compare" | while read -r med max within found; do
  awk -v k="$1" -v med="$med" -v max="$max" -v within="$within" -v found="$found" 'BEGIN {
    printf "   %d-source approximation vs exact, top 20 nodes: median relative error %.1f%%, max %.1f%%, %d of 20 within 2 reported standard errors, %d of the exact top 20 in its top 20\n",
           k, med * 100, max * 100, within, found }'
  shift
done
