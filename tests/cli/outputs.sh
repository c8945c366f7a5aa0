# outputs.sh - every output path, one way: missing parent directories created, "-" as
# standard output, character devices and FIFOs written in place (never replaced) with their
# write errors reported, symbolic links and directories refused with the target unchanged;
# `report` replaces nothing when its run fails.
source "$(dirname "$0")/lib.sh"

# Device nodes of our own (the kernel's full and null devices), so that a regression never
# replaces the machine's /dev/full or /dev/null; the real ones where mknod is not allowed.
FULL=$WORK/full NULL=$WORK/null
if ! mknod -m 666 "$FULL" c 1 7 2>/dev/null || ! mknod -m 666 "$NULL" c 1 3 2>/dev/null; then
  FULL=/dev/full NULL=/dev/null
fi
[ -c "$FULL" ] && [ -c "$NULL" ] || fail "$FULL or $NULL is not a character device"

# Inputs: a saved list and a few sinkhole events (DNS queries from a resolver, each for the
# infected host its Client Subnet names).
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 --format csv --out "$WORK/names.csv"
for i in $(seq 1 300); do
  printf '{"v":1,"time":"2020-03-01T00:%02d:00.000000Z","sensor":"s1","proto":"dns",' $((i % 60))
  printf '"transport":"udp","src":"127.0.0.53","sport":1053,"dst":"192.0.2.53","dport":53,'
  printf '"name":"a.example","qtype":"A","rcode":"NOERROR","ecs":"10.0.%d.%d/32"}\n' \
    $((i / 256)) $((i % 256))
done > "$WORK/events.jsonl"

# Each command, with OUT standing for its output path. Run in a directory of their own, so a
# file named "-" would show.
mkdir "$WORK/cwd"
cd "$WORK/cwd"
commands=(
  "predict necurs --date 2020-03-01 --out OUT"
  "predict necurs --from 2020-03-01 --days 2 --format rpz --out OUT"
  "export $WORK/names.csv --format unbound --out OUT"
  "report $WORK/events.jsonl --no-geo --json --out OUT"
  "report $WORK/events.jsonl --no-geo --html OUT"
  "events convert $WORK/events.jsonl --to binary --out OUT"
  "p2p generate --nodes 200 --out OUT"
  "index build --families necurs --from 2020-03-01 --days 1 --out OUT"
)
run() { # run PATH COMMAND: the command with OUT replaced by PATH
  local cmd=${2//OUT/$1}
  # shellcheck disable=SC2086
  "$TAKEDOWN" $cmd
}

n=0
for c in "${commands[@]}"; do
  n=$((n + 1))
  name=${c%% *}

  # Missing parent directories are created, as mkdir -p does.
  expect_exit 0 run "$WORK/new$n/a/b/out" "$c"
  [ -s "$WORK/new$n/a/b/out" ] || fail "$name: nothing written under new parent directories"
  ok

  # A parent that is a file: one line naming it.
  expect_exit 1 run "$WORK/names.csv/out" "$c"
  expect_err_contains "names.csv: not a directory"
  expect_eq "$(wc -l < "$WORK/err")" 1 "$name: one line for a file as parent"

  # /dev/full: the write error, exit 1, the device left as it is.
  expect_exit 1 run "$FULL" "$c"
  expect_err_contains "No space left on device"
  expect_eq "$(stat -c %F "$FULL")" "character special file" "$name: $FULL replaced"

  # /dev/null: written, exit 0, left as it is.
  expect_exit 0 run "$NULL" "$c"
  expect_eq "$(stat -c %F "$NULL")" "character special file" "$name: $NULL replaced"

  # A FIFO with a reader gets the output; the FIFO stays.
  mkfifo "$WORK/fifo"
  cat "$WORK/fifo" > "$WORK/from-fifo" &
  expect_exit 0 run "$WORK/fifo" "$c"
  wait
  expect_eq "$(stat -c %F "$WORK/fifo")" "fifo" "$name: FIFO replaced"
  [ -s "$WORK/from-fifo" ] || fail "$name: the FIFO's reader got nothing"
  ok
  rm "$WORK/fifo"

  # A symbolic link is never replaced, and its target is left as it was.
  echo "keep me" > "$WORK/target"
  ln -sf "$WORK/target" "$WORK/link"
  expect_exit 1 run "$WORK/link" "$c"
  expect_err_contains "link: is a symbolic link; not replaced"
  expect_eq "$(readlink "$WORK/link")" "$WORK/target" "$name: symbolic link replaced"
  expect_eq "$(cat "$WORK/target")" "keep me" "$name: the link's target changed"

  # A link to a device is written through, in place (as /dev/stdout is); the link stays.
  ln -sf "$NULL" "$WORK/null-link"
  expect_exit 0 run "$WORK/null-link" "$c"
  [ -L "$WORK/null-link" ] && [ -c "$NULL" ] || fail "$name: the link to a device was replaced"
  ok

  # A directory as a file output: one line.
  mkdir -p "$WORK/dir"
  expect_exit 1 run "$WORK/dir" "$c"
  expect_err_contains "dir: is a directory"
  expect_eq "$(wc -l < "$WORK/err")" 1 "$name: one line for a directory"

  # "-" is standard output, as it is everywhere; no file named "-".
  expect_exit 0 run - "$c"
  [ -s "$WORK/out" ] || fail "$name: --out - wrote nothing on standard output"
  [ ! -e "$WORK/cwd/-" ] || fail "$name: --out - created a file named -"
  ok
done

# The same bytes through "-", a FIFO and a file (the malware's own list has no timestamp).
"$TAKEDOWN" predict necurs --date 2020-03-01 --out "$WORK/file.txt"
"$TAKEDOWN" predict necurs --date 2020-03-01 --out - > "$WORK/stdout.txt"
mkfifo "$WORK/fifo"
cat "$WORK/fifo" > "$WORK/fifo.txt" &
"$TAKEDOWN" predict necurs --date 2020-03-01 --out "$WORK/fifo"
wait
cmp -s "$WORK/file.txt" "$WORK/stdout.txt" || fail "--out - differs from --out FILE"
ok
"$TAKEDOWN" predict necurs --date 2020-03-01 --out /dev/stdout | cat > "$WORK/dev-stdout.txt"
cmp -s "$WORK/file.txt" "$WORK/dev-stdout.txt" || fail "--out /dev/stdout into a pipe differs"
ok
cmp -s "$WORK/file.txt" "$WORK/fifo.txt" || fail "the FIFO got other bytes than the file"
ok

# A replaced file keeps its mode: a list kept private stays private.
echo "private" > "$WORK/private.txt"
chmod 600 "$WORK/private.txt"
"$TAKEDOWN" predict necurs --date 2020-03-01 --out "$WORK/private.txt"
expect_eq "$(stat -c %a "$WORK/private.txt")" 600 "the replaced file's mode"

# Directory outputs: created with their parents; "-" is no directory.
expect_exit 0 "$TAKEDOWN" notify "$WORK/events.jsonl" --by country --no-geo --out "$WORK/n/o/t"
[ -s "$WORK/n/o/t/index.csv" ] || fail "notify --out: no index.csv under new parents"
ok
expect_exit 2 "$TAKEDOWN" notify "$WORK/events.jsonl" --by country --no-geo --out -
expect_err_contains "standard output cannot be a directory"
expect_exit 0 "$TAKEDOWN" p2p generate --nodes 200 --out - --geo-out "$WORK/g/e/o"
[ -s "$WORK/g/e/o/country.mmdb" ] || fail "p2p generate --geo-out: nothing under new parents"
ok

# report: a corrupt gzip input fails the run (exit 1), and then none of its files is written
# or replaced.
gzip -c "$WORK/events.jsonl" > "$WORK/bad.jsonl.gz"
size=$(stat -c %s "$WORK/bad.jsonl.gz")
printf '\377\377\377\377\377\377\377\377' \
  | dd of="$WORK/bad.jsonl.gz" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
for f in r.json r.html r.counts; do echo "before" > "$WORK/$f"; done
expect_exit 1 "$TAKEDOWN" report "$WORK/bad.jsonl.gz" --no-geo --json --out "$WORK/r.json" \
  --html "$WORK/r.html" --save-counts "$WORK/r.counts"
expect_err_contains "corrupt gzip data"
expect_err_contains "report: the run failed; no file written or replaced"
for f in r.json r.html r.counts; do
  expect_eq "$(cat "$WORK/$f")" "before" "report replaced $f on a failed run"
done
expect_exit 1 "$TAKEDOWN" report "$WORK/bad.jsonl.gz" --no-geo --json --out "$WORK/new.json"
[ ! -e "$WORK/new.json" ] || fail "report wrote --out on a failed run"
ok
# Damage in the first bytes of a compressed stream (nothing decodes) is an error too, not an
# empty input.
gzip -nc "$WORK/events.jsonl" > "$WORK/head.jsonl.gz"  # no file name: byte 20 is compressed data
printf '\377\377\377\377' | dd of="$WORK/head.jsonl.gz" bs=1 seek=20 conv=notrunc 2>/dev/null
expect_exit 1 "$TAKEDOWN" report "$WORK/head.jsonl.gz" --no-geo --json --out "$WORK/r.json"
expect_err_contains "head.jsonl.gz: corrupt gzip data"
expect_eq "$(cat "$WORK/r.json")" "before" "report replaced --out after a corrupt gzip header"
printf '\050\265\057\375\000\000garbage' > "$WORK/head.zst"
expect_exit 1 "$TAKEDOWN" report "$WORK/head.zst" --no-geo --json --out "$WORK/r.json"
expect_err_contains "head.zst: corrupt zstd data"
# Without --out, what was read is still shown on standard output.
expect_exit 1 "$TAKEDOWN" report "$WORK/bad.jsonl.gz" --no-geo --json
jq -e '.total.distinct > 0' "$WORK/out" >/dev/null || fail "no report on standard output"
ok
# One output that cannot be written (here /dev/full) leaves the others unwritten too.
expect_exit 1 "$TAKEDOWN" report "$WORK/events.jsonl" --no-geo --json --out "$FULL" \
  --html "$WORK/r.html" --save-counts "$WORK/r.counts"
expect_eq "$(cat "$WORK/r.html")" "before" "report replaced --html when --out failed"
expect_eq "$(cat "$WORK/r.counts")" "before" "report replaced --save-counts when --out failed"
expect_exit 0 "$TAKEDOWN" report "$WORK/events.jsonl" --no-geo --json --out "$WORK/r.json" \
  --html "$WORK/r.html" --save-counts "$WORK/r.counts"
expect_eq "$(jq .total.distinct "$WORK/r.json")" 300 "report after a good run"
grep -q '<html' "$WORK/r.html" || fail "no HTML page after a good run"
ok

# The sinkhole's --pidfile is an output path like any other.
expect_exit 1 "$TAKEDOWN" sinkhole --names "$WORK/file.txt" --dns 127.0.0.1:0 --answer-a 192.0.2.1 \
  --pidfile "$WORK/link"
expect_err_contains "is a symbolic link; not replaced"
expect_eq "$(cat "$WORK/target")" "keep me" "the sinkhole wrote through a symbolic link"
expect_eq "$(readlink "$WORK/link")" "$WORK/target" "the sinkhole removed the refused symbolic link"
# A pidfile on a device is written in place and, at exit, not removed (it is no file of the
# sinkhole's own); --log DIR is created with its parents.
: > "$WORK/sinkhole.err"
timeout 60 "$TAKEDOWN" sinkhole --names "$WORK/file.txt" --dns 127.0.0.1:0 --answer-a 192.0.2.1 \
  --pidfile "$NULL" --log "$WORK/l/o/g" 2> "$WORK/sinkhole.err" &
server=$!
for _ in $(seq 1 300); do
  grep -q '^ready ' "$WORK/sinkhole.err" && break
  kill -0 $server 2>/dev/null || fail "the sinkhole did not start: $(cat "$WORK/sinkhole.err")"
  sleep 0.1
done
kill -TERM $server
wait $server || fail "the sinkhole exited $? after SIGTERM: $(cat "$WORK/sinkhole.err")"
ok
expect_eq "$(stat -c %F "$NULL")" "character special file" "the sinkhole removed its pidfile device"
[ -d "$WORK/l/o/g" ] || fail "sinkhole --log: no directory under new parents"
ok

done_checks
