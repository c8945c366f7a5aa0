# fleet.sh - a fleet over a two-shard ClickHouse (docs/fleet.md): two sensors with their own
# ids ship binary logs to their own shard; `report --source clickhouse://` over the
# Distributed table equals `report` over the same files, field by field, for every grouping,
# spam per bot and resolvers, and `notify --source` gives the same bundles, row for row;
# --approx stays within the HLL's error; a second ship, and one
# from scratch without offsets (a retry after a lost answer), adds nothing; hostile bytes
# (quotes, backslashes, NUL, newlines) in fields and sensor id arrive intact.
source "$(dirname "$0")/lib.sh"
HERE=$(dirname "$0")
source "$HERE/clickhouse_helpers.bash"
have_clickhouse || { echo "clickhouse-server is not installed (bootstrap.sh installs it)"; exit 77; }
trap 'stop_clickhouse; rm -rf "$WORK"' EXIT

# The address plan's databases: 10.B.0.0/16 in a country and AS 64512+B.
awk 'BEGIN { split("IN ID TR VN MX BR US DE", cc, " "); for (b = 0; b < 200; b++) printf "10.%d,%s\n", b, cc[1 + b % 8] }' \
  | perl "$HERE/../../bench/plan_geo.pl" "$WORK"
GEO=(--geo-db "$WORK/country.mmdb" --asn-db "$WORK/asn.mmdb")

mkdir -p "$WORK/a" "$WORK/b"
awk -v N=3000 -v S=1 -v SENSOR=sensor-a -f "$HERE/fleet_events.awk" > "$WORK/a.jsonl"
awk -v N=2000 -v S=2 -v SENSOR='b'"'"'q\\\\z' -f "$HERE/fleet_events.awk" > "$WORK/b.jsonl"
# Hostile bytes: quote, backslash and newline in a User-Agent, NUL among them in the kept
# body (the record's text fields end at a NUL, its body bytes do not); sensor-b's id holds
# a quote and a backslash, and goes into the shipper's SQL.
printf '%s\n' '{"v":2,"time":"2020-03-02T10:00:00.000000Z","sensor":"sensor-b","proto":"http","transport":"tcp","src":"10.7.1.1","sport":1,"dst":"192.0.2.80","dport":80,"name":"odd.example","http":{"method":"GET","path":"/a","version":"1.1","ua":"x'"'"'); DROP TABLE takedown.events_local; --\\\"\n","status":200,"body_bytes":6,"body_b64":"AGEnXCIK"}}' >> "$WORK/b.jsonl"
"$TAKEDOWN" events convert "$WORK/a.jsonl" --to binary --out "$WORK/a/events-20200301T000000Z.tkev"
"$TAKEDOWN" events convert "$WORK/b.jsonl" --to binary --out "$WORK/b/events-20200301T000000Z.tkev"
ok

start_clickhouse 2
expect_exit 0 "$TAKEDOWN" fleet schema --apply "http://127.0.0.1:$CH_HTTP_1" --apply "http://127.0.0.1:$CH_HTTP_2"
expect_exit 0 "$TAKEDOWN" fleet ship --once --to "http://127.0.0.1:$CH_HTTP_1/takedown" "${GEO[@]}" "$WORK/a"
grep -q "shipped 3000 events" "$WORK/out" || fail "sensor-a: $(cat "$WORK/out" "$WORK/err")"
expect_exit 0 "$TAKEDOWN" fleet ship --once --to "http://127.0.0.1:$CH_HTTP_2/takedown" "${GEO[@]}" "$WORK/b"
grep -q "shipped 2001 events" "$WORK/out" || fail "sensor-b: $(cat "$WORK/out" "$WORK/err")"
expect_eq "$(ch_query 1 'SELECT sensor, count() FROM takedown.events_local GROUP BY sensor FORMAT TSV')" \
  "$(printf 'sensor-a\t3000')" "shard 1 holds sensor-a"
expect_eq "$(ch_query 2 'SELECT hex(sensor), count() FROM takedown.events_local GROUP BY sensor FORMAT TSV')" \
  "$(printf '6227715C7A\t2001')" "shard 2 holds sensor b'q\\z"

# Shipping again, and again without offsets (as after a crash before they were saved):
# nothing more lands.
expect_exit 0 "$TAKEDOWN" fleet ship --once --to "http://127.0.0.1:$CH_HTTP_1/takedown" "${GEO[@]}" "$WORK/a"
grep -q "shipped 0 events" "$WORK/out" || fail "a second ship sent again: $(cat "$WORK/out")"
rm "$WORK/a/fleet-offsets"
expect_exit 0 "$TAKEDOWN" fleet ship --once --to "http://127.0.0.1:$CH_HTTP_1/takedown" "${GEO[@]}" "$WORK/a"
grep -q "shipped 0 events in 0 batches (3000 already there" "$WORK/out" || fail "no dedup: $(cat "$WORK/out")"
expect_eq "$(ch_query 1 'SELECT count(), uniqExact(sensor, seq) FROM takedown.events FORMAT TSV')" \
  "$(printf '5001\t5001')" "the cluster counts every event once"

# The hostile fields, byte for byte.
ua=$(printf 'x'"'"'); DROP TABLE takedown.events_local; --\\"\n' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
expect_eq "$(ch_query 1 "SELECT hex(http_user_agent), hex(http_body_start), hex(sensor) FROM takedown.events WHERE name = 'odd.example' FORMAT TSV")" \
  "$(printf '%s\t0061275C220A\t6227715C7A' "$ua")" "NUL, newline, quote and backslash arrive intact"

# Agreement, field by field: every grouping, spam per bot, resolvers.
norm='{total, events, spam, bots: .spam.bots, resolvers,
       groups: (.groups | map_values(sort_by(.key)))} | del(.spam.bots)'
expect_exit 0 "$TAKEDOWN" report "$WORK/a/"*.tkev "$WORK/b/"*.tkev "${GEO[@]}" \
  --by country,asn,day,family,seed,protocol --json --top 0
jq -S "$norm" "$WORK/out" > "$WORK/files.json"
expect_exit 0 "$TAKEDOWN" report --source "clickhouse://127.0.0.1:$CH_HTTP_1/takedown" \
  --by country,asn,day,family,seed,protocol --json --top 0
jq -S "$norm" "$WORK/out" > "$WORK/cluster.json"
[ "$(jq .total.distinct "$WORK/files.json")" -gt 1000 ] || fail "too few hosts to compare"
diff "$WORK/files.json" "$WORK/cluster.json" > "$WORK/diff" || fail "files and cluster differ: $(head -40 "$WORK/diff")"
ok
# notify: the same bundles from the cluster as from the files, row for row.
for by in country asn; do
  expect_exit 0 "$TAKEDOWN" notify "$WORK/a/"*.tkev "$WORK/b/"*.tkev "${GEO[@]}" --by $by --out "$WORK/nf-$by" --json
  jq -S '.bundles' "$WORK/out" > "$WORK/nf-$by.json"
  expect_exit 0 "$TAKEDOWN" notify --source "clickhouse://127.0.0.1:$CH_HTTP_2/takedown" --by $by --out "$WORK/nc-$by" --json
  jq -S '.bundles' "$WORK/out" > "$WORK/nc-$by.json"
  diff "$WORK/nf-$by.json" "$WORK/nc-$by.json" > "$WORK/diff" || fail "notify --by $by differs: $(head -20 "$WORK/diff")"
  for csv in "$WORK/nf-$by"/*/*.csv; do
    other="$WORK/nc-$by/${csv#"$WORK/nf-$by/"}"
    cmp -s "$csv" "$other" || fail "bundle ${csv#"$WORK/"} differs: $(diff "$csv" "$other" | head -6)"
  done
  ok
done
# A window: the same agreement on one day.
expect_exit 0 "$TAKEDOWN" report "$WORK/a/"*.tkev "$WORK/b/"*.tkev "${GEO[@]}" --from 2020-03-02 --to 2020-03-02 --by country,day --json
jq -S "$norm" "$WORK/out" > "$WORK/files1.json"
expect_exit 0 "$TAKEDOWN" report --source "clickhouse://127.0.0.1:$CH_HTTP_2/takedown" --from 2020-03-02 --to 2020-03-02 --by country,day --json
jq -S "$norm" "$WORK/out" > "$WORK/cluster1.json"
diff "$WORK/files1.json" "$WORK/cluster1.json" > "$WORK/diff" || fail "window differs: $(head -40 "$WORK/diff")"
ok
# The table and the HTML page print from the cluster too.
expect_exit 0 "$TAKEDOWN" report --source "clickhouse://127.0.0.1:$CH_HTTP_1/takedown" --html "$WORK/r.html"
grep -q "Infected hosts" "$WORK/out" || fail "no table: $(head -5 "$WORK/out")"
grep -q "<svg" "$WORK/r.html" || fail "no chart in the HTML page"
# --approx: uniqCombined, within 2 % here, and said to be an estimate.
expect_exit 0 "$TAKEDOWN" report --source "clickhouse://127.0.0.1:$CH_HTTP_1/takedown" --approx --json
exact=$(jq .total.distinct "$WORK/files.json"); approx=$(jq .total.distinct "$WORK/out")
awk -v a="$approx" -v e="$exact" 'BEGIN { d = a - e; if (d < 0) d = -d; exit !(d <= 0.02 * e) }' \
  || fail "--approx $approx is far from $exact"
expect_eq "$(jq .total.exact "$WORK/out")" false "--approx says it estimates"
done_checks
