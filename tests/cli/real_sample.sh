# real_sample.sh - scripts/check-real-sample.sh on both shared samples of real-world DGA
# names: seeds recovered from half of each label attribute the other half with no wrong
# family and no benign name attributed (the script's exit status), and the labels whose
# seeds the search recovers stay attributed (a floor per label, well below today's
# figures in docs/match.md, so that a broken inversion or chance figure shows). The window is
# 2017-2018, the years of the samples' dated names, so that the test takes minutes; the
# figures in docs/match.md are of the script's default window, 2012-2020.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export TAKEDOWN_SEEDS="$WORK/no-seeds"
expect_exit 0 env TAKEDOWN="$TAKEDOWN" KEEP="$WORK/sample" "$ROOT/scripts/check-real-sample.sh" \
  --from 2017-01-01 --to 2018-12-31
expect_eq "$(grep -c '^benign names attributed: 0 of ' "$WORK/out")" 1 "no benign name attributed"

# right LABEL: the names of LABEL's second half attributed to its family.
right() {
  sed -n '/^attribution of the other half:/,$p' "$WORK/out" | awk -v l="$1" '$1 == l { print $3 }'
}
at_least() {
  local got; got=$(right "$1")
  [ -n "$got" ] && [ "$got" -ge "$2" ] || fail "$1: $got of its second half attributed, expected at least $2"
  ok
}
at_least fobber 45      # one recovered 32-bit state explains every name
at_least ramnit 8       # chain states recovered, 5,000 names ahead
at_least locky 25      # v2 and v3 seeds recovered by inversion
at_least ranbyus 8
at_least gameover 140
at_least pykspa_v2_real 45
done_checks
