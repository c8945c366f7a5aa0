#!/usr/bin/env bash
# fleet.sh - the fleet over ClickHouse (docs/fleet.md), on loopback, same run:
#   1. events shipped per second per core of the shipper (`takedown fleet ship`, binary logs
#      into one local ClickHouse), and the server's CPU beside it;
#   2. report time on the same events: `report --source` over a two-shard cluster beside
#      `takedown report` over the binary files, as a ratio;
#   3. disk bytes per event: ClickHouse (compressed columns), the binary log, JSON lines.
# Events are gen_events' synthetic plan, turned into HTTP check-ins (hosts) and split in two
# sensors' logs of rotated files. Usage: bench/fleet.sh [BUILD_DIR]
# (EVENTS=4000000 DISTINCT=1000000 DAYS=7 by default; the issue's 100 M wants a bigger box)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
TAKEDOWN=$BUILD/takedown
EVENTS=${EVENTS:-4000000}
DISTINCT=${DISTINCT:-1000000}
DAYS=${DAYS:-7}
export LC_ALL=C
# The test helpers start and stop the servers (they need WORK, fail and free_port).
WORK=$(mktemp -d)
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    [ -z "$(ss -Htuan "( sport = :$port or dport = :$port )" 2>/dev/null)" ] && break
  done
  echo "$port"
}
source tests/cli/clickhouse_helpers.bash
trap 'stop_clickhouse; rm -rf "$WORK"' EXIT

# measure VAR COMMAND...: elapsed seconds in VAR, CPU seconds (user+sys) in CPU.
measure() {
  local var=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" > "$WORK/result"
  read -r wall user sys < "$WORK/time"
  printf -v "$var" '%s' "$wall"
  CPU=$(echo "$user + $sys" | bc -l)
}
div() { echo "scale=2; $1 / $2" | bc -l; }

"$BUILD/gen_events" --plan > "$WORK/plan.csv"
perl bench/plan_geo.pl "$WORK" < "$WORK/plan.csv"
GEO=(--geo-db "$WORK/country.mmdb" --asn-db "$WORK/asn.mmdb")
# Two sensors, each with its logs in four rotated binary files of time-sorted events.
for sensor in a b; do
  mkdir -p "$WORK/$sensor"
  "$BUILD/gen_events" --count $((EVENTS / 2)) --distinct "$DISTINCT" --days "$DAYS" \
    | sed 's/"sensor":"bench"/"sensor":"'$sensor'"/; s/"proto":"dns","transport":"udp"/"proto":"http","transport":"tcp"/; s/,"qtype":"A","rcode":"NOERROR"/,"http":{"method":"POST","path":"\/gate.php","version":"1.1","ua":"bot\/1","status":200,"body_bytes":0}/' \
    | sort -t'"' -k6,6 > "$WORK/$sensor.jsonl"
  split -n l/4 -d "$WORK/$sensor.jsonl" "$WORK/$sensor/part-"
  for part in "$WORK/$sensor"/part-*; do
    "$TAKEDOWN" events convert "$part" --to binary --out "$WORK/$sensor/events-2020030${part##*-}T000000Z.tkev"
    rm "$part"
  done
done
echo "$EVENTS events ($DISTINCT addresses, $DAYS days), two sensors; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

start_clickhouse 2
echo "ClickHouse $(ch_query 1 'SELECT version()'), two servers on loopback"
"$TAKEDOWN" fleet schema --apply "http://127.0.0.1:$CH_HTTP_1" --apply "http://127.0.0.1:$CH_HTTP_2"

echo
echo "== 1. shipping binary logs into a local ClickHouse (sensor a -> shard 1, b -> shard 2)"
server_before=$(awk '{print $14 + $15}' "/proc/$(pgrep -P "$CH_PID_1")/stat")
measure ship_s "$TAKEDOWN" fleet ship --once --to "http://127.0.0.1:$CH_HTTP_1/takedown" "${GEO[@]}" "$WORK/a"
ship_cpu=$CPU
server_cpu=$(echo "($(awk '{print $14 + $15}' "/proc/$(pgrep -P "$CH_PID_1")/stat") - $server_before) / $(getconf CLK_TCK)" | bc -l)
cat "$WORK/result"
"$TAKEDOWN" fleet ship --once --to "http://127.0.0.1:$CH_HTTP_2/takedown" "${GEO[@]}" "$WORK/b" > /dev/null
half=$((EVENTS / 2))
printf "%-52s %12s %9s %9s\n" "" "events/s" "wall s" "cpu s"
printf "%-52s %12.0f %9.2f %9.2f\n" "shipper, per second of wall time" "$(div $half "$ship_s")" "$ship_s" "$ship_cpu"
printf "%-52s %12.0f\n" "shipper, per CPU second (per core; goal 500000)" "$(div $half "$ship_cpu")"
printf "%-52s %12.0f %9s %9.2f\n" "ClickHouse server inserting them, per CPU second" "$(div $half "$server_cpu")" "" "$server_cpu"

echo
echo "== 2. report on the same $EVENTS events: two-shard cluster vs the binary files"
by=(--by country,asn,day --json --top 0)
measure ch_s "$TAKEDOWN" report --source "clickhouse://127.0.0.1:$CH_HTTP_1/takedown" "${by[@]}"
jq -c '[.total.distinct, .events]' "$WORK/result" > "$WORK/ch.answer"
measure files_s "$TAKEDOWN" report "$WORK"/a/*.tkev "$WORK"/b/*.tkev "${GEO[@]}" "${by[@]}" --quiet
jq -c '[.total.distinct, .events]' "$WORK/result" > "$WORK/files.answer"
cmp -s "$WORK/ch.answer" "$WORK/files.answer" || echo "answers differ: $(cat "$WORK/ch.answer") $(cat "$WORK/files.answer")"
printf "%-52s %9s %14s\n" "" "wall s" "answer"
printf "%-52s %9.2f %14s\n" "report --source clickhouse:// (2 shards, uniqExact)" "$ch_s" "$(cat "$WORK/ch.answer")"
printf "%-52s %9.2f %14s\n" "takedown report on the binary files" "$files_s" "$(cat "$WORK/files.answer")"
echo "ratio files / cluster: $(div "$files_s" "$ch_s")"

echo
echo "== 3. disk bytes per event"
ch_bytes=0
for n in 1 2; do
  b=$(ch_query "$n" "SELECT sum(bytes_on_disk) FROM system.parts WHERE database = 'takedown' AND table = 'events_local' AND active")
  ch_bytes=$((ch_bytes + b))
done
bin_bytes=$(cat "$WORK"/a/*.tkev "$WORK"/b/*.tkev | wc -c)
json_bytes=$(cat "$WORK/a.jsonl" "$WORK/b.jsonl" | wc -c)
printf "%-52s %9.1f\n" "ClickHouse (both shards' parts)" "$(div "$ch_bytes" "$EVENTS")"
printf "%-52s %9.1f\n" "binary log (.tkev)" "$(div "$bin_bytes" "$EVENTS")"
printf "%-52s %9.1f\n" "JSON lines" "$(div "$json_bytes" "$EVENTS")"
