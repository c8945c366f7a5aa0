# install.sh - `make install` (cmake --install of this build): the exact file list, manual
# pages that mandoc lints clean and man renders, a bash completion that completes, units that
# systemd-analyze verifies and scores, sample configurations the sinkhole accepts, and the
# sinkhole run as its unit runs it, under strace: every system call it makes is one the
# unit's SystemCallFilter= allows, and every socket is one RestrictAddressFamilies= allows.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/install_helpers.bash"
need_tools pandoc mandoc man systemd-analyze strace dig curl nc
BUILD=$(cd "$(dirname "$TAKEDOWN")" && pwd)
[ -d "$BUILD/man" ] || fail "$BUILD has no man/: pandoc was installed after it was configured; run cmake -S . -B $BUILD"

# --- The file list of an install under /usr, staged in DESTDIR.
DESTDIR="$WORK/root" cmake --install "$BUILD" --prefix /usr >"$WORK/install.log" ||
  fail "cmake --install: $(tail -3 "$WORK/install.log")"
(cd "$WORK/root" && find . -type f -o -type l | sed 's|^\./|/|' | sort) >"$WORK/files"
expected_files /usr >"$WORK/expected"
diff "$WORK/expected" "$WORK/files" >"$WORK/diff" || fail "installed files differ from the list: $(cat "$WORK/diff")"
ok
[ -x "$WORK/root/usr/bin/takedown" ] || fail "the program is not executable"
"$WORK/root/usr/bin/takedown" --version >"$WORK/version" || fail "the installed program does not run"
grep -q '^takedown ' "$WORK/version" || fail "the installed program's version: $(cat "$WORK/version")"
ok

# --- Manual pages: one per command `takedown help` lists, each clean for mandoc -T lint at
# the warning level, rendered by man with its NAME line, and named in takedown(1).
man_dir="$WORK/root/usr/share/man"
for cmd in $("$TAKEDOWN" help | awk '/^commands:/{on=1; next} on && /^  [a-z]/{print $1}'); do
  [ "$cmd" = help ] && continue
  ls "$man_dir"/man[18]/"takedown-$cmd".[18].gz >/dev/null 2>&1 || fail "no manual page for $cmd"
  zgrep -q "takedown-$cmd" "$man_dir/man1/takedown.1.gz" || fail "takedown(1) does not name takedown-$cmd"
  ok
done
for page in "$man_dir"/man*/*.gz; do
  name=$(basename "$page" .gz)
  mandoc -T lint -W warning "$page" >"$WORK/lint" 2>&1 || fail "mandoc -T lint $name: $(head -5 "$WORK/lint")"
  [ ! -s "$WORK/lint" ] || fail "mandoc -T lint $name: $(head -5 "$WORK/lint")"
  MANWIDTH=80 man -l "$page" 2>"$WORK/man.err" | col -bx >"$WORK/rendered" ||
    fail "man -l $name: $(head -3 "$WORK/man.err")"
  grep -q "^NAME" "$WORK/rendered" || fail "$name renders without NAME"
  grep -qE "^ +${name%.*} +- +[A-Za-z]" "$WORK/rendered" || fail "$name: NAME line: $(sed -n 2,4p "$WORK/rendered")"
  # SEE ALSO names pages the way man does: every page but takedown(1) names takedown(1).
  [ "$name" = takedown.1 ] || grep -qE '^ +takedown\(1\)' "$WORK/rendered" ||
    fail "$name: SEE ALSO: $(sed -n '/^SEE ALSO/,+2p' "$WORK/rendered")"
  ! grep -qE '\\f|\\\(|\[C\]' "$WORK/rendered" || fail "$name renders raw troff: $(grep -m1 -E '\\f|\\\(' "$WORK/rendered")"
  ok
done
# The sinkhole's page carries its options table and signals from docs/sinkhole.md.
MANWIDTH=100 man -l "$man_dir/man8/takedown-sinkhole.8.gz" 2>/dev/null | col -bx >"$WORK/sinkhole.txt"
grep -q "^SYNOPSIS" "$WORK/sinkhole.txt" && grep -q "^OPTIONS" "$WORK/sinkhole.txt" &&
  grep -q "^SIGNALS" "$WORK/sinkhole.txt" && grep -q -- "--answer-aaaa IP6" "$WORK/sinkhole.txt" &&
  grep -q "SIGHUP" "$WORK/sinkhole.txt" || fail "takedown-sinkhole(8) lacks its sections"
ok

# --- Bash completion: commands, subcommands, options, family names.
completion="$WORK/root/usr/share/bash-completion/completions/takedown"
expect_eq "$(complete_words "$completion" takedown sin)" "sinkhole" "complete 'takedown sin'"
expect_eq "$(complete_words "$completion" takedown sinkhole --answer)" "--answer-a --answer-aaaa" "complete sinkhole --answer"
expect_eq "$(complete_words "$completion" takedown p2p '')" "analyze generate simulate" "complete p2p subcommands"
expect_eq "$(complete_words "$completion" takedown p2p simulate --stra)" "--strategy" "complete p2p simulate --stra"
expect_eq "$(complete_words "$completion" takedown p2p generate --stra)" "" "p2p generate has no --strategy"
expect_eq "$(complete_words "$completion" takedown predict necu)" "necurs" "complete a family"
expect_eq "$(complete_words "$completion" takedown help ma)" "match" "complete help COMMAND"

# --- Units, installed under a prefix of their own so that ExecStart names a real program.
prefix="$WORK/prefix"
cmake --install "$BUILD" --prefix "$prefix" >"$WORK/install2.log" || fail "cmake --install --prefix"
for unit in "$prefix"/lib/systemd/system/*.service; do
  name=$(basename "$unit")
  grep -q "^ExecStart=$prefix/bin/takedown " "$unit" || fail "$name: ExecStart does not follow the prefix"
  MANPATH="$prefix/share/man" systemd-analyze verify "$unit" >"$WORK/verify" 2>&1 ||
    fail "systemd-analyze verify $name: $(cat "$WORK/verify")"
  [ ! -s "$WORK/verify" ] || fail "systemd-analyze verify $name: $(cat "$WORK/verify")"
  systemd-analyze security --offline=yes "$unit" >"$WORK/security" 2>&1 ||
    fail "systemd-analyze security $name: $(tail -3 "$WORK/security")"
  level=$(sed -nE 's/.*Overall exposure level for [^:]+: ([0-9.]+ [A-Z]+).*/\1/p' "$WORK/security")
  case "$level" in
    *" PERFECT" | *" SAFE" | *" OK") echo "systemd-analyze security $name: $level" ;;
    *) fail "$name: exposure '$level', expected OK or better" ;;
  esac
  ok
done
unit="$prefix/lib/systemd/system/takedown-sinkhole@.service"
for setting in DynamicUser=yes NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes \
  AmbientCapabilities=CAP_NET_BIND_SERVICE CapabilityBoundingSet=CAP_NET_BIND_SERVICE \
  SystemCallFilter=@system-service 'ExecReload=/bin/kill -HUP $MAINPID' LogsDirectory=takedown/%i; do
  grep -qxF -- "$setting" "$unit" || fail "the sinkhole unit lacks $setting"
done
ok

# --- The sample configurations pass --check (their list path pointed at a real list).
"$TAKEDOWN" predict necurs --date 2026-01-01 --format csv --out "$WORK/necurs.csv"
for example in "$WORK"/root/usr/share/doc/takedown/examples/*.conf; do
  sed -E "s|^names = .*|names = $WORK/necurs.csv|" "$example" >"$WORK/example.conf"
  expect_exit 0 "$TAKEDOWN" sinkhole --config "$WORK/example.conf" --check
done

# --- The sinkhole as the unit starts it, traced: DNS over UDP and TCP, HTTP, raw TCP, SMTP,
# metrics, a reload, a rotation and a stop.
run_unit_command_traced "$unit" "$prefix"
done_checks
