# install_helpers.bash - what tests/cli/install.sh and deb.sh share: the tools they need, the
# installed file list, completing words with the installed completion, and running the
# sinkhole's unit command under strace against the unit's filters.

# need_tools TOOL...: each tool must be on PATH. One that is missing skips the test (exit 77,
# which ctest reports as skipped) only outside CI and only when bootstrap.sh installs it.
need_tools() {
  local tool package root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 && continue
    case $tool in
      man) package=man-db ;;
      systemd-analyze) package=systemd ;;
      dig) package=bind9-dnsutils ;;
      nc) package=netcat-openbsd ;;
      cpack) package=cmake ;;
      dpkg-shlibdeps) package=dpkg-dev ;;
      *) package=$tool ;;
    esac
    grep -qE "^[^#]*[[:space:]]$package([[:space:]]|$)" "$root/bootstrap.sh" ||
      fail "$tool is missing, and bootstrap.sh does not install $package"
    [ -z "${CI:-}" ] || fail "$tool is missing in CI (package $package, which bootstrap.sh installs)"
    echo "SKIP: $tool is missing; ./bootstrap.sh installs it (package $package)"
    exit 77
  done
}

# expected_files PREFIX: every file `make install` puts under PREFIX, sorted.
expected_files() {
  local prefix=$1 page
  {
    echo "$prefix/bin/takedown"
    echo "$prefix/lib/systemd/system/takedown-sinkhole@.service"
    echo "$prefix/share/bash-completion/completions/takedown"
    echo "$prefix/share/doc/takedown/changelog.gz"
    echo "$prefix/share/doc/takedown/copyright"
    echo "$prefix/share/doc/takedown/examples/sinkhole-contact.conf"
    echo "$prefix/share/doc/takedown/examples/sinkhole.conf"
    for page in takedown.1 takedown-predict.1 takedown-export.1 takedown-families.1 \
      takedown-vectors.1 takedown-sinkhole.8 takedown-exercise.1 takedown-events.1 \
      takedown-simulate.1 takedown-p2p.1 takedown-report.1 takedown-notify.1 \
      takedown-index.1 takedown-match.1 takedown-detect.1 takedown-event-log.5 \
      takedown-feed.1 takedown-fleet.1 takedown-hunt.1; do
      echo "$prefix/share/man/man${page##*.}/$page.gz"
    done
  } | LC_ALL=C sort
}

# complete_words COMPLETION WORD...: what the completion offers for the last word.
complete_words() {
  local file=$1
  shift
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _takedown
           echo "${COMPREPLY[*]}"' _ "$file" "$@"
}

# expand_syscall_groups [~]@group|name ...: the system calls a SystemCallFilter= list names.
expand_syscall_groups() {
  local item member
  for item in "$@"; do
    item=${item#\~}
    case $item in
      @*)
        systemd-analyze syscall-filter "$item" | awk 'NR > 1 && /^    [@a-z_0-9]/ { print $1 }' |
          while read -r member; do expand_syscall_groups "$member"; done
        ;;
      *) echo "$item" ;;
    esac
  done
}

# allowed_syscalls UNIT: the calls its SystemCallFilter= lines allow (the allowed lists, less
# the ~denied ones).
allowed_syscalls() {
  local unit=$1 line allow=() deny=()
  while read -r line; do
    case $line in
      '~'*) read -ra words <<<"${line#\~}"; deny+=("${words[@]}") ;;
      *) read -ra words <<<"$line"; allow+=("${words[@]}") ;;
    esac
  done < <(sed -n 's/^SystemCallFilter=//p' "$unit")
  [ ${#allow[@]} -gt 0 ] || fail "$unit has no SystemCallFilter= allow list"
  comm -23 <(expand_syscall_groups "${allow[@]}" | LC_ALL=C sort -u) \
    <(expand_syscall_groups "${deny[@]}" | LC_ALL=C sort -u)
}

# run_unit_command_traced UNIT PREFIX: runs the unit's ExecStart (its directories in $WORK)
# under strace with every listener on loopback, talks to each, reloads, rotates, stops; then
# checks the drained log, the system calls and the socket families against the unit.
run_unit_command_traced() {
  local unit=$1 dns http tcp smtp metrics command pid
  traced=
  dns=$(free_port) http=$(free_port) tcp=$(free_port) smtp=$(free_port) metrics=$(free_port)
  mkdir -p "$WORK/etc" "$WORK/log"
  cat >"$WORK/etc/test.conf" <<EOF
dns = 127.0.0.1:$dns
names = $WORK/necurs.csv
zone = seized-botnet.example
answer-a = 192.0.2.10
http = 127.0.0.1:$http
tcp = 127.0.0.1:$tcp
smtp = 127.0.0.1:$smtp
metrics = 127.0.0.1:$metrics
log-format = jsonl,binary,dnstap
workers = 2
EOF
  command=$(sed -n 's/^ExecStart=//p' "$unit")
  command=${command//'${CONFIGURATION_DIRECTORY}'/$WORK/etc}
  command=${command//'${LOGS_DIRECTORY}'/$WORK/log}
  command=${command//%i/test}
  read -ra argv <<<"$command"
  # (LeakSanitizer cannot run under ptrace; a sanitized build is traced without it)
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
    strace -f -qq -o "$WORK/trace" "${argv[@]}" 2>"$WORK/sinkhole.err" &
  traced=$!
  # On a failed check the traced sinkhole stops too (stopping strace alone would let it run).
  trap 'kill -TERM $(pgrep -P "$traced") 2>/dev/null; wait "$traced"; rm -rf "$WORK"' EXIT
  for _ in $(seq 1 100); do
    grep -q '^ready ' "$WORK/sinkhole.err" 2>/dev/null && break
    kill -0 "$traced" 2>/dev/null || fail "the unit's command stopped: $(cat "$WORK/sinkhole.err")"
    sleep 0.1
  done
  grep -q '^ready ' "$WORK/sinkhole.err" || fail "the unit's command is not ready: $(cat "$WORK/sinkhole.err")"
  pid=$(head -1 "$WORK/trace" | awk '{ print $1 }')
  [ "$(dig +short +time=2 +tries=1 @127.0.0.1 -p "$dns" seized-botnet.example A)" = 192.0.2.10 ] ||
    fail "no DNS answer over UDP"
  [ "$(dig +short +tcp +time=2 +tries=1 @127.0.0.1 -p "$dns" www.seized-botnet.example A)" = 192.0.2.10 ] ||
    fail "no DNS answer over TCP"
  [ "$(curl -s -m 5 "http://127.0.0.1:$http/gate.php")" = OK ] || fail "no HTTP answer"
  # (replies go to files first: `cmd | grep -q` could stop early and fail the pipe)
  curl -s -m 5 "http://127.0.0.1:$metrics/metrics" >"$WORK/metrics" || fail "no metrics"
  grep -q '^takedown_sinkhole_names ' "$WORK/metrics" || fail "metrics lack takedown_sinkhole_names"
  printf 'EHLO bot\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.net>\r\nDATA\r\nspam\r\n.\r\nQUIT\r\n' |
    nc -q 2 127.0.0.1 "$smtp" >"$WORK/smtp" || fail "no SMTP session"
  grep -q '^221' "$WORK/smtp" || fail "SMTP session: $(cat "$WORK/smtp")"
  echo hello | nc -q 1 127.0.0.1 "$tcp" || true
  kill -HUP "$pid"
  for _ in $(seq 1 50); do
    grep -q 'reloaded' "$WORK/sinkhole.err" && break
    sleep 0.1
  done
  grep -q 'reloaded' "$WORK/sinkhole.err" || fail "SIGHUP did not reload: $(cat "$WORK/sinkhole.err")"
  kill -USR1 "$pid"
  sleep 0.3
  kill -TERM "$pid"
  wait "$traced" || fail "the unit's command exited $? on SIGTERM: $(cat "$WORK/sinkhole.err")"
  trap 'rm -rf "$WORK"' EXIT
  ok
  # Stop drains the log: every contact is on disk.
  grep -q 'stopped; 5 events logged, 0 dropped' "$WORK/sinkhole.err" ||
    fail "stop: $(tail -1 "$WORK/sinkhole.err")"
  expect_eq "$(cat "$WORK"/log/events-*.jsonl | wc -l)" 5 "events in the JSON-lines log"
  # Every system call is one the unit allows.
  allowed_syscalls "$unit" >"$WORK/allowed"
  [ "$(wc -l <"$WORK/allowed")" -gt 100 ] || fail "the unit's filter expands to too few calls"
  sed -nE 's/^[0-9]+ +([a-z_0-9]+)\(.*/\1/p' "$WORK/trace" | LC_ALL=C sort -u >"$WORK/used"
  [ "$(wc -l <"$WORK/used")" -gt 20 ] || fail "strace saw too few calls"
  comm -23 "$WORK/used" "$WORK/allowed" >"$WORK/refused"
  [ ! -s "$WORK/refused" ] || fail "calls the unit's SystemCallFilter= refuses: $(tr '\n' ' ' <"$WORK/refused")"
  ok
  # Every socket is of a family the unit allows.
  local families
  families=$(sed -n 's/^RestrictAddressFamilies=//p' "$unit")
  grep -oE 'socket\(AF_[A-Z0-9]+' "$WORK/trace" | sed 's/socket(//' | sort -u >"$WORK/families"
  [ -s "$WORK/families" ] || fail "strace saw no socket"
  while read -r family; do
    [[ " $families " == *" $family "* ]] || fail "a socket of family $family, which the unit restricts"
  done <"$WORK/families"
  ok
}
