# feed_basic.sh - `takedown feed` against dig and kdig on loopback: the zone by AXFR holds
# exactly the names predict gives for the window; SOA over UDP and TCP; a slide moves the
# serial and an IXFR carries exactly the names that left and entered; IXFR from an up-to-date
# serial is one SOA, from a serial out of the journal an AXFR; TSIG (wrong key, unknown key,
# unsigned), the address list and a second server on the same address are refused; hostile
# packets and clients holding connections open do not stop it; bad --allow-transfer, --notify
# and --listen values are one line each.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feed_helpers.bash"
trap 'kill ${FEED_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

ZONE=rpz.test
FAMILY=necurs
make_key "$WORK/key" feed-key
make_key "$WORK/wrong" feed-key
make_key "$WORK/other" other-key
echo 2026-12-01 > "$WORK/today"
printf 'manual-block.example\n# a comment\nMixed-Case.Example.\n' > "$WORK/manual"

start_feed basic --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 3 --ahead 3 \
  --today-file "$WORK/today" --tsig-key "$WORK/key" --journal-max 2 --manual "$WORK/manual"
xfr() { dig +time=5 +tries=1 @127.0.0.1 -p "$FEED_PORT" "$@"; }

# SOA over UDP and TCP.
s0=$(feed_serial)
[ -n "$s0" ] || fail "no SOA over UDP"
xfr +tcp "$ZONE" SOA > "$WORK/soa_tcp" 2>&1 || true
grep -q "SOA.*localhost. hostmaster.$ZONE. $s0 " "$WORK/soa_tcp" \
  || fail "SOA over TCP: $(cat "$WORK/soa_tcp") -- feed log: $(cat "$WORK/basic.err")"
ok

# AXFR, signed: every name of the window and the manual ones, nothing else.
xfr -k "$WORK/key" "$ZONE" AXFR > "$WORK/axfr0"
grep -q 'XFR size' "$WORK/axfr0" || fail "AXFR failed: $(tail -3 "$WORK/axfr0")"
zone_names "$WORK/axfr0" > "$WORK/names0"
{ window_names 2026-11-28 2026-12-04; printf 'manual-block.example\nmixed-case.example\n'; } \
  | sort -u > "$WORK/want0"
expect_eq "$(wc -l < "$WORK/names0")" "$(wc -l < "$WORK/want0")" "names in the AXFR"
cmp -s "$WORK/names0" "$WORK/want0" || fail "AXFR names differ from predict's window"
ok
expect_eq "$(awk '$4 == "CNAME" {print $5}' "$WORK/axfr0" | sort -u)" "." "policy: NXDOMAIN (CNAME .)"
expect_eq "$(awk '$4 == "SOA"' "$WORK/axfr0" | wc -l)" 2 "AXFR starts and ends with the SOA"
# kdig checks the TSIG of every message of a multi-message transfer.
kdig @127.0.0.1 -p "$FEED_PORT" -y "hmac-sha256:feed-key:$(key_secret "$WORK/key")" "$ZONE" AXFR \
  > "$WORK/kaxfr" 2>&1 || fail "kdig AXFR failed: $(tail -3 "$WORK/kaxfr")"
grep -Eq '\(([2-9]|[1-9][0-9]+) messages' "$WORK/kaxfr" || fail "the AXFR took one message only"
expect_eq "$(zone_names "$WORK/kaxfr" | md5sum)" "$(md5sum < "$WORK/names0")" "kdig's AXFR"

# Refusals: unsigned, a wrong secret, an unknown key; each logged.
xfr "$ZONE" AXFR > "$WORK/unsigned"
grep -q 'XFR size' "$WORK/unsigned" && fail "an unsigned AXFR was served"
grep -q 'refused AXFR rpz.test from 127.0.0.1#[0-9]*: not signed with TSIG' "$WORK/basic.err" \
  || fail "unsigned AXFR not logged"
ok
xfr -k "$WORK/wrong" "$ZONE" AXFR > "$WORK/badsig" 2>&1 || true
grep -q 'XFR size' "$WORK/badsig" && fail "an AXFR with a wrong secret was served"
grep -q 'TSIG BADSIG' "$WORK/basic.err" || fail "wrong secret not logged as BADSIG"
ok
xfr -k "$WORK/other" "$ZONE" AXFR > "$WORK/badkey" 2>&1 || true
grep -q 'XFR size' "$WORK/badkey" && fail "an AXFR with an unknown key was served"
grep -q 'TSIG BADKEY' "$WORK/basic.err" || fail "unknown key not logged as BADKEY"
ok

# A slide: the serial moves by one; IXFR from the old serial removes exactly the names that
# left the window and adds exactly those that entered.
slide_to 2026-12-05 basic
s1=$(feed_serial)
expect_eq "$s1" "$((s0 + 1))" "serial after a slide"
grep -q "slide to 2026-12-05: serial $s1" "$WORK/basic.err" || fail "slide not logged"
ok
xfr -k "$WORK/key" "$ZONE" IXFR="$s0" > "$WORK/ixfr"
awk '$4 == "SOA" { soa++; next } $4 == "CNAME" { n = $1; sub(".rpz.test.$", "", n);
     if (soa == 2) print n > "'"$WORK/ixfr.del"'"; if (soa == 3) print n > "'"$WORK/ixfr.add"'" }' \
  "$WORK/ixfr"
{ window_names 2026-12-02 2026-12-08; printf 'manual-block.example\nmixed-case.example\n'; } \
  | sort -u > "$WORK/want1"
comm -23 "$WORK/want0" "$WORK/want1" > "$WORK/left"
comm -13 "$WORK/want0" "$WORK/want1" > "$WORK/entered"
[ -s "$WORK/left" ] && [ -s "$WORK/entered" ] || fail "the slide should change the window"
expect_eq "$(sort "$WORK/ixfr.del" | md5sum)" "$(md5sum < "$WORK/left")" "IXFR deletions"
expect_eq "$(sort "$WORK/ixfr.add" | md5sum)" "$(md5sum < "$WORK/entered")" "IXFR additions"
expect_eq "$(awk '$4 == "SOA"' "$WORK/ixfr" | wc -l)" 4 "IXFR SOAs (condensed: one diff)"
grep -q "transfer IXFR to 127.0.0.1#[0-9]* serial $s1" "$WORK/basic.err" || fail "IXFR not logged"
ok

# Up to date: one SOA. Two slides later, s0 has left the journal (--journal-max 2 keeps
# two deltas): IXFR from it gets the whole zone.
xfr -k "$WORK/key" "$ZONE" IXFR="$s1" > "$WORK/uptodate"
expect_eq "$(grep -v '^;' "$WORK/uptodate" | awk '$4 == "SOA" || $4 == "CNAME"' | wc -l)" 1 "up-to-date IXFR"
slide_to 2026-12-09 basic
slide_to 2026-12-13 basic
xfr -k "$WORK/key" "$ZONE" IXFR="$((s0 + 1))" > "$WORK/ixfr2"
expect_eq "$(awk '$4 == "SOA"' "$WORK/ixfr2" | wc -l)" 4 "IXFR over two deltas is condensed"
xfr -k "$WORK/key" "$ZONE" IXFR="$s0" > "$WORK/fallback"
zone_names "$WORK/fallback" > "$WORK/names3"
{ window_names 2026-12-10 2026-12-16; printf 'manual-block.example\nmixed-case.example\n'; } \
  | sort -u > "$WORK/want3"
cmp -s "$WORK/names3" "$WORK/want3" || fail "IXFR from a serial out of the journal is not the whole zone"
grep -q "asks for serial $s0, which is not in the journal: sending AXFR" "$WORK/basic.err" \
  || fail "the AXFR fallback is not logged"
ok

# Two requests in one TCP segment (pipelined): both answered, in order.
cat > "$WORK/pipeline.py" <<'PY'
import socket, struct, sys
port, zone = int(sys.argv[1]), sys.argv[2]
def query(qid):
    q = struct.pack(">HHHHHH", qid, 0, 1, 0, 0, 0)
    q += b"".join(bytes([len(l)]) + l.encode() for l in zone.split(".")) + b"\0"
    q += struct.pack(">HH", 6, 1)
    return struct.pack(">H", len(q)) + q
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(query(7) + query(8))
data = b""
ids = []
while len(ids) < 2:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
    while len(data) >= 2 and len(data) >= 2 + struct.unpack(">H", data[:2])[0]:
        n = struct.unpack(">H", data[:2])[0]
        ids.append(struct.unpack(">H", data[2:4])[0])
        data = data[2 + n:]
print(" ".join(map(str, ids)))
PY
expect_eq "$(timeout 10 python3 "$WORK/pipeline.py" "$FEED_PORT" "$ZONE")" "7 8" "pipelined requests"

# Hostile packets over UDP and TCP, then the server still answers.
for i in $(seq 1 50); do
  head -c $((RANDOM % 300)) /dev/urandom > "$WORK/junk"
  timeout 2 nc -u -w0 127.0.0.1 "$FEED_PORT" < "$WORK/junk" >/dev/null 2>&1 || true
done
{ printf '\000\377'; head -c 255 /dev/urandom; } | timeout 2 nc -w1 127.0.0.1 "$FEED_PORT" >/dev/null 2>&1 || true
{ printf '\000\030'; head -c 24 /dev/zero; } | timeout 2 nc -w1 127.0.0.1 "$FEED_PORT" >/dev/null 2>&1 || true
[ -n "$(feed_serial)" ] || fail "no answer after hostile packets"
ok

# A second server on the same address fails.
expect_exit 1 "$TAKEDOWN" feed --listen "127.0.0.1:$FEED_PORT" --zone "$ZONE" --family "$FAMILY" \
  --back 0 --ahead 0 --today-file "$WORK/today"
expect_err_contains "127.0.0.1:$FEED_PORT: address in use"
stop_feed

# The address list: only 192.0.2.1 may transfer, so loopback is refused even when signed.
start_feed acl --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 --ahead 0 \
  --today-file "$WORK/today" --tsig-key "$WORK/key" --allow-transfer 192.0.2.1,2001:db8::/32
xfr -k "$WORK/key" "$ZONE" AXFR > "$WORK/acl" 2>&1 || true
grep -q 'XFR size' "$WORK/acl" && fail "a transfer from outside the address list was served"
grep -q 'refused AXFR rpz.test from 127.0.0.1#[0-9]*: not in --allow-transfer' "$WORK/acl.err" \
  || fail "ACL refusal not logged"
ok
stop_feed

# --wildcard: each name also as *.NAME, so that its subdomains are blocked too.
echo 2026-12-01 > "$WORK/today.wild"
start_feed wild --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 --ahead 0 \
  --today-file "$WORK/today.wild" --wildcard --action redirect sinkhole.example
dig +time=5 +tries=1 @127.0.0.1 -p "$FEED_PORT" "$ZONE" AXFR > "$WORK/wild"
window_names 2026-12-01 2026-12-01 > "$WORK/wild.want"
awk -v z=".$ZONE." '$4 == "CNAME" { n = $1; sub(z "$", "", n); print n }' "$WORK/wild" | sort > "$WORK/wild.got"
expect_eq "$(grep -c '^\*\.' "$WORK/wild.got")" "$(wc -l < "$WORK/wild.want")" "wildcard records"
expect_eq "$(grep -v '^\*\.' "$WORK/wild.got" | md5sum)" "$(md5sum < "$WORK/wild.want")" "names beside their wildcards"
expect_eq "$(sed -n 's/^\*\.//p' "$WORK/wild.got" | sort | md5sum)" "$(md5sum < "$WORK/wild.want")" "one wildcard per name"
expect_eq "$(awk '$4 == "CNAME" {print $5}' "$WORK/wild" | sort -u)" "sinkhole.example." "--action redirect"
stop_feed

# An AXFR in progress when the zone slides is cut (its records would mix two serials); the
# server goes on. The client reads one message, waits for the slide, then reads to the end.
echo 2026-12-01 > "$WORK/today.cut"
start_feed cut --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 60 --ahead 60 \
  --today-file "$WORK/today.cut"
cat > "$WORK/slow_axfr.py" <<'PY'
import socket, struct, sys, time
port, zone = int(sys.argv[1]), sys.argv[2]
q = struct.pack(">HHHHHH", 0x1234, 0, 1, 0, 0, 0)
q += b"".join(bytes([len(l)]) + l.encode() for l in zone.split(".")) + b"\0"
q += struct.pack(">HH", 252, 1)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: a small window
s.connect(("127.0.0.1", port))
s.sendall(struct.pack(">H", len(q)) + q)
s.recv(1024)
print("started", flush=True)
sys.stdin.readline()  # the slide has happened
total = 0
s.settimeout(10)
try:
    while True:
        data = s.recv(65536)
        if not data:
            break
        total += len(data)
    print("closed after", total, flush=True)
except socket.timeout:
    print("still open after", total, flush=True)
PY
coproc SLOW { python3 "$WORK/slow_axfr.py" "$FEED_PORT" "$ZONE"; }
read -r line <&"${SLOW[0]}"
expect_eq "$line" started "slow AXFR client"
echo 2026-12-05 > "$WORK/today.cut"
kill -HUP "$FEED_PID"
for _ in $(seq 1 100); do grep -q "slide to 2026-12-05" "$WORK/cut.err" && break; sleep 0.1; done
echo go >&"${SLOW[1]}"
read -r line <&"${SLOW[0]}"
[[ "$line" == "closed after"* ]] || fail "the AXFR client did not see the connection end: $line"
grep -q "AXFR of serial [0-9]* cut by the slide" "$WORK/cut.err" || fail "the cut AXFR is not logged"
grep -q "transfer AXFR" "$WORK/cut.err" && fail "the cut AXFR was logged as served"
ok
[ -n "$(feed_serial)" ] || fail "no answer after an AXFR was cut"
ok
stop_feed

# The clock: without --today-file, today is the UTC day that began at --slide-hour.
for hour in 0 23; do
  before=$(date -u -d "-$hour hours" +%F)
  start_feed "clock$hour" --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 \
    --ahead 0 --slide-hour "$hour"
  after=$(date -u -d "-$hour hours" +%F)
  got=$(sed -n 's/^ready .* today=\([0-9-]*\) .*/\1/p' "$WORK/clock$hour.err")
  [ "$got" = "$before" ] || [ "$got" = "$after" ] || fail "--slide-hour $hour: today $got, expected $before"
  ok
  stop_feed
done

# --format json: the ready line and the log as JSON objects.
timeout 60 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 \
  --ahead 0 --today-file "$WORK/today" --tsig-key "$WORK/key" --format json 2>"$WORK/json.err" &
json_timeout=$!
for _ in $(seq 1 100); do grep -q '"event":"ready"' "$WORK/json.err" && break; sleep 0.1; done
json_port=$(jq -r 'select(.event == "ready") | .feed' "$WORK/json.err" | sed 's/.*://')
[ -n "$json_port" ] || fail "no JSON ready line: $(cat "$WORK/json.err")"
dig +time=2 +tries=1 @127.0.0.1 -p "$json_port" "$ZONE" AXFR >/dev/null 2>&1 || true
kill -TERM "$(pgrep -P "$json_timeout")"
json_rc=0; wait "$json_timeout" || json_rc=$?
[ "$json_rc" -eq 0 ] || fail "feed --format json exited $json_rc: $(tail -3 "$WORK/json.err")"
expect_eq "$(jq -r 'select(.event == "refused") | .message' "$WORK/json.err" | sed 's/#[0-9]*:/:/')" \
  "refused AXFR rpz.test from 127.0.0.1: not signed with TSIG" "JSON refusal"
expect_eq "$(jq -r 'select(.event == "ready") | "\(.zone) \(.names) \(.restored)"' "$WORK/json.err")" \
  "rpz.test $(window_names 2026-12-01 2026-12-01 | wc -l) false" "JSON ready line"

# Clients holding TCP connections open (some with half a request) do not lock a secondary
# out: a new connection takes the place of the one idle longest; said once, not per accept.
start_feed held --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 --ahead 0 \
  --today-file "$WORK/today"
cat > "$WORK/hold.py" <<'PY'
import socket, subprocess, sys
port = int(sys.argv[1])
held = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(200)]
for s in held[:50]:
    s.sendall(b"\0")
dig = ["dig", "+time=5", "+tries=1", "@127.0.0.1", "-p", str(port), sys.argv[2]]
print(subprocess.run(dig + ["SOA", "+tcp", "+short"], capture_output=True, text=True).stdout.strip())
print(subprocess.run(dig + ["AXFR"], capture_output=True, text=True).stdout)
PY
python3 "$WORK/hold.py" "$FEED_PORT" "$ZONE" > "$WORK/held.out"
grep -q "hostmaster.$ZONE." "$WORK/held.out" || fail "no SOA over TCP while 200 connections are held"
grep -q 'XFR size' "$WORK/held.out" || fail "no AXFR while 200 connections are held"
ok
flood_lines=$(grep -c 'connections open' "$WORK/held.err" || true)
[ "$flood_lines" -ge 1 ] && [ "$flood_lines" -le 5 ] || fail "$flood_lines log lines for the flood"
ok
stop_feed

# Usage errors.
expect_exit 2 "$TAKEDOWN" feed --zone "$ZONE" --family "$FAMILY" --back 1 --ahead 1
expect_err_contains "--listen is required"
expect_exit 2 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 1 \
  --ahead 1 --action redirect
expect_err_contains "--action needs nxdomain or redirect TARGET"
expect_exit 2 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back x \
  --ahead 1
expect_err_contains "feed: --back: expected a whole number from 0 to 3650, got 'x'"
printf 'key "k" { algorithm hmac-md5; secret "AAAA"; };\n' > "$WORK/md5"
expect_exit 1 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 \
  --ahead 0 --today-file "$WORK/today" --tsig-key "$WORK/md5"
expect_err_contains "md5:1: expected algorithm hmac-sha256"
for bad in "--allow-transfer ," "--notify ," "--listen 127.0.0.1:99999"; do
  # shellcheck disable=SC2086 # the option and its value
  expect_exit 2 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 \
    --ahead 0 --today-file "$WORK/today" $bad
  expect_err_contains "${bad%% *}: expected"
  expect_eq "$(wc -l < "$WORK/err")" 1 "one line for $bad"
done
# A zone or a redirect target that is no host name (a space, a line break that would forge
# a ready line) is refused before anything is served.
bad_name() {
  expect_exit 2 "$TAKEDOWN" feed --listen 127.0.0.1:0 --family "$FAMILY" --back 0 --ahead 0 \
    --today-file "$WORK/today" "$@"
  expect_err_contains "is not a domain name"
  expect_eq "$(wc -l < "$WORK/err")" 1 "one line for $*"
}
bad_name --zone "rpz test"
bad_name --zone $'rpz.test\nready feed=192.0.2.1:53'
bad_name --zone "$ZONE" --action redirect "sink hole.example"
# A key or a today file that never ends (/dev/zero) is refused, not read into memory.
for option in --tsig-key --today-file; do
  expect_exit 1 timeout 20 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" \
    --back 0 --ahead 0 "$option" /dev/zero
  expect_err_contains "/dev/zero: expected at most"
done
# A list that never ends (--manual /dev/zero) is read as long as asked, but SIGTERM stops
# the reading (timeout's SIGTERM gives 124; ignored, its SIGKILL would give 137).
stopped=0
timeout -k 5 2 "$TAKEDOWN" feed --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 \
  --ahead 0 --manual /dev/zero 2>/dev/null || stopped=$?
expect_eq "$stopped" 124 "SIGTERM while the configuration is read"
expect_exit 0 "$TAKEDOWN" feed --help
done_checks
