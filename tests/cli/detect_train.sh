# detect_train.sh - `takedown detect --train` on the shared benign lists regenerates the
# shipped model (data/detect/model.txt) line for line, but for its date and --out path,
# and the model it writes loads and scores as the built-in one does.
source "$(dirname "$0")/lib.sh"
export TAKEDOWN_SEEDS="$WORK/no-seeds"
T=$TAKEDOWN
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENIGN=${TAKEDOWN_BENIGN:-$ROOT/../shared/data/benign}
[ -d "$BENIGN" ] || fail "no benign lists at $BENIGN (set TAKEDOWN_BENIGN)"

expect_exit 0 "$T" detect --train --benign "$BENIGN" --out "$WORK/model.txt" --threads 2
expect_err_contains "wrote $WORK/model.txt"
strip() { grep -v -e '^meta trained ' -e '^meta command ' "$1"; }
if ! diff <(strip "$ROOT/data/detect/model.txt") <(strip "$WORK/model.txt") > "$WORK/diff"; then
  fail "the shipped model is not what --train makes: $(head -c 400 "$WORK/diff")"
fi
ok
expect_eq "$(grep -c '^tree ' "$WORK/model.txt")" 96 "trees"
expect_eq "$(grep '^meta fpr_target' "$WORK/model.txt" | cut -d' ' -f3-5)" "0.001 (with 0.95" \
  "the threshold's bound is recorded"

printf 'xkqzjvbwtrplmnhgfd.com\ngoogle.com\nivmhklch.org\n' > "$WORK/names.txt"
expect_exit 0 "$T" detect --format csv "$WORK/names.txt"
cp "$WORK/out" "$WORK/builtin.csv"
expect_exit 0 "$T" detect --format csv --model "$WORK/model.txt" "$WORK/names.txt"
expect_eq "$(cat "$WORK/out")" "$(cat "$WORK/builtin.csv")" "same scores as the built-in model"
done_checks
