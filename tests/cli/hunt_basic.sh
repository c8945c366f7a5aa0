# hunt_basic.sh - `takedown hunt hosts` on JSON lines with response codes: the hosts that walk
# the same never-resolving names are infected and form one cluster, hosts asking for names
# of a known family (--index) are attributed, benign hosts with a typo stay clean; table,
# CSV and JSON agree; the infected hosts go to `takedown notify`; a log without client
# addresses, malformed lines, files without records, outputs that cannot be written and bad
# options behave as documented.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/no-seeds"
T=$TAKEDOWN
day=1795824000 # 2026-11-28

# Three bots walk eight names an hour apart, all NXDOMAIN; a fourth asks for two of them.
{
  for b in 1 2 3; do
    for n in 0 1 2 3 4 5 6 7; do
      echo "{\"time\":$((day + n * 3600 + b)),\"client\":\"192.0.2.$b\",\"qname\":\"walkname$n.info\",\"rcode\":\"NXDOMAIN\"}"
    done
  done
  echo "{\"time\":$((day + 10)),\"client\":\"192.0.2.4\",\"qname\":\"walkname0.info\",\"rcode\":3}"
  echo "{\"time\":$((day + 11)),\"client\":\"192.0.2.4\",\"qname\":\"walkname1.info\",\"rcode\":3}"
  for c in 1 2 3 4 5; do
    for n in www.example.org mail.example.net; do
      echo "{\"time\":$((day + 100)),\"client\":\"198.51.100.$c\",\"qname\":\"$n\",\"rcode\":\"NOERROR\"}"
    done
  done
  echo "{\"time\":$((day + 200)),\"client\":\"198.51.100.1\",\"qname\":\"gogle.com\",\"rcode\":3}"
} > "$WORK/log.jsonl"

expect_exit 0 "$T" hunt hosts --format json "$WORK/log.jsonl"
J="$WORK/out"
expect_eq "$(jq -r '[.hosts[] | select(.verdict == "infected") | .client] | join(" ")' "$J")" \
  "192.0.2.1 192.0.2.2 192.0.2.3" "infected hosts"
expect_eq "$(jq '[.hosts[] | select(.verdict != "clean")] | length' "$J")" 3 "flagged hosts"
expect_eq "$(jq '.hosts | length' "$J")" 9 "one object per client"
expect_eq "$(jq '.rcode' "$J")" true "response codes seen"
expect_eq "$(jq '.clusters | length' "$J")" 1 "one cluster"
expect_eq "$(jq -r '.clusters[0].names | join(" ")' "$J")" \
  "walkname2.info walkname3.info walkname4.info walkname5.info walkname6.info walkname7.info" \
  "cluster names"
expect_eq "$(jq -r '.clusters[0].clients | join(" ")' "$J")" "192.0.2.1 192.0.2.2 192.0.2.3" \
  "cluster clients"
expect_eq "$(jq -r '.clusters[0] | "\(.first_seen) \(.last_seen) \(.tlds | join(",")) \(.alphabet)"' "$J")" \
  "2026-11-28T02:00:01Z 2026-11-28T07:00:03Z info a-z0-9" "cluster shape"
expect_eq "$(jq -r '.hosts[] | select(.client == "192.0.2.1") | "\(.dga_names) \(.dga_nxdomain) \(.cluster) \(.cluster_names) \(.bursts) \(.period)"' "$J")" \
  "8 8 1 6 8 3600" "evidence of a bot"
expect_eq "$(jq -r '.hosts[] | select(.client == "198.51.100.1") | "\(.verdict) \(.dga_names) \(.queries)"' "$J")" \
  "clean 1 3" "a typo"

# CSV: the same verdicts; --flagged keeps the infected and suspicious.
expect_exit 0 "$T" hunt hosts --format csv --flagged --out "$WORK/hosts.csv" "$WORK/log.jsonl"
expect_eq "$(head -1 "$WORK/hosts.csv" | cut -d, -f1-3)" "client,verdict,reason" "CSV header"
expect_eq "$(tail -n +2 "$WORK/hosts.csv" | cut -d, -f1,2 | tr '\n' ' ')" \
  "192.0.2.1,infected 192.0.2.2,infected 192.0.2.3,infected " "CSV rows"
expect_exit 0 "$T" hunt hosts --format csv --by clusters "$WORK/log.jsonl"
expect_eq "$(head -1 "$WORK/out")" "cluster,name,queries,clients,nxdomain,score,first_seen,last_seen" \
  "clusters CSV header"
expect_eq "$(tail -n +2 "$WORK/out" | cut -d, -f1-5 | head -2 | tr '\n' ' ')" \
  "1,walkname2.info,3,3,3 1,walkname3.info,3,3,3 " "clusters CSV rows"
expect_exit 2 "$T" hunt hosts --by clusters "$WORK/log.jsonl"
expect_exit 0 "$T" hunt hosts "$WORK/log.jsonl"
grep -q "9 clients: 3 infected, 0 suspicious, 6 clean" "$WORK/out" || fail "table summary"
grep -q "^cluster 1: 6 names, 3 clients" "$WORK/out" || fail "table cluster"
ok

# The infected hosts, read by notify.
expect_exit 0 "$T" hunt hosts --infected-out "$WORK/infected.csv" --quiet "$WORK/log.jsonl"
expect_eq "$(cat "$WORK/infected.csv")" "time,client,family,tag
2026-11-28T00:00:01Z,192.0.2.1,unknown-cluster-1,
2026-11-28T00:00:02Z,192.0.2.2,unknown-cluster-1,
2026-11-28T00:00:03Z,192.0.2.3,unknown-cluster-1," "infected hosts CSV"
perl "$(dirname "$0")/geo_fixture.pl" "$WORK" >/dev/null
expect_exit 0 "$T" notify "$WORK/infected.csv" --by country --out "$WORK/bundles" \
  --geo-db "$WORK/country.mmdb" --asn-db "$WORK/asn.mmdb" --json
expect_eq "$(jq '.total.distinct' "$WORK/out")" 3 "notify reads the infected hosts"

# Known families: with an index, necurs names are attributed with their seed.
"$T" index build --families necurs --from 2026-11-27 --to 2026-11-29 --out "$WORK/idx.tki" --quiet
"$T" predict necurs --date 2026-11-28 > "$WORK/necurs-all.txt"
head -4 "$WORK/necurs-all.txt" > "$WORK/necurs.txt"
while read -r name; do
  echo "{\"time\":$((day + 500)),\"client\":\"203.0.113.9\",\"qname\":\"$name\",\"rcode\":3}"
done < "$WORK/necurs.txt" > "$WORK/necurs.jsonl"
expect_exit 0 "$T" hunt hosts --index "$WORK/idx.tki" --json "$WORK/log.jsonl" "$WORK/necurs.jsonl"
expect_eq "$(jq -r '.hosts[] | select(.client == "203.0.113.9") | "\(.verdict) \(.family) \(.seed) \(.attributed_names)"' "$WORK/out")" \
  "infected necurs 9 4" "attributed host"
expect_eq "$(jq '.attributed' "$WORK/out")" true "attributed flag"
# The same through --from/--to: the window generated for the candidate names only.
expect_exit 0 "$T" hunt hosts --from 2026-11-27 --to 2026-11-29 --families necurs --json \
  --quiet "$WORK/necurs.jsonl"
expect_eq "$(jq -r '.hosts[0] | "\(.verdict) \(.family)"' "$WORK/out")" "infected necurs" \
  "attributed through the window"

# Without response codes: a note, and NXDOMAIN evidence is gone.
jq -c 'del(.rcode)' "$WORK/log.jsonl" > "$WORK/norcode.jsonl"
expect_exit 0 "$T" hunt hosts --json "$WORK/norcode.jsonl"
expect_err_contains "carry no response codes"
expect_eq "$(jq '[.hosts[] | select(.verdict == "infected")] | length' "$WORK/out")" 0 \
  "no NXDOMAIN evidence without rcode"

# A log without client addresses: one clear error.
printf 'walkname0.info\nwalkname1.info\n' > "$WORK/names.txt"
expect_exit 1 "$T" hunt hosts "$WORK/names.txt"
expect_err_contains "names no client addresses"
expect_eq "$(wc -l < "$WORK/err")" 1 "one line"
# Malformed lines: file:line, counted, the rest read.
{ head -3 "$WORK/log.jsonl"; echo '{"client":"192.0.2.1","qname":'; tail -n +4 "$WORK/log.jsonl"; } \
  > "$WORK/bad.jsonl"
expect_exit 0 "$T" hunt hosts --json "$WORK/bad.jsonl"
expect_err_contains "bad.jsonl:4:"
expect_eq "$(jq '[.hosts[] | select(.verdict == "infected")] | length' "$WORK/out")" 3 \
  "the rest is read"
# A file with no log record at all (JSON cut short, a 10 MB line, NUL bytes): one line
# naming the first bad line, exit 1, nothing written.
printf '{"client":"192.0.2.1","qname":\n{{{\n' > "$WORK/nothing.jsonl"
expect_exit 1 "$T" hunt hosts --out "$WORK/never.json" "$WORK/nothing.jsonl"
expect_err_contains "nothing.jsonl:1: "
expect_err_contains "no line of the file is a log record"
expect_eq "$(wc -l < "$WORK/err")" 1 "one line for a file without records"
[ ! -e "$WORK/never.json" ] || fail "--out written for a failed hunt"
head -c 10000000 /dev/zero | tr '\0' a > "$WORK/long.log"
expect_exit 1 "$T" hunt hosts "$WORK/long.log"
expect_err_contains "long.log:1: line longer than"
expect_eq "$(wc -l < "$WORK/err")" 1 "one line for a 10 MB line"
printf 'a\0b.example\n\0\0\0\n' > "$WORK/nul.log"
expect_exit 1 "$T" hunt hosts "$WORK/nul.log"
expect_eq "$(wc -l < "$WORK/err")" 1 "one line for NUL bytes"
# An output that cannot be written fails before the logs are read and leaves nothing: not
# the report either, and never through a symbolic link.
echo precious > "$WORK/precious"
ln -s "$WORK/precious" "$WORK/link.csv"
expect_exit 1 "$T" hunt hosts --infected-out "$WORK/link.csv" "$WORK/log.jsonl"
expect_err_contains "link.csv: is a symbolic link; not replaced"
expect_eq "$(wc -l < "$WORK/err")" 1 "one line for a symbolic link"
expect_eq "$(wc -c < "$WORK/out")" 0 "no report when --infected-out cannot be written"
expect_eq "$(cat "$WORK/precious")" precious "the link's target"
mkdir -p "$WORK/adir"
expect_exit 1 "$T" hunt hosts --out "$WORK/report.txt" --infected-out "$WORK/adir" "$WORK/log.jsonl"
[ ! -e "$WORK/report.txt" ] || fail "--out written though --infected-out is a directory"
ok
# A gzip file cut short: every whole line, and a note saying so.
gzip -c "$WORK/log.jsonl" > "$WORK/log.jsonl.gz"
head -c $(($(stat -c %s "$WORK/log.jsonl.gz") - 12)) "$WORK/log.jsonl.gz" > "$WORK/cut.jsonl.gz"
expect_exit 0 "$T" hunt hosts --json "$WORK/cut.jsonl.gz"
expect_err_contains "cut short"
# Mixed formats in one run: a fourth bot's Unbound log-replies beside the JSON lines.
for n in 0 1 2 3 4 5 6 7; do
  echo "[$((day + n * 3600 + 4))] unbound[1:0] info: 192.0.2.5 walkname$n.info. A IN NXDOMAIN 0.000000 0 45"
done > "$WORK/unbound.log"
expect_exit 0 "$T" hunt hosts --json "$WORK/log.jsonl" "$WORK/unbound.log"
expect_eq "$(jq -r '.clusters[0].clients | join(" ")' "$WORK/out")" \
  "192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.5" "a cluster across two formats"
# Usage errors.
expect_exit 2 "$T" hunt hosts
expect_exit 2 "$T" hunt hosts --format xml "$WORK/log.jsonl"
expect_exit 2 "$T" hunt hosts --min-cluster-names 0 "$WORK/log.jsonl"
expect_exit 2 "$T" hunt hosts --index "$WORK/idx.tki" --from 2026-11-27 --to 2026-11-28 "$WORK/log.jsonl"
expect_exit 2 "$T" hunt sideways
expect_exit 1 "$T" hunt hosts "$WORK/missing.log"
expect_exit 0 "$T" hunt --help
expect_exit 0 "$T" hunt hosts --help
expect_exit 0 "$T" hunt --evaluate --help
done_checks
