# sinkhole_errors.sh - `takedown sinkhole` refuses bad settings and bad lists with one
# clear line and the right exit status (2 usage, 1 operational), and --check reports.
source "$(dirname "$0")/lib.sh"

printf 'good.example\n' > "$WORK/good.txt"
printf 'a.example\nb.example\nnot a name\n' > "$WORK/bad.txt"

expect_exit 0 "$TAKEDOWN" sinkhole --help
expect_eq "$(head -1 "$WORK/out")" "usage: takedown sinkhole --dns ADDR:PORT --names FILE [--names FILE ...] [--zone DOMAIN ...]" "usage line"
expect_exit 2 "$TAKEDOWN" sinkhole
expect_err_contains "where to listen?"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --answer-a 192.0.2.1
expect_err_contains "which names?"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/good.txt"
expect_err_contains "which sinkhole address?"
# Each bad setting: one line naming the option as given, its value and what was expected.
err_is() { expect_eq "$(cat "$WORK/err")" "takedown: sinkhole: $1" "stderr"; }
G=(--names "$WORK/good.txt" --answer-a 192.0.2.1)
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/good.txt" --answer-a 192.0.2.300
err_is "--answer-a 192.0.2.300: expected IPv4 addresses, got '192.0.2.300'"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:99999 "${G[@]}"
err_is "--dns 127.0.0.1:99999: expected a port 0-65535"
expect_exit 2 "$TAKEDOWN" sinkhole --dns '[::1' "${G[@]}"
err_is "--dns [::1: expected [IPv6]:PORT"
expect_exit 2 "$TAKEDOWN" sinkhole --dns resolver.example:53 "${G[@]}"
err_is "--dns resolver.example:53: expected an IP address, got 'resolver.example'"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --workers many
err_is "--workers many: expected a number from 1 to 64"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --workers 0
err_is "--workers 0: expected a number from 1 to 64"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --ttl 99999999999999999999999
err_is "--ttl 99999999999999999999999: expected a number from 0 to 2147483647"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --log-format xml
err_is "--log-format xml: expected jsonl, binary or dnstap (comma-separated), got 'xml'"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --zone 'bad..zone'
err_is "--zone bad..zone: expected a domain name"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --ns 'a..b'
err_is "--ns a..b: expected a domain name of letters, digits, '-' and '_'"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --ns $'ns.example\nevil'
err_is "--ns ns.example\\x0aevil: expected a domain name of letters, digits, '-' and '_'"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --hostmaster 'host master.example'
err_is "--hostmaster host master.example: expected a domain name of letters, digits, '-' and '_'"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/good.txt" --answer-a 192.0.2.1,
err_is "--answer-a 192.0.2.1,: expected IPv4 addresses separated by commas"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --sensor ''
err_is "--sensor '': expected a value of 1 to 63 bytes"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --metrics 127.0.0.1:65536
err_is "--metrics 127.0.0.1:65536: expected a port 0-65535"
expect_exit 2 "$TAKEDOWN" sinkhole --frobnicate yes --dns 127.0.0.1:0
err_is "unknown setting '--frobnicate' (see \`takedown sinkhole --help\`)"
expect_exit 2 "$TAKEDOWN" sinkhole "${G[@]}" --dns
err_is "--dns needs a value (see \`takedown sinkhole --help\`)"
# Ports are digits only; link-local (needs a zone) and v4-mapped IPv6 addresses are refused
# before anything is bound.
expect_exit 2 timeout 10 "$TAKEDOWN" sinkhole --dns 127.0.0.1:+53 "${G[@]}"
err_is "--dns 127.0.0.1:+53: expected a port 0-65535"
expect_exit 2 timeout 10 "$TAKEDOWN" sinkhole --dns '127.0.0.1: 53' "${G[@]}"
err_is "--dns 127.0.0.1: 53: expected a port 0-65535"
expect_exit 2 timeout 10 "$TAKEDOWN" sinkhole --dns '[fe80::1%lo]:5353' "${G[@]}"
err_is "--dns [fe80::1%lo]:5353: expected an address without a %zone (link-local addresses are not supported)"
expect_exit 2 timeout 10 "$TAKEDOWN" sinkhole --dns '[fe80::1]:5353' "${G[@]}"
err_is "--dns [fe80::1]:5353: expected an IPv6 address that is not link-local (fe80::/10)"
expect_exit 2 timeout 10 "$TAKEDOWN" sinkhole --dns '[::ffff:127.0.0.1]:5353' "${G[@]}"
err_is "--dns [::ffff:127.0.0.1]:5353: expected an IPv4 address as such, not mapped into IPv6"
# A long value is cut (control characters are escaped by every command's messages).
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 "${G[@]}" --log-format "$(printf 'x%.0s' $(seq 1 300))"
expect_eq "$(wc -l < "$WORK/err")" 1 "one line for a long value"
grep -q -- "--log-format xxxxx.*\.\.\.: expected jsonl, binary or dnstap" "$WORK/err" || fail "long value: $(cat "$WORK/err")"
ok

# Lists: the file and line of the first bad one; a missing file.
expect_exit 1 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/bad.txt" --answer-a 192.0.2.1
expect_err_contains "$WORK/bad.txt:3: expected a domain name, got 'not a name'"
expect_exit 1 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/missing.txt" --answer-a 192.0.2.1
expect_err_contains "$WORK/missing.txt: No such file or directory"
expect_exit 1 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK" --answer-a 192.0.2.1
expect_err_contains "takedown: $WORK: is a directory"
printf '$ORIGIN rpz.test.\nx.other. CNAME .\n' > "$WORK/bad.rpz"
expect_exit 1 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/bad.rpz" --answer-a 192.0.2.1
expect_err_contains "$WORK/bad.rpz:2: expected a name under the origin rpz.test"

# Config file: errors name file and line; settings apply.
printf '# sinkhole\ndns = 127.0.0.1:0\nanswer-a = 192.0.2.1\nnames %s\nttl = soon\n' "$WORK/good.txt" > "$WORK/bad.conf"
expect_exit 2 "$TAKEDOWN" sinkhole --config "$WORK/bad.conf"
err_is "$WORK/bad.conf:5: ttl soon: expected a number from 0 to 2147483647"
printf 'dns = 127.0.0.1:0\n\nfrobnicate = 1\n' > "$WORK/unknown.conf"
expect_exit 2 "$TAKEDOWN" sinkhole --config "$WORK/unknown.conf"
err_is "$WORK/unknown.conf:3: unknown setting 'frobnicate' (see \`takedown sinkhole --help\`)"
printf 'dns = 127.0.0.1:99999\n' > "$WORK/port.conf"
expect_exit 2 "$TAKEDOWN" sinkhole --config "$WORK/port.conf"
err_is "$WORK/port.conf:1: dns 127.0.0.1:99999: expected a port 0-65535"
printf 'dns\n' > "$WORK/novalue.conf"
expect_exit 2 "$TAKEDOWN" sinkhole --config "$WORK/novalue.conf"
err_is "$WORK/novalue.conf:1: expected a value after 'dns'"
expect_exit 2 "$TAKEDOWN" sinkhole --config "$WORK"
err_is "$WORK: is a directory"
expect_exit 2 "$TAKEDOWN" sinkhole --config "$WORK/none.conf"
err_is "$WORK/none.conf: No such file or directory"
printf 'dns = 127.0.0.1:0\nanswer-a = 192.0.2.1\nnames = "%s"\nzone seized.test\n' "$WORK/good.txt" > "$WORK/good.conf"
expect_exit 0 "$TAKEDOWN" sinkhole --config "$WORK/good.conf" --check --json
expect_eq "$(jq -r '.names, .zones' "$WORK/out" | tr '\n' ' ')" "2 1 " "--check counts"

# An address this machine does not have cannot be bound: exit 1, nothing sent anywhere.
expect_exit 1 "$TAKEDOWN" sinkhole --dns 192.0.2.77:5353 --names "$WORK/good.txt" --answer-a 192.0.2.1
expect_err_contains "192.0.2.77:5353: not an address of this host (--dns, udp)"
done_checks
