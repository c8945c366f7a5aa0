# match_stream.sh - `takedown match` without --index generates the window once against the
# names asked about: its answers are those of an index of the whole window (JSON, CSV by
# name and by client, table; --date-slack, --any-date, --detect, the exclude list, names in
# any case with a trailing dot, repeated names, several clients), --domain gives the same
# attributions, and memory stays bounded over a long window (a limit that holding the
# window's names, as match did before, exceeds).
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/no-seeds"   # no local seeds from the machine running the test

T=$TAKEDOWN
FAMILIES=necurs,conficker,qsnatch
FROM=2017-03-25
TO=2017-04-10
expect_exit 0 "$T" index build --families "$FAMILIES" --from "$FROM" --to "$TO" \
  --out "$WORK/idx.tki" --quiet

# Queries with clients and times: names of each family on and far from their days, one in
# upper case with a trailing dot, taz.de (which qsnatch generates on 2017-04-01, on the
# built-in popular list), a benign name, a DGA-looking name no family generates.
"$T" predict necurs --date 2017-03-30 | sed -n '1p;500p' > "$WORK/necurs.txt"
"$T" predict conficker --variant c --date 2017-04-02 | sed -n '3p;40000p' > "$WORK/conficker.txt"
"$T" predict conficker --variant a --date 2017-04-09 | sed -n 9p >> "$WORK/conficker.txt"
"$T" predict qsnatch --variant a --date 2017-04-01 | sed -n 5p > "$WORK/qsnatch.txt"
n1=$(sed -n 1p "$WORK/necurs.txt"); n2=$(sed -n 2p "$WORK/necurs.txt")
c1=$(sed -n 1p "$WORK/conficker.txt"); c2=$(sed -n 2p "$WORK/conficker.txt")
c3=$(sed -n 3p "$WORK/conficker.txt"); q1=$(cat "$WORK/qsnatch.txt")
C1=$(echo "$c1" | tr a-z A-Z)
cat > "$WORK/queries.csv" <<EOF
time,client,domain
2017-03-30T08:00:00Z,192.0.2.1,$n1
2017-03-31T09:00:00Z,192.0.2.2,$n1
2017-03-30T10:00:00Z,192.0.2.1,$n2
2018-01-01T00:00:00Z,192.0.2.3,$n2
2017-04-02T11:00:00Z,192.0.2.4,$C1.
2017-04-03T11:00:00Z,192.0.2.4,$c1
2017-04-02T12:00:00Z,192.0.2.5,$c2
2017-04-09T12:00:00Z,192.0.2.5,$c3
2017-04-01T13:00:00Z,192.0.2.6,$q1
2017-04-01T13:00:00Z,192.0.2.6,taz.de
2017-04-01T14:00:00Z,192.0.2.7,www.example.com
2017-04-01T15:00:00Z,192.0.2.8,xjq7vk2pz9wqhtm4rbn8c.com
EOF
# The same names without times or clients, as a name list.
cut -d, -f3 "$WORK/queries.csv" | tail -n +2 > "$WORK/names.txt"

# Each run with the index and without it (the window and families given instead), standard
# input from $STDIN; the JSON differs only in the index's path.
same_answers() {
  local what=$1; shift
  expect_exit 0 "$T" match --index "$WORK/idx.tki" "$@" < "${STDIN:-/dev/null}"
  sed 's/"index":"[^"]*",//' "$WORK/out" > "$WORK/with-index"
  expect_exit 0 "$T" match --families "$FAMILIES" --from "$FROM" --to "$TO" --threads 2 "$@" \
    < "${STDIN:-/dev/null}"
  sed 's/"index":null,//' "$WORK/out" > "$WORK/streamed"
  if ! cmp -s "$WORK/with-index" "$WORK/streamed"; then
    diff "$WORK/with-index" "$WORK/streamed" | head -20 >&2
    fail "$what: the answers without an index differ from the index's"
  fi
  ok
}
same_answers "JSON" --format json "$WORK/queries.csv"
# What the comparison covers: matches on their days, one off its days, one excluded.
expect_eq "$(jq -c '[.queries, .matched, .off_days, .excluded]' "$WORK/out")" "[12,8,1,1]" \
  "counts of the streamed run"
expect_eq "$(jq -r '[.names[].name] | join(" ")' "$WORK/out" | wc -w)" 6 "names attributed"
expect_eq "$(jq -r --arg n "$c1" '.names[] | select(.name == $n) | "\(.queries) \(.clients)"' \
  "$WORK/out")" "2 1" "a name asked in two cases, from one client"
same_answers "JSON, names without times" --format json "$WORK/names.txt"
same_answers "--date-slack 0" --format json --date-slack 0 "$WORK/queries.csv"
same_answers "--any-date" --format json --any-date "$WORK/queries.csv"
same_answers "--detect" --format json --detect "$WORK/queries.csv"
same_answers "CSV by name" --format csv "$WORK/queries.csv"
same_answers "CSV by client" --format csv --by client "$WORK/queries.csv"
same_answers "table" "$WORK/queries.csv"
same_answers "--no-default-exclude" --format json --no-default-exclude "$WORK/queries.csv"
STDIN=$WORK/queries.csv same_answers "two inputs, one standard input" --format json \
  "$WORK/names.txt" -

# --domain streams the same way: its attributions are the index's.
expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json "$WORK/names.txt"
jq -c '[.names[] | {name, matches}]' "$WORK/out" > "$WORK/index-matches"
args=()
for n in "$n1" "$n2" "$C1." "$c2" "$c3" "$q1" www.example.com; do args+=(--domain "$n"); done
expect_exit 0 "$T" match --families "$FAMILIES" --from "$FROM" --to "$TO" --format json "${args[@]}"
expect_eq "$(jq -c '[.names[] | select(.matches != []) | {name, matches}]' "$WORK/out")" \
  "$(cat "$WORK/index-matches")" "--domain attributions"

# Bounded memory: half a year of Conficker (50,000 names a day for C) for 300 names under
# a 400 MB address-space limit, which holding the window's names (as match did before)
# exceeds. AddressSanitizer reserves terabytes of address space: not under it.
if ! grep -q __asan_init "$T"; then
  for v in a b c; do "$T" predict conficker --variant "$v" --date 2017-03-03 | sed -n 1,100p; done \
    > "$WORK/conficker300.txt"
  expect_eq "$(wc -l < "$WORK/conficker300.txt")" 300 "conficker names asked"
  expect_exit 0 bash -c 'ulimit -v 400000 && exec "$@"' limit "$T" match --families conficker \
    --from 2017-01-01 --to 2017-06-30 --threads 2 --format json "$WORK/conficker300.txt"
  expect_eq "$(jq .matched "$WORK/out")" 300 "every conficker name attributed in bounded memory"
fi

done_checks
