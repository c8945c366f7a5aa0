# help.sh - every command answers --help with a usage text and exit 0; the tool has a version.
source "$(dirname "$0")/lib.sh"
# (grep reads whole files here: `cmd | grep -q` could stop early and fail the pipe)
"$TAKEDOWN" --version > "$WORK/version"
grep -qE '^takedown [0-9]+\.[0-9]+\.[0-9]+$' "$WORK/version" || fail "--version"
ok
"$TAKEDOWN" help > "$WORK/help"
grep -q '^  predict' "$WORK/help" || fail "help lists predict"
ok
for cmd in $("$TAKEDOWN" help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1}'); do
  [ "$cmd" = help ] && continue
  "$TAKEDOWN" "$cmd" --help > "$WORK/h" || fail "$cmd --help exited non-zero"
  grep -q "usage: takedown $cmd" "$WORK/h" || fail "$cmd --help has no usage line"
  "$TAKEDOWN" help "$cmd" > "$WORK/h2" || fail "help $cmd"
  cmp -s "$WORK/h" "$WORK/h2" || fail "help $cmd differs from $cmd --help"
  ok
done
expect_exit 2 "$TAKEDOWN" frobnicate
expect_err_contains "unknown command 'frobnicate'"
# families: a person's view and valid JSON with every descriptor field
"$TAKEDOWN" families > "$WORK/families"
grep -q '^necurs ' "$WORK/families" || fail "families lists necurs"
ok
"$TAKEDOWN" families --json | jq -e 'length > 0 and all(.[]; .name and .granularity and .tlds and .reference and (.params|type=="array") and (.known_seeds|type=="array"))' >/dev/null || fail "families --json"
ok
"$TAKEDOWN" families necurs --json | jq -e '.known_seeds[0].params == "magic=9" and .label_length == [7,21]' >/dev/null || fail "families necurs --json"
ok
expect_exit 2 "$TAKEDOWN" families nosuch
done_checks
