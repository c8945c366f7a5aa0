# sinkhole_kill.sh - what a SIGKILL costs: with check-ins arriving until the kill, every one
# answered more than a second before it is in the JSON-lines and the binary log; the logs of
# the killed sinkhole read back (`takedown events cat`, jq) to the same records, the binary
# one to its last whole frame with a note. Then `takedown events convert` and `stats` over
# them, and bad input for `takedown events`.
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
# Then check-ins without a pause, each noted with the time its answer came, until the kill:
# every one answered more than a second before the SIGKILL must be in both logs.
( while :; do
    curl -s -o /dev/null -H "Host: kill.example" "http://127.0.0.1:$HTTP/late$((n = ${n:-0} + 1))" \
      && echo "$(date +%s.%N) /late$n"
  done ) > "$WORK/late.txt" 2>/dev/null &
LOOP=$!
sleep 2
killed_at=$(date +%s.%N)
kill -KILL "$SINKHOLE_PID"
wait "$TIMEOUT_PID" 2>/dev/null || true
kill "$LOOP" 2>/dev/null || true
wait "$LOOP" 2>/dev/null || true
awk -v t="$killed_at" '$1 < t - 1 {print $2}' "$WORK/late.txt" | sort > "$WORK/late.want"
[ "$(wc -l < "$WORK/late.want")" -gt 10 ] || fail "too few check-ins before the kill"
ok
cat "$WORK"/ev/events-*.jsonl | jq -r 'select((.http.path // "") | startswith("/late")) | .http.path' \
  | sort > "$WORK/late.json"
expect_eq "$(comm -23 "$WORK/late.want" "$WORK/late.json" | wc -l)" 0 \
  "check-ins older than a second missing from the JSON lines"
"$TAKEDOWN" events cat "$WORK"/ev/events-*.tkev 2>/dev/null \
  | jq -r 'select((.http.path // "") | startswith("/late")) | .http.path' | sort > "$WORK/late.bin"
expect_eq "$(comm -23 "$WORK/late.want" "$WORK/late.bin" | wc -l)" 0 \
  "check-ins older than a second missing from the binary log"

# The records of the first part, the same in all three logs and read back alike.
early='select((.http.path // "") | startswith("/late") | not)'
cat "$WORK"/ev/events-*.jsonl | jq -c "$early" > "$WORK/all.jsonl"
expect_eq "$(jq -c 'select(.proto == "http")' "$WORK/all.jsonl" | wc -l)" 60 "HTTP events in JSON lines"
expect_eq "$(jq -c 'select(.proto == "dns")' "$WORK/all.jsonl" | wc -l)" 20 "DNS events in JSON lines"
expect_exit 0 "$TAKEDOWN" events cat "$WORK"/ev/events-*.tkev
expect_err_contains "ends without a STOP frame"
jq -c "$early" "$WORK/out" > "$WORK/binary.jsonl"
expect_eq "$(wc -l < "$WORK/binary.jsonl")" 81 "events in the binary log"
expect_eq "$(md5sum < "$WORK/binary.jsonl")" "$(md5sum < "$WORK/all.jsonl")" "binary reads back as the JSON lines"
expect_exit 0 "$TAKEDOWN" events cat "$WORK"/ev/events-*.dnstap
expect_eq "$(jq -r 'select(.proto == "dns") | .name' "$WORK/out" | sort -u)" "kill.example" "dnstap DNS events"
expect_eq "$(wc -l < "$WORK/out")" 20 "dnstap holds the DNS events"

# convert: JSON lines to binary and back are the same records; to dnstap, read by dnstap-read
expect_exit 0 "$TAKEDOWN" events convert "$WORK/all.jsonl" --to binary --out "$WORK/all.tkev"
expect_exit 0 "$TAKEDOWN" events cat "$WORK/all.tkev"
expect_eq "$(md5sum < "$WORK/out")" "$(md5sum < "$WORK/all.jsonl")" "JSON -> binary -> JSON"
# (from the sinkhole's binary log: it holds the DNS messages, which JSON lines do not)
expect_exit 0 "$TAKEDOWN" events convert "$WORK"/ev/events-*.tkev --to dnstap --out "$WORK/dns.dnstap"
expect_err_contains "events skipped (dnstap holds DNS events only)"
expect_eq "$(dnstap-read "$WORK/dns.dnstap" | grep -c 'kill.example')" 20 "dnstap-read reads the converted log"

# stats
expect_exit 0 "$TAKEDOWN" events stats --json "$WORK/all.tkev"
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
{ head -2 "$WORK/all.jsonl"; head -c 1100000 /dev/zero | tr '\0' x; echo; sed -n 3p "$WORK/all.jsonl"; } > "$WORK/long.jsonl"
expect_exit 1 "$TAKEDOWN" events cat "$WORK/long.jsonl"
expect_err_contains "long.jsonl:3: expected a JSON line under 1 MiB"
expect_eq "$(wc -l < "$WORK/out")" 3 "lines around an overlong one"
# compressed logs (gzip, zstd) read as they are; a cut gzip stream is noted
gzip -c "$WORK/all.jsonl" > "$WORK/all.jsonl.gz"
zstd -q -c "$WORK/all.tkev" > "$WORK/all.tkev.zst"
expect_exit 0 "$TAKEDOWN" events cat "$WORK/all.jsonl.gz" "$WORK/all.tkev.zst"
expect_eq "$(sort "$WORK/out" | uniq -c | awk '$1 != 2' | wc -l)" 0 "each record once from each file"
expect_eq "$(wc -l < "$WORK/out")" 162 "records of the compressed logs"
head -c $(( $(wc -c < "$WORK/all.jsonl.gz") / 2 )) "$WORK/all.jsonl.gz" > "$WORK/cut.jsonl.gz"
expect_exit 0 "$TAKEDOWN" events cat "$WORK/cut.jsonl.gz"
expect_err_contains "cut.jsonl.gz: "
grep -q "cut" "$WORK/err" || fail "no note on the cut stream: $(cat "$WORK/err")"
ok
expect_exit 1 "$TAKEDOWN" events cat "$WORK/missing.jsonl"
expect_exit 2 "$TAKEDOWN" events convert "$WORK/all.jsonl" --to xml
expect_exit 2 "$TAKEDOWN" events frobnicate x
done_checks
