# split_by_tld.sh - `--split-by-tld DIR` replaces DIR as a whole: no file of an earlier run is
# left beside the new ones, a run killed or interrupted mid-write leaves the earlier set
# whole, and a DIR that holds anything else (or is a symbolic link or a file) is refused.
source "$(dirname "$0")/lib.sh"

# Two sets of names under different suffixes: the old one has .xyz, which the new one lacks;
# the new one has 20,000 names under .net, a file larger than the limit used below.
for i in $(seq 1 50); do
  printf 'old%d.com\nold%d.de\nold%d.net\nold%d.org\nold%d.xyz\n' $i $i $i $i $i
done > "$WORK/old.txt"
{
  for i in $(seq 1 50); do printf 'new%d.com\nnew%d.de\nnew%d.org\n' $i $i $i; done
  for i in $(seq 1 20000); do printf 'new%d.net\n' $i; done
} > "$WORK/new.txt"
# The files of a set and a digest of each one's names (the header's time differs per run).
listing() {
  (cd "$1" && for f in *; do printf '%s %s\n' "$f" "$(grep -v '^#' "$f" | md5sum)"; done)
}

# Stale suffixes go: the new set has no .xyz, so no xyz.txt is left.
expect_exit 0 "$TAKEDOWN" export "$WORK/old.txt" --format list --split-by-tld "$WORK/reg"
expect_eq "$(ls "$WORK/reg" | tr '\n' ' ')" "com.txt de.txt net.txt org.txt xyz.txt " "the old set"
listing "$WORK/reg" > "$WORK/old.listing"
expect_exit 0 "$TAKEDOWN" export "$WORK/new.txt" --format list --split-by-tld "$WORK/reg/"
expect_eq "$(ls "$WORK/reg" | tr '\n' ' ')" "com.txt de.txt net.txt org.txt " "stale file left"
listing "$WORK/reg" > "$WORK/new.listing"
# A DIR written with a trailing slash is shown without a double one.
grep -q "$WORK/reg/com.txt" "$WORK/out" || fail "no $WORK/reg/com.txt in: $(cat "$WORK/out")"
ok
! grep -q '//' "$WORK/out" || fail "double slash in the summary: $(grep '//' "$WORK/out")"
ok
expect_exit 0 "$TAKEDOWN" export "$WORK/new.txt" --format list --split-by-tld "$WORK/reg//" --json
expect_eq "$(jq -r .directory "$WORK/out")" "$WORK/reg" "JSON directory"
expect_eq "$(jq -r '.suffixes[0].file' "$WORK/out")" "$WORK/reg/com.txt" "JSON file path"
# Nothing else is left beside DIR after a good run.
expect_eq "$(ls -A "$WORK" | grep -c '^\.reg\.' || true)" 0 "temporary directory left beside DIR"

# Killed mid-write (here by the file-size limit, which like SIGKILL runs no handler): the
# old set is whole in DIR, and the half-written new one only in a hidden sibling.
expect_exit 0 "$TAKEDOWN" export "$WORK/old.txt" --format list --split-by-tld "$WORK/reg"
got=0
(ulimit -c 0; ulimit -f 64; exec "$TAKEDOWN" export "$WORK/new.txt" --format list --split-by-tld "$WORK/reg" \
  --quiet) 2>/dev/null &
{ wait $! || got=$?; } 2>/dev/null
[ "$got" -gt 128 ] || fail "the run was not killed by the file-size limit (exit $got)"
ok
expect_eq "$(listing "$WORK/reg")" "$(cat "$WORK/old.listing")" "a killed run changed DIR"
expect_eq "$(ls -A "$WORK" | grep -c '^\.reg\.tmp-' || true)" 1 "no hidden sibling left by the kill"
# The leftover is never taken for output: the next run writes DIR and leaves it alone.
expect_exit 0 "$TAKEDOWN" export "$WORK/new.txt" --format list --split-by-tld "$WORK/reg"
expect_eq "$(listing "$WORK/reg")" "$(cat "$WORK/new.listing")" "the run after a kill"
rm -rf "$WORK"/.reg.tmp-*

# SIGKILL and SIGINT at the moment the new set is being written: DIR holds one whole set,
# old or new, never a mix; SIGINT also removes the hidden sibling.
for i in $(seq 1 30000); do printf 'big%d.com\nbig%d.net\nbig%d.org\nbig%d.de\n' $i $i $i $i; done \
  > "$WORK/big.txt"
expect_exit 0 "$TAKEDOWN" export "$WORK/big.txt" --format list --split-by-tld "$WORK/big"
listing "$WORK/big" > "$WORK/big.listing"
for sig in KILL INT; do
  expect_exit 0 "$TAKEDOWN" export "$WORK/old.txt" --format list --split-by-tld "$WORK/reg"
  "$TAKEDOWN" export "$WORK/big.txt" --format list --split-by-tld "$WORK/reg" --quiet &
  pid=$!
  for _ in $(seq 1 2000); do
    compgen -G "$WORK/.reg.tmp-*" >/dev/null && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.005
  done
  kill -$sig $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  now=$(listing "$WORK/reg")
  [ "$now" = "$(cat "$WORK/old.listing")" ] || [ "$now" = "$(cat "$WORK/big.listing")" ] \
    || fail "SIG$sig left a mix in DIR: $(ls "$WORK/reg" | tr '\n' ' ')"
  ok
  if [ $sig = INT ]; then
    expect_eq "$(ls -A "$WORK" | grep -c '^\.reg\.tmp-' || true)" 0 "SIGINT left the hidden sibling"
  fi
  rm -rf "$WORK"/.reg.tmp-*
done

# What is never replaced: a symbolic link, a file, a directory holding anything but an
# earlier set, ".", "-".
ln -s "$WORK/reg" "$WORK/link"
expect_exit 1 "$TAKEDOWN" export "$WORK/old.txt" --format list --split-by-tld "$WORK/link"
expect_err_contains "link: is a symbolic link; not replaced"
[ -L "$WORK/link" ] || fail "the symbolic link was replaced"
ok
expect_exit 1 "$TAKEDOWN" export "$WORK/old.txt" --format list --split-by-tld "$WORK/old.txt"
expect_err_contains "old.txt: not a directory"
mkdir -p "$WORK/mine/sub" && echo "notes" > "$WORK/mine/notes.md" && echo x > "$WORK/mine/a.txt"
expect_exit 1 "$TAKEDOWN" export "$WORK/old.txt" --format list --split-by-tld "$WORK/mine"
expect_err_contains "not replaced (the directory is replaced as a whole)"
expect_eq "$(cat "$WORK/mine/notes.md")" "notes" "a foreign file was touched"
[ -d "$WORK/mine/sub" ] || fail "a foreign subdirectory was removed"
ok
expect_exit 2 "$TAKEDOWN" export "$WORK/old.txt" --format list --split-by-tld -
expect_err_contains "standard output cannot be a directory"
(cd "$WORK/reg" && expect_exit 2 "$TAKEDOWN" export "$WORK/old.txt" --format list --split-by-tld .)
expect_err_contains "name a directory of its own"
# Missing parents are created; predict splits the same way.
expect_exit 0 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 --format csv \
  --split-by-tld "$WORK/a/b/c" --quiet
[ -s "$WORK/a/b/c/com.csv" ] || fail "predict --split-by-tld under new parents"
ok

done_checks
