# p2p.sh - `takedown p2p`: hand-checked graphs through the command line, malformed rows,
# the generator's determinism and its round trip through the observation format (CSV, JSON
# lines, gzip), geo databases read by mmdblookup, JSON read by jq, SVG by xmllint.
source "$(dirname "$0")/lib.sh"
P2P() { "$TAKEDOWN" p2p "$@"; }

# --- a star: five leaves list the centre (hand-checked PageRank 21/41, betweenness 10)
{
  echo "time,reporter,peer,source"
  for i in 1 2 3 4 5; do echo "100,192.0.2.$i:1000,192.0.2.100:80,crawler"; done
} > "$WORK/star.csv"
P2P analyze "$WORK/star.csv" --no-geo --json > "$WORK/star.json" || fail "analyze star"
jq -e '.graph.nodes == 6 and .graph.edges == 5 and .super_nodes.count == 1
       and .super_nodes.threshold == 4 and .betweenness.exact
       and .ranking[0].endpoint == "192.0.2.100:80" and .ranking[0].in_degree == 5
       and (.ranking[0].pagerank - 21/41 | fabs) < 1e-9 and .ranking[0].betweenness == 10
       and .ranking[0].super and (.ranking[0].reached | not)
       and (.ranking[0].reasons | startswith("listed by 5 reporters (threshold 4)"))
       and ([.ranking[1:][] | .super] | any | not)' "$WORK/star.json" >/dev/null \
  || fail "star: $(head -c 400 "$WORK/star.json")"
ok
P2P simulate "$WORK/star.csv" --no-geo --strategy pagerank --steps 1 --max-k 1 --json \
  | jq -e '.strategies[0].points[1] | .components == 5 and .largest == 1 and .reaching == 0' \
  >/dev/null || fail "star: removing the centre"
ok

# --- two 4-cliques joined by one bridge a1 -> b1: betweenness 12 at both ends
{
  for s in a b; do for i in 1 2 3 4; do for j in 1 2 3 4; do
    [ $i = $j ] || echo "{\"time\":1,\"reporter\":\"[2001:db8::${s}${i}]:7\",\"peer\":\"[2001:db8::${s}${j}]:7\"}"
  done; done; done
  echo '{"time":1,"reporter":"[2001:db8::a1]:7","peer":"[2001:db8::b1]:7"}'
} > "$WORK/bridge.jsonl"
P2P analyze "$WORK/bridge.jsonl" --no-geo --rank-by betweenness --format csv --top 3 > "$WORK/bridge.csv"
expect_eq "$(sed -n 2,3p "$WORK/bridge.csv" | cut -d, -f2,13 | sort | tr '\n' ' ')" \
  "[2001:db8::a1]:7,12 [2001:db8::b1]:7,12 " "bridge ends by betweenness"
P2P simulate "$WORK/bridge.jsonl" --no-geo --strategy remove-betweenness --steps 1 --max-k 1 \
  --format csv > "$WORK/bridge-curve.csv"
expect_eq "$(sed -n 3p "$WORK/bridge-curve.csv" | cut -d, -f3,6,8)" "1,4,2" \
  "bridge: k=1 leaves a largest component of 4 in 2 components"

# --- malformed rows: counted, shown with file and line, the rest analysed; --strict stops
printf 'time,reporter,peer\n1,192.0.2.1:1,192.0.2.2:2\nnot,a,row\n2,192.0.2.1:1,192.0.2.300:2\n3,192.0.2.3:3,192.0.2.2:2\n' \
  > "$WORK/bad.csv"
expect_exit 0 P2P analyze "$WORK/bad.csv" --no-geo --json
expect_err_contains "$WORK/bad.csv:3: expected a time"
expect_err_contains "$WORK/bad.csv:4: expected the peer as ADDRESS:PORT"
jq -e '.graph.malformed == 2 and .graph.observations == 2 and .graph.nodes == 3' "$WORK/out" >/dev/null \
  || fail "malformed count"
ok
expect_exit 1 P2P analyze "$WORK/bad.csv" --no-geo --strict
expect_err_contains "bad.csv:3:"
# a file with no valid row at all is an error, an empty one is an empty graph
printf 'this is not\na crawler log\n' > "$WORK/junk.txt"
expect_exit 1 P2P analyze "$WORK/junk.txt" --no-geo
expect_err_contains "no valid observation among 2 rows"
: > "$WORK/empty.csv"
expect_exit 0 P2P analyze "$WORK/empty.csv" --no-geo --json
jq -e '.graph.nodes == 0 and .graph.first_seen == null and .ranking == []' "$WORK/out" >/dev/null \
  || fail "empty input"
ok
# binary input: a clear error, no crash
head -c 4096 "$TAKEDOWN" > "$WORK/binary"
expect_exit 1 P2P analyze "$WORK/binary" --no-geo

# --- usage and operational errors
expect_exit 2 P2P analyze
expect_exit 2 P2P analyze "$WORK/star.csv" --format xml
expect_exit 2 P2P analyze "$WORK/star.csv" --rank-by fame
expect_exit 2 P2P simulate "$WORK/star.csv" --strategy nuke-everything
expect_err_contains "unknown strategy 'nuke-everything'"
expect_exit 2 P2P simulate "$WORK/star.csv" --strategy country=india
expect_exit 2 P2P frobnicate
expect_exit 2 P2P generate --nodes many
expect_exit 2 P2P generate --nat-share 2
expect_exit 1 P2P analyze "$WORK/missing.csv" --no-geo
expect_err_contains "$WORK/missing.csv"
expect_exit 1 P2P analyze "$WORK/star.csv" --country-db "$WORK/star.csv"
expect_exit 2 P2P simulate "$WORK/star.csv" --no-geo --strategy country=IN
expect_err_contains "needs a country database"
for sub in generate analyze simulate; do
  P2P $sub --help > "$WORK/help"
  case "$(head -1 "$WORK/help")" in
    "usage: takedown p2p $sub "*) ok ;;
    *) fail "$sub --help: $(head -1 "$WORK/help")" ;;
  esac
done

# --- the generator: same seed, same bytes; another seed, other bytes
P2P generate --nodes 3000 --seed 11 --out "$WORK/a.csv" --truth "$WORK/truth.csv" --geo-out "$WORK/geo"
P2P generate --nodes 3000 --seed 11 --out "$WORK/b.csv"
P2P generate --nodes 3000 --seed 12 --out "$WORK/c.csv"
cmp -s "$WORK/a.csv" "$WORK/b.csv" || fail "same seed differs"
ok
cmp -s "$WORK/a.csv" "$WORK/c.csv" && fail "other seed is identical"
ok
expect_eq "$(($(wc -l < "$WORK/a.csv") - 1))" 60000 "20 observations per bot"
# rows come in time order, within the period (7 days from 2017-05-01)
expect_eq "$(awk -F, 'NR > 1 && ($1 < prev || $1 < 1493596800 || $1 >= 1494201600) {bad++} NR > 1 {prev = $1} END {print bad + 0}' "$WORK/a.csv")" 0 "time order"
# a botnet entirely behind NAT still gets written (sensor rows only), and ends
timeout 60 "$TAKEDOWN" p2p generate --nodes 50 --nat-share 1 --sensor-share 1 --observations 2000 \
  --out "$WORK/nat.csv" || fail "all-NAT botnet"
expect_eq "$(tail -n +2 "$WORK/nat.csv" | cut -d, -f4 | sort -u)" "sensor" "all-NAT sources"
# NAT'd bots are never listed as peers, nor are they ever crawled
expect_eq "$(awk -F, '$2 == "nat" && ($6 != 0 || $9 != 0)' "$WORK/truth.csv" | wc -l)" 0 "NAT'd bots listed"
# every endpoint listed in a row is a routable bot's (crawled or not), by the truth file
tail -n +2 "$WORK/a.csv" | cut -d, -f3 | grep -v '^$' | sort -u > "$WORK/listed"
awk -F, 'NR > 1 && $2 != "nat" {print $1}' "$WORK/truth.csv" | sort > "$WORK/routable"
expect_eq "$(comm -23 "$WORK/listed" "$WORK/routable" | wc -l)" 0 "only routable endpoints in peer lists"
# the NAT'd majority: with every NAT'd bot contacting a sensor, about 80 % of the bots seen
# are NAT'd (--nat-share 0.8; a few bots are never online while observed)
P2P generate --nodes 3000 --seed 11 --sensor-share 1 --out "$WORK/s1.csv" --truth "$WORK/s1-truth.csv"
share=$(awk -F, 'NR > 1 {kind[$10] = $2} END {for (b in kind) {n++; nat += kind[b] == "nat"}; printf "%d", 100 * nat / n}' "$WORK/s1-truth.csv")
[ "$share" -ge 70 ] && [ "$share" -le 88 ] || fail "NAT'd share of the bots seen: $share %"
ok
# churn: dynamic addresses give many bots several endpoints
expect_eq "$(awk -F, 'NR > 1 {c[$10]++} END {for (b in c) m += c[b] > 1; print (m > 100)}' "$WORK/truth.csv")" 1 "dynamic addresses"
# peer-list replication: in-degree is heavy-tailed; the top 5 % of the listed endpoints hold
# more than a quarter of all entries
P2P analyze "$WORK/a.csv" --no-geo --no-betweenness --json --top 0 \
  | jq -e '[.ranking[] | select(.in_degree > 0) | .in_degree] | sort | reverse
           | (.[: (length / 20 | floor)] | add) / add > 0.25' >/dev/null \
  || fail "in-degree is not heavy-tailed"
ok

# --- round trip: what the analysis reads back is what the generator wrote, bot by bot
P2P analyze "$WORK/a.csv" --no-geo --no-betweenness --format csv --top 0 > "$WORK/nodes.csv"
tail -n +2 "$WORK/truth.csv" | awk -F, '{print $1","$5","$6","$7","$8","$9}' | sort > "$WORK/want"
tail -n +2 "$WORK/nodes.csv" | awk -F, '{print $2","$8","$7","$9","$10","$11}' | sort > "$WORK/got"
cmp -s "$WORK/want" "$WORK/got" || fail "round trip: $(diff "$WORK/want" "$WORK/got" | head -5)"
ok
# the super-nodes found are routable bots; most of them are the operators' stable pool
awk -F, '$2 == "super" || $2 == "routable" {print $1}' "$WORK/truth.csv" | sort > "$WORK/super-want"
awk -F, 'NR > 1 && $15 == 1 {print $2}' "$WORK/nodes.csv" | sort > "$WORK/super-got"
[ -s "$WORK/super-got" ] || fail "no super-nodes found"
expect_eq "$(comm -13 "$WORK/super-want" "$WORK/super-got" | wc -l)" 0 "super-nodes are routable"
# JSON lines and gzip carry the same graph
P2P generate --nodes 3000 --seed 11 --format jsonl --out "$WORK/a.jsonl"
gzip -c "$WORK/a.csv" > "$WORK/a.csv.gz"
P2P analyze "$WORK/a.jsonl" --no-geo --no-betweenness --format csv --top 0 > "$WORK/nodes-jsonl.csv"
P2P analyze "$WORK/a.csv.gz" --no-geo --no-betweenness --format csv --top 0 > "$WORK/nodes-gz.csv"
cmp -s "$WORK/nodes.csv" "$WORK/nodes-jsonl.csv" || fail "JSON lines differ from CSV"
ok
cmp -s "$WORK/nodes.csv" "$WORK/nodes-gz.csv" || fail "gzip differs from plain"
ok
# --edges-out lists each distinct edge once
P2P analyze "$WORK/a.csv" --no-geo --no-betweenness --edges-out "$WORK/edges.csv" --json > "$WORK/a.json"
expect_eq "$(tail -n +2 "$WORK/edges.csv" | sort -u | wc -l)" "$(jq .graph.edges "$WORK/a.json")" "edges"
expect_eq "$(tail -n +2 "$WORK/a.csv" | awk -F, '$3 != "" && $2 != $3 {print $2","$3}' | sort -u | wc -l)" \
  "$(jq .graph.edges "$WORK/a.json")" "distinct reporter,peer pairs"

# --- geo: the generator's plan, read by mmdblookup and by the analysis
mmdblookup --file "$WORK/geo/country.mmdb" --ip 10.0.0.1 country iso_code > "$WORK/lookup"
grep -q '"IN"' "$WORK/lookup" \
  || fail "mmdblookup country"
ok
mmdblookup --file "$WORK/geo/asn.mmdb" --ip 2001:db8:0102::1 autonomous_system_number > "$WORK/lookup"
grep -q 64517 "$WORK/lookup" \
  || fail "mmdblookup asn"
ok
P2P analyze "$WORK/a.csv" --geo-dir "$WORK/geo" --no-betweenness --json --top 0 > "$WORK/geo.json"
jq -e '([.countries[].nodes] | add) == .graph.nodes and ([.countries[].super_nodes] | add) == .super_nodes.count
       and ([.asns[].nodes] | add) == .graph.nodes and (.geo | length) == 2
       and all(.ranking[]; .country != null and .asn != null)' "$WORK/geo.json" >/dev/null \
  || fail "geo tallies"
ok
# countries and ASNs agree with the generator's truth, bot by bot
jq -r '.ranking[] | "\(.endpoint),\(.country),\(.asn)"' "$WORK/geo.json" | sort > "$WORK/geo-got"
tail -n +2 "$WORK/truth.csv" | cut -d, -f1,3,4 | sort > "$WORK/geo-want"
cmp -s "$WORK/geo-want" "$WORK/geo-got" || fail "places: $(diff "$WORK/geo-want" "$WORK/geo-got" | head -3)"
ok

# --- simulate: strategies compared; CSV curves, SVG read by xmllint
P2P simulate "$WORK/a.csv" --geo-dir "$WORK/geo" \
  --strategy pagerank,sinkhole-pagerank,random,country=IN,asn=64512 --steps 4 \
  --svg "$WORK/chart.svg" --csv "$WORK/curves.csv" > "$WORK/table.txt" || fail "simulate"
for s in remove-pagerank sinkhole-pagerank remove-random remove-country=IN remove-asn=64512; do
  grep -q "^$s " "$WORK/table.txt" || fail "table lacks $s"
  grep -q "<text[^>]*>$s</text>" "$WORK/chart.svg" || fail "chart lacks $s"
done
ok
xmllint --noout "$WORK/chart.svg" || fail "SVG is not well-formed"
ok
expect_eq "$(grep -c '<polyline' "$WORK/chart.svg")" 10 "two curves per strategy"
# taking every listed node leaves no P2P layer
last=$(awk -F, '$1 == "remove-pagerank" {line = $0} END {print line}' "$WORK/curves.csv")
expect_eq "$(echo "$last" | cut -d, -f9)" 0 "reach once every routable peer is gone"
# sinkholing keeps the same observed connectivity as removing, and bots now list sinkholes
paste -d, <(awk -F, '$1 == "remove-pagerank" {print $6","$8}' "$WORK/curves.csv") \
          <(awk -F, '$1 == "sinkhole-pagerank" {print $6","$8","$11}' "$WORK/curves.csv") \
  | awk -F, '$1 != $3 || $2 != $4 {exit 1} END {if ($5 == 0) exit 1}' \
  || fail "sinkhole curve"
ok
# k runs up to the nodes someone lists by default
listed=$(jq '[.ranking[] | select(.in_degree > 0)] | length' "$WORK/geo.json")
expect_eq "$(awk -F, '$1 == "remove-random" {k = $3} END {print k}' "$WORK/curves.csv")" "$listed" "default max k"

# --- strategies differ: sinkholing spreads through the re-replicated lists and halves the
# P2P layer at a k several times smaller than removing the same nodes, which the lists heal
# around; random removal mostly hits NAT'd bots no one lists and never gets there
P2P simulate "$WORK/a.csv" --no-geo --strategy pagerank,random,sinkhole-pagerank --json > "$WORK/sim.json"
jq -e '(.strategies | map({(.name): .k_half_reach}) | add) as $k
       | $k["sinkhole-pagerank"] != null and $k["remove-pagerank"] != null
         and $k["sinkhole-pagerank"] * 3 < $k["remove-pagerank"] and $k["remove-random"] == null
         and .verdict.winner == "sinkhole-pagerank" and .verdict.k == $k["sinkhole-pagerank"]
         and .verdict.random_unlisted_share > 0.4' "$WORK/sim.json" >/dev/null \
  || fail "strategies: $(jq -c '[.strategies[] | {name, k_half_reach}]' "$WORK/sim.json")"
ok
# the table says why, in the same words as the JSON, from the same figures
P2P simulate "$WORK/a.csv" --no-geo --strategy pagerank,random,sinkhole-pagerank > "$WORK/sim.txt"
expect_eq "$(tail -n 2 "$WORK/sim.txt")" "$(jq -r .verdict.why "$WORK/sim.json")" "why: table and JSON"
grep -q "^sinkhole-pagerank wins: half the bots in the P2P layer are cut off at k = $(jq .verdict.k "$WORK/sim.json");" \
  "$WORK/sim.txt" || fail "verdict line: $(tail -n 2 "$WORK/sim.txt" | head -1)"
ok
pct=$(jq '100 * .verdict.entry_share * 10 | round / 10' "$WORK/sim.json")
grep -q "^why: its first $(jq .verdict.taken "$WORK/sim.json") nodes .* hold $pct% of all peer-list entries" \
  "$WORK/sim.txt" || fail "why line: $(tail -n 1 "$WORK/sim.txt") (entries $pct%)"
ok
# the entry share is the in-degree of the winner's first k over all edges, recomputed here
P2P analyze "$WORK/a.csv" --no-geo --no-betweenness --json --top 0 > "$WORK/rank.json"
jq -e --slurpfile sim "$WORK/sim.json" '($sim[0].verdict.taken) as $k
       | ([.ranking[:$k][].in_degree] | add) / .graph.edges - $sim[0].verdict.entry_share
       | fabs < 1e-6' "$WORK/rank.json" >/dev/null || fail "entry share does not match the ranking"
ok
expect_exit 2 P2P simulate "$WORK/a.csv" --no-geo --rounds 1001
expect_err_contains "--rounds must be between 0 and 1000"
expect_exit 2 P2P simulate "$WORK/a.csv" --no-geo --peer-list 0
done_checks
