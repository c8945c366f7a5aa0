# feed_tsig.sh - the feed's TSIG against an independent implementation (Python's hmac,
# feed_tsig_client.py), RFC 8945 step by step: a correctly signed AXFR and SOA query get
# answers whose MAC the client verifies (request MAC, message, variables); a request signed
# 1000 s off gets NOTAUTH with BADTIME, the server's time as other data, and a MAC that
# verifies; a wrong secret gets NOTAUTH with BADSIG and an empty MAC; each refusal is logged.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/feed_helpers.bash"
trap 'kill ${FEED_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

ZONE=rpz.test
FAMILY=necurs
make_key "$WORK/key" Feed-Key
make_key "$WORK/wrong" Feed-Key
echo 2026-12-01 > "$WORK/today"
start_feed tsig --listen 127.0.0.1:0 --zone "$ZONE" --family "$FAMILY" --back 0 --ahead 0 \
  --today-file "$WORK/today" --tsig-key "$WORK/key"
client() {
  timeout 10 python3 "$(dirname "$0")/feed_tsig_client.py" "$FEED_PORT" "$ZONE" feed-key "$@"
}
secret=$(key_secret "$WORK/key")
expect_eq "$(client "$secret" 252 0)" "0 0 0 mac-ok" "signed AXFR"
expect_eq "$(client "$secret" 6 0)" "0 0 0 mac-ok" "signed SOA over TCP"
expect_eq "$(client "$secret" 252 -1000)" "9 18 6 mac-ok" "AXFR signed 1000 s early: BADTIME"
expect_eq "$(client "$secret" 252 1000)" "9 18 6 mac-ok" "AXFR signed 1000 s late: BADTIME"
expect_eq "$(client "$(key_secret "$WORK/wrong")" 252 0)" "9 16 0 mac-bad" "wrong secret: BADSIG"
expect_eq "$(grep -c 'TSIG BADTIME' "$WORK/tsig.err")" 2 "BADTIME refusals logged"
expect_eq "$(grep -c 'TSIG BADSIG' "$WORK/tsig.err")" 1 "BADSIG refusal logged"
stop_feed
done_checks
