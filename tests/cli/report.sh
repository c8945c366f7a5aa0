# report.sh - `takedown report` checked against independent counts: distinct addresses by
# sort -u, countries and networks by mmdblookup over databases written by MaxMind's own
# writer, the JSON read by jq; windows, CSV and table outputs, CSV and compressed inputs,
# globs, bad records with their positions, cut gzip and zstd files, exit statuses.
source "$(dirname "$0")/lib.sh"
command -v mmdblookup >/dev/null || fail "mmdblookup (mmdb-bin) is needed"

perl "$(dirname "$0")/geo_fixture.pl" "$WORK"
GEO=(--geo-db "$WORK/country.mmdb" --asn-db "$WORK/asn.mmdb")

# Sinkhole events as tk_event_format_json writes them, from a pool of 300 addresses in
# five IPv4 blocks (10.9/16 is in no database) and one IPv6 block, over five days; each
# carries its host as EDNS Client Subnet, as a resolver passing it on would.
awk -v n=4000 'BEGIN {
  srand(7)
  split("necurs:default:9 necurs:default:10 ranbyus:default:5 -", tags, " ")
  for (i = 0; i < n; i++) {
    k = int(rand() * 300); block = k % 6
    if (block == 5) src = sprintf("2001:db8:1::%x", k + 1)
    else src = sprintf("10.%d.%d.%d", block == 4 ? 9 : block + 1, (int(k / 6) % 2) * 128 + int(k / 256), k % 256)
    split(tags[1 + int(rand() * 4)], t, ":")
    tag = t[1] == "-" ? "" : sprintf(",\"tag\":{\"family\":\"%s\",\"variant\":\"%s\",\"seed\":\"%s\",\"first\":\"2020-03-01\",\"last\":\"2020-03-05\"}", t[1], t[2], t[3])
    printf "{\"v\":1,\"time\":\"2020-03-0%dT%02d:%02d:%02d.%06dZ\",\"sensor\":\"s1\",\"proto\":\"dns\",\"transport\":\"udp\",\"src\":\"%s\",\"sport\":%d,\"dst\":\"192.0.2.53\",\"dport\":53,\"name\":\"n%d.example\"%s,\"qtype\":\"A\",\"rcode\":\"NOERROR\",\"ecs\":\"%s/%d\"}\n", 1 + int(rand() * 5), int(rand() * 24), int(rand() * 60), int(rand() * 60), int(rand() * 1000000), src, 1024 + int(rand() * 60000), i, tag, src, block == 5 ? 128 : 32
  }
}' > "$WORK/events.jsonl"

jq -r .src "$WORK/events.jsonl" | sort -u > "$WORK/addresses"
total=$(wc -l < "$WORK/addresses")
# The place of each distinct address, from mmdblookup.
lookup() { mmdblookup --file "$WORK/$1.mmdb" --ip "$2" "${@:3}" 2>/dev/null | awk -F'"' 'NF > 2 { print $2; exit } /<uint32>/ { print $1 + 0; exit }'; }
while read -r a; do
  printf '%s %s %s\n' "$a" "$(lookup country "$a" country iso_code)" "$(lookup asn "$a" autonomous_system_number)"
done < "$WORK/addresses" > "$WORK/places"

expect_exit 0 "$TAKEDOWN" report "$WORK/events.jsonl" "${GEO[@]}" --by country,asn,day,family,seed --json
cp "$WORK/out" "$WORK/report.json"
expect_eq "$(jq .total.distinct "$WORK/report.json")" "$total" "total distinct addresses"
expect_eq "$(jq .total.exact "$WORK/report.json")" true "the total is exact"
expect_eq "$(jq .events "$WORK/report.json")" 4000 "events"

# Every country and network, with its share of the total.
for cc in IN US DE BR; do
  want=$(awk -v c=$cc '$2 == c' "$WORK/places" | wc -l)
  expect_eq "$(jq --arg c $cc '.groups.country[] | select(.key == $c) | .distinct' "$WORK/report.json")" "$want" "addresses in $cc"
  expect_eq "$(jq --arg c $cc '.groups.country[] | select(.key == $c) | .share * 1000000 | round' "$WORK/report.json")" \
            "$(awk -v w="$want" -v t="$total" 'BEGIN { printf "%.0f", w / t * 1000000 }')" "share of $cc"
done
unlocated=$(awk 'NF == 1 || $2 == ""' "$WORK/places" | wc -l)
expect_eq "$(jq '.groups.country[] | select(.key == "--") | .distinct' "$WORK/report.json")" "$unlocated" "addresses without a country"
for as in 9829 45609 7922 3320; do
  want=$(awk -v a=$as '$NF == a' "$WORK/places" | wc -l)
  expect_eq "$(jq --argjson a $as '.groups.asn[] | select(.asn == $a) | .distinct' "$WORK/report.json")" "$want" "addresses in AS$as"
done
expect_eq "$(jq -r '.groups.asn[] | select(.asn == 7922) | .name' "$WORK/report.json")" "Comcast, Inc." "network name"
expect_eq "$(jq -r '.groups.country[0].name' "$WORK/report.json")" "India" "largest country first (IN has two blocks)"
# Days and families, from the events themselves.
for d in 1 2 3 4 5; do
  want=$(jq -r "select(.time | startswith(\"2020-03-0$d\")) | .src" "$WORK/events.jsonl" | sort -u | wc -l)
  expect_eq "$(jq ".groups.day[] | select(.key == \"2020-03-0$d\") | .distinct" "$WORK/report.json")" "$want" "addresses on day $d"
done
want=$(jq -r 'select(.tag.family == "necurs") | .src' "$WORK/events.jsonl" | sort -u | wc -l)
expect_eq "$(jq '.groups.family[] | select(.key == "necurs") | .distinct' "$WORK/report.json")" "$want" "necurs addresses"
want=$(jq -r 'select(.tag.seed == "10") | .src' "$WORK/events.jsonl" | sort -u | wc -l)
expect_eq "$(jq '.groups.seed[] | select(.key == "necurs:default:10") | .distinct' "$WORK/report.json")" "$want" "necurs seed 10 addresses"
expect_eq "$(jq -r '.databases[0].type, .databases[1].type' "$WORK/report.json" | tr '\n' ' ')" "GeoLite2-Country GeoLite2-ASN " "databases named"
expect_eq "$(jq -r '.databases[0].licence' "$WORK/report.json")" "takedown test GeoLite2-Country database; public domain" "licence named"

# A window: the first two days, given as --from/--to and as --from/--window.
want=$(jq -r 'select(.time < "2020-03-03") | .src' "$WORK/events.jsonl" | sort -u | wc -l)
expect_exit 0 "$TAKEDOWN" report "$WORK/events.jsonl" "${GEO[@]}" --from 2020-03-01 --to 2020-03-02 --json
expect_eq "$(jq .total.distinct "$WORK/out")" "$want" "distinct addresses in the window"
expect_eq "$(jq -r '.window.from + " " + .window.to' "$WORK/out")" "2020-03-01 2020-03-02" "window in the output"
outside=$(jq -r 'select(.time >= "2020-03-03") | .src' "$WORK/events.jsonl" | wc -l)
expect_eq "$(jq '.inputs[0].outside_window' "$WORK/out")" "$outside" "events outside the window"
expect_exit 0 "$TAKEDOWN" report "$WORK/events.jsonl" "${GEO[@]}" --from 2020-03-01 --window 2d --json
expect_eq "$(jq .total.distinct "$WORK/out")" "$want" "--window 2d from --from"

# --window alone: the N days up to today (UTC).
today=$(date -u +%F)
{ printf '{"time":"%sT00:00:01Z","src":"10.1.0.1"}\n' "$today"
  printf '{"time":"%sT00:00:01Z","src":"10.1.0.2"}\n' "$(date -u -d '-1 day' +%F)"
  printf '{"time":"%sT00:00:01Z","src":"10.1.0.3"}\n' "$(date -u -d '-7 days' +%F)"; } > "$WORK/recent.jsonl"
expect_exit 0 "$TAKEDOWN" report "$WORK/recent.jsonl" --no-geo --by day --window 2d --json
expect_eq "$(jq .total.distinct "$WORK/out")" 2 "--window 2d: today and yesterday"
expect_eq "$(jq -r .window.to "$WORK/out")" "$today" "--window ends today"

# Beyond the exact limit the counts are estimates, and say so.
expect_exit 0 "$TAKEDOWN" report "$WORK/events.jsonl" "${GEO[@]}" --exact-limit 20 --json
expect_eq "$(jq .total.exact "$WORK/out")" false "an estimate past the limit"
expect_eq "$(jq '.groups.country[] | select(.key == "DE") | .exact' "$WORK/out")" false "estimated group"
expect_eq "$(jq --argjson t "$total" '(.total.distinct - $t) | fabs < $t * 0.03' "$WORK/out")" true "estimate within 3 %"

# CSV and table carry the same figures.
expect_exit 0 "$TAKEDOWN" report "$WORK/events.jsonl" "${GEO[@]}" --by country --format csv
expect_eq "$(grep -v '^#' "$WORK/out" | head -1)" "dimension,key,name,distinct,share,exact,events,messages,recipients" "CSV header"
grep -q "^# country: $WORK/country.mmdb (GeoLite2-Country, built [0-9-]*), takedown test GeoLite2-Country database; public domain$" "$WORK/out" || fail "CSV names the country database"
ok
expect_eq "$(awk -F, '$1 == "total" { print $4 }' "$WORK/out")" "$total" "CSV total"
expect_eq "$(awk -F, '$1 == "country" && $2 == "US" { print $4 }' "$WORK/out")" "$(jq '.groups.country[] | select(.key == "US") | .distinct' "$WORK/report.json")" "CSV country"
expect_exit 0 "$TAKEDOWN" report "$WORK/events.jsonl" "${GEO[@]}"
grep -q "^Infected hosts (distinct addresses): $total in 4000 events" "$WORK/out" || fail "table headline"
in_share=$(jq -r '.groups.country[] | select(.key == "IN") | .share * 100 | . * 100 | round / 100' "$WORK/report.json")
grep -E "^  IN  India +[0-9]+ +$(printf '%.2f' "$in_share") %" "$WORK/out" >/dev/null || fail "table row for India"
ok

# The same events as CSV (time,address,tag), gzip, zstd, split and globbed, or on stdin.
jq -r '[.time, .src, (if .tag then "\(.tag.family):\(.tag.variant):\(.tag.seed)" else "" end)] | @csv' \
  "$WORK/events.jsonl" > "$WORK/events.csv"
gzip -c "$WORK/events.jsonl" > "$WORK/events.jsonl.gz"
zstd -q -c "$WORK/events.jsonl" > "$WORK/events.zst"
split -l 1000 "$WORK/events.jsonl" "$WORK/part-"
for input in "$WORK/events.csv" "$WORK/events.jsonl.gz" "$WORK/events.zst" "$WORK/part-*"; do
  expect_exit 0 "$TAKEDOWN" report "$input" "${GEO[@]}" --by family --json
  expect_eq "$(jq .total.distinct "$WORK/out")" "$total" "total from $input"
  expect_eq "$(jq '.groups.family[] | select(.key == "necurs") | .distinct' "$WORK/out")" \
            "$(jq '.groups.family[] | select(.key == "necurs") | .distinct' "$WORK/report.json")" "necurs from $input"
done
expect_eq "$(jq '.inputs | length' "$WORK/out")" 4 "a glob reads every part"
expect_eq "$("$TAKEDOWN" report - --no-geo --by day --json < "$WORK/events.jsonl.gz" | jq .total.distinct)" "$total" "stdin"
ok

# Two sinkholes: each saves its counts; merged, they count like the union of their logs.
head -2500 "$WORK/events.jsonl" > "$WORK/sinkhole-a.jsonl"
tail -n +2001 "$WORK/events.jsonl" > "$WORK/sinkhole-b.jsonl"
for s in a b; do
  expect_exit 0 "$TAKEDOWN" report "$WORK/sinkhole-$s.jsonl" "${GEO[@]}" --by country,day,family --save-counts "$WORK/$s.counts"
done
expect_exit 0 "$TAKEDOWN" report --counts "$WORK/a.counts" --counts "$WORK/b.counts" --by country,day,family --json
expect_eq "$(jq .total.distinct "$WORK/out")" "$total" "merged counts: total"
expect_eq "$(jq -c '[.groups.country[] | [.key, .distinct]]' "$WORK/out")" "$(jq -c '[.groups.country[] | [.key, .distinct]]' "$WORK/report.json")" "merged counts: countries"
expect_eq "$(jq .events "$WORK/out")" 4500 "merged counts: events (the overlap counted twice)"
expect_exit 1 "$TAKEDOWN" report --counts "$WORK/a.counts" --by asn
expect_err_contains "a.counts: has no counts by asn"
expect_exit 1 "$TAKEDOWN" report --counts "$WORK/events.jsonl"
expect_err_contains "not a takedown counts file"

# Bad records: counted, reported with file and line, the rest read; --strict fails.
{ head -3 "$WORK/events.jsonl"; echo '{"time":"2020-03-01T00:00:00Z","src":"10.1.2.300"}'; echo 'garbage'; tail -2 "$WORK/events.jsonl"; } > "$WORK/bad.jsonl"
expect_exit 0 "$TAKEDOWN" report "$WORK/bad.jsonl" "${GEO[@]}" --json
expect_err_contains "bad.jsonl:4:"
expect_err_contains "bad.jsonl:5:1: expected a JSON object"
expect_eq "$(jq '.inputs[0].bad_records, .inputs[0].contacts' "$WORK/out" | tr '\n' ' ')" "2 5 " "bad records counted"
expect_exit 1 "$TAKEDOWN" report "$WORK/bad.jsonl" "${GEO[@]}" --strict
expect_err_contains "--strict: 2 bad records"

# Cut files read to their last whole record and say so.
size=$(stat -c %s "$WORK/events.jsonl.gz")
head -c $((size / 2)) "$WORK/events.jsonl.gz" > "$WORK/cut.jsonl.gz"
expect_exit 0 "$TAKEDOWN" report "$WORK/cut.jsonl.gz" "${GEO[@]}" --json
expect_err_contains "cut.jsonl.gz: the gzip stream is cut short"
expect_eq "$(jq .inputs[0].truncated "$WORK/out")" true "gzip cut reported"
read_lines=$(gzip -dc "$WORK/cut.jsonl.gz" 2>/dev/null | grep -c '}$' || true)
expect_eq "$(jq .events "$WORK/out")" "$read_lines" "every whole line before the cut"
size=$(stat -c %s "$WORK/events.zst")
head -c $((size / 2)) "$WORK/events.zst" > "$WORK/cut.zst"
expect_exit 0 "$TAKEDOWN" report "$WORK/cut.zst" "${GEO[@]}" --json
expect_err_contains "the zstd stream is cut short"
head -c 1000 "$WORK/events.jsonl" > "$WORK/cut.jsonl"
expect_exit 0 "$TAKEDOWN" report "$WORK/cut.jsonl" --no-geo --by day --json
expect_err_contains "is cut short; read to the line before it"
expect_eq "$(jq .events "$WORK/out")" "$(grep -c '}$' "$WORK/cut.jsonl")" "plain file cut inside a line"

# Usage and operational errors.
expect_exit 0 "$TAKEDOWN" report --help
expect_eq "$(head -1 "$WORK/out")" "usage: takedown report EVENTS... [--from DAY --to DAY | --window Nd] [--by GROUPING ...]" "usage line"
expect_exit 2 "$TAKEDOWN" report "$WORK/events.jsonl" --by city
expect_err_contains "unknown grouping 'city'"
expect_exit 2 "$TAKEDOWN" report "$WORK/events.jsonl" --from 2020-03-05 --to 2020-03-01
expect_exit 2 "$TAKEDOWN" report "$WORK/events.jsonl" --window 7x
expect_exit 2 "$TAKEDOWN" report
expect_exit 1 "$TAKEDOWN" report "$WORK/missing.jsonl" "${GEO[@]}"
expect_err_contains "missing.jsonl: No such file or directory"
expect_exit 1 "$TAKEDOWN" report "$WORK/nothing-*.jsonl" "${GEO[@]}"
expect_err_contains "no file matches"
expect_exit 1 "$TAKEDOWN" report "$WORK/events.jsonl" --geo-db "$WORK/events.jsonl"
expect_exit 1 "$TAKEDOWN" report "$WORK/events.jsonl" --geo-dir "$WORK/nowhere"

# One resolver, 10.1.9.9, asks five times: three queries carry a Client Subnet (two hosts),
# two carry none. The hosts are the two subnets; the resolver is counted apart, in every
# output, and is no infected host.
for e in '10.1.0.7/32' '10.1.0.8/32' '10.1.0.7/32' '' ''; do
  ecs=${e:+,\"ecs\":\"$e\"}
  echo "{\"v\":2,\"time\":\"2020-03-02T08:00:00Z\",\"proto\":\"dns\",\"src\":\"10.1.9.9\",\"name\":\"x.example\"$ecs}"
done > "$WORK/resolver.jsonl"
expect_exit 0 "$TAKEDOWN" report "$WORK/resolver.jsonl" "${GEO[@]}" --json
expect_eq "$(jq -c '[.total.distinct, .events]' "$WORK/out")" "[2,3]" "hosts by Client Subnet only"
expect_eq "$(jq -c '[.resolvers.count, .resolvers.queries, .resolvers.queries_with_subnet,
  .resolvers.list[0].address, .resolvers.list[0].country]' "$WORK/out")" '[1,5,3,"10.1.9.9","IN"]' \
  "the resolver apart"
expect_eq "$(jq -c '[.groups.country[] | [.key, .distinct]]' "$WORK/out")" '[["IN",2]]' \
  "no resolver in the country counts"
expect_exit 0 "$TAKEDOWN" report "$WORK/resolver.jsonl" "${GEO[@]}" --format csv
expect_eq "$(grep -c '^resolver,10.1.9.9,IN,1,,true,5,,$' "$WORK/out")" 1 "CSV: the resolver row"
expect_eq "$(grep '^total,' "$WORK/out" | cut -d, -f4)" 2 "CSV: the total without it"
expect_exit 0 "$TAKEDOWN" report "$WORK/resolver.jsonl" "${GEO[@]}"
grep -q '^Infected hosts (distinct addresses): 2 in 3 events' "$WORK/out" || fail "table total"
grep -q '^Resolvers seen: 1, 5 DNS queries (3 with a Client Subnet' "$WORK/out" || fail "table resolvers"
ok
expect_exit 0 "$TAKEDOWN" report "$WORK/resolver.jsonl" "${GEO[@]}" --html "$WORK/r.html" --quiet
grep -q '<span id="resolvers">1</span>' "$WORK/r.html" || fail "HTML resolvers"
ok
expect_exit 0 "$TAKEDOWN" notify "$WORK/resolver.jsonl" "${GEO[@]}" --by country --out "$WORK/rb"
grep -rq '10[.]1[.]9[.]9' "$WORK/rb" && fail "the resolver is in a notification bundle"
ok

# A tag with a control character (an attacker's bytes in a partner's log) is a bad record,
# never written to a table, CSV, bundle or statistics where a terminal would obey it.
esc='"tag":{"family":"ev\u001b[31mil","variant":"v","seed":"1","first":"2020-03-01","last":"2020-03-01"}}'
{
  echo '{"v":2,"time":"2020-03-01T00:00:01Z","sensor":"s","proto":"dns","transport":"udp","src":"10.1.3.1","sport":1,"dst":"127.0.0.1","dport":53,"name":"x.example","qtype":"A","rcode":"NOERROR",'"$esc"
  echo '{"v":2,"time":"2020-03-01T00:00:02Z","sensor":"s","proto":"http","transport":"tcp","src":"10.1.3.2","sport":1,"dst":"127.0.0.1","dport":80,"name":"x.example","http":{"method":"GET","path":"/","version":"1.1","ua":"b","status":200,"body_bytes":0},'"$esc"
  echo '{"v":2,"time":"2020-03-01T00:00:03Z","sensor":"s","proto":"http","transport":"tcp","src":"10.1.3.3","sport":1,"dst":"127.0.0.1","dport":80,"name":"x.example","http":{"method":"GET","path":"/","version":"1.1","ua":"b","status":200,"body_bytes":0},"tag":{"family":"good","variant":"v","seed":"1"}}'
} > "$WORK/esc.jsonl"
printf 'time,address,family\n2020-03-01T00:00:04Z,10.1.3.4,ev\033[31mil\n' > "$WORK/esc.csv"
for format in table csv json; do
  expect_exit 0 "$TAKEDOWN" report "$WORK/esc.jsonl" "$WORK/esc.csv" --no-geo --by family --format "$format"
  grep -q $'\x1b' "$WORK/out" "$WORK/err" && fail "report --format $format: an ESC byte in the output"
  ok
  expect_err_contains "esc.jsonl:2:"
  expect_err_contains "expected printable text in tag.family"
  expect_err_contains "esc.csv:2: expected printable text in tag.family"
done
expect_exit 0 "$TAKEDOWN" report "$WORK/esc.jsonl" --no-geo --by family --json
expect_eq "$(jq -r '[.groups.family[].key] | join(" ")' "$WORK/out")" "good" "only the printable family counted"
expect_exit 0 "$TAKEDOWN" notify "$WORK/esc.jsonl" --no-geo --by country --out "$WORK/escb"
grep -rq $'\x1b' "$WORK/escb" "$WORK/out" "$WORK/err" && fail "notify: an ESC byte in a bundle"
ok
expect_err_contains "expected printable text in tag.family"
expect_exit 1 "$TAKEDOWN" events stats "$WORK/esc.jsonl"
grep -q $'\x1b' "$WORK/out" "$WORK/err" && fail "events stats: an ESC byte in the output"
ok
expect_err_contains "esc.jsonl:1: expected printable text in tag.family"
expect_eq "$(awk '/^families/' "$WORK/out")" "families good 1" "events stats: the printable family only"
done_checks
