# sinkhole_kill.sh - what a SIGKILL costs: events older than a second are all in the JSON
# and binary logs of a killed sinkhole, and both read back (`takedown events cat`, jq) to the
# same records; the binary log of a killed writer reads to its last whole frame with a note.
# Then `takedown events convert` and `stats` over the logs.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
source "$(dirname "$0")/contact_helpers.bash"
trap 'kill ${SINKHOLE_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

printf 'kill.example\n' > "$WORK/names.txt"
start_sinkhole kill --names "$WORK/names.txt" --answer-a 192.0.2.1 --log "$WORK/ev" \
  --log-format jsonl,binary,dnstap --http 127.0.0.1:0 --smtp 127.0.0.1:0 --proxy-protocol smtp
contact_ports kill

# 60 check-ins, 20 DNS queries and one proxied SMTP message, then more than a second of quiet.
for i in $(seq 1 20); do
  curl -s -o /dev/null -o /dev/null -o /dev/null -H "Host: kill.example" "http://127.0.0.1:$HTTP/a$i" \
    "http://127.0.0.1:$HTTP/b$i" \
    "http://127.0.0.1:$HTTP/c$i"
  q +short kill.example A >/dev/null
done
printf 'PROXY TCP4 198.51.100.9 192.0.2.25 4000 25\r\nEHLO k\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<v1@example.net>\r\nRCPT TO:<v2@example.net>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n' \
  | send "$SMTP" >/dev/null
sleep 1.5
kill -KILL "$SINKHOLE_PID"
wait "$TIMEOUT_PID" 2>/dev/null || true

expect_eq "$(cat "$WORK"/ev/events-*.jsonl | jq -c 'select(.proto == "http")' | wc -l)" 60 "HTTP events in JSON lines"
expect_eq "$(cat "$WORK"/ev/events-*.jsonl | jq -c 'select(.proto == "dns")' | wc -l)" 20 "DNS events in JSON lines"
expect_exit 0 "$TAKEDOWN" events cat "$WORK"/ev/events-*.tkev
expect_err_contains "ends without a STOP frame"
expect_eq "$(wc -l < "$WORK/out")" 81 "events in the binary log"
cat "$WORK"/ev/events-*.jsonl > "$WORK/all.jsonl"
expect_eq "$(jq -cS . "$WORK/out" | md5sum)" "$(jq -cS . "$WORK/all.jsonl" | md5sum)" "binary reads back as the JSON lines"
expect_exit 0 "$TAKEDOWN" events cat "$WORK"/ev/events-*.dnstap
expect_eq "$(jq -r 'select(.proto == "dns") | .name' "$WORK/out" | sort -u)" "kill.example" "dnstap DNS events"
expect_eq "$(wc -l < "$WORK/out")" 20 "dnstap holds the DNS events"

# convert: JSON lines to binary and back are the same records; to dnstap, read by dnstap-read
expect_exit 0 "$TAKEDOWN" events convert "$WORK/all.jsonl" --to binary --out "$WORK/all.tkev"
expect_exit 0 "$TAKEDOWN" events cat "$WORK/all.tkev"
expect_eq "$(md5sum < "$WORK/out")" "$(md5sum < "$WORK/all.jsonl")" "JSON -> binary -> JSON"
expect_exit 0 "$TAKEDOWN" events convert "$WORK"/ev/events-*.tkev --to dnstap --out "$WORK/dns.dnstap"
expect_err_contains "61 events skipped"
expect_eq "$(dnstap-read "$WORK/dns.dnstap" | grep -c 'kill.example')" 20 "dnstap-read reads the converted log"

# stats
expect_exit 0 "$TAKEDOWN" events stats --json "$WORK"/ev/events-*.tkev
expect_eq "$(jq -r '[.events, .http, .dns, .smtp, .smtp_messages, .smtp_recipients, .smtp_distinct_recipients, .proxied] | map(tostring) | join(" ")' "$WORK/out")" \
  "81 60 20 1 1 2 2 1" "stats"
expect_exit 0 "$TAKEDOWN" events stats "$WORK/all.jsonl"
grep -q '^smtp recipients 2, distinct 2$' "$WORK/out" || fail "stats text: $(cat "$WORK/out")"
ok

# bad input: a bad line is named with its line number and reading goes on; a cut frame is noted
{ head -3 "$WORK/all.jsonl"; echo '{"v":2,"time":"nonsense"}'; sed -n 4p "$WORK/all.jsonl"; } > "$WORK/bad.jsonl"
expect_exit 1 "$TAKEDOWN" events cat "$WORK/bad.jsonl"
expect_err_contains "bad.jsonl:4: expected a valid \"time\""
expect_eq "$(wc -l < "$WORK/out")" 4 "good lines around the bad one"
head -c 1000 "$WORK/all.tkev" > "$WORK/cut.tkev"
expect_exit 0 "$TAKEDOWN" events cat "$WORK/cut.tkev"
expect_err_contains "cut inside a frame"
expect_exit 1 "$TAKEDOWN" events cat "$WORK/missing.jsonl"
expect_exit 2 "$TAKEDOWN" events convert "$WORK/all.jsonl" --to xml
expect_exit 2 "$TAKEDOWN" events frobnicate x
done_checks
