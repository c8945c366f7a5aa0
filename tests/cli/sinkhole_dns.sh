# sinkhole_dns.sh - `takedown sinkhole` end to end on loopback with real clients: dig and
# kdig (A, AAAA, NS, SOA, MX as NODATA, NXDOMAIN below a listed name, REFUSED, TCP with
# pipelining, EDNS and BADVERS, Client Subnet, 0x20 case), lists as CSV, plain and RPZ,
# zones, the metrics endpoint, the event log read back by jq and dnstap-read, a SIGKILL
# losing nothing older than a second, rotation by size, and --user dropping root.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
trap 'kill $SINKHOLE_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 --format csv --out "$WORK/necurs.csv"
"$TAKEDOWN" predict necurs --from 2021-06-01 --days 1 --format rpz --rpz-wildcard --out "$WORK/later.rpz"
printf '# seized by court order\nPlain-Seized.example\n' > "$WORK/plain.txt"
tagged=$(grep -v '^#' "$WORK/necurs.csv" | sed -n 2p | cut -d, -f1)
rpz_name=$(grep -m1 ' CNAME \.$' "$WORK/later.rpz" | grep -v '^\*' | cut -d' ' -f1)

start_sinkhole main --names "$WORK/necurs.csv" --names "$WORK/plain.txt" --names "$WORK/later.rpz" \
  --zone Seized.Test --answer-a 192.0.2.1,192.0.2.2 --answer-aaaa 2001:db8::53 \
  --ns ns1.sinkhole.test --ttl 600 --log "$WORK/log" --log-format jsonl,dnstap \
  --metrics 127.0.0.1:0 --workers 2

# A: authoritative, one of the sinkhole addresses, the same one every time.
out=$(q "$tagged" A)
grep -q 'status: NOERROR' <<<"$out" || fail "A $tagged: $out"
grep -q "flags: qr aa rd;" <<<"$out" || fail "AA not set, or RA set: $out"
ok
first=$(q +short "$tagged" A)
[[ "$first" == 192.0.2.1 || "$first" == 192.0.2.2 ]] || fail "A answer '$first'"
ok
for _ in 1 2 3; do expect_eq "$(q +short "$tagged" A)" "$first" "same address for the same name"; done
expect_eq "$(q +noall +answer "$tagged" A | awk '{print $2}')" 600 "answer TTL"
expect_eq "$(q +short "$tagged" AAAA)" "2001:db8::53" "AAAA"
expect_eq "$(q +short "$tagged" NS)" "ns1.sinkhole.test." "NS at the apex"
expect_eq "$(q +short "$tagged" SOA | cut -d' ' -f1-2)" "ns1.sinkhole.test. hostmaster.sinkhole.invalid." "SOA"

# MX: NODATA with the SOA; below a listed name: NXDOMAIN; not ours: REFUSED, no AA.
out=$(q "$tagged" MX)
grep -q 'status: NOERROR' <<<"$out" && grep -q 'ANSWER: 0, AUTHORITY: 1' <<<"$out" || fail "MX NODATA: $out"
ok
out=$(q "www.$tagged" A)
grep -q 'status: NXDOMAIN' <<<"$out" || fail "below a listed name: $out"
ok
out=$(q www.example.com A)
grep -q 'status: REFUSED' <<<"$out" || fail "unserved name: $out"
grep -q 'flags: qr rd;' <<<"$out" || fail "REFUSED must not claim authority: $out"
ok

# Plain list (case-insensitive), RPZ name and its wildcard, a whole zone.
expect_eq "$(q +short plain-seized.EXAMPLE A | grep -c '^192\.0\.2\.[12]$')" 1 "plain list name"
expect_eq "$(q +short "$rpz_name" A | grep -c '^192\.0\.2\.[12]$')" 1 "RPZ name"
expect_eq "$(q +short "deep.below.$rpz_name" A | grep -c '^192\.0\.2\.[12]$')" 1 "RPZ wildcard"
expect_eq "$(q +short a.b.c.seized.test A | grep -c '^192\.0\.2\.[12]$')" 1 "name in a zone"
expect_eq "$(q +short seized.test NS)" "ns1.sinkhole.test." "zone apex NS"

# 0x20: the question's case comes back as sent.
mixed=$(echo "$tagged" | sed 's/^\(.\)\(.\)\(.\)/\U\1\E\2\U\3/')
expect_eq "$(q +noall +answer "$mixed" A | awk '{print $1}')" "$mixed." "0x20 case in the answer"
expect_eq "$(kdig +short +time=2 +retry=0 @127.0.0.1 -p "$PORT" "$mixed" A | grep -c '^192\.0\.2\.[12]$')" 1 "kdig A"

# TCP, with several queries pipelined on one connection (kdig +keepopen).
out=$(q +tcp "$tagged" A)
grep -q 'status: NOERROR' <<<"$out" || fail "TCP: $out"
ok
out=$(kdig +tcp +keepopen +time=2 +retry=0 @127.0.0.1 -p "$PORT" "$tagged" A "$tagged" AAAA www.example.com A)
expect_eq "$(grep -c 'status: NOERROR' <<<"$out")" 2 "pipelined NOERROR answers"
expect_eq "$(grep -c 'status: REFUSED' <<<"$out")" 1 "pipelined REFUSED answer"

# EDNS: our buffer size, BADVERS for version 1, no OPT without EDNS, Client Subnet echoed.
out=$(q +bufsize=4096 "$tagged" A)
grep -q 'udp: 1232' <<<"$out" || fail "EDNS buffer size: $out"
ok
out=$(kdig +edns=1 +time=2 +retry=0 @127.0.0.1 -p "$PORT" "$tagged" A)
grep -q 'status: BADVERS' <<<"$out" || fail "EDNS version 1: $out"
ok
out=$(q +noedns "$tagged" A)
grep -q 'OPT PSEUDOSECTION' <<<"$out" && fail "OPT without EDNS in the query"
ok
out=$(kdig +subnet=198.51.100.0/24 +time=2 +retry=0 @127.0.0.1 -p "$PORT" "$tagged" A)
grep -q 'CLIENT-SUBNET: 198.51.100.0/24/0' <<<"$out" || fail "ECS echo: $out"
ok

# Metrics on the loopback HTTP port.
metrics=$(http_get "$METRICS" /metrics)
grep -qE '^takedown_sinkhole_queries_total\{qtype="A",rcode="NOERROR",transport="udp"\} [1-9]' <<<"$metrics" || fail "metrics: $metrics"
ok
grep -qE '^takedown_sinkhole_queries_total\{qtype="A",rcode="NOERROR",transport="tcp"\} [1-9]' <<<"$metrics" || fail "tcp metric"
ok
grep -qE '^takedown_sinkhole_hits_total\{family="necurs"\} [1-9]' <<<"$metrics" || fail "hits per family"
ok
grep -qE '^takedown_sinkhole_log_dropped_total 0$' <<<"$metrics" || fail "log drops metric"
ok
expect_eq "$(http_get "$METRICS" /other | head -1)" "not found" "other paths"

stop_sinkhole
grep -q 'stopped;' "$WORK/main.err" || fail "no clean stop: $(cat "$WORK/main.err")"
ok

# The JSON lines: valid for jq, one per query, with tag, ECS, transport and rcode.
json=$(cat "$WORK"/log/events-*.jsonl)
jq -e . >/dev/null <<<"$json" || fail "jq rejected the event log"
ok
expect_eq "$(jq -s 'map(select(.v != 1 or .proto != "dns")) | length' <<<"$json")" 0 "version and protocol"
expect_eq "$(jq -r --arg n "$tagged" 'select(.name == $n and .qtype == "A") | .tag.family' <<<"$json" | sort -u)" necurs "tag of a CSV name"
expect_eq "$(jq -r 'select(.ecs) | .ecs' <<<"$json")" "198.51.100.0/24" "ECS in the log"
expect_eq "$(jq -r 'select(.name == "www.example.com") | .rcode' <<<"$json" | sort -u)" REFUSED "REFUSED logged"
[ "$(jq -s 'map(select(.transport == "tcp")) | length' <<<"$json")" -ge 4 ] || fail "TCP queries in the log"
ok
expect_eq "$(jq -r "select(.name == \"$(echo "$mixed" | tr A-Z a-z)\" and .src == \"127.0.0.1\") | .dport" <<<"$json" | sort -u)" "$PORT" "server port"

# dnstap: read back by BIND's dnstap-read, one frame per JSON line.
tap=$(dnstap-read "$WORK"/log/events-*.dnstap) || fail "dnstap-read failed"
ok
expect_eq "$(wc -l <<<"$tap")" "$(wc -l <<<"$json")" "dnstap frames vs JSON lines"
grep -q " AR 127.0.0.1:[0-9]* <- 127.0.0.1:$PORT UDP [0-9]*b $tagged/IN/A" <<<"$tap" || fail "dnstap-read line: $(head -3 <<<"$tap")"
ok
dnstap-read -y "$WORK"/log/events-*.dnstap | grep -q 'CLIENT-SUBNET: 198.51.100.0/24/0' || fail "ECS in dnstap"
ok

# SIGKILL: events older than a second are on disk.
start_sinkhole kill --names "$WORK/necurs.csv" --answer-a 192.0.2.1 --log "$WORK/log-kill"
for i in $(seq 1 20); do q +short "$tagged" A >/dev/null; done
sleep 1.5
kill -KILL "$SINKHOLE_PID"
wait "$TIMEOUT_PID" 2>/dev/null || true
expect_eq "$(cat "$WORK"/log-kill/events-*.jsonl | jq -s length)" 20 "events kept across SIGKILL"

# Rotation by size: several files, each a complete dnstap stream, no event lost or doubled.
start_sinkhole rotate --names "$WORK/necurs.csv" --answer-a 192.0.2.1 --log "$WORK/log-rotate" \
  --log-format jsonl,dnstap --log-rotate-size 2K
for i in $(seq 1 30); do q +short "$tagged" A >/dev/null; sleep 0.02; done
stop_sinkhole
files=$(ls "$WORK"/log-rotate/events-*.dnstap | wc -l)
[ "$files" -ge 2 ] || fail "no rotation: $files dnstap file(s)"
ok
frames=0
for f in "$WORK"/log-rotate/events-*.dnstap; do
  n=$(dnstap-read "$f" | wc -l) || fail "dnstap-read rejected rotated file $f"
  frames=$((frames + n))
done
expect_eq "$frames" 30 "dnstap frames over rotated files"
expect_eq "$(cat "$WORK"/log-rotate/events-*.jsonl | jq -s length)" 30 "JSON lines over rotated files"

# --user: binds as root, then runs as nobody, and still logs.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
  start_sinkhole user --names "$WORK/plain.txt" --answer-a 192.0.2.1 --log "$WORK/log-user" --user nobody
  expect_eq "$(awk '/^Uid:/{print $2}' /proc/"$SINKHOLE_PID"/status)" "$(id -u nobody)" "uid after --user"
  expect_eq "$(q +short plain-seized.example A)" 192.0.2.1 "answer after dropping root"
  stop_sinkhole
  expect_eq "$(cat "$WORK"/log-user/events-*.jsonl | jq -r .name)" plain-seized.example "log written as nobody"
fi
done_checks
