# predict_exclude.sh - block lists leave out popular registered domains that a family also
# generates (qsnatch generates taz.de on 2017-04-01), on request: --exclude-popular, and
# --exclude FILE with a list of one's own; the same for `takedown export`.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/no-seeds"
T=$TAKEDOWN
day=(--all-seeds --from 2017-04-01 --days 1)

"$T" predict qsnatch "${day[@]}" --quiet > "$WORK/all.txt"
expect_eq "$(grep -cx 'taz.de' "$WORK/all.txt")" 1 "generated without exclusion"
expect_exit 0 "$T" predict qsnatch "${day[@]}" --exclude-popular
expect_eq "$(grep -cx 'taz.de' "$WORK/out" || true)" 0 "--exclude-popular"
expect_err_contains "generated names are on the exclude list and were left out"
expect_eq "$(($(wc -l < "$WORK/out") + 2))" "$(wc -l < "$WORK/all.txt")" "only the popular ones left out"
cp "$WORK/out" "$WORK/kept.txt"

# The malware's own sequence of one day, and a list of one's own (a name and one below).
pick=$(sed -n 5p "$WORK/all.txt")
printf '# ours\n%s\n' "$pick" > "$WORK/mine.txt"
expect_exit 0 "$T" predict qsnatch --all-seeds --date 2017-04-01 --exclude "$WORK/mine.txt"
expect_eq "$(grep -cxF "$pick" "$WORK/out" || true)" 0 "--exclude FILE, one day"
expect_eq "$(grep -cx 'taz.de' "$WORK/out")" 1 "--exclude FILE alone keeps popular names"

# Split by TLD: the .de registry's file lacks taz.de.
expect_exit 0 "$T" predict qsnatch "${day[@]}" --exclude-popular --split-by-tld "$WORK/split" --quiet
expect_eq "$(grep -c '^taz\.de$' "$WORK/split/de.txt" || true)" 0 "split: the .de file"
expect_eq "$(grep -vc '^#' "$WORK/split/de.txt")" "$(grep -c '\.de$' "$WORK/kept.txt")" "split: the other .de names"

# export: the same from a tagged CSV.
"$T" predict qsnatch "${day[@]}" --format csv --tag --quiet > "$WORK/tagged.csv"
expect_exit 0 "$T" export "$WORK/tagged.csv" --format list --exclude-popular
expect_eq "$(grep -cx 'taz.de' "$WORK/out" || true)" 0 "export --exclude-popular"
expect_err_contains "names are on the exclude list and were left out"
expect_exit 0 "$T" export "$WORK/tagged.csv" --format list --exclude "$WORK/mine.txt"
expect_eq "$(grep -cxF "$pick" "$WORK/out" || true)" 0 "export --exclude FILE"

# Errors: a missing list, a bad line (file and line), and nothing written.
expect_exit 1 "$T" predict qsnatch "${day[@]}" --exclude "$WORK/missing.txt" --out "$WORK/x.txt"
expect_err_contains "missing.txt"
expect_eq "$([ -e "$WORK/x.txt" ] && echo written || echo none)" none "no output on error"
printf 'good.example\nbad..name\n' > "$WORK/bad.txt"
expect_exit 1 "$T" export "$WORK/tagged.csv" --exclude "$WORK/bad.txt"
expect_err_contains "bad.txt:2: expected a domain name"
expect_exit 2 "$T" predict qsnatch "${day[@]}" --exclude
done_checks
