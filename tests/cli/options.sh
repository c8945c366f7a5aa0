# options.sh - every command checks an option's value in one place (src/cli/options.c): the
# same bounds give the same message, whichever command takes the option, and a good value
# passes.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
echo a.com > names.txt

# --threads: 1 to 64 everywhere.
for cmd in "predict necurs --date 2020-03-01" "index build --families necurs --from 2020-03-01 --days 1 --out i.tki" \
           "match names.txt --families necurs --from 2020-03-01 --days 1" "detect names.txt" \
           "simulate bots --names names.txt --dns 127.0.0.1:9" "hunt hosts names.txt" \
           "feed --listen 127.0.0.1:0 --zone rpz.test --family necurs --back 0 --ahead 0"; do
  read -r -a args <<< "$cmd"
  for bad in 0 65 x 1.5 ""; do
    expect_exit 2 "$TAKEDOWN" "${args[@]}" --threads "$bad"
    expect_err_contains "${args[0]}: --threads: expected a whole number from 1 to 64, got '$bad'"
  done
  expect_exit 2 "$TAKEDOWN" "${args[@]}" --threads
  expect_err_contains "${args[0]}: --threads needs a value"
done
expect_exit 0 "$TAKEDOWN" predict necurs --date 2020-03-01 --threads 2
expect_eq "$(wc -l < out)" 2048 "predict with --threads 2"

# Choices and numbers.
expect_exit 2 "$TAKEDOWN" match names.txt --format xml
expect_err_contains "match: --format: expected one of table|csv|json, got 'xml'"
expect_exit 2 "$TAKEDOWN" match names.txt --by host
expect_err_contains "match: --by: expected one of name|client, got 'host'"
expect_exit 2 "$TAKEDOWN" match names.txt --threshold 1.5
expect_err_contains "match: --threshold: expected a number from 0 to 1, got '1.5'"
expect_exit 2 "$TAKEDOWN" match names.txt --date-slack -1
expect_err_contains "match: --date-slack: expected a whole number from 0 to 3650, got '-1'"
expect_exit 2 "$TAKEDOWN" simulate bots --names names.txt --seed -1
expect_err_contains "simulate: --seed: expected a whole number from 0 to 18446744073709551615"
expect_exit 2 "$TAKEDOWN" exercise --out x --population 1e3
expect_err_contains "exercise: --population: expected a whole number from 1 to 50000000, got '1e3'"
[ ! -e x ] || fail "exercise with a bad option created its directory"

# hunt and feed: their formats, dates and numbers through the same table.
expect_exit 2 "$TAKEDOWN" hunt hosts names.txt --format xml
expect_err_contains "hunt: --format: expected one of table|csv|json, got 'xml'"
expect_exit 2 "$TAKEDOWN" hunt hosts names.txt --from 2020-02-30 --days 1
expect_err_contains "hunt: --from: '2020-02-30' is not a date"
expect_exit 2 "$TAKEDOWN" hunt hosts names.txt --from 2020-02-01 --to 2020-02
expect_err_contains "hunt: --to: '2020-02' is not a date"
expect_exit 2 "$TAKEDOWN" hunt hosts names.txt --min-scored-nx 0
expect_err_contains "hunt: --min-scored-nx: expected a whole number from 1 to 1000000, got '0'"
expect_exit 2 "$TAKEDOWN" hunt --evaluate --clients 1e3
expect_err_contains "hunt --evaluate: --clients: expected a whole number from 1 to 1000000, got '1e3'"
expect_exit 2 "$TAKEDOWN" hunt --evaluate --min-daily 50 --max-daily 40
expect_err_contains "hunt --evaluate: --max-daily: expected at least --min-daily (50), got 40"
expect_exit 2 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone rpz.test --family necurs --back 0 \
  --ahead 0 --format xml
expect_err_contains "feed: --format: expected one of text|json, got 'xml'"
expect_exit 2 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone rpz.test --family necurs --back 3651 \
  --ahead 0
expect_err_contains "feed: --back: expected a whole number from 0 to 3650, got '3651'"

# --json is the JSON format, as --format json is.
expect_exit 0 "$TAKEDOWN" match names.txt --families necurs --from 2020-03-01 --days 1 --json --quiet
expect_eq "$(jq -r .window.from out)" 2020-03-01 "match --json"
done_checks
