# sinkhole_bots.sh - `takedown simulate bots` against every listener of one sinkhole, behind
# PROXY headers: what the logs record must reproduce the simulation's ground truth (check-ins
# accepted, messages, recipients and distinct recipients, the bots that made contact, each
# under its presented address). The country database is written here with MaxMind's own
# Perl writer (Debian's libmaxmind-db-writer-perl).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/sinkhole_helpers.bash"
source "$(dirname "$0")/contact_helpers.bash"
trap 'kill ${SINKHOLE_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT

perl -MMaxMind::DB::Writer::Tree -e '
  my $tree = MaxMind::DB::Writer::Tree->new(
    ip_version => 6, record_size => 24, database_type => "test-Country", languages => ["en"],
    description => { en => "takedown test data" }, remove_reserved_networks => 0,
    map_key_type_callback => sub { { country => "map", iso_code => "utf8_string" }->{ $_[0] } });
  for my $octet (1 .. 223) {
    my $cc = $octet < 100 ? "IN" : $octet < 160 ? "BR" : "ID";
    $tree->insert_network("::$octet.0.0.0/104", { country => { iso_code => $cc } });
  }
  open my $fh, ">:raw", $ARGV[0] or die; $tree->write_tree($fh); close $fh;' "$WORK/country.mmdb"
mmdblookup --file "$WORK/country.mmdb" --ip 150.1.2.3 country iso_code | grep -q '"BR"' \
  || fail "the test country database"
ok

"$TAKEDOWN" predict necurs --date 2026-11-28 --out "$WORK/names.txt"
start_sinkhole bots --names "$WORK/names.txt" --answer-a 192.0.2.1 --log "$WORK/ev" \
  --log-format jsonl,binary --http 127.0.0.1:0 --smtp 127.0.0.1:0 --proxy-protocol --workers 2
contact_ports bots
expect_exit 0 "$TAKEDOWN" simulate bots --names "$WORK/names.txt" --dns "127.0.0.1:$PORT" \
  --http "127.0.0.1:$HTTP" --smtp "127.0.0.1:$SMTP" --population 60 --spam-share 0.3 \
  --spam-min 2 --spam-max 2 --recipients 25 --recipient-pool 200 --country-mix IN=50,BR=30 \
  --country-db "$WORK/country.mmdb" --seed 11 --truth "$WORK/truth.json" --duration 60
stop_sinkhole
truth() { jq -r ".$1" "$WORK/truth.json"; }
[ "$(truth smtp_messages)" -gt 0 ] && [ "$(truth http_ok)" -gt 0 ] || fail "the simulation made no contact"
ok

cat "$WORK"/ev/events-*.jsonl > "$WORK/all.jsonl"
q_log() { jq -s -r "$1" "$WORK/all.jsonl"; }
expect_eq "$(q_log '[.[] | select(.proto == "http" and .http.status == 200)] | length')" "$(truth http_ok)" "check-ins"
expect_eq "$(q_log '[.[] | select(.smtp.result == "accepted")] | length')" "$(truth smtp_messages)" "messages"
expect_eq "$(q_log '[.[] | select(.smtp.result == "accepted") | .smtp.rcpt_count] | add')" "$(truth smtp_recipients)" "recipients"
expect_exit 0 "$TAKEDOWN" events stats --json "$WORK/all.jsonl"
expect_eq "$(jq -r .smtp_distinct_recipients "$WORK/out")" "$(truth distinct_recipients)" "distinct recipients"
expect_eq "$(jq -r .smtp_bots "$WORK/out")" "$(truth spam_bots)" "spam bots"
# A bot is seen as itself by its accepted contacts and by the Client Subnet its resolver
# passed on; the resolvers are seen apart.
seen='[.[] | select((.proto == "http" and .http.status == 200) or .smtp.result == "accepted") | .src]
  + [.[] | select(.proto == "dns" and .ecs != null) | .ecs | split("/")[0]] | unique'
expect_eq "$(q_log "$seen | length")" "$(truth bots_seen)" "bots seen"
expect_eq "$(q_log '[.[] | select(.proto == "dns") | .src] | unique | length')" "$(truth resolvers_seen)" \
  "resolvers"
expect_eq "$(q_log '[.[] | select(.proto != "dns") | select(.src == "127.0.0.1" or .via != "127.0.0.1")] | length')" 0 \
  "every contact under its presented address, through the PROXY sender"
# The country of every contact, as mmdblookup sees it, matches the truth's per-country count.
for cc in IN BR; do
  n=0
  for ip in $(q_log "$seen | .[]"); do
    mmdblookup --file "$WORK/country.mmdb" --ip "$ip" country iso_code | grep -q "\"$cc\"" && n=$((n + 1))
  done
  expect_eq "$n" "$(jq -r --arg cc "$cc" '[.countries[] | select(.country == $cc) | .bots] | add // 0' "$WORK/truth.json")" "bots from $cc"
done
[ "$(truth bots_seen)" -gt 10 ] || fail "too few bots made contact to compare countries"
ok

# takedown report counts the same from the binary log as from the JSON lines, and its spam
# figures are the truth's.
expect_exit 0 "$TAKEDOWN" report --no-geo --quiet --format json "$WORK"/ev/events-*.jsonl
jq -c '[.events, .total.distinct, .spam.messages, .spam.recipients, .resolvers]' "$WORK/out" > "$WORK/from-json"
expect_exit 0 "$TAKEDOWN" report --no-geo --quiet --format json "$WORK"/ev/events-*.tkev
jq -c '[.events, .total.distinct, .spam.messages, .spam.recipients, .resolvers]' "$WORK/out" > "$WORK/from-binary"
expect_eq "$(cat "$WORK/from-binary")" "$(cat "$WORK/from-json")" "report over binary and JSON lines"
expect_eq "$(jq -r '.spam.messages' "$WORK/out")" "$(truth smtp_messages)" "report: messages"
expect_eq "$(jq -r '.spam.recipients' "$WORK/out")" "$(truth distinct_recipients)" "report: distinct recipients"
# The resolvers are not infected hosts: the report's total is the bots seen, exactly.
expect_eq "$(jq -r '.total.distinct' "$WORK/out")" "$(truth bots_seen)" "report: infected hosts"
expect_eq "$(jq -r '.resolvers.count' "$WORK/out")" "$(truth resolvers_seen)" "report: resolvers apart"
expect_eq "$(jq -r '.resolvers.queries_with_subnet' "$WORK/out")" "$(truth dns_answers_ecs)" \
  "report: queries counted by Client Subnet"
done_checks
