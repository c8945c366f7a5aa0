# exercise_fleet.sh - `takedown exercise --fleet` with a small population: two sinkhole nodes
# (HTTP and SMTP at one, DNS at the other), their binary logs shipped to a two-shard
# ClickHouse on loopback, the report computed by the cluster, checked against the
# simulation's truth figure by figure; both shippers sent every event, and no server is left
# running. Exit 77 (skip) without clickhouse-server.
source "$(dirname "$0")/lib.sh"
command -v clickhouse-server >/dev/null || { echo "clickhouse-server is not installed"; exit 77; }
OUT="$WORK/exercise"
"$TAKEDOWN" exercise --fleet --out "$OUT" --population 300 --days 2 --p2p-nodes 1000 --seed 5 \
  > "$WORK/log" 2>&1 || fail "exercise --fleet exited non-zero: $(tail -20 "$WORK/log")"
ok
grep -q '^   ok: \([0-9]*\) of \1 figures match what the simulation injected' "$WORK/log" \
  || fail "report check: $(grep -E 'FAIL' "$WORK/log" | head)"
grep -q 'ClickHouse shards on http://127.0.0.1:' "$WORK/log" || fail "no cluster in the log"
for node in a b; do
  grep -q '^shipped [1-9][0-9]* events .*(0 already there, 0 bad records' "$OUT/ship-$node.log" \
    || fail "node $node: $(cat "$OUT/ship-$node.log")"
  ok
done
[ "$(jq -r '.inputs | length' "$OUT/report.json")" = 0 ] || fail "the report read files"
ok
# Nothing left running: no server of this run.
pgrep -f "$OUT/clickhouse" >/dev/null && fail "a ClickHouse server of the exercise is still running"
ok
done_checks
