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
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/good.txt" --answer-a 192.0.2.300
expect_err_contains "answer-a: expected IPv4 addresses, got '192.0.2.300'"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:99999 --names "$WORK/good.txt" --answer-a 192.0.2.1
expect_err_contains "expected a port 0-65535"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/good.txt" --answer-a 192.0.2.1 --workers many
expect_err_contains "workers: expected a number"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/good.txt" --answer-a 192.0.2.1 --log-format xml
expect_err_contains "log-format: expected jsonl, binary or dnstap"
expect_exit 2 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/good.txt" --answer-a 192.0.2.1 --zone 'bad..zone'
expect_err_contains "zone: expected a domain name"
expect_exit 2 "$TAKEDOWN" sinkhole --frobnicate yes --dns 127.0.0.1:0
expect_err_contains "unknown setting 'frobnicate'"

# Lists: the file and line of the first bad one; a missing file.
expect_exit 1 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/bad.txt" --answer-a 192.0.2.1
expect_err_contains "$WORK/bad.txt:3: expected a domain name, got 'not a name'"
expect_exit 1 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/missing.txt" --answer-a 192.0.2.1
expect_err_contains "$WORK/missing.txt: No such file or directory"
printf '$ORIGIN rpz.test.\nx.other. CNAME .\n' > "$WORK/bad.rpz"
expect_exit 1 "$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/bad.rpz" --answer-a 192.0.2.1
expect_err_contains "$WORK/bad.rpz:2: expected a name under the origin rpz.test"

# Config file: errors name file and line; settings apply.
printf '# sinkhole\ndns = 127.0.0.1:0\nanswer-a = 192.0.2.1\nnames %s\nttl = soon\n' "$WORK/good.txt" > "$WORK/bad.conf"
expect_exit 2 "$TAKEDOWN" sinkhole --config "$WORK/bad.conf"
expect_err_contains "$WORK/bad.conf:5: ttl: expected a number"
printf 'dns = 127.0.0.1:0\nanswer-a = 192.0.2.1\nnames = "%s"\nzone seized.test\n' "$WORK/good.txt" > "$WORK/good.conf"
expect_exit 0 "$TAKEDOWN" sinkhole --config "$WORK/good.conf" --check --json
expect_eq "$(jq -r '.names, .zones' "$WORK/out" | tr '\n' ' ')" "2 1 " "--check counts"

# An address this machine does not have cannot be bound: exit 1, nothing sent anywhere.
expect_exit 1 "$TAKEDOWN" sinkhole --dns 192.0.2.77:5353 --names "$WORK/good.txt" --answer-a 192.0.2.1
expect_err_contains "192.0.2.77:5353: not an address of this host (--dns, udp)"
done_checks
