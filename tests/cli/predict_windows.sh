# predict_windows.sh - windows, several seeds, tags and exports for Necurs.
source "$(dirname "$0")/lib.sh"

# 25 months x 8 periods x 2,048 names, each once.
n=$("$TAKEDOWN" predict necurs --from 2020-03-01 --to 2022-03-31 --quiet | wc -l)
expect_eq "$n" 409600 "distinct Necurs names, 2020-03-01..2022-03-31"

# A window equals the union of its days; first-seen order starts with the first day's list.
"$TAKEDOWN" predict necurs --from 2020-02-27 --to 2020-03-02 > "$WORK/window"
for d in 2020-02-27 2020-02-28 2020-02-29 2020-03-01 2020-03-02; do
  "$TAKEDOWN" predict necurs --date $d
done | awk '!seen[$0]++' > "$WORK/days"
cmp -s "$WORK/window" "$WORK/days" || fail "window differs from the union of its days"
ok
"$TAKEDOWN" predict necurs --date 2020-02-27 > "$WORK/first"
expect_eq "$(head -1 "$WORK/window")" "$(head -1 "$WORK/first")" "first name of the window"
n=$("$TAKEDOWN" predict necurs --from 2020-02-27 --to 2020-03-02 --all-occurrences | wc -l)
expect_eq "$n" $((3 * 2048)) "all occurrences: 3 periods (24-27, 28-29, 1-2)"

# Several seeds: --magic 9,10 equals the union of each seed.
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --magic 9,10 | sort > "$WORK/both"
( "$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --magic 9
  "$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --magic 10 ) | sort -u > "$WORK/each"
cmp -s "$WORK/both" "$WORK/each" || fail "--magic 9,10 is not the union of 9 and 10"
ok
printf '# two botnets\n9\nnecurs magic=10\n' > "$WORK/seeds"
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --seeds-file "$WORK/seeds" | sort > "$WORK/file"
cmp -s "$WORK/file" "$WORK/each" || fail "seeds file differs from --magic 9,10"
ok

# The output does not depend on the number of threads.
"$TAKEDOWN" predict --all-families --from 2020-02-25 --days 8 --format csv --threads 1 --quiet | grep -v '^# generated' > "$WORK/t1"
"$TAKEDOWN" predict --all-families --from 2020-02-25 --days 8 --format csv --threads 5 --quiet | grep -v '^# generated' > "$WORK/t5"
cmp -s "$WORK/t1" "$WORK/t5" || fail "output differs between 1 and 5 threads"
ok
expect_eq "$(grep -v '^#' "$WORK/t1" | tail -n +2 | cut -d, -f1 | sort | uniq -d | wc -l)" 0 "names listed twice by --all-families"

# Tags: csv carries family, variant, seed and the first and last day.
"$TAKEDOWN" predict necurs --from 2020-03-01 --to 2020-03-05 --magic 9,10 --tag > "$WORK/tags.csv"
expect_eq "$(sed -n '/^[^#]/{p;q}' "$WORK/tags.csv")" "domain,family,variant,seed,first_date,last_date" "csv header"
ok
grep -q ',necurs,default,9,2020-03-01,2020-03-03$' "$WORK/tags.csv" || fail "first period tag"
grep -q ',necurs,default,10,2020-03-04,2020-03-05$' "$WORK/tags.csv" || fail "second period, clipped to the window"
ok
grep -q '^# window: 2020-03-01 to 2020-03-05' "$WORK/tags.csv" || fail "csv header comment"
ok
# jsonl read back by jq
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 1 --format jsonl > "$WORK/n.jsonl"
expect_eq "$(jq -r 'select(.tags[0].seed == "9") | .domain' "$WORK/n.jsonl" | wc -l)" 2048 "jq reads jsonl"

# Split by public suffix: one file per TLD whose names all end in it; totals add up.
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 7 --split-by-tld "$WORK/split" --format csv --json > "$WORK/summary.json"
expect_eq "$(jq .total "$WORK/summary.json")" 4096 "split total"
expect_eq "$(jq '[.suffixes[].names] | add' "$WORK/summary.json")" 4096 "split parts add up"
[ -f "$WORK/split/in.csv" ] || fail "no in.csv"
grep -q '^# scope: names under .in' "$WORK/split/in.csv" || fail "in.csv header"
ok
bad=$(grep -v '^#' "$WORK/split/in.csv" | tail -n +2 | cut -d, -f1 | grep -cv '\.in$' || true)
expect_eq "$bad" 0 "names in in.csv that are not under .in"

# Public suffixes come from the PSL, not the last label.
printf 'abc.ddns.net\nxyz.co.uk\nfoo.in\nbar.bit\n' > "$WORK/names.txt"
"$TAKEDOWN" export "$WORK/names.txt" --split-by-tld "$WORK/psl" --format list --quiet
expect_eq "$(ls "$WORK/psl" | tr '\n' ' ')" "bit.txt co.uk.txt ddns.net.txt in.txt " "PSL split"
done_checks
