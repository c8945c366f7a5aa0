# notify.sh - `takedown notify`: one bundle per country or network, named for its
# recipient, whose CSV holds exactly the country's addresses (checked with mmdblookup over
# MaxMind-written databases), one row per address, tag and day, and reads back into
# `takedown report` with the same counts.
source "$(dirname "$0")/lib.sh"
command -v mmdblookup >/dev/null || fail "mmdblookup (mmdb-bin) is needed"

perl "$(dirname "$0")/geo_fixture.pl" "$WORK"
GEO=(--geo-db "$WORK/country.mmdb" --asn-db "$WORK/asn.mmdb")

# 3000 events from 120 addresses: 10.1/16 (IN), 10.2/16 (US), 10.9/16 (nowhere), 2001:db8:1::/48 (IN).
awk -v n=3000 'BEGIN {
  srand(11)
  for (i = 0; i < n; i++) {
    k = int(rand() * 120); block = k % 4
    src = block == 3 ? sprintf("2001:db8:1::%x", k) : sprintf("10.%d.%d.%d", block == 2 ? 9 : block + 1, (int(k / 4) % 2) * 128, k)
    fam = rand() < 0.5 ? "necurs" : "ranbyus"
    printf "{\"v\":1,\"time\":\"2020-03-0%dT%02d:%02d:00.000000Z\",\"proto\":\"http\",\"transport\":\"tcp\",\"src\":\"%s\",\"sport\":%d,\"dst\":\"192.0.2.53\",\"dport\":80,\"name\":\"x.example\",\"tag\":{\"family\":\"%s\",\"variant\":\"default\",\"seed\":\"1\"},\"qtype\":\"A\",\"rcode\":\"NOERROR\"}\n", 1 + int(rand() * 3), int(rand() * 24), int(rand() * 60), src, 1024 + i, fam
  }
}' > "$WORK/events.jsonl"
# A resolver's own DNS queries (no Client Subnet) name no infected host: no bundle lists it.
for i in 1 2 3; do
  echo '{"v":2,"time":"2020-03-02T10:00:0'$i'Z","proto":"dns","transport":"udp","src":"10.1.250.250","sport":53,"name":"x.example","qtype":"A","rcode":"NOERROR"}'
done >> "$WORK/events.jsonl"
country_of() { mmdblookup --file "$WORK/country.mmdb" --ip "$1" country iso_code 2>/dev/null | awk -F'"' 'NF > 2 { print $2 }'; }
jq -r 'select(.proto != "dns") | .src' "$WORK/events.jsonl" | sort -u | while read -r a; do echo "$a $(country_of "$a")"; done > "$WORK/places"

expect_exit 0 "$TAKEDOWN" notify "$WORK/events.jsonl" "${GEO[@]}" --by country --out "$WORK/bundles" --json
cp "$WORK/out" "$WORK/list.json"
for b in IN-India-CERT-In US-United-States-CISA unlocated; do
  [ -f "$WORK/bundles/$b/$b.csv" ] && [ -s "$WORK/bundles/$b/summary.txt" ] || fail "bundle $b"
  ok
done
expect_eq "$(jq -r '.bundles[0].bundle' "$WORK/list.json")" "IN-India-CERT-In" "largest bundle first"
expect_eq "$(jq -r '.bundles[] | select(.key == "IN") | .recipient' "$WORK/list.json")" "CERT-In" "recipient"
expect_eq "$(jq '.total.distinct' "$WORK/list.json")" "$(wc -l < "$WORK/places")" "distinct addresses in all"

csv="$WORK/bundles/IN-India-CERT-In/IN-India-CERT-In.csv"
expect_eq "$(head -1 "$csv")" "timestamp,ip,port,asn,geo,family,tag" "Shadowserver columns"
# Exactly the addresses mmdblookup places in India (IPv6 in its canonical text).
tail -n +2 "$csv" | cut -d, -f2 | sort -u > "$WORK/in-csv"
awk '$2 == "IN" { print $1 }' "$WORK/places" | sort -u > "$WORK/in-expected"
diff "$WORK/in-csv" "$WORK/in-expected" >/dev/null || fail "addresses in the IN bundle differ from mmdblookup's"
ok
expect_eq "$(tail -n +2 "$csv" | cut -d, -f5 | sort -u)" "IN" "geo column"
grep -rq "10[.]1[.]250[.]250" "$WORK/bundles" && fail "a resolver is in a bundle"
ok
expect_eq "$(jq '.bundles[] | select(.key == "IN") | .addresses' "$WORK/list.json")" "$(wc -l < "$WORK/in-expected")" "addresses in the index"
# One row per address, tag and day: the first contact of the day.
want=$(jq -r 'select(.proto != "dns" and (.src | test("^10[.]1[.]|^2001:db8:1:"))) | "\(.src) \(.tag.family) \(.time[0:10])"' "$WORK/events.jsonl" | sort -u | wc -l)
expect_eq "$(($(wc -l < "$csv") - 1))" "$want" "rows per address, family and day"
first=$(jq -r 'select(.src == "10.1.0.4" and .time[0:10] == "2020-03-01" and .tag.family == "necurs") | .time' "$WORK/events.jsonl" | sort | awk 'NR == 1')
if [ -n "$first" ]; then
  expect_eq "$(grep ',10.1.0.4,' "$csv" | grep ',necurs,' | grep '^2020-03-01' | cut -d, -f1)" "$(echo "$first" | cut -c1-19 | tr T ' ')" "first contact of the day"
fi
grep -q "^To: CERT-In (India, IN)" "$WORK/bundles/IN-India-CERT-In/summary.txt" || fail "summary recipient"
ok
# The bundle reads back (by its header) into the same count.
expect_exit 0 "$TAKEDOWN" report "$csv" "${GEO[@]}" --json
expect_eq "$(jq .total.distinct "$WORK/out")" "$(wc -l < "$WORK/in-expected")" "bundle read back"
expect_eq "$(jq -r '.groups.country[0].key' "$WORK/out")" "IN" "bundle read back: country"
expect_eq "$(tail -n +2 "$WORK/bundles/index.csv" | wc -l)" "$(jq '.bundles | length' "$WORK/list.json")" "index lists every bundle"

# By network, and a minimum size.
expect_exit 0 "$TAKEDOWN" notify "$WORK/events.jsonl" "${GEO[@]}" --by asn --out "$WORK/networks" --min-addresses 2
[ -d "$WORK/networks/AS9829-BSNL" ] && [ -d "$WORK/networks/AS7922-Comcast-Inc." ] || fail "network bundles: $(ls "$WORK/networks")"
ok
grep -q "^To: the abuse desk of AS9829 (BSNL)" "$WORK/networks/AS9829-BSNL/summary.txt" || fail "network summary"
ok

# --out DIR is replaced as a whole: a rerun with fewer countries leaves no stale bundle.
snapshot() { (cd "$1" && find . -printf '%y %p\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
grep '"src":"10[.]1[.]' "$WORK/events.jsonl" > "$WORK/india.jsonl"
expect_exit 0 "$TAKEDOWN" notify "$WORK/india.jsonl" "${GEO[@]}" --by country --out "$WORK/bundles/"
expect_eq "$(cd "$WORK/bundles" && echo *)" "IN-India-CERT-In index.csv" "rerun: only the new bundles"
expect_eq "$(tail -n +2 "$WORK/bundles/index.csv" | cut -d, -f1)" "IN-India-CERT-In" "rerun: index"
expect_eq "$(find "$WORK" -maxdepth 1 -name '.bundles.*' | wc -l)" "0" "no hidden sibling left"
# A run killed mid-write (SIGXFSZ from a file-size limit, which no handler catches, as
# SIGKILL) leaves the earlier set whole: no half-written file, no mix of old and new.
expect_exit 0 "$TAKEDOWN" notify "$WORK/events.jsonl" "${GEO[@]}" --by country --out "$WORK/bundles"
snapshot "$WORK/bundles" > "$WORK/before"
sed 's/necurs/necurz/' "$WORK/events.jsonl" > "$WORK/renamed.jsonl"
expect_exit 153 bash -c 'ulimit -c 0; ulimit -f 12; exec "$@"' sh "$TAKEDOWN" notify \
  "$WORK/renamed.jsonl" "${GEO[@]}" --by country --out "$WORK/bundles"
[ "$(find "$WORK/bundles" -type f -newer "$WORK/before" | wc -l)" -eq 0 ] || fail "killed run: $(find "$WORK/bundles" -newer "$WORK/before")"
ok
snapshot "$WORK/bundles" | diff "$WORK/before" - >/dev/null || fail "killed run changed the earlier set"
ok
rm -rf "$WORK"/.bundles.tmp-*
# A directory holding anything else, a link or a file is refused in one line, untouched.
mkdir -p "$WORK/mine/IN-India-CERT-In"
echo keep > "$WORK/mine/notes.doc"
echo keep > "$WORK/mine/IN-India-CERT-In/IN-India-CERT-In.csv"
snapshot "$WORK/mine" > "$WORK/before"
expect_exit 1 "$TAKEDOWN" notify "$WORK/events.jsonl" "${GEO[@]}" --by country --out "$WORK/mine"
expect_err_contains "mine: holds notes.doc, which no earlier run wrote; not replaced"
expect_eq "$(wc -l < "$WORK/err")" "1" "one line"
snapshot "$WORK/mine" | diff "$WORK/before" - >/dev/null || fail "refused directory changed"
ok
rm "$WORK/mine/notes.doc"
mkdir "$WORK/mine/IN-India-CERT-In/deeper"
expect_exit 1 "$TAKEDOWN" notify "$WORK/events.jsonl" "${GEO[@]}" --by country --out "$WORK/mine"
expect_err_contains "mine: holds IN-India-CERT-In/deeper, which no earlier run wrote"
rmdir "$WORK/mine/IN-India-CERT-In/deeper"
ln -sfn /etc "$WORK/mine/index.csv"
expect_exit 1 "$TAKEDOWN" notify "$WORK/events.jsonl" "${GEO[@]}" --by country --out "$WORK/mine"
expect_err_contains "mine: holds index.csv, which no earlier run wrote"
rm "$WORK/mine/index.csv"
ln -s "$WORK/bundles" "$WORK/link"
snapshot "$WORK/bundles" > "$WORK/before"
expect_exit 1 "$TAKEDOWN" notify "$WORK/india.jsonl" "${GEO[@]}" --by country --out "$WORK/link"
expect_err_contains "link: is a symbolic link; not replaced"
snapshot "$WORK/bundles" | diff "$WORK/before" - >/dev/null || fail "directory behind the link changed"
ok
expect_exit 1 "$TAKEDOWN" notify "$WORK/events.jsonl" "${GEO[@]}" --by country --out "$WORK/india.jsonl"
expect_err_contains "india.jsonl: not a directory"
# The IN bundle is a directory earlier run wrote: replaced along with the rest.
expect_exit 0 "$TAKEDOWN" notify "$WORK/india.jsonl" "${GEO[@]}" --by country --out "$WORK/mine"
expect_eq "$(cat "$WORK/mine/IN-India-CERT-In/summary.txt" | head -c 3)" "To:" "replaced bundle"

expect_exit 0 "$TAKEDOWN" notify --help
expect_eq "$(head -1 "$WORK/out" | cut -c1-40)" "usage: takedown notify EVENTS... --by co" "usage line"
expect_exit 2 "$TAKEDOWN" notify "$WORK/events.jsonl" --by city --out "$WORK/x"
expect_exit 2 "$TAKEDOWN" notify "$WORK/events.jsonl" --by country
expect_exit 1 "$TAKEDOWN" notify "$WORK/events.jsonl" "${GEO[@]}" --by country --out /proc/takedown-cannot-write
done_checks
