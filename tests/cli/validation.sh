# validation.sh - every value written into a zone or a configuration is checked first (the
# injections of issue 13, against predict and export), the valid output still loads in its
# consumers, and wrong output and messages found by a new user's sweep stay fixed: untagged
# dates, names differing in case, NaN thresholds, huge counts, out-of-range integers, bad
# dates in a list, `help --help`, directories given as files, empty inputs, events without
# "v".
source "$(dirname "$0")/lib.sh"
cd "$WORK"

printf 'abc.com\nxyz.net\n' > list.txt

# expect_refused OPTION COMMAND...: exit 2, one line naming OPTION, and no file left behind
expect_refused() {
  local option=$1; shift
  rm -rf out.conf split
  expect_exit 2 "$@"
  expect_err_contains "$option"
  expect_eq "$(wc -l < err)" 1 "one line of error for $option"
  [ ! -e out.conf ] && [ ! -e split ] || fail "'$*' left an output behind"
  [ -z "$(ls -A | grep -v -e '^list.txt$' -e '^err$' -e '^out$')" ] || fail "'$*' left $(ls -A)"
  ok
}

ip_newline=$'1.2.3.4"\n include: "/etc/passwd'
origin_ns=$'x.\n@ IN NS evil.'
for cmd in "export list.txt" "predict necurs --from 2020-03-01 --days 4"; do
  # shellcheck disable=SC2086
  expect_refused --sinkhole-ip "$TAKEDOWN" $cmd --format unbound --sinkhole-ip 999.1.1.1 --out out.conf
  expect_refused --sinkhole-ip "$TAKEDOWN" $cmd --format unbound --sinkhole-ip "$ip_newline" --out out.conf
  expect_refused --sinkhole-ip "$TAKEDOWN" $cmd --format hosts --sinkhole-ip "$ip_newline"
  expect_refused --sinkhole-ip "$TAKEDOWN" $cmd --format dnsmasq --sinkhole-ip '' --out out.conf
  expect_refused --rpz-origin "$TAKEDOWN" $cmd --format rpz --rpz-origin "$origin_ns" --out out.conf
  expect_refused --rpz-origin "$TAKEDOWN" $cmd --format rpz --rpz-origin "$origin_ns" --split-by-tld split
  expect_refused --rpz-origin "$TAKEDOWN" $cmd --format rpz --rpz-origin 'a b.'
done
expect_refused --sinkhole-ip "$TAKEDOWN" predict necurs --date 2020-03-01 --format unbound --sinkhole-ip 256.0.0.1

# The valid values, in canonical form, load in the real consumers; a header value with a
# newline (here an input file's name) stays inside its comment.
evil_name=$'list\n@ IN NS evil.'
cp list.txt "$evil_name"
"$TAKEDOWN" export "$evil_name" --format rpz --rpz-origin RPZ.Example --out v.rpz
grep -q '^\$ORIGIN rpz.example\.$' v.rpz || fail "origin not canonical: $(head -5 v.rpz)"
ok
grep -qF '; families: export of list\x0a@ IN NS evil.' v.rpz || fail "header not escaped"
ok
expect_eq "$(grep -c '^@ IN NS ' v.rpz)" 1 "NS records"
named-checkzone -q rpz.example v.rpz || fail "named-checkzone rejected the checked RPZ"
ok
"$TAKEDOWN" export "$evil_name" --format unbound --sinkhole-ip 2001:DB8:0:0::1 --out v6.conf
grep -q 'local-data: "abc.com. AAAA 2001:db8::1"' v6.conf || fail "address not canonical"
ok
expect_eq "$(grep -c include v6.conf)" 0 "include lines"
unbound-checkconf v6.conf >/dev/null || fail "unbound-checkconf rejected the checked config"
ok
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --format unbound --sinkhole-ip 192.0.2.053 \
  --out bad.conf 2>err && fail "a zero-padded address was accepted"
ok

# A plain list has no tags: empty CSV fields and no JSON dates, never 1970-01-01.
"$TAKEDOWN" export list.txt --format csv > l.csv
expect_eq "$(grep -v '^#' l.csv | tail -n +2)" $'abc.com,,,,,\nxyz.net,,,,,' "untagged CSV rows"
"$TAKEDOWN" export list.txt --format jsonl > l.jsonl
expect_eq "$(head -1 l.jsonl)" '{"domain":"abc.com","tags":[]}' "untagged JSON line"
# ... and a tagged copy of the name keeps its real tag only
"$TAKEDOWN" predict necurs --date 2020-03-01 --count 2 > two.txt
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 1 --tag --out tagged.csv
"$TAKEDOWN" export two.txt tagged.csv --format csv > mixed.csv
first=$(head -1 two.txt)
expect_eq "$(grep "^$first," mixed.csv)" "$first,necurs,default,9,2020-03-01,2020-03-01" "merged tags"

# Names differing only in case are one name, in export and in predict's windows.
printf 'ABC.com\nabc.COM\nAbc.Com.\n' > case.txt
expect_eq "$("$TAKEDOWN" export case.txt --format list)" "abc.com" "export case folding"
expect_eq "$("$TAKEDOWN" predict darkcracks --from 2020-03-01 --days 3 | grep -c '[A-Z]' || true)" 0 \
  "predict window lower-cased"

# A bad date in a list file is bad input: exit 1 with FILE:LINE.
printf 'domain,family,variant,seed,first_date,last_date\na.com,necurs,default,9,2020-13-01,2020-03-01\n' > bad.csv
expect_exit 1 "$TAKEDOWN" export bad.csv --format list
expect_err_contains "bad.csv:2:"

# Numbers: NaN, infinities and out-of-range values are refused, with the option named.
for t in nan NaN -nan inf -inf 1e999 1.5 -0.1 '' ' 0.5' 0.5x; do
  expect_exit 2 "$TAKEDOWN" detect --threshold "$t" list.txt
  expect_err_contains "--threshold"
  expect_exit 2 "$TAKEDOWN" match --detect --threshold "$t" list.txt
  expect_err_contains "--threshold"
done
expect_exit 0 "$TAKEDOWN" detect --threshold 0.5 list.txt
expect_exit 2 "$TAKEDOWN" simulate bots --spam-share nan --names list.txt --dns 127.0.0.1:9
expect_err_contains "--spam-share"
expect_exit 2 "$TAKEDOWN" predict necurs --date 2020-03-01 --count 99999999999
expect_err_contains "--count: '99999999999' is out of range (0..1000000)"
expect_exit 2 "$TAKEDOWN" predict necurs --date 2020-03-01 --magic 99999999999999999999
expect_err_contains "--magic: '99999999999999999999' is out of range"
expect_exit 2 "$TAKEDOWN" predict necurs --date 2020-03-01 --magic 0x1FFFFFFFFFFFFFFFF
expect_err_contains "out of range"
expect_exit 2 "$TAKEDOWN" predict necurs --date 2020-03-01 --magic 12abc
expect_err_contains "is not an integer"

# help about help, and help for every command
expect_exit 0 "$TAKEDOWN" help --help
grep -q '^usage: takedown COMMAND' out || fail "help --help"
ok
expect_exit 0 "$TAKEDOWN" help help
grep -q '^usage: takedown COMMAND' out || fail "help help"
ok

# A directory where a file is expected: "PATH: is a directory", whatever reads it.
mkdir dir
: > empty
expect_dir() {
  local want=$1; shift
  expect_exit "$want" "$@"
  expect_err_contains "dir: is a directory"
}
expect_dir 1 "$TAKEDOWN" export dir
expect_dir 1 "$TAKEDOWN" export list.txt --exclude dir
expect_dir 1 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 1 --seeds-file dir
expect_dir 1 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 1 --exclude dir
expect_dir 1 "$TAKEDOWN" predict gozi --date 2020-03-01 --wordlist "$WORK/dir"
expect_dir 1 "$TAKEDOWN" index build --families necurs --from 2020-03-01 --days 1 --seeds-file dir --out i.tki
expect_dir 1 "$TAKEDOWN" match list.txt --families necurs --from 2020-03-01 --days 1 --seeds-file dir
expect_dir 1 "$TAKEDOWN" match dir --families necurs --from 2020-03-01 --days 1
expect_dir 1 "$TAKEDOWN" detect --model dir list.txt
expect_dir 1 "$TAKEDOWN" detect --allow dir list.txt
expect_dir 1 "$TAKEDOWN" detect dir
expect_dir 1 "$TAKEDOWN" report dir
expect_dir 1 "$TAKEDOWN" events cat dir
expect_dir 1 "$TAKEDOWN" p2p analyze dir
expect_dir 1 "$TAKEDOWN" simulate bots --names dir --dns 127.0.0.1:9
expect_dir 2 "$TAKEDOWN" sinkhole --check --config dir --dns 127.0.0.1:0 --names list.txt --answer-a 127.0.0.1
expect_dir 1 "$TAKEDOWN" sinkhole --check --dns 127.0.0.1:0 --names dir --answer-a 127.0.0.1
expect_dir 1 env TAKEDOWN_SEEDS="$WORK/dir" "$TAKEDOWN" predict necurs --from 2020-03-01 --days 1 --all-seeds

# Empty inputs are legal but suspicious: a warning, exit 0.
printf '# nothing here\n\n' > comments.txt
for f in empty comments.txt; do
  expect_exit 0 "$TAKEDOWN" export "$f"
  expect_err_contains "export: warning: $f: no names"
  expect_exit 0 "$TAKEDOWN" p2p analyze --no-geo "$f"
  expect_err_contains "p2p: warning: $f: no observations"
  expect_exit 0 "$TAKEDOWN" sinkhole --check --dns 127.0.0.1:0 --names "$f" --names list.txt --answer-a 127.0.0.1
  expect_err_contains "sinkhole: warning: $f: no names"
done
expect_exit 0 "$TAKEDOWN" export list.txt
[ ! -s err ] || fail "a warning for a list with names: $(cat err)"
ok

# An event without "v" is version 1.
echo '{"time":"2026-11-28T15:21:19.211857Z","sensor":"s","proto":"dns","transport":"udp","src":"127.0.0.1","sport":4,"dst":"127.0.0.1","dport":53,"name":"a.com","qtype":"A","rcode":"NOERROR"}' > nov.jsonl
expect_exit 0 "$TAKEDOWN" events cat nov.jsonl
grep -q '^{"v":1,' out || fail "an event without v is not read as version 1: $(cat out)"
ok
done_checks
