# lib.sh - helpers for the command-line tests. Each test script is run as
#   bash SCRIPT /path/to/takedown /path/to/dga-vectors
# and exits non-zero at the first failed check.
set -euo pipefail
TAKEDOWN=$1
VECTORS=${2:-}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/takedown-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
checks=0

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); }

# expect_exit CODE COMMAND...: runs COMMAND, checks its exit status, keeps stderr in $WORK/err
expect_exit() {
  local want=$1; shift
  local got=0
  "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  [ "$got" -eq "$want" ] || fail "'$*' exited $got, expected $want; stderr: $(head -c 300 "$WORK/err")"
  ok
}

# expect_err_contains TEXT: the last command's stderr mentions TEXT
expect_err_contains() {
  grep -qF -- "$1" "$WORK/err" || fail "stderr lacks '$1': $(head -c 300 "$WORK/err")"
  ok
}

expect_eq() {
  [ "$1" = "$2" ] || fail "${3:-values differ}: got '$1', expected '$2'"
  ok
}

# free_port: a high port that no socket on this machine uses, TCP or UDP, in any state (for
# servers that cannot be given port 0 and say which port they took).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    [ -z "$(ss -Htuan "( sport = :$port or dport = :$port )" 2>/dev/null)" ] && break
  done
  echo "$port"
}

done_checks() { echo "$checks passed, 0 failed"; }
