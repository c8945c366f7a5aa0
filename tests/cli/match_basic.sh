# match_basic.sh - `takedown index` and `takedown match` on name lists: the attribution
# (family, variant, seed, dates) read back with jq, CSV, --domain without an index, and the
# errors: usage (2), unreadable input (1), malformed lines reported with file and line.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/no-seeds"   # no local seeds from the machine running the test

T=$TAKEDOWN
expect_exit 0 "$T" index build --families necurs,newgoz --from 2020-03-01 --to 2020-03-07 \
  --out "$WORK/idx.tki" --quiet
expect_exit 0 "$T" index info "$WORK/idx.tki" --json
expect_eq "$(jq -r '[.sources[].family] | unique | join(",")' "$WORK/out")" "necurs,newgoz" "index sources"
expect_eq "$(jq -r '.from + " " + .to' "$WORK/out")" "2020-03-01 2020-03-07" "index window"
# The index holds every name of the window: predict's count, each name once.
want=$("$T" predict necurs --all-seeds --from 2020-03-01 --to 2020-03-07 --quiet | wc -l)
want=$((want + $("$T" predict newgoz --from 2020-03-01 --to 2020-03-07 --quiet | wc -l)))
expect_eq "$(jq -r .names "$WORK/out")" "$want" "names in the index"

# Three necurs names of 2020-03-05, one newgoz name of 2020-03-02, one benign name.
"$T" predict necurs --date 2020-03-05 | sed -n '1p;100p;2048p' > "$WORK/names.txt"
"$T" predict newgoz --date 2020-03-02 | sed -n 7p >> "$WORK/names.txt"
echo "WWW.Example.COM." >> "$WORK/names.txt"
necurs1=$(sed -n 1p "$WORK/names.txt")
newgoz1=$(sed -n 4p "$WORK/names.txt")

expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json "$WORK/names.txt"
cp "$WORK/out" "$WORK/match.json"
expect_eq "$(jq '.names | length' "$WORK/match.json")" 4 "matched names"
expect_eq "$(jq '.queries' "$WORK/match.json")" 5 "queries read"
expect_eq "$(jq -r --arg n "$necurs1" '.names[] | select(.name == $n) | .matches[0] |
  "\(.family) \(.variant) \(.seed) \(.dates[0].first) \(.dates[0].last)"' "$WORK/match.json")" \
  "necurs default 9 2020-03-04 2020-03-07" "necurs attribution"
expect_eq "$(jq -r --arg n "$newgoz1" '.names[] | select(.name == $n) | .matches[0] |
  "\(.family) \(.dates[0].first) \(.dates[0].last)"' "$WORK/match.json")" \
  "newgoz 2020-03-02 2020-03-02" "newgoz attribution"
expect_eq "$(jq '[.names[] | select(.name == "www.example.com")] | length' "$WORK/match.json")" 0 \
  "a benign name has no match"

expect_exit 0 "$T" match --index "$WORK/idx.tki" --format csv "$WORK/names.txt"
expect_eq "$(head -1 "$WORK/out")" \
  "domain,family,variant,seed,first_date,last_date,queries,clients,first_seen,last_seen,score" "CSV header"
expect_eq "$(grep -c '^[^,]*,necurs,default,9,2020-03-04,2020-03-07,1,0,,,$' "$WORK/out")" 3 "CSV rows"

# Standard input, and gzip.
gzip -c "$WORK/names.txt" > "$WORK/names.txt.gz"
"$T" match --index "$WORK/idx.tki" --format json - < "$WORK/names.txt" > "$WORK/stdin.json"
expect_eq "$(jq '.names | length' "$WORK/stdin.json")" 4 "names from standard input"
"$T" match --index "$WORK/idx.tki" --format json "$WORK/names.txt.gz" > "$WORK/gz.json"
expect_eq "$(jq -c '[.names[].name]' "$WORK/gz.json")" "$(jq -c '[.names[].name]' "$WORK/match.json")" \
  "gzip input"

# --domain needs no index; without a match the name is listed with no matches.
expect_exit 0 "$T" match --domain "$necurs1" --from 2020-02-20 --to 2020-03-20 --format json
expect_eq "$(jq -r '.names[0].matches[] | select(.family == "necurs") | .dates[0].first' "$WORK/out")" \
  "2020-03-04" "--domain dates"
expect_exit 0 "$T" match --domain quiet-harbour-bakery.test --from 2020-03-01 --to 2020-03-02 --format json
expect_eq "$(jq -c '.names' "$WORK/out")" '[{"name":"quiet-harbour-bakery.test","matches":[]}]' "--domain no match"
# Without --index, files are matched against an index built in memory for the window.
expect_exit 0 "$T" match --families necurs --from 2020-03-01 --to 2020-03-10 --format json "$WORK/names.txt"
expect_eq "$(jq '.names | length' "$WORK/out")" 3 "in-memory index"

# Query times: a query counts when the family generates the name within --date-slack days
# (default 7) of it; --any-date counts them all. --exclude takes names out.
cat > "$WORK/events.jsonl" <<JSON
{"time":"2020-03-05T10:00:00Z","src":"192.0.2.1","name":"$necurs1"}
{"time":"2020-03-12T10:00:00Z","src":"192.0.2.2","name":"$necurs1"}
{"time":"2020-06-01T10:00:00Z","src":"192.0.2.3","name":"$necurs1"}
{"time":"2020-03-02T10:00:00Z","src":"192.0.2.4","name":"$newgoz1"}
JSON
expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json "$WORK/events.jsonl"
expect_eq "$(jq -r '"\(.matched) \(.off_days)"' "$WORK/out")" "3 1" "a week either side"
expect_eq "$(jq -r '[.clients[].client] | join(",")' "$WORK/out")" "192.0.2.1,192.0.2.2,192.0.2.4" \
  "clients on the days"
expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json --date-slack 0 "$WORK/events.jsonl"
expect_eq "$(jq -r '"\(.matched) \(.off_days)"' "$WORK/out")" "2 2" "--date-slack 0"
expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json --any-date "$WORK/events.jsonl"
expect_eq "$(jq -r '"\(.matched) \(.off_days)"' "$WORK/out")" "4 0" "--any-date"
echo "$newgoz1" > "$WORK/exclude.txt"
expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json --exclude "$WORK/exclude.txt" "$WORK/events.jsonl"
expect_eq "$(jq -r '"\(.matched) \(.excluded)"' "$WORK/out")" "2 1" "--exclude"

# Popular registered domains are never attributed, although short-label families generate
# some: qsnatch generates taz.de on 2017-04-01. The built-in list takes it out (a note,
# not a match); --no-default-exclude shows what generates it.
expect_exit 0 "$T" match --domain taz.de --families qsnatch --from 2017-03-25 --to 2017-04-05 --json
expect_eq "$(jq -c '.names[0] | [.matches, .excluded]' "$WORK/out")" '[[],true]' "popular: excluded"
expect_exit 0 "$T" match --domain taz.de --families qsnatch --from 2017-03-25 --to 2017-04-05 \
  --no-default-exclude --json
expect_eq "$(jq -r '.names[0].matches[0] | "\(.family) \(.dates[0].first)"' "$WORK/out")" \
  "qsnatch 2017-04-01" "popular: what generates it"
expect_exit 0 "$T" match --domain taz.de --families qsnatch --from 2017-03-25 --to 2017-04-05
expect_eq "$(grep -c "never attributed" "$WORK/out")" 1 "popular: the table says so"
"$T" index build --families qsnatch --from 2017-03-30 --to 2017-04-02 --out "$WORK/qs.tki" --quiet
printf 'taz.de\nwww.taz.de\n' > "$WORK/popular.txt"
expect_exit 0 "$T" match --index "$WORK/qs.tki" --json "$WORK/popular.txt"
expect_eq "$(jq -r '"\(.matched) \(.excluded) \(.names | length)"' "$WORK/out")" "0 1 0" \
  "popular: not attributed in a log"
expect_exit 0 "$T" match --index "$WORK/qs.tki" --json --no-default-exclude "$WORK/popular.txt"
expect_eq "$(jq -r '"\(.matched) \(.excluded)"' "$WORK/out")" "1 0" "popular: --no-default-exclude"

# Malformed lines: counted, reported with file and line, the rest still read.
printf 'good.example\nbad..name\n%s\ntwo words\n' "$necurs1" > "$WORK/mixed.txt"
expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json "$WORK/mixed.txt"
expect_err_contains "mixed.txt:2: expected a domain name"
expect_err_contains "mixed.txt:4: expected one domain name per line"
expect_eq "$(jq '.inputs[0].malformed' "$WORK/out")" 2 "malformed count"
expect_eq "$(jq '.names | length' "$WORK/out")" 1 "names after malformed lines"

# Errors.
expect_exit 2 "$T" match --index "$WORK/idx.tki"
expect_err_contains "no input"
expect_exit 2 "$T" match --index "$WORK/idx.tki" --format xml "$WORK/names.txt"
expect_err_contains "--format"
expect_exit 1 "$T" match --index "$WORK/idx.tki" "$WORK/missing.txt"
expect_err_contains "missing.txt"
expect_exit 1 "$T" match --index "$WORK/names.txt" "$WORK/names.txt"
expect_err_contains "not a takedown index"
expect_exit 2 "$T" match --domain "bad..name"
expect_exit 2 "$T" index build --from 2020-03-01 --to 2020-03-02
expect_err_contains "--out"
expect_exit 2 "$T" index build --families nosuchfamily --from 2020-03-01 --to 2020-03-02 --out "$WORK/x"
expect_err_contains "unknown family"
expect_exit 2 "$T" index frobnicate
expect_exit 0 "$T" match --help
expect_eq "$(head -1 "$WORK/out")" \
  "usage: takedown match [--index FILE] [--format table|csv|json] [--detect] FILE..." "match --help"
expect_exit 0 "$T" index --help
expect_eq "$(head -1 "$WORK/out" | cut -d' ' -f1-3)" "usage: takedown index" "index --help"
done_checks
