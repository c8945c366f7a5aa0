# hunt_evaluate.sh - `takedown hunt --evaluate` on a small population (2,000 benign
# clients, 3 hosts per family): what it meets whatever the seed (no benign client infected;
# every family that walks its list in a cluster of purity >= 95 %; dictionary families found
# through the population), host recall of at least 95 % (the goal of 99 % is met at this
# seed, missed by a Conficker host at others: docs/hunt.md), and the same figures again
# from the same seed.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/no-seeds"
T=$TAKEDOWN
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENIGN=${TAKEDOWN_BENIGN:-$ROOT/../shared/data/benign}
SAMPLES=${TAKEDOWN_SAMPLES:-$ROOT/../shared/data/dga-real-sample}
[ -d "$BENIGN" ] || fail "no benign lists at $BENIGN (set TAKEDOWN_BENIGN)"
[ -d "$SAMPLES" ] || fail "no real-world samples at $SAMPLES (set TAKEDOWN_SAMPLES)"

run() {
  "$T" hunt --evaluate --seed 7 --clients 2000 --hosts 3 --benign "$BENIGN" --samples "$SAMPLES" \
    --format json --quiet
}
expect_exit 0 run
cp "$WORK/out" "$WORK/first.json"
J="$WORK/first.json"
expect_eq "$(jq '.families | length' "$J")" 30 "families of the samples"
expect_eq "$(jq '.benign_clients' "$J")" 2000 "benign clients"
expect_eq "$(jq '.infected_hosts' "$J")" 90 "infected hosts"
expect_eq "$(jq '.recall >= 0.95' "$J")" true "host recall"
expect_eq "$(jq '.min_daily_recall >= 0.9' "$J")" true "recall at 20 DGA queries a day"
expect_eq "$(jq '.benign_infected' "$J")" 0 "benign clients infected"
expect_eq "$(jq '.goals.fpr' "$J")" true "FPR goal"
# Conficker's hosts pick names at random from its list, and share too few exactly.
expect_eq "$(jq '[.families[] | select(.family != "conficker" and .purity < 0.95)] | length' "$J")" 0 \
  "cluster purity"
expect_eq "$(jq '.benign_clusters' "$J")" 0 "no cluster of benign names"
# Dictionary families, which the detector misses name by name, are carried by the
# population evidence.
expect_eq "$(jq -r '[.families[] | select(.family == "suppobox" or .family == "matsnu" or .family == "gozi") | "\(.name_recall < 0.05) \(.recall)"] | join(",")' "$J")" \
  "true 1,true 1,true 1" "dictionary families"
# Deterministic from the seed.
expect_exit 0 run
expect_eq "$(jq -c 'del(.seconds)' "$WORK/out")" "$(jq -c 'del(.seconds)' "$J")" "same seed, same figures"
expect_exit 0 "$T" hunt evaluate --seed 7 --clients 300 --hosts 2 --benign "$BENIGN" --samples "$SAMPLES" --quiet
grep -q "host FPR: .*goal <= 0.01%" "$WORK/out" || fail "table of the evaluation"
ok
expect_exit 2 "$T" hunt --evaluate --clients 0
expect_exit 2 "$T" hunt --evaluate --format csv
expect_exit 1 "$T" hunt --evaluate --samples "$WORK/nowhere" --benign "$BENIGN"
# Samples that name no family (binary garbage, a header alone): one error, not an empty report.
mkdir -p "$WORK/garbage"
head -c 5000 /dev/urandom | tr -d , > "$WORK/garbage/dga_real_sample.csv"
printf 'family,domain,date\n' > "$WORK/garbage/dga_real_sample_2.csv"
expect_exit 1 "$T" hunt --evaluate --samples "$WORK/garbage" --benign "$BENIGN" --clients 100
expect_err_contains "no sample names a family"
expect_eq "$(wc -l < "$WORK/err")" 1 "one line for samples without a family"
done_checks
