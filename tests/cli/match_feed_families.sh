# match_feed_families.sh - the algorithms behind three labels of the real-world feeds: matsnu's
# 2015 DGA (names, days and their window, bad parameters and word lists), pykspa v2's two
# lists at the sizes the bots use (200 real names a period, 800 noise names a day), and the
# GameOver Zeus of 2011-2014, whose weekly names are Murofet v1's.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/no-seeds"   # no local seeds from the machine running the test

T=$TAKEDOWN
PROJECT_VECTORS="$(dirname "$0")/../vectors"

# matsnu: a name of 2015-03-07 is asked for that day and the two after it.
name=$("$T" predict matsnu --date 2015-03-07 --days_back 0 | sed -n 2p)
expect_eq "$name" "metal-pace-purple.com" "matsnu's second name of 2015-03-07"
expect_exit 0 "$T" match --domain "$name" --from 2015-01-01 --to 2015-12-31 --families matsnu \
  --format csv
expect_eq "$(sed -n 2p "$WORK/out" | cut -d, -f2,5,6)" "matsnu,2015-03-07,2015-03-09" \
  "matsnu attribution and days"
# --date D is D-2, D-1 and D, ten names each, in that order.
expect_eq "$("$T" predict matsnu --date 2015-03-08 | sed -n 12p)" "$name" "window order"
expect_eq "$("$T" predict matsnu --date 2015-03-09 --count 4 | wc -l)" 12 "3 days of 4 names"
expect_exit 2 "$T" predict matsnu --date 2015-03-09 --days_back -1
expect_err_contains "--days_back must be 0 to 366"
expect_exit 2 "$T" predict matsnu --date 2015-03-09 --days_back 367
: > "$WORK/empty.txt"
expect_exit 1 "$T" predict matsnu --date 2015-03-09 --firstwords "$WORK/empty.txt"
expect_err_contains "has no words"
head -c 600 /dev/zero | tr '\0' a > "$WORK/long.txt"
expect_exit 2 "$T" predict matsnu --date 2015-03-09 --secondwords "$WORK/long.txt"
expect_err_contains "too long"
# A one-word dictionary of your own: every word of every label is that word.
printf '# mine\nab\n' > "$WORK/one.txt"
expect_exit 0 "$T" predict matsnu --date 2015-03-09 --firstwords "$WORK/one.txt" \
  --secondwords "$WORK/one.txt" --days_back 0 --count 3
expect_eq "$(tr -d 'ab-' < "$WORK/out" | sort -u)" ".com" "labels made of the given word"

# pykspa v2: names past the reference's default 10 belong to the bots' lists.
real=$(sed -n 150p "$PROJECT_VECTORS/pykspa/improved_set1-count200_2017-06-23.txt")
noise=$(sed -n 700p "$PROJECT_VECTORS/pykspa/improved_set2-count800_2017-07-04.txt")
expect_exit 0 "$T" match --domain "$real" --domain "$noise" --from 2017-01-01 --to 2017-12-31 \
  --families pykspa --format csv
expect_eq "$(grep -F "$real," "$WORK/out" | cut -d, -f4-6)" \
  "set=1;count=200,2017-06-23,2017-07-12" "pykspa_v2_real: the 150th name of its 20-day period"
expect_eq "$(grep -F "$noise," "$WORK/out" | cut -d, -f4-6)" \
  "set=2;count=800,2017-07-04,2017-07-04" "pykspa_v2_fake: the 700th name of its day"

# GameOver Zeus before 2014: index 991 of the week starting 2017-07-01 (1,000 names a week).
goz=$("$T" predict murofet --variant v1 --date 2017-07-01 | sed -n 992p)
expect_exit 0 "$T" match --domain "$goz" --from 2017-01-01 --to 2017-12-31 \
  --families gameover,murofet --format csv
expect_eq "$(sed -n 2p "$WORK/out" | cut -d, -f2,3,5,6)" "murofet,v1,2017-07-01,2017-07-06" \
  "an old GameOver Zeus name is murofet v1's"
done_checks
