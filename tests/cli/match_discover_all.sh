# match_discover_all.sh - seed discovery across every family: names of several families and
# forms in one input, the known seeds first, the chance figure that marks a coincidence weak,
# the popular names never searched, the names nothing explains, and the seeds file merged
# atomically with the provenance of each seed, never overwritten or damaged.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/seeds"
T=$TAKEDOWN

# A feed: Necurs names of the published magic 9 and of the unpublished 4242, in the forms a
# feed has them (upper case, trailing dot, twice), a popular domain, a name of no family.
"$T" predict necurs --magic 9 --date 2021-02-10 | awk 'NR % 100 == 1' > "$WORK/known"
"$T" predict necurs --magic 4242 --date 2021-02-10 | awk 'NR % 100 == 2' > "$WORK/new"
{
  cat "$WORK/known"
  tr a-z A-Z < "$WORK/new"
  sed 's/$/./' "$WORK/new"
  echo google.com
  echo not-a-dga-name.example
} > "$WORK/feed.txt"
known=$(wc -l < "$WORK/known") new=$(wc -l < "$WORK/new")

expect_exit 0 "$T" match --discover-seeds all --from 2021-02-08 --to 2021-02-11 --format json \
  "$WORK/feed.txt"
cp "$WORK/out" "$WORK/all.json"
expect_eq "$(jq '.names' "$WORK/all.json")" $((known + new + 1)) "distinct names searched"
expect_eq "$(jq -r '.excluded | join(",")' "$WORK/all.json")" "google.com" "popular names set aside"
expect_eq "$(jq -r '[.seeds[] | select(.family == "necurs" and (.weak | not))
  | "\(.seed):\(.origin):\(.names | length)"] | join(" ")' "$WORK/all.json")" "9:built-in:$known" \
  "the known seed explains its names; 4242 is not searched with every family and no range"
expect_eq "$(jq -r '.families[] | select(.family == "necurs") | .method' "$WORK/all.json" \
  | grep -c 'not searched')" 1 "why necurs was not searched"
expect_eq "$(jq '.unexplained | length' "$WORK/all.json")" $((new + 1)) "names unexplained"
expect_eq "$(jq -r '.unexplained | index("not-a-dga-name.example") != null' "$WORK/all.json")" \
  true "the name of no family is listed"

# The family alone, with a range: with --no-known-seeds the search must find 9 itself, and
# says it is a published seed; the range 4240-4245 (below) finds 4242.
expect_exit 0 "$T" match --discover-seeds necurs --range 0-20 --no-known-seeds \
  --from 2021-02-08 --to 2021-02-11 --format json "$WORK/feed.txt"
expect_eq "$(jq -r '[.seeds[] | "\(.seed):\(.origin):\(.weak):\(.names | length)"] | sort
  | join(" ")' "$WORK/out")" "9:built-in:false:$known" "the published seed searched"
expect_eq "$(jq '.seeds[0].expected < 0.001' "$WORK/out")" true "chance figure of a strong seed"

# A coincidence: one short Conficker name over a month is weak, never saved.
"$T" predict conficker --variant c --date 2020-03-05 > "$WORK/conficker"
awk -F. 'length($1) == 4 { print; exit }' "$WORK/conficker" > "$WORK/short.txt"
expect_exit 0 "$T" match --discover-seeds conficker --from 2020-03-01 --to 2020-03-31 \
  --format json --save "$WORK/short.txt"
expect_eq "$(jq -r '.seeds[0].weak' "$WORK/out")" true "a short name alone is weak"
expect_eq "$(jq '.seeds[0].expected >= 0.001' "$WORK/out")" true "its chance figure"
expect_eq "$(jq '.unexplained | length' "$WORK/out")" 1 "a weak seed explains nothing"
expect_err_contains "0 new seeds added"
expect_eq "$(test -e "$WORK/seeds" && echo yes || echo no)" no "nothing saved"

# Saving merges: what was there stays, each seed once, with its provenance.
printf '# my seeds\nranbyus seed=0F0D5BFA\n' > "$WORK/seeds"
expect_exit 0 "$T" match --discover-seeds necurs --range 4240-4245 --from 2021-02-08 \
  --to 2021-02-11 --save "$WORK/feed.txt"
expect_err_contains "1 new seeds added"
expect_eq "$(head -2 "$WORK/seeds")" "$(printf '# my seeds\nranbyus seed=0F0D5BFA')" "kept"
line=$(grep '^necurs magic=4242 ' "$WORK/seeds")
for part in "found $(date -u +%F)" "takedown match --discover-seeds necurs --range 4240-4245" \
    "$new names" "2021-02-08..2021-02-11" "$(head -1 "$WORK/new")"; do
  case "$line" in *"$part"*) ok ;; *) fail "provenance lacks '$part': $line" ;; esac
done
expect_exit 0 "$T" match --discover-seeds necurs --range 4240-4245 --from 2021-02-08 \
  --to 2021-02-11 --save "$WORK/feed.txt"
expect_err_contains "0 new seeds added"
expect_eq "$(grep -c '^necurs magic=4242 ' "$WORK/seeds")" 1 "once"
expect_eq "$("$T" predict necurs --all-seeds --date 2021-02-10 | grep -cxFf "$WORK/new")" "$new" \
  "predict uses it"

# A seeds file with a bad line: file:line, and the file is left as it was.
printf 'necurs magic=9\nnecurs magic=banana\n' > "$WORK/bad.seeds"
cp "$WORK/bad.seeds" "$WORK/bad.before"
expect_exit 1 "$T" match --discover-seeds necurs --range 4240-4245 --from 2021-02-08 \
  --to 2021-02-11 --no-local-seeds --save-to "$WORK/bad.seeds" "$WORK/feed.txt"
expect_err_contains "bad.seeds:2"
expect_eq "$(cmp -s "$WORK/bad.seeds" "$WORK/bad.before" && echo same)" same "left as it was"
# A symbolic link is not replaced.
ln -s "$WORK/known" "$WORK/link.seeds"
expect_exit 1 "$T" match --discover-seeds necurs --range 4240-4245 --from 2021-02-08 \
  --to 2021-02-11 --save-to "$WORK/link.seeds" "$WORK/feed.txt"
expect_eq "$(test -L "$WORK/link.seeds" && cmp -s "$WORK/known" <("$T" predict necurs --magic 9 \
  --date 2021-02-10 | awk 'NR % 100 == 1') && echo intact)" intact "the link and its target"

# A range outside the seed's space is a usage error that gives the space.
expect_exit 2 "$T" match --discover-seeds ranbyus --range 5-0x100000000 --from 2021-02-08 \
  --to 2021-02-11 "$WORK/feed.txt"
expect_err_contains "ranbyus seeds are 0 to 4294967295"
done_checks
