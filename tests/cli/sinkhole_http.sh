# sinkhole_http.sh - the HTTP and raw TCP contact listeners on loopback, with real clients:
# curl (keep-alive, a large body, a bad request line, limits), nc (pipelining, raw TCP,
# PROXY v1 and v2 headers presenting other addresses), xxhsum for the body hashes, jq for
# the log and the Prometheus metrics.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
source "$(dirname "$0")/contact_helpers.bash"
trap 'kill ${SINKHOLE_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

printf 'evil.example,necurs,default,9,2026-11-01,2026-11-30\n' > "$WORK/names.csv"
sed -i '1i domain,family,variant,seed,first_date,last_date' "$WORK/names.csv"
start_sinkhole http --names "$WORK/names.csv" --answer-a 192.0.2.1 --log "$WORK/ev" \
  --http 127.0.0.1:0 --http 127.0.0.2:0 --proxy-protocol 127.0.0.2:0 \
  --tcp 127.0.0.1:0 --tcp 127.0.0.1:0 --tcp-byte-cap 1000 --http-body-max 4M \
  --contact-total-ms 1500 --metrics 127.0.0.1:0
contact_ports http
URL="http://127.0.0.1:$HTTP"

# --- keep-alive: two requests on one connection, both recorded with the same client port
curl -sv -A "Mozilla/4.0 (compatible; MSIE 8.0)" -H "Host: Evil.Example" "$URL/gate.php?id=1" \
  "$URL/second" -o /dev/null -o /dev/null 2>"$WORK/curl.err"
grep -q "Re-using existing connection" "$WORK/curl.err" || fail "curl did not keep the connection"
ok
wait_events 2
expect_eq "$(events 'select(.http.path == "/gate.php?id=1") | [.name, .tag.family, .http.method, .http.ua, .http.status] | join(",")')" \
  '"evil.example,necurs,GET,Mozilla/4.0 (compatible; MSIE 8.0),200"' "first request"
expect_eq "$(events 'select(.proto == "http") | .sport' | sort -u | wc -l)" 1 "one connection"

# --- a large body: read and counted, its first 256 bytes hashed as xxhsum -H2 hashes them
head -c 3000000 /dev/urandom > "$WORK/body"
code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$WORK/body" "$URL/upload")
expect_eq "$code" 200 "large body"
wait_events 3
expect_eq "$(events 'select(.http.path == "/upload") | .http.body_bytes')" 3000000 "body size"
want=$(head -c 256 "$WORK/body" | xxhsum -H2 | cut -d' ' -f1)
expect_eq "$(events 'select(.http.path == "/upload") | .http.body_xxh128' | tr -d '"')" "$want" "body hash"

# --- a chunked body
code=$(printf 'abcdef' | curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' \
  --data-binary @- "$URL/chunked")
expect_eq "$code" 200 "chunked body"

# --- a bad request line, a body over the limit, a head over the limit
code=$(curl -s -o /dev/null -w '%{http_code}' --request-target 'bad target' "$URL/")
expect_eq "$code" 400 "bad request line"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Length: 5000000' -H 'Expect:' \
  -d x "$URL/big")
expect_eq "$code" 413 "body over --http-body-max"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Pad: $(head -c 9000 /dev/zero | tr '\0' a)" "$URL/")
expect_eq "$code" 431 "head over --http-header-max"
out=$(printf 'GARBAGE\r\n\r\n' | send "$HTTP")
grep -q '^HTTP/1.1 400 ' <<<"$out" || fail "garbage: $out"
ok

# --- pipelining: three requests in one write, three responses in order, then close
out=$(printf 'GET /p1 HTTP/1.1\r\nHost: a\r\n\r\nHEAD /p2 HTTP/1.1\r\nHost: a\r\n\r\nGET /p3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n' | send "$HTTP")
expect_eq "$(grep -c '^HTTP/1.1 200 OK' <<<"$out")" 3 "pipelined responses"
wait_events 10
expect_eq "$(events 'select(.http.path | test("^/p")) | .http.path' | tr -d '"' | tr '\n' ' ')" "/p1 /p2 /p3 " "pipelined order"

# --- PROXY v1 and v2 on the proxied listener: the recorded client is the presented one
printf 'PROXY TCP4 198.51.100.7 192.0.2.80 40000 80\r\nGET /v1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n' \
  | timeout 5 nc -q 2 127.0.0.2 "$HTTP2" >/dev/null
printf '\r\n\r\n\0\r\nQUIT\n\x21\x21\x00\x24\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x07\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x80\x9c\x41\x00\x50GET /v2 HTTP/1.1\r\nHost: b.example\r\nConnection: close\r\n\r\n' \
  | timeout 5 nc -q 2 127.0.0.2 "$HTTP2" >/dev/null
printf 'GET /noheader HTTP/1.1\r\nHost: a\r\n\r\n' | timeout 5 nc -q 2 127.0.0.2 "$HTTP2" >/dev/null || true
wait_events 12
expect_eq "$(events 'select(.http.path == "/v1") | [.src, .sport, .dst, .dport, .via] | map(tostring) | join(" ")')" \
  '"198.51.100.7 40000 192.0.2.80 80 127.0.0.1"' "PROXY v1 client"
expect_eq "$(events 'select(.http.path == "/v2") | [.src, .sport, .dst] | map(tostring) | join(" ")')" \
  '"2001:db8::7 40001 2001:db8::80"' "PROXY v2 client"
expect_eq "$(events 'select(.http.path == "/noheader")' | wc -l)" 0 "no PROXY header, no request"
expect_eq "$(metric "takedown_contact_proxy_errors_total{protocol=\"http\",listener=\"127.0.0.2:$HTTP2\"}")" 1 "PROXY errors"
expect_eq "$(metric "takedown_contact_proxy_headers_total{protocol=\"http\",listener=\"127.0.0.2:$HTTP2\"}")" 2 "PROXY headers"
expect_eq "$(metric "takedown_contact_proxy_headers_total{protocol=\"http\",listener=\"127.0.0.1:$HTTP\"}")" 0 "no PROXY on the other listener"

# --- raw TCP: length and hash of the first bytes; the byte cap closes the session
printf 'hello raw tcp' | timeout 5 nc -q 1 127.0.0.1 "$TCP"
head -c 5000 /dev/zero | timeout 5 nc -q 2 127.0.0.1 "$TCP2" || true
wait_events 14
want=$(printf 'hello raw tcp' | xxhsum -H2 | cut -d' ' -f1)
expect_eq "$(events "select(.proto == \"tcp\" and .dport == $TCP) | [.tcp.data_bytes, .tcp.close, .tcp.data_xxh128] | map(tostring) | join(\" \")")" \
  "\"13 eof $want\"" "raw TCP session"
expect_eq "$(events "select(.proto == \"tcp\" and .dport == $TCP2) | [.tcp.data_bytes, .tcp.close] | map(tostring) | join(\" \")")" \
  '"1000 bytes"' "raw TCP byte cap"

# --- slowloris: a client that sends its head one byte at a time is cut off by the total
# timeout, answered 408, and recorded
trap '' PIPE # a write to the closed connection fails instead of killing the test
exec 5<>"/dev/tcp/127.0.0.1/$HTTP"
cut_off=0
for c in G E T ' ' / s l o w ' ' H T T P / 1 . 1; do
  printf '%s' "$c" >&5 2>/dev/null || { cut_off=1; break; }
  sleep 0.2
done
reply=$(timeout 3 cat <&5 || true)
exec 5<&-
grep -q '408 Request Timeout' <<<"$reply" || [ "$cut_off" = 1 ] || fail "slow client not cut off: $reply"
ok
expect_eq "$(metric "takedown_contact_total_closed_total{protocol=\"http\",listener=\"127.0.0.1:$HTTP\"}")" 1 "slow clients cut off"
wait_events 15
expect_eq "$(events 'select(.http.status == 408)' | wc -l)" 1 "the slow request is recorded"

# --- metrics per listener
expect_eq "$(metric 'takedown_http_requests_total{status="200"}')" 9 "HTTP 200s"
expect_eq "$(metric 'takedown_tcp_sessions_total')" 2 "TCP sessions"
stop_sinkhole

# --- connections per client prefix, behind PROXY headers too; an IPv6 listener
start_sinkhole limits --names "$WORK/names.csv" --answer-a 192.0.2.1 --log "$WORK/ev2" \
  --http '[::1]:0' --tcp 127.0.0.1:0 --proxy-protocol tcp --contact-per-prefix 2 \
  --metrics 127.0.0.1:0
line=$(grep '^ready ' "$WORK/limits.err")
HTTP6=$(sed -n 's/.* http=\[::1\]:\([0-9]*\) .*/\1/p' <<<"$line")
TCP=$(sed -n 's/.* tcp=[^ ]*:\([0-9]*\) .*/\1/p' <<<"$line")
expect_eq "$(curl -s -g "http://[::1]:$HTTP6/six")" "OK" "IPv6 listener"
proxied() { printf 'PROXY TCP4 %s 192.0.2.1 5000 4444\r\n' "$1"; }
exec 6<>"/dev/tcp/127.0.0.1/$TCP"; proxied 203.0.113.1 >&6
exec 7<>"/dev/tcp/127.0.0.1/$TCP"; proxied 203.0.113.2 >&7
exec 8<>"/dev/tcp/127.0.0.1/$TCP"; proxied 203.0.113.3 >&8   # a third from 203.0.113.0/24
exec 9<>"/dev/tcp/127.0.0.1/$TCP"; proxied 198.51.100.1 >&9  # another prefix
sleep 0.5
if timeout 2 cat <&8 >/dev/null; then ok; else fail "the third connection of a /24 stayed open"; fi
expect_eq "$(metric "takedown_contact_refused_prefix_total{protocol=\"tcp\",listener=\"127.0.0.1:$TCP\"}")" 1 "refused by prefix"
expect_eq "$(metric "takedown_contact_connections{protocol=\"tcp\",listener=\"127.0.0.1:$TCP\"}")" 3 "open TCP connections"
exec 6<&- 7<&- 8<&- 9<&-
stop_sinkhole
done_checks
