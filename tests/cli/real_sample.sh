# real_sample.sh - scripts/check-real-sample.sh on both shared samples of real-world DGA
# names: seeds recovered from half of each label attribute the other half with no wrong
# family and no benign name attributed (the script's exit status), and the labels whose
# seeds the search recovers stay attributed (a floor per label, well below today's
# figures in docs/match.md, so that a broken inversion or chance figure shows).
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export TAKEDOWN_SEEDS="$WORK/no-seeds"
expect_exit 0 env TAKEDOWN="$TAKEDOWN" KEEP="$WORK/sample" "$ROOT/scripts/check-real-sample.sh"
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
at_least locky 15
at_least ranbyus 8
at_least gameover 140
at_least pykspa_v2_real 45
done_checks
