# hostile_sweep.sh - what a hostile user tries, across every command: special files as
# outputs, values that would inject lines into zones and configurations, numbers out of
# range, NaN, directories, empty and binary inputs, interruption, a second server on a port
# already served. Every case checks the same promises: no crash, no hang, no sanitizer
# report; bad input gets a non-zero exit and one message on stderr; a good-but-odd input
# (empty) succeeds with a warning; nothing that was already there is damaged.
source "$(dirname "$0")/lib.sh"

cases=0
failures=0
T=$WORK/t
mkdir -p "$T"

# A case counts once in the failures, however many of its checks failed.
failed_case=0
note_failure() {
  if [ "$failed_case" -ne "$cases" ]; then
    failures=$((failures + 1))
    failed_case=$cases
  fi
  echo "FAIL [$1]: $2" >&2
}

# run_case NAME EXPECT COMMAND...: EXPECT is bad (exit 1 or 2, a message), good (exit 0),
# warn (exit 0 and a message on stderr) or usage (exit 2, a message).
run_case() {
  local name=$1 expect=$2; shift 2
  cases=$((cases + 1))
  local got=0
  timeout -k 5 60 "$@" >"$WORK/out" 2>"$WORK/err" </dev/null || got=$?
  if [ "$got" -ge 124 ]; then
    note_failure "$name" "exit $got (crash, signal or hang): $(head -c 300 "$WORK/err")"
    return
  fi
  if grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' "$WORK/err"; then
    note_failure "$name" "sanitizer: $(grep -m1 -E 'Sanitizer|runtime error' "$WORK/err")"
    return
  fi
  if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$WORK/err"; then
    note_failure "$name" "control characters on stderr (terminal injection)"
    return
  fi
  local lines
  lines=$(grep -c . "$WORK/err" || true)
  case $expect in
    bad)
      { [ "$got" -eq 1 ] || [ "$got" -eq 2 ]; } || { note_failure "$name" "exit $got, expected 1 or 2"; return; }
      [ "$lines" -ge 1 ] || { note_failure "$name" "no message on stderr"; return; } ;;
    usage)
      [ "$got" -eq 2 ] || { note_failure "$name" "exit $got, expected 2: $(head -c 200 "$WORK/err")"; return; }
      [ "$lines" -ge 1 ] || { note_failure "$name" "no message on stderr"; return; } ;;
    good)
      [ "$got" -eq 0 ] || { note_failure "$name" "exit $got, expected 0: $(head -c 300 "$WORK/err")"; return; } ;;
    warn)
      [ "$got" -eq 0 ] || { note_failure "$name" "exit $got, expected 0: $(head -c 300 "$WORK/err")"; return; }
      [ "$lines" -ge 1 ] || { note_failure "$name" "no warning on stderr"; return; } ;;
  esac
}

# check NAME CONDITION...: a further promise of the last case (counted with it).
check() {
  local name=$1; shift
  "$@" || note_failure "$name" "check failed: $*"
}

is_char_device() { [ -c "$1" ]; }
is_fifo() { [ -p "$1" ] && [ ! -L "$1" ]; }
is_symlink_to() { [ -L "$1" ] && [ "$(readlink "$1")" = "$2" ]; }
same_file() { cmp -s "$1" "$2"; }
no_temp_files() { ! ls -a "$1" | grep -q 'tmp-'; }
no_file() { [ ! -e "$1" ]; }

# Fixtures: a list, a CSV, events, observations.
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 --out "$T/names.txt"
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 --format csv --tag --out "$T/names.csv"
printf 'precious\n' > "$T/precious"
cp "$T/precious" "$T/precious.orig"
: > "$T/empty"
mkdir -p "$T/adir"
head -c 4096 /dev/urandom > "$T/random.bin"
printf 'necurs.example\0hidden.example\n' > "$T/nul.txt"
printf 'a.example\r\nb.example\r\n' > "$T/crlf.txt"
head -c 3000000 /dev/zero | tr '\0' 'a' > "$T/longline.txt"
record='"time":"2020-03-01T00:00:01Z","sensor":"s","proto":"dns","transport":"udp","src":"192.0.2.1",'
record+='"sport":1,"dst":"127.0.0.1","dport":53,"name":"x.example","qtype":"A","rcode":"NOERROR"'
printf '{"v":2,%s}\n' "$record" > "$T/events.jsonl"
gzip -c "$T/events.jsonl" > "$T/events.jsonl.gz"
head -c 30 "$T/events.jsonl.gz" > "$T/cut.jsonl.gz"
# Damage in the compressed data (past the header and its file name): an error, not a cut.
cp "$T/events.jsonl.gz" "$T/corrupt.jsonl.gz"
printf '\xff\xff\xff\xff' | dd of="$T/corrupt.jsonl.gz" bs=1 seek=40 conv=notrunc 2>/dev/null
printf '\x28\xb5\x2f\xfd\x00\x00garbage' > "$T/corrupt.zst"
"$TAKEDOWN" p2p generate --nodes 300 --seed 3 --out "$T/obs.csv"
"$TAKEDOWN" report "$T/events.jsonl" --no-geo --out "$T/report.txt"
cp "$T/report.txt" "$T/report.orig"

# --- special files as outputs: a device is written in place and its errors reported; a
# FIFO and a symlink are never replaced by a regular file. The devices are private nodes
# of /dev/full and /dev/null, so that a regression cannot replace the machine's own.
ln -s "$T/precious" "$T/link"
full=/dev/full null=/dev/null
if [ "$(id -u)" -eq 0 ] && mknod "$T/full" c 1 7 && mknod "$T/null" c 1 3; then
  full=$T/full null=$T/null
fi
for cmd in "predict necurs --date 2020-03-01" "export $T/names.txt --format rpz" \
           "report $T/events.jsonl --no-geo" "events convert $T/events.jsonl --to jsonl"; do
  # shellcheck disable=SC2086
  run_case "$cmd --out full device" bad "$TAKEDOWN" $cmd --out "$full"
  check "$cmd --out full device" is_char_device "$full"
  # shellcheck disable=SC2086
  run_case "$cmd --out null device" good "$TAKEDOWN" $cmd --out "$null"
  check "$cmd --out null device" is_char_device "$null"
  # shellcheck disable=SC2086
  run_case "$cmd --out symlink" bad "$TAKEDOWN" $cmd --out "$T/link"
  check "$cmd --out symlink" is_symlink_to "$T/link" "$T/precious"
  check "$cmd --out symlink" same_file "$T/precious" "$T/precious.orig"
  # shellcheck disable=SC2086
  run_case "$cmd --out directory" bad "$TAKEDOWN" $cmd --out "$T/adir"
  check "$cmd --out directory" test -d "$T/adir"
  rm -f "$T/fifo"; mkfifo "$T/fifo"
  (timeout 30 cat "$T/fifo" > "$T/fifo.read" 2>/dev/null || true) &
  reader=$!
  # shellcheck disable=SC2086
  run_case "$cmd --out fifo" good "$TAKEDOWN" $cmd --out "$T/fifo"
  wait "$reader" 2>/dev/null || true
  check "$cmd --out fifo" is_fifo "$T/fifo"
  check "$cmd --out fifo" test -s "$T/fifo.read"
  # shellcheck disable=SC2086
  run_case "$cmd --out -" good "$TAKEDOWN" $cmd --out -
  check "$cmd --out -" no_file ./-
  check "$cmd --out -" test -s "$WORK/out"
  # shellcheck disable=SC2086
  run_case "$cmd --out missing parents" good "$TAKEDOWN" $cmd --out "$T/new/deeper/x.out"
  check "$cmd --out missing parents" test -s "$T/new/deeper/x.out"
  rm -rf "$T/new"
done
run_case "split-by-tld onto a file" bad "$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 \
  --split-by-tld "$T/precious"
check "split-by-tld onto a file" same_file "$T/precious" "$T/precious.orig"
ln -s "$T/adir" "$T/dirlink"
run_case "split-by-tld onto a symlink" bad "$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 \
  --split-by-tld "$T/dirlink"
check "split-by-tld onto a symlink" is_symlink_to "$T/dirlink" "$T/adir"
run_case "split-by-tld trailing slash" good "$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 \
  --format csv --split-by-tld "$T/reg/"
check "split-by-tld trailing slash" bash -c "! grep -q '//' '$WORK/out'"
run_case "notify --out onto a file" bad "$TAKEDOWN" notify "$T/events.jsonl" --no-geo --by country \
  --out "$T/precious"
check "notify --out onto a file" same_file "$T/precious" "$T/precious.orig"
run_case "p2p generate --out full device" bad "$TAKEDOWN" p2p generate --nodes 100 --out "$full"
run_case "p2p generate --out symlink" bad "$TAKEDOWN" p2p generate --nodes 100 --out "$T/link"
check "p2p generate --out symlink" same_file "$T/precious" "$T/precious.orig"
run_case "report --html symlink" bad "$TAKEDOWN" report "$T/events.jsonl" --no-geo --html "$T/link"
check "report --html symlink" same_file "$T/precious" "$T/precious.orig"
run_case "report corrupt gzip keeps --out" bad "$TAKEDOWN" report "$T/corrupt.jsonl.gz" --no-geo \
  --out "$T/report.txt"
check "report corrupt gzip keeps --out" same_file "$T/report.txt" "$T/report.orig"
run_case "report cut gzip keeps --out" bad "$TAKEDOWN" report "$T/cut.jsonl.gz" --no-geo --strict \
  --out "$T/report.txt"
check "report cut gzip keeps --out" same_file "$T/report.txt" "$T/report.orig"
check "no temporary files left" no_temp_files "$T"

# --- values written into zones and configurations are validated first
payload_ip=$'1.2.3.4"\n include: "/etc/passwd'
payload_origin=$'x.\n@ IN NS evil.'
for cmd in "predict necurs --from 2020-03-01 --days 2" "export $T/names.txt"; do
  for ip in 999.1.1.1 "$payload_ip" '1.2.3.4 5.6.7.8' '' '::g' '1.2.3' '01.2.3.4x'; do
    # shellcheck disable=SC2086
    run_case "$cmd --sinkhole-ip '${ip//$'\n'/\\n}'" usage "$TAKEDOWN" $cmd --format unbound \
      --sinkhole-ip "$ip" --out "$T/inj.conf"
    check "$cmd --sinkhole-ip" no_file "$T/inj.conf"
  done
  for origin in "$payload_origin" 'a b.' $'x.\r' 'x..y' "$(printf 'l%.0s' {1..70}).example" \
                'x.;comment'; do
    # shellcheck disable=SC2086
    run_case "$cmd --rpz-origin '${origin//$'\n'/\\n}'" usage "$TAKEDOWN" $cmd --format rpz \
      --rpz-origin "$origin" --out "$T/inj.rpz"
    check "$cmd --rpz-origin" no_file "$T/inj.rpz"
  done
done
run_case "export unbound with a good IPv6 sinkhole" good "$TAKEDOWN" export "$T/names.txt" \
  --format unbound --sinkhole-ip 2001:db8::53 --out "$T/good.conf"
for value in $'192.0.2.1\n' '192.0.2.999' '192.0.2.1,' 'localhost'; do
  run_case "sinkhole --answer-a '${value//$'\n'/\\n}'" usage "$TAKEDOWN" sinkhole --check \
    --dns 127.0.0.1:0 --names "$T/names.txt" --answer-a "$value"
done
for value in $'ns.example\nevil' 'ns example' 'ns..example'; do
  run_case "sinkhole --ns '${value//$'\n'/\\n}'" usage "$TAKEDOWN" sinkhole --check \
    --dns 127.0.0.1:0 --names "$T/names.txt" --answer-a 192.0.2.1 --ns "$value"
done

# --- numbers out of range, NaN, odd dates
run_case "predict --count huge" usage "$TAKEDOWN" predict necurs --date 2020-03-01 --count 99999999999
run_case "predict --magic out of range" usage "$TAKEDOWN" predict necurs --date 2020-03-01 \
  --magic 99999999999999999999
check "out-of-range magic says so" bash -c "! grep -q 'not an integer' '$WORK/err'"
run_case "predict --days 0" usage "$TAKEDOWN" predict necurs --from 2020-03-01 --days 0
run_case "predict --days -3" usage "$TAKEDOWN" predict necurs --from 2020-03-01 --days -3
run_case "predict --days huge" usage "$TAKEDOWN" predict necurs --from 2020-03-01 --days 99999999999
run_case "predict --date month 0" usage "$TAKEDOWN" predict necurs --date 2020-00-10
run_case "predict --date trailing text" usage "$TAKEDOWN" predict necurs --date 2020-03-01x
run_case "predict --threads 0" usage "$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 --threads 0
run_case "detect --threshold nan" usage "$TAKEDOWN" detect --threshold nan "$T/names.txt"
run_case "detect --threshold inf" usage "$TAKEDOWN" detect --threshold inf "$T/names.txt"
run_case "detect --threshold 2" usage "$TAKEDOWN" detect --threshold 2 "$T/names.txt"
run_case "detect --threshold -0.5" usage "$TAKEDOWN" detect --threshold -0.5 "$T/names.txt"
run_case "report --top -1" usage "$TAKEDOWN" report "$T/events.jsonl" --no-geo --top -1
run_case "report --exact-limit -1" usage "$TAKEDOWN" report "$T/events.jsonl" --no-geo --exact-limit -1
run_case "report --window 0d" usage "$TAKEDOWN" report "$T/events.jsonl" --no-geo --window 0d
run_case "report --window huge" usage "$TAKEDOWN" report "$T/events.jsonl" --no-geo --window 99999999999d
run_case "notify --min-addresses nan" usage "$TAKEDOWN" notify "$T/events.jsonl" --no-geo --by country \
  --min-addresses nan --out "$T/bundles"
run_case "p2p generate --nodes 0" usage "$TAKEDOWN" p2p generate --nodes 0 --out "$T/o.csv"
run_case "p2p generate --nodes -5" usage "$TAKEDOWN" p2p generate --nodes -5 --out "$T/o.csv"
run_case "p2p generate --nat-share 1.5" usage "$TAKEDOWN" p2p generate --nodes 100 --nat-share 1.5 \
  --out "$T/o.csv"
run_case "p2p generate --nat-share nan" usage "$TAKEDOWN" p2p generate --nodes 100 --nat-share nan \
  --out "$T/o.csv"
run_case "p2p simulate --damping 7" usage "$TAKEDOWN" p2p simulate "$T/obs.csv" --no-geo --damping 7
run_case "p2p simulate --steps -1" usage "$TAKEDOWN" p2p simulate "$T/obs.csv" --no-geo --steps -1
run_case "simulate bots --population -1" usage "$TAKEDOWN" simulate bots --names "$T/names.txt" \
  --population -1
run_case "simulate bots --spam-share nan" usage "$TAKEDOWN" simulate bots --names "$T/names.txt" \
  --spam-share nan
run_case "simulate bots to a public address" usage "$TAKEDOWN" simulate bots --names "$T/names.txt" \
  --dns 192.0.2.1:53 --population 1
run_case "exercise --population -1" usage "$TAKEDOWN" exercise --population -1 --out "$T/ex"
check "exercise --population -1 writes nothing" no_file "$T/ex"
run_case "exercise --date nonsense" usage "$TAKEDOWN" exercise --date 2020-13-01 --out "$T/ex"
check "exercise --date nonsense writes nothing" no_file "$T/ex"
for setting in "--workers 0" "--workers 100000" "--edns-size 100" "--edns-size 99999" "--ttl -1" \
               "--ttl 99999999999" "--dns 127.0.0.1:99999" "--dns 127.0.0.1:+53" "--rrl-rate nan"; do
  # shellcheck disable=SC2086
  run_case "sinkhole $setting" usage "$TAKEDOWN" sinkhole --check --dns 127.0.0.1:0 \
    --names "$T/names.txt" --answer-a 192.0.2.1 $setting
done
check "sinkhole messages name the option" grep -q -- '--rrl-rate' "$WORK/err"

# --- inputs: directories, empty, binary, NUL, CRLF, huge lines, cut and corrupt streams
run_case "export a directory" bad "$TAKEDOWN" export "$T/adir" --out "$T/x.rpz"
check "export a directory says so" grep -q 'is a directory' "$WORK/err"
run_case "report a directory" bad "$TAKEDOWN" report "$T/adir" --no-geo
check "report a directory says so" grep -q 'is a directory' "$WORK/err"
run_case "match a directory" bad "$TAKEDOWN" match --from 2020-03-01 --to 2020-03-02 \
  --families necurs "$T/adir"
run_case "events cat a directory" bad "$TAKEDOWN" events cat "$T/adir"
check "events cat a directory says so" grep -q 'is a directory' "$WORK/err"
run_case "p2p analyze a directory" bad "$TAKEDOWN" p2p analyze "$T/adir" --no-geo
run_case "detect --model a directory" bad "$TAKEDOWN" detect --model "$T/adir" "$T/names.txt"
run_case "sinkhole --config a directory" bad "$TAKEDOWN" sinkhole --check --config "$T/adir"
check "sinkhole --config a directory says so" grep -q 'is a directory' "$WORK/err"
run_case "export an empty file" warn "$TAKEDOWN" export "$T/empty" --out "$T/empty.rpz"
run_case "p2p analyze an empty file" warn "$TAKEDOWN" p2p analyze "$T/empty" --no-geo
run_case "sinkhole --names an empty file" warn "$TAKEDOWN" sinkhole --check --dns 127.0.0.1:0 \
  --names "$T/empty" --answer-a 192.0.2.1
run_case "export random bytes" bad "$TAKEDOWN" export "$T/random.bin" --out "$T/x.rpz"
check "export random bytes wrote nothing" no_file "$T/x.rpz"
run_case "export NUL in a line" bad "$TAKEDOWN" export "$T/nul.txt" --out "$T/x.rpz"
run_case "export a terminal escape in a name" bad "$TAKEDOWN" export \
  <(printf 'evil\x1b]0;pwned\x07\x1b[2J.example\n') --format list
check "the escape is quoted, not sent" grep -qF '\x1b' "$WORK/err"
run_case "export CRLF lines" good "$TAKEDOWN" export "$T/crlf.txt" --format list
check "export CRLF strips the CR" bash -c "! grep -q $'\r' '$WORK/out'"
run_case "export a 3 MB line" bad "$TAKEDOWN" export "$T/longline.txt" --out "$T/x.rpz"
run_case "report random bytes" bad "$TAKEDOWN" report "$T/random.bin" --no-geo --strict
run_case "report corrupt zstd" bad "$TAKEDOWN" report "$T/corrupt.zst" --no-geo --strict
run_case "events cat corrupt zstd" bad "$TAKEDOWN" events cat "$T/corrupt.zst"
run_case "events cat a record without v" good "$TAKEDOWN" events cat \
  <(printf '{%s}\n' "$record")
run_case "match random bytes" warn "$TAKEDOWN" match --from 2020-03-01 --to 2020-03-02 \
  --families necurs "$T/random.bin"
run_case "detect a 3 MB line" warn "$TAKEDOWN" detect "$T/longline.txt"
run_case "p2p analyze random bytes" bad "$TAKEDOWN" p2p analyze "$T/random.bin" --no-geo --strict
run_case "predict --seeds-file random bytes" bad "$TAKEDOWN" predict necurs --date 2020-03-01 \
  --seeds-file "$T/random.bin"
run_case "predict --seeds-file a directory" bad "$TAKEDOWN" predict necurs --date 2020-03-01 \
  --seeds-file "$T/adir"
run_case "export a missing file" bad "$TAKEDOWN" export "$T/missing.txt"
run_case "export a FIFO input" good bash -c "mkfifo '$T/in.fifo' && \
  (cat '$T/names.txt' > '$T/in.fifo' &) && '$TAKEDOWN' export '$T/in.fifo' --format list"
run_case "export mixed-case duplicates once" good "$TAKEDOWN" export \
  <(printf 'Abc.Example\nabc.example\nABC.EXAMPLE\n') --format list
check "export mixed-case duplicates once" test "$(grep -c . "$WORK/out")" -eq 1
run_case "export an untagged list to CSV" good "$TAKEDOWN" export "$T/names.txt" --format csv
check "untagged names get no 1970 date" bash -c "! grep -q 1970-01-01 '$WORK/out'"

# --- arguments
run_case "help --help" good "$TAKEDOWN" help --help
run_case "help predict" good "$TAKEDOWN" help predict
run_case "unknown command" usage "$TAKEDOWN" frobnicate
run_case "predict unknown option" usage "$TAKEDOWN" predict necurs --date 2020-03-01 --frobnicate 1
run_case "report missing value" usage "$TAKEDOWN" report "$T/events.jsonl" --top
run_case "export unknown format" usage "$TAKEDOWN" export "$T/names.txt" --format bind
run_case "match no input" usage "$TAKEDOWN" match
run_case "sinkhole unknown config key" usage bash -c "printf 'frobnicate = 1\n' > '$T/bad.conf' && \
  '$TAKEDOWN' sinkhole --check --config '$T/bad.conf'"
check "config messages give file and line" grep -q 'bad.conf:1' "$WORK/err"
run_case "sinkhole config value with trailing junk" usage bash -c \
  "printf 'answer-a = 192.0.2.1 ; x\n' > '$T/bad2.conf' && '$TAKEDOWN' sinkhole --check \
   --config '$T/bad2.conf' --dns 127.0.0.1:0 --names '$T/names.txt'"

# --- interruption: the old file survives SIGINT and SIGKILL mid-write; no temporary left
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 3 --format rpz --out "$T/keep.rpz"
cp "$T/keep.rpz" "$T/keep.orig"
for signal in INT TERM KILL; do
  cases=$((cases + 1))
  "$TAKEDOWN" predict necurs --from 2020-03-01 --to 2030-03-01 --format rpz --out "$T/keep.rpz" \
    --threads 1 --quiet 2>/dev/null &
  pid=$!
  sleep 0.5
  kill -"$signal" "$pid" 2>/dev/null || true
  status=0
  wait "$pid" 2>/dev/null || status=$?
  check "predict killed by SIG$signal" same_file "$T/keep.rpz" "$T/keep.orig"
  if [ "$signal" = INT ]; then
    check "SIGINT exits 130" test "$status" -eq 130
  fi
  if [ "$signal" != KILL ]; then
    check "SIG$signal leaves no temporary" no_temp_files "$T"
  fi
done
rm -f "$T"/keep.rpz.tmp-*
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 3 --format csv --split-by-tld "$T/split"
cp -a "$T/split" "$T/split.orig"
for signal in INT KILL; do
  cases=$((cases + 1))
  "$TAKEDOWN" predict --all-families --from 2020-03-01 --days 200 --format csv --split-by-tld \
    "$T/split" --quiet 2>/dev/null &
  pid=$!
  sleep 1
  kill -"$signal" "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  check "split interrupted by SIG$signal keeps the old directory" diff -r "$T/split" "$T/split.orig"
done

# --- a second server on an address already served fails; the first keeps serving
"$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$T/names.txt" --answer-a 192.0.2.1 \
  --log "$T/log1" > "$T/sink1.out" 2>&1 &
first=$!
for _ in $(seq 300); do grep -q '^ready' "$T/sink1.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^ready dns=127.0.0.1:\([0-9]*\) .*/\1/p' "$T/sink1.out")
[ -n "$port" ] || fail "the first sinkhole did not start: $(cat "$T/sink1.out")"
run_case "second sinkhole on the same DNS port" bad "$TAKEDOWN" sinkhole --dns "127.0.0.1:$port" \
  --names "$T/names.txt" --answer-a 192.0.2.1 --log "$T/log2"
check "second sinkhole says address in use" grep -qi 'in use' "$WORK/err"
check "first sinkhole still running" kill -0 "$first"
kill -TERM "$first" 2>/dev/null || true
wait "$first" 2>/dev/null || true

echo "hostile sweep: $cases cases, $failures failed"
[ "$failures" -eq 0 ] || fail "$failures of $cases hostile cases failed"
echo "$cases passed, 0 failed"
