# sinkhole_smtp.sh - the SMTP spam trap on loopback with swaks (Debian's SMTP test tool): a
# full dialogue with many recipients (pipelined), a recipient list over the limit, a
# malformed dialogue, a message over the size cap, PROXY headers; every recipient hash is
# checked against `openssl mac ... SIPHASH` with the sensor's key.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
source "$(dirname "$0")/contact_helpers.bash"
trap 'kill ${SINKHOLE_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

printf 'bot.example\n' > "$WORK/names.txt"
start_sinkhole smtp --names "$WORK/names.txt" --answer-a 192.0.2.1 --log "$WORK/ev" \
  --smtp 127.0.0.1:0 --smtp 127.0.0.2:0 --proxy-protocol 127.0.0.2:0 \
  --smtp-message-max 20000 --smtp-hostname trap.example --metrics 127.0.0.1:0
line=$(grep '^ready ' "$WORK/smtp.err")
SMTP=$(sed -n 's/.* smtp=127.0.0.1:\([0-9]*\),.*/\1/p' <<<"$line")
SMTP2=$(sed -n 's/.* smtp=[^ ]*,127.0.0.2:\([0-9]*\) .*/\1/p' <<<"$line")
KEY=$(cat "$WORK/ev/smtp.key")
siphash() { printf '%s' "$1" | openssl mac -macopt "hexkey:$KEY" -macopt size:8 SIPHASH | tr 'A-F' 'a-f'; }

# --- a full dialogue, pipelined, 40 recipients
to=$(for i in $(seq 1 40); do printf 'victim-%d@example.net,' "$i"; done)
expect_exit 0 swaks --server "127.0.0.1:$SMTP" --pipeline --ehlo bot.example \
  --from promo-1@example.com --to "${to%,}" --h-Subject "Invoice 42" --body "Please pay."
grep -q '250 2.0.0 Ok: queued' "$WORK/out" || fail "swaks: $(tail -5 "$WORK/out")"
ok
wait_events 1
msg=$(events 'select(.proto == "smtp" and .smtp.result == "accepted")')
expect_eq "$(jq -r '[.name, .smtp.helo, .smtp.from, .smtp.rcpt_count, (.smtp.rcpt | length)] | join(" ")' <<<"$msg")" \
  "bot.example bot.example promo-1@example.com 40 40" "message record"
expect_eq "$(jq -r '.smtp.rcpt[0]' <<<"$msg")" "$(siphash victim-1@example.net)" "first recipient hash"
expect_eq "$(jq -r '.smtp.rcpt[39]' <<<"$msg")" "$(siphash victim-40@example.net)" "last recipient hash"
[ "$(jq -r '.smtp.size' <<<"$msg")" -gt 100 ] || fail "message size"
ok

# --- 120 recipients: 100 accepted (RFC 5321's minimum), the rest get 452 and are not recorded
to=$(for i in $(seq 1 120); do printf 'v%d@example.org,' "$i"; done)
swaks --server "127.0.0.1:$SMTP" --from promo-2@example.com --to "${to%,}" >"$WORK/out" 2>&1 || true
expect_eq "$(grep -c '452 4.5.3' "$WORK/out")" 20 "recipients over the limit"
wait_events 2
expect_eq "$(events 'select(.smtp.from == "promo-2@example.com") | .smtp.rcpt_count')" 100 "recipients kept"

# --- a malformed dialogue: each error has its reply, the session goes on, nothing is relayed
out=$(printf 'RCPT TO:<a@b>\r\nMAIL FROM:<x@y>\r\nXYZZY\r\nHELO\r\nHELO bot\r\nMAIL FROM:<x@y\r\nDATA\r\nMAIL FROM:<x@y>\r\nMAIL FROM:<x@y>\r\nDATA\r\nRCPT TO:<>\r\nSTARTTLS\r\n%s\r\nNOOP\r\nQUIT\r\n' \
  "$(head -c 1200 /dev/zero | tr '\0' A)" | send "$SMTP")
codes=$(tr -d '\r' <<<"$out" | cut -c1-3 | tr '\n' ' ')
expect_eq "$codes" "220 503 503 500 501 250 501 503 250 503 554 501 502 500 250 221 " "malformed dialogue replies"
wait_events 3
expect_eq "$(events 'select(.smtp.helo == "bot") | .smtp.result' | tr -d '"')" "no-message" "session without a message"

# --- a message over the size cap: read to its end, refused with 552, recorded as too-big
head -c 30000 /dev/zero | tr '\0' 'x' | fold -w 70 > "$WORK/big.txt"
swaks --server "127.0.0.1:$SMTP" --from big@example.com --to v@example.net \
  --body "$WORK/big.txt" >"$WORK/out" 2>&1 || true
grep -q '552 5.3.4' "$WORK/out" || fail "no 552 for a message over the cap: $(tail -3 "$WORK/out")"
ok
wait_events 4
expect_eq "$(events 'select(.smtp.from == "big@example.com") | .smtp.result' | tr -d '"')" "too-big" "too-big recorded"

# --- PROXY v2 then v1 on the proxied listener: the presented addresses are recorded
printf '\r\n\r\n\0\r\nQUIT\n\x21\x11\x00\x0c\xcb\x00\x71\x05\xc0\x00\x02\x19\x9c\x40\x00\x19EHLO p2\r\nMAIL FROM:<p@example.com>\r\nRCPT TO:<victim-1@example.net>\r\nDATA\r\nSubject: p\r\n\r\nx\r\n.\r\nQUIT\r\n' \
  | timeout 5 nc -q 2 127.0.0.2 "$SMTP2" >/dev/null || true
printf 'PROXY TCP4 203.0.113.6 192.0.2.25 40001 25\r\nHELO p1\r\nQUIT\r\n' \
  | timeout 5 nc -q 2 127.0.0.2 "$SMTP2" >/dev/null || true
wait_events 6
expect_eq "$(events 'select(.smtp.helo == "p2") | [.src, .sport, .dst, .smtp.rcpt[0]] | map(tostring) | join(" ")' | tr -d '"')" \
  "203.0.113.5 40000 192.0.2.25 $(siphash victim-1@example.net)" "PROXY v2 message"
expect_eq "$(events 'select(.smtp.helo == "p1") | .src' | tr -d '"')" "203.0.113.6" "PROXY v1 session"

expect_eq "$(metric 'takedown_smtp_messages_total{result="accepted"}')" 3 "accepted messages"
expect_eq "$(metric 'takedown_smtp_recipients_total')" 141 "accepted recipients"
stop_sinkhole
done_checks
