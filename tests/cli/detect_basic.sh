# detect_basic.sh - `takedown detect` on lists and logs: scores and verdicts read back as CSV
# and with jq, the threshold, the built-in and extra allow-lists, errors; and `match
# --detect`, which reports names no family explains as "unknown DGA" with their score.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/no-seeds"
T=$TAKEDOWN

cat > "$WORK/names.txt" <<'NAMES'
xkqzjvbwtrplmnhgfd.com
195g75g1trqmek1pn1qce127xvf1.com
google.com
wikipedia.org
d1uq0embgkvtqm.cloudfront.net
google.com
NAMES

expect_exit 0 "$T" detect --format csv "$WORK/names.txt"
expect_eq "$(head -1 "$WORK/out")" "name,score,verdict" "CSV header"
expect_eq "$(tail -n +2 "$WORK/out" | wc -l)" 5 "each distinct name once"
expect_eq "$(grep -c ',dga$' "$WORK/out")" 2 "random names are dga"
expect_eq "$(grep '^google.com,' "$WORK/out" | cut -d, -f3)" benign "google.com"
expect_eq "$(grep cloudfront "$WORK/out" | cut -d, -f3)" allowed "CDN names are allowed"

expect_exit 0 "$T" detect --json "$WORK/names.txt"
threshold=$(jq .threshold "$WORK/out")
expect_eq "$(jq --argjson t "$threshold" '[.names[] | select(.verdict == "dga" and .score < $t)] | length' "$WORK/out")" \
  0 "no dga under the threshold"
expect_eq "$(jq '.names_scored' "$WORK/out")" 5 "names scored"

# The threshold moves the verdicts; the allow-lists take names out.
expect_exit 0 "$T" detect --format csv --threshold 0 --no-default-allow "$WORK/names.txt"
expect_eq "$(grep -c ',dga$' "$WORK/out")" 5 "threshold 0"
printf '# ours\nwikipedia.org\n' > "$WORK/allow.txt"
expect_exit 0 "$T" detect --format csv --threshold 0 --allow "$WORK/allow.txt" "$WORK/names.txt"
expect_eq "$(grep -c ',allowed$' "$WORK/out")" 2 "built-in and extra allow-lists"
expect_exit 0 "$T" detect --dga-only "$WORK/names.txt"
expect_eq "$(wc -l < "$WORK/out")" 2 "--dga-only"

# A log works as well as a list: the names of an Unbound log.
printf '[1795878680] unbound[1:0] info: 192.0.2.7 xkqzjvbwtrplmnhgfd.com. A IN\n' > "$WORK/unbound.log"
expect_exit 0 "$T" detect --format csv "$WORK/unbound.log"
expect_eq "$(tail -1 "$WORK/out" | cut -d, -f1,3)" "xkqzjvbwtrplmnhgfd.com,dga" "names from a log"

# match --detect: exact attributions stay exact, the rest are unknown DGAs with a score.
"$T" predict necurs --date 2020-03-05 | sed -n 1,2p > "$WORK/mixed.txt"
cat "$WORK/names.txt" >> "$WORK/mixed.txt"
expect_exit 0 "$T" match --families necurs --from 2020-03-01 --to 2020-03-07 --detect --format json \
  "$WORK/mixed.txt"
expect_eq "$(jq -r '[.names[].matches[0].family] | sort | join(",")' "$WORK/out")" \
  "necurs,necurs,unknown DGA,unknown DGA" "exact and unknown"
expect_eq "$(jq '[.names[].matches[] | select(.family == "unknown DGA") | .score > 0.5] | all' "$WORK/out")" \
  true "unknown DGAs carry their score"

# Errors.
expect_exit 2 "$T" detect
expect_err_contains "no input"
expect_exit 2 "$T" detect --threshold 2 "$WORK/names.txt"
expect_err_contains "--threshold"
expect_exit 2 "$T" detect --format xml "$WORK/names.txt"
expect_exit 1 "$T" detect --model "$WORK/missing.model" "$WORK/names.txt"
echo "not a model" > "$WORK/bad.model"
expect_exit 1 "$T" detect --model "$WORK/bad.model" "$WORK/names.txt"
expect_err_contains "bad.model:1:"
expect_exit 1 "$T" detect --allow "$WORK/missing.allow" "$WORK/names.txt"
expect_exit 2 "$T" match --threshold 0.5 "$WORK/names.txt"
expect_err_contains "--detect"
expect_exit 0 "$T" detect --help
expect_eq "$(head -1 "$WORK/out" | cut -d' ' -f1-3)" "usage: takedown detect" "detect --help"
done_checks
