# report_sinkhole.sh - end to end: `takedown sinkhole` serves predicted Necurs names on
# loopback and logs every query as JSON lines and dnstap; kdig asks from several loopback
# addresses; `takedown report` reads both logs and finds the same askers, each tagged with
# the family and seed the list carried; `takedown notify` bundles them.
source "$(dirname "$0")/lib.sh"
command -v kdig >/dev/null || fail "kdig is needed"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$TAKEDOWN" predict necurs --date 2020-03-12 --format csv --out "$WORK/necurs.csv"
# (awk reads the whole file: `| head` could stop the pipe early and fail it)
names=($(awk -F, '!/^#/ && $1 != "domain" && n < 6 { print $1; n++ }' "$WORK/necurs.csv"))
[ ${#names[@]} -eq 6 ] || fail "predict gave too few names"
# Port 0: a port picked at random may be taken (the sinkhole binds exclusively).
"$TAKEDOWN" sinkhole --dns 127.0.0.1:0 --names "$WORK/necurs.csv" --answer-a 192.0.2.10 \
  --log "$WORK/log" --log-format jsonl,dnstap --log-fsync-ms 100 2>"$WORK/sinkhole.err" &
pid=$!
for _ in $(seq 100); do grep -q '^ready' "$WORK/sinkhole.err" && break; sleep 0.1; done
grep -q '^ready' "$WORK/sinkhole.err" || fail "the sinkhole did not start: $(cat "$WORK/sinkhole.err")"
ok
port=$(sed -n 's/^ready dns=127.0.0.1:\([0-9]*\) .*/\1/p' "$WORK/sinkhole.err")
# 127.0.0.10 .. 127.0.0.14 each ask for some of the names for a client (EDNS Client
# Subnet 198.51.100.10 .. 14); 127.0.0.20, a resolver that passes no subnet, asks too.
for i in 10 11 12 13 14; do
  for n in "${names[@]:$((i % 3)):3}"; do
    kdig -b "127.0.0.$i" @127.0.0.1 -p "$port" "$n" A +subnet=198.51.100.$i/32 +timeout=2 \
      +retry=1 +short > /dev/null
  done
done
kdig -b 127.0.0.20 @127.0.0.1 -p "$port" "${names[0]}" A +timeout=2 +retry=1 +short > /dev/null
kill -TERM "$pid"
wait "$pid" || fail "the sinkhole exited with an error"
pid=
ok

for format in jsonl dnstap; do
  expect_exit 0 "$TAKEDOWN" report "$WORK/log/events-*.$format" --no-geo --by family,seed,day --json
  expect_eq "$(jq -r '.inputs[0].format' "$WORK/out")" "$format" "$format log recognised"
  expect_eq "$(jq .total.distinct "$WORK/out")" 5 "$format: five hosts, by their Client Subnet"
  expect_eq "$(jq .events "$WORK/out")" 15 "$format: fifteen queries for them"
  expect_eq "$(jq -c '[.resolvers.count, .resolvers.queries, .resolvers.queries_with_subnet]' \
    "$WORK/out")" "[6,16,15]" "$format: six resolvers apart, one without a subnet"
  expect_eq "$(jq -r '.groups.family[0].key' "$WORK/out")" necurs "$format: tagged necurs"
  expect_eq "$(jq -r '.groups.seed[0].key' "$WORK/out")" "necurs:default:9" "$format: the seed"
  expect_eq "$(jq -r '.groups.day[0].key' "$WORK/out")" "$(date -u +%F)" "$format: today"
  expect_eq "$(jq '.bad_records' "$WORK/out")" 0 "$format: no bad record"
done
expect_exit 0 "$TAKEDOWN" notify "$WORK/log/events-*.jsonl" --no-geo --by country --out "$WORK/bundles"
expect_eq "$(tail -n +2 "$WORK/bundles/unlocated/unlocated.csv" | cut -d, -f2 | sort -u | tr '\n' ' ')" \
  "198.51.100.10 198.51.100.11 198.51.100.12 198.51.100.13 198.51.100.14 " \
  "notify: the hosts, not their resolvers"
done_checks
