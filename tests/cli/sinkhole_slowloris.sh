# sinkhole_slowloris.sh - HTTP requests cut off by the contact timeouts (bash's /dev/tcp on
# loopback): each is answered 408 and recorded with what did arrive (request line,
# User-Agent, Host and its tag) and why it ended ("close": "idle" or "total"); what did not
# arrive is absent from the record, not an empty string. The binary log says the same.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
source "$(dirname "$0")/contact_helpers.bash"
trap 'kill ${SINKHOLE_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

printf 'domain,family,variant,seed,first_date,last_date\nevil.example,necurs,default,9,2026-11-01,2026-11-30\n' \
  > "$WORK/names.csv"
start_sinkhole slow --names "$WORK/names.csv" --answer-a 192.0.2.1 --log "$WORK/ev" \
  --log-format jsonl,binary --http 127.0.0.1:0 --contact-idle-ms 400 --contact-total-ms 1500 \
  --http-header-max 1024
contact_ports slow

# record PATH FIELDS: the record of the request for PATH, FIELDS (a jq array) joined by commas.
record() { events "select(.http.path == \"$1\") | $2 | map(tostring) | join(\",\")"; }

# partial TEXT: sends TEXT (printf format) and waits for the reply, then the close.
partial() {
  exec 3<>"/dev/tcp/127.0.0.1/$HTTP"
  printf "$1" >&3
  timeout 5 cat <&3 | head -1 | tr -d '\r'
  exec 3<&-
}

# Cut off before the Host header: no "name" at all.
expect_eq "$(partial 'GET /gate.php HTTP/1.1\r\nUser-Agent: bot/1\r\nHo')" \
  "HTTP/1.1 408 Request Timeout" "reply to a head without Host"
wait_events 1
expect_eq "$(events 'select(.http.path == "/gate.php")')" \
  "$(events 'select(.http.path == "/gate.php")' | jq -c 'del(.name)')" "no name without a Host"
expect_eq "$(record /gate.php '[has("name"), has("tag"), .http.method, .http.version, .http.ua,
                                 .http.status, .http.close]')" \
  '"false,false,GET,1.1,bot/1,408,idle"' "head cut before Host"

# Cut off inside User-Agent, after the Host: the Host (lower case, without the port) and
# its tag; the unfinished User-Agent is not taken.
expect_eq "$(partial 'POST /c2 HTTP/1.1\r\nHost: EVIL.example:8080\r\nUser-Agent: bo')" \
  "HTTP/1.1 408 Request Timeout" "reply to a head with Host"
wait_events 2
expect_eq "$(record /c2 '[.name, .tag.family, .http.method, (.http | has("ua")), .http.close]')" \
  '"evil.example,necurs,POST,false,idle"' "head cut after Host"

# Cut off inside the request line: only the status and why.
expect_eq "$(partial 'GE')" "HTTP/1.1 408 Request Timeout" "reply to a partial request line"
wait_events 3
expect_eq "$(events 'select(.http.status == 408 and (.http | has("method") | not)) | .http')" \
  '{"status":408,"close":"idle","body_bytes":0}' "request line cut off"

# A client that keeps sending one byte at a time is cut off by the total timeout.
exec 3<>"/dev/tcp/127.0.0.1/$HTTP"
head='GET /trickle HTTP/1.1\r\nHost: evil.example\r\nX-Pad: '
printf "$head" >&3
( for _ in $(seq 1 40); do printf 'a' >&3 2>/dev/null || exit 0; sleep 0.1; done ) &
trickle=$!
expect_eq "$(timeout 10 cat <&3 | head -1 | tr -d '\r')" "HTTP/1.1 408 Request Timeout" "slow client"
exec 3<&-
wait "$trickle" || true
wait_events 4
expect_eq "$(record /trickle '[.name, .http.status, .http.close]')" \
  '"evil.example,408,total"' "trickle cut off by the total timeout"

# The client leaves mid-head: status 0, close eof, with what it sent.
exec 3<>"/dev/tcp/127.0.0.1/$HTTP"
printf 'GET /left HTTP/1.0\r\nUser-Agent: gone\r\n' >&3
exec 3<&-
wait_events 5
expect_eq "$(record /left '[has("name"), .http.ua, .http.status, .http.close]')" \
  '"false,gone,0,eof"' "client gone mid-head"

# A head over --http-header-max: 431, with what its complete lines held.
expect_eq "$(printf 'GET /big HTTP/1.1\r\nHost: evil.example\r\nX-Pad: %02000d\r\n\r\n' 0 | send "$HTTP" \
  | head -1 | tr -d '\r')" "HTTP/1.1 431 Request Header Fields Too Large" "head over the limit"
wait_events 6
expect_eq "$(record /big '[.name, .tag.family, .http.status, (.http | has("close"))]')" \
  '"evil.example,necurs,431,false"' "431 record"

# A complete request carries no "close"; the binary log reads back to the same records.
expect_eq "$(printf 'GET /ok HTTP/1.0\r\nHost: evil.example\r\n\r\n' | send "$HTTP" | head -1 | tr -d '\r')" \
  "HTTP/1.1 200 OK" "complete request"
stop_sinkhole
expect_eq "$(events 'select(.http.path == "/ok") | .http | has("close")')" false "no close when answered"
"$TAKEDOWN" events cat "$WORK"/ev/*.tkev > "$WORK/from-binary.jsonl" 2>"$WORK/err"
expect_eq "$(jq -c 'del(.time)' "$WORK/from-binary.jsonl" | sort)" \
  "$(cat "$WORK"/ev/events-*.jsonl | jq -c 'del(.time)' | sort)" "binary log"
"$TAKEDOWN" events cat "$WORK"/ev/*.jsonl > "$WORK/from-jsonl.jsonl"
expect_eq "$(sort "$WORK/from-jsonl.jsonl")" "$(cat "$WORK"/ev/events-*.jsonl | sort)" "JSON lines read back"

# A request cut off by the stop (SIGTERM): status 0, close stop.
mv "$WORK/ev" "$WORK/ev-timeouts" # events reads $WORK/ev
start_sinkhole stop --names "$WORK/names.csv" --answer-a 192.0.2.1 --log "$WORK/ev" \
  --http 127.0.0.1:0
contact_ports stop
exec 4<>"/dev/tcp/127.0.0.1/$HTTP"
# One write: a whole request, then the head that the stop cuts off; the answer to the
# first says the sinkhole has read both.
printf 'GET /first HTTP/1.1\r\nHost: evil.example\r\n\r\nGET /stopped HTTP/1.1\r\nHost: evil.example\r\n' >&4
read -r -t 10 status <&4 || fail "no answer to the first request"
expect_eq "${status%$'\r'}" "HTTP/1.1 200 OK" "first request on the connection"
stop_sinkhole
exec 4<&-
expect_eq "$(record /stopped '[.name, .http.status, .http.close]')" \
  '"evil.example,0,stop"' "cut off by the stop"
done_checks
