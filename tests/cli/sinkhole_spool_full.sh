# sinkhole_spool_full.sh - the log's disk fills up (a small tmpfs): the sinkhole keeps
# answering, counts the events it could not log and says so (metrics and its stop line);
# when space comes back it logs again, and the binary log it wrote reads whole. Needs root
# for the mount; exit 77 (skip) without it.
source "$(dirname "$0")/lib.sh"
command -v kdig >/dev/null || fail "kdig is needed"
SPOOL=$WORK/spool
mkdir -p "$SPOOL"
mount -t tmpfs -o size=3m tmpfs "$SPOOL" 2>/dev/null || { echo "cannot mount a tmpfs here"; exit 77; }
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  umount "$SPOOL" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

"$TAKEDOWN" predict necurs --date 2020-03-12 --format csv --out "$WORK/necurs.csv"
name=$(awk -F, '!/^#/ && $1 != "domain" { print $1; exit }' "$WORK/necurs.csv")
# Leave less free space than the log keeps in reserve (about 2 MiB).
dd if=/dev/zero of="$SPOOL/filler" bs=1k count=2200 status=none
"$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/necurs.csv" --answer-a 192.0.2.10 \
  --log "$SPOOL" --log-format binary --metrics 127.0.0.1:0 2>"$WORK/sinkhole.err" &
pid=$!
for _ in $(seq 100); do grep -q '^ready' "$WORK/sinkhole.err" && break; sleep 0.1; done
grep -q '^ready' "$WORK/sinkhole.err" || fail "the sinkhole did not start: $(cat "$WORK/sinkhole.err")"
port=$(sed -n 's/^ready dns=127.0.0.1:\([0-9]*\)[ ,].*/\1/p' "$WORK/sinkhole.err")
metrics=$(sed -n 's/^ready .*metrics=[^ ]*:\([0-9]*\).*/\1/p' "$WORK/sinkhole.err")
ok

ask() { kdig @127.0.0.1 -p "$port" "$name" A +timeout=2 +retry=1 +short; }
for i in $(seq 1 10); do
  expect_eq "$(ask)" 192.0.2.10 "answer $i with the disk full"
done
sleep 0.4
curl -s "http://127.0.0.1:$metrics/metrics" > "$WORK/metrics"
grep -q '^takedown_sinkhole_log_not_spooled_total 10$' "$WORK/metrics" \
  || fail "not counted: $(grep log_ "$WORK/metrics")"
ok
# Space comes back: the log takes events again.
rm "$SPOOL/filler"
sleep 0.4
for i in $(seq 1 5); do
  expect_eq "$(ask)" 192.0.2.10 "answer $i with space"
done
kill -TERM "$pid"
wait "$pid" || fail "the sinkhole exited with an error"
pid=
grep -q "stopped; 5 events logged" "$WORK/sinkhole.err" || fail "stop line: $(cat "$WORK/sinkhole.err")"
grep -q "10 events answered but not logged: the log's disk was full" "$WORK/sinkhole.err" \
  || fail "not said: $(cat "$WORK/sinkhole.err")"
ok
expect_exit 0 "$TAKEDOWN" events cat "$SPOOL"/events-*.tkev
expect_eq "$(wc -l < "$WORK/out")" 5 "the five logged events read back"
done_checks
