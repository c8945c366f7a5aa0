# match_discover.sh - seed discovery end to end: names of a Necurs botnet whose magic number
# is not published are found, the seed is saved to the local seeds file, and from then on
# predict, index build and match know it.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/seeds"
T=$TAKEDOWN

# What a feed gives: some names of magic 4242 with the day they were seen, in CSV.
"$T" predict necurs --magic 4242 --date 2021-02-10 | awk 'NR % 64 == 1' > "$WORK/names"
{ echo "family,domain,date"; sed 's/^/necurs,/; s/$/,2021-02-10/' "$WORK/names"; } > "$WORK/feed.csv"
observed=$(wc -l < "$WORK/names")

expect_exit 0 "$T" match --discover-seeds necurs --range 4200-4300 --format json "$WORK/feed.csv"
expect_eq "$(jq -r '[.seeds[] | "\(.seed) \(.known) \(.weak) \(.names | length)"] | join(";")' "$WORK/out")" \
  "4242 false false $observed" "the seed found"
expect_eq "$(jq -r '.seeds[0].names[0].first + " " + .seeds[0].names[0].last' "$WORK/out")" \
  "2021-02-08 2021-02-11" "the days it explains"
expect_eq "$(jq -r '.window.from + " " + .window.to' "$WORK/out")" "2021-01-27 2021-02-24" \
  "the window follows the dates seen"
expect_eq "$(jq '.families[0].space' "$WORK/out")" 101 "seed values searched"

# Saving: a line in the seeds file, once however often it is found.
expect_exit 0 "$T" match --discover-seeds necurs --range 4240-4245 --save "$WORK/feed.csv"
expect_err_contains "1 new seeds added to $WORK/seeds"
expect_exit 0 "$T" match --discover-seeds necurs --range 4240-4245 --save "$WORK/feed.csv"
expect_err_contains "0 new seeds added"
expect_eq "$(grep -c '^necurs magic=4242 ' "$WORK/seeds")" 1 "the seeds file"

# Now predict, index build and match use it.
expect_eq "$("$T" predict necurs --all-seeds --date 2021-02-10 | grep -cxFf "$WORK/names")" "$observed" \
  "predict --all-seeds"
"$T" index build --families necurs --from 2021-02-01 --to 2021-02-28 --out "$WORK/idx.tki" --quiet
expect_exit 0 "$T" index info "$WORK/idx.tki" --json
expect_eq "$(jq -r '[.sources[].seed] | sort | join(",")' "$WORK/out")" "11,4242,5,7,9" "index sources"
expect_exit 0 "$T" match --index "$WORK/idx.tki" --format json "$WORK/feed.csv"
expect_eq "$(jq -r '[.names[].matches[0].seed] | unique | join(",")' "$WORK/out")" "4242" "match"
expect_eq "$(jq '.names | length' "$WORK/out")" "$observed" "names matched"
TAKEDOWN_SEEDS="$WORK/none" "$T" match --domain "$(head -1 "$WORK/names")" --from 2021-02-01 \
  --to 2021-02-28 --format json > "$WORK/without.json"
expect_eq "$(jq '.names[0].matches | length' "$WORK/without.json")" 0 "without the seeds file"

# Errors: a range for a family whose seed is not a number, or outside the seed's space;
# undated names without a window.
expect_exit 2 "$T" match --discover-seeds zloader --range 0-9 --from 2021-02-01 --to 2021-02-02 "$WORK/names"
expect_err_contains "no numeric seed"
expect_exit 2 "$T" match --discover-seeds necurs --range 0-0x1FFFFFFFF --from 2021-02-01 --to 2021-02-02 "$WORK/names"
expect_err_contains "necurs seeds are 0 to 4294967295"
expect_exit 2 "$T" match --discover-seeds necurs "$WORK/names"
expect_err_contains "--from D --to D"
expect_exit 2 "$T" match --discover-seeds necurs --range 9-1 --from 2021-02-01 --to 2021-02-02 "$WORK/names"
expect_err_contains "--range"
done_checks
