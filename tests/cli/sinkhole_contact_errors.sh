# sinkhole_contact_errors.sh - bad settings of the contact listeners: a one-line error naming
# the option or file and what was expected, exit 2 for usage and 1 for what the system
# refuses, never a crash or a hang.
source "$(dirname "$0")/lib.sh"

err_is() { expect_eq "$(cat "$WORK/err")" "takedown: sinkhole: $1" "stderr"; }
expect_exit 2 "$TAKEDOWN" sinkhole --tcp 127.0.0.1
err_is "--tcp 127.0.0.1: expected ADDR:PORT"
expect_exit 2 "$TAKEDOWN" sinkhole --http 127.0.0.1:99999
err_is "--http 127.0.0.1:99999: expected a port 0-65535"
expect_exit 2 "$TAKEDOWN" sinkhole --smtp 'localhost:25'
err_is "--smtp localhost:25: expected an IP address, got 'localhost'"
expect_exit 2 "$TAKEDOWN" sinkhole --http 127.0.0.1:0 --proxy-protocol ftp
err_is "--proxy-protocol ftp: expected all, http, tcp, smtp or a listener's ADDR:PORT, got 'ftp'"
expect_exit 2 "$TAKEDOWN" sinkhole --smtp 127.0.0.1:0 --smtp-rcpt-max 500
err_is "--smtp-rcpt-max 500: expected a number from 1 to 100"
expect_exit 2 "$TAKEDOWN" sinkhole --http 127.0.0.1:0 --hash-bytes 2048
err_is "--hash-bytes 2048: expected a number from 0 to 1024"
expect_exit 2 "$TAKEDOWN" sinkhole --http 127.0.0.1:0 --http-header-max 10
err_is "--http-header-max 10: expected a number from 256 to 16384"
expect_exit 2 "$TAKEDOWN" sinkhole --smtp 127.0.0.1:0 --smtp-hostname "$(printf 'h%.0s' $(seq 1 70))"
err_is "--smtp-hostname $(printf 'h%.0s' $(seq 1 70)): expected a value of 1 to 63 bytes"
expect_exit 2 "$TAKEDOWN" sinkhole --log-format binary
expect_err_contains "where to listen?"
printf 'not a key\n' > "$WORK/bad.key"
expect_exit 1 "$TAKEDOWN" sinkhole --smtp 127.0.0.1:0 --smtp-key "$WORK/bad.key"
expect_err_contains "bad.key:1: expected a key of 32 hex digits"
expect_exit 1 "$TAKEDOWN" sinkhole --smtp 127.0.0.1:0 --smtp-key "$WORK/missing.key"
expect_err_contains "missing.key"
# A port already taken: the bind error names the address and protocol.
python3 -c 'import socket,time,sys; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(5)' > "$WORK/port" &
for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
expect_exit 1 timeout 10 "$TAKEDOWN" sinkhole --http "127.0.0.1:$(cat "$WORK/port")"
expect_err_contains "127.0.0.1:$(cat "$WORK/port"): address in use (--http)"
# A config file with the contact keys.
printf 'http = 127.0.0.1:0\nproxy_protocol = http\nsmtp-hostname "trap.example"\nbogus = 1\n' > "$WORK/c.conf"
expect_exit 2 "$TAKEDOWN" sinkhole --config "$WORK/c.conf"
err_is "$WORK/c.conf:4: unknown setting 'bogus' (see \`takedown sinkhole --help\`)"
expect_exit 0 "$TAKEDOWN" sinkhole --help
grep -q -- "--proxy-protocol" "$WORK/out" || fail "help lacks --proxy-protocol"
ok
expect_exit 0 "$TAKEDOWN" events --help
grep -q '^usage: takedown events cat' "$WORK/out" || fail "events help"
ok
expect_exit 2 "$TAKEDOWN" events cat
expect_err_contains "which files?"
done_checks
