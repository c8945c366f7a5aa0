# conficker_exact.sh - the Conficker generators skip the sine and the logarithm where adding
# them cannot change a bit of the state: their names stay those of the full computation.
# The digests are of the names of the generator that computed both on every step (before
# commit f9db605), a day of each variant in 2009 (C's first day) and in 2017.
source "$(dirname "$0")/lib.sh"
T=$TAKEDOWN
while read -r variant day want; do
  got=$("$T" predict conficker --variant "$variant" --date "$day" | sha256sum | cut -d' ' -f1)
  expect_eq "$got" "$want" "conficker $variant names of $day"
done <<'EOF_DIGESTS'
a 2009-04-01 216dba85bf7371668455d1aed27d019cb2e112ac7b25a1b3686dbe827ec2b54c
a 2017-07-04 0cc089638b75656bd18748831bf8008cea36bb36cb0f2690862754232f83951b
b 2009-04-01 1296a5d703048401d7ad5ad4348047f375e1a29c2fcaf9ae5555004c19feac53
b 2017-07-04 2d9d8e3b08d4f371dfa25112fe8baee3437ab6d51662e1f04ab1632bd3f888b5
c 2009-04-01 8ae14ee6be36c1c5e588a8add0f98127d142ad85855d62256196ce0064ce688c
c 2017-07-04 fafe559aa8638a4877f0ed0f24a5d81a05627ccd7f73401928089ab2f252c333
EOF_DIGESTS
done_checks
