# predict_errors.sh - bad input gets one clear line and the right exit status, and never
# damages what was already written.
source "$(dirname "$0")/lib.sh"

expect_exit 2 "$TAKEDOWN" predict nosuchfamily --date 2020-03-01
expect_err_contains "unknown family 'nosuchfamily'"
expect_exit 2 "$TAKEDOWN" predict necurs --variant v9 --date 2020-03-01
expect_err_contains "no variant 'v9'"
expect_exit 2 "$TAKEDOWN" predict necurs --date 2020-03-01 --colour red
expect_err_contains "no parameter --colour"
expect_exit 2 "$TAKEDOWN" predict necurs --date 2021-02-30
expect_err_contains "2021-02 has 28 days"
expect_exit 2 "$TAKEDOWN" predict necurs --date 2021-2-3
expect_err_contains "expected YYYY-MM-DD"
expect_exit 2 "$TAKEDOWN" predict necurs --from 2021-03-01 --to 2021-02-01
expect_err_contains "ends (2021-02-01) before it starts (2021-03-01)"
expect_exit 2 "$TAKEDOWN" predict necurs --from 2021-03-01
expect_err_contains "--from needs --to or --days"
expect_exit 2 "$TAKEDOWN" predict necurs --date 2020-03-01 --magic nine
expect_err_contains "'nine' is not an integer"
expect_exit 2 "$TAKEDOWN" predict necurs
expect_err_contains "needs --date"
expect_exit 2 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 --format bind
expect_err_contains "unknown format 'bind'"
expect_exit 2 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 2 --format rpz --all-occurrences
expect_exit 2 "$TAKEDOWN" predict necurs --date 2020-03-01 --tag --format rpz
expect_exit 2 "$TAKEDOWN" predict
expect_exit 2 "$TAKEDOWN" predict necurs --date
expect_err_contains "--date needs a value"

# An unwritable output: exit 1, one line naming what could not be made (missing parents are
# created, as mkdir -p does; not under /proc).
expect_exit 1 "$TAKEDOWN" predict necurs --date 2020-03-01 --out /proc/takedown/x.txt
expect_err_contains "/proc/takedown: cannot create directory"
expect_exit 1 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --split-by-tld /proc/takedown
expect_err_contains "/proc/takedown"

# A failing run leaves the previous good file in place, and no temporary files behind.
"$TAKEDOWN" predict necurs --from 2020-03-01 --days 4 --format rpz --out "$WORK/good.rpz"
cp "$WORK/good.rpz" "$WORK/before.rpz"
expect_exit 2 "$TAKEDOWN" predict necurs --from 2020-03-01 --to 2020-02-01 --format rpz --out "$WORK/good.rpz"
cmp -s "$WORK/good.rpz" "$WORK/before.rpz" || fail "a failed run changed the good file"
ok
# Writing to a full device fails cleanly (exit 1) and leaves nothing half-written.
if [ -w /dev/full ]; then
  expect_exit 1 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 30 --format rpz --out /dev/full/x
  expect_exit 1 sh -c "'$TAKEDOWN' predict necurs --from 2020-03-01 --days 30 --format rpz > /dev/full"
  expect_err_contains "write failed"
fi
# An interrupted run (SIGINT mid-way) leaves the old file and no temporary file.
"$TAKEDOWN" predict necurs --from 2020-03-01 --to 2030-03-01 --format rpz --out "$WORK/good.rpz" --threads 1 &
pid=$!
sleep 0.3
kill -INT $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
cmp -s "$WORK/good.rpz" "$WORK/before.rpz" || fail "an interrupted run changed the good file"
[ -z "$(ls "$WORK" | grep tmp- || true)" ] || fail "temporary files left: $(ls "$WORK")"
ok

# A seeds file with a bad line names the file and the line.
printf 'necurs magic=9\nnecurs magic=banana\n' > "$WORK/seeds.txt"
expect_exit 1 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 1 --seeds-file "$WORK/seeds.txt"
expect_err_contains "seeds.txt:2"
expect_exit 1 "$TAKEDOWN" predict necurs --from 2020-03-01 --days 1 --seeds-file "$WORK/missing.txt"
expect_err_contains "missing.txt"
# Family-specific bad input: one line, usage errors exit 2, a missing word list file exits 1.
expect_exit 2 "$TAKEDOWN" predict ranbyus --date 2020-03-01 --seed XYZ
expect_err_contains "'XYZ' is not a 32-bit hexadecimal number"
expect_exit 2 "$TAKEDOWN" predict locky --date 2020-03-01 --config 99
expect_err_contains "configs 1-7, not 99"
expect_exit 2 "$TAKEDOWN" predict suppobox --date 2020-03-01 --wordlist 7
expect_exit 2 "$TAKEDOWN" predict tinba --seed short
expect_exit 2 "$TAKEDOWN" predict qakbot --date 2020-03-01 --sandbox perhaps
expect_exit 2 "$TAKEDOWN" predict murofet --variant v1 --date 2020-03-01 --key D6D7A4B1
expect_err_contains "does not apply to variant v1"
expect_exit 1 "$TAKEDOWN" predict gozi --date 2020-03-01 --wordlist "$WORK/no-such-words.txt"
expect_err_contains "word list: $WORK/no-such-words.txt: No such file or directory"
expect_eq "$(wc -l < "$WORK/err")" 1 "one line of error"
# A word list of the user's own is read from the file.
printf '# my words\nalpha\nbravo\ncharlie\ndelta\n' > "$WORK/words.txt"
expect_exit 0 "$TAKEDOWN" predict gozi --date 2020-03-01 --wordlist "$WORK/words.txt"
[ -s "$WORK/out" ] || fail "gozi with a word list file printed nothing"
ok
done_checks
