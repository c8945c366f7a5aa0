# readme_fresh_clone.sh - the README's main command, run exactly as written on a fresh clone
# of this repository: what a new user does first. The two commands are read from README.md
# (the indented line after "Run the main job" and after "Set up and pass the tests"), so the
# test follows the README; only the main one is run (the tests' command would run this test
# again). The clone is of HEAD: commit before running it.
#
# The clone gets what a fresh machine has beside it: ../shared (the reference data) as a
# symbolic link. Everything else (packages, the geo databases from npm, the build) comes
# from the main command itself, as for a new user.
source "$(dirname "$0")/lib.sh"

TOP=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
README=$TOP/README.md

# The first indented line after the paragraph that starts with $1.
command_after() {
  awk -v start="$1" '
    index($0, start) == 1 { found = 1; next }
    found && /^    [^ ]/ { sub(/^    /, ""); print; exit }
  ' "$README"
}
MAIN=$(command_after "Run the main job")
TESTS=$(command_after "Set up and pass the tests")
[ -n "$MAIN" ] || fail "README.md: no indented command after \"Run the main job\""
ok
[ -n "$TESTS" ] || fail "README.md: no indented command after \"Set up and pass the tests\""
ok
case "$MAIN" in
  *exercise*) ok ;;
  *) fail "README.md's main command does not run the exercise: $MAIN" ;;
esac

mkdir "$WORK/fresh"
git clone -q "$TOP" "$WORK/fresh/takedown"
[ -e "$TOP/../shared" ] && ln -s "$(cd "$TOP/../shared" && pwd)" "$WORK/fresh/shared"

echo "readme_fresh_clone: \`$MAIN\` in a fresh clone of $(git -C "$TOP" rev-parse --short HEAD)"
got=0
(cd "$WORK/fresh/takedown" && bash -c "$MAIN") > "$WORK/main.log" 2>&1 || got=$?
if [ "$got" -ne 0 ]; then
  for log in "$WORK"/fresh/takedown/out/exercise/*.log; do
    [ -f "$log" ] && { echo "== $log"; tail -n 10 "$log"; }
  done
  fail "\`$MAIN\` exited $got on a fresh clone; its last lines:
$(tail -n 15 "$WORK/main.log")"
fi
ok

OUT=$WORK/fresh/takedown/out/exercise
for product in report.json notify registries blocklist.rpz; do
  [ -e "$OUT/$product" ] || fail "the main command left no out/exercise/$product"
  ok
done
[ -d "$OUT/notify" ] && [ -d "$OUT/registries" ] || fail "notify/ or registries/ is not a directory"
ok
jq -e . "$OUT/report.json" >/dev/null || fail "out/exercise/report.json is not JSON"
ok

done_checks
