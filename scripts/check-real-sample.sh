#!/usr/bin/env bash
# check-real-sample.sh - seed recovery and attribution on names seen in the wild, the way a
# CERT meets a botnet: seeds are recovered from half of each label's names, and the other half
# is attributed with them; the benign lists go through the same attribution.
#
#   scripts/check-real-sample.sh [--labels L1,L2,...] [--from D] [--to D] [SAMPLE.csv ...]
#
# SAMPLE: CSV files of family,domain,date (default: both samples of
# ../shared/data/dga-real-sample). Per label, the names are split in two halves by their
# order in the file (odd and even rows). `takedown match --discover-seeds FAMILIES` recovers,
# from the first half and over the window (default 2012-01-01 to 2020-12-31), the seeds of
# the families the label stands for, and saves them to a seeds file; then the second half of
# every label, and every name of ../shared/data/benign/*.txt, are attributed in one run of
# `takedown match` over the same window, with every family, the built-in seeds and the
# recovered ones. Prints a table per label: rows attributed, right, wrong, not attributed and
# why; exits 1 on any name attributed to a family its label does not stand for, or any benign
# name attributed. Environment: TAKEDOWN (the binary, default build/takedown), BENIGN (a
# directory of *.txt name lists), KEEP (a directory to keep the work files in).
set -euo pipefail
cd "$(dirname "$0")/.."
T=${TAKEDOWN:-build/takedown}
BENIGN=${BENIGN:-../shared/data/benign}
from=2012-01-01 to=2020-12-31 labels=""
samples=()
while [ $# -gt 0 ]; do
  case "$1" in
    --labels) labels=$2; shift 2 ;;
    --from) from=$2; shift 2 ;;
    --to) to=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "check-real-sample: unknown option $1" >&2; exit 2 ;;
    *) samples+=("$1"); shift ;;
  esac
done
[ ${#samples[@]} -gt 0 ] || samples=(../shared/data/dga-real-sample/dga_real_sample.csv
                                      ../shared/data/dga-real-sample/dga_real_sample_2.csv)
if [ -n "${KEEP:-}" ]; then W=$KEEP; mkdir -p "$W"; else
  W=$(mktemp -d "${TMPDIR:-/tmp}/real-sample.XXXXXX"); trap 'rm -rf "$W"' EXIT; fi
rm -f "$W/seeds"

# The families a feed's label stands for: its name or an alias (`takedown families`), and
# for the labels that name a family's other algorithm or name stream, that family. Netlab
# 360's "gameover" holds both GameOver Zeus DGAs: newgoz, the DGA-only relaunch of July
# 2014, and the fallback DGA of the P2P GameOver Zeus of 2011-2014, which is Murofet v1
# unchanged (1,000 names a week, CrowdStrike 2014; v1 has 1,020). "pykspa_v2_real" and
# "pykspa_v2_fake" are the two streams of Pykspa's improved DGA: set 1 (real) and set 2
# (noise). "nymaim" holds both of Nymaim's DGAs: the random letters of the first and the word
# pairs of the second (nymaim2, from 2017).
"$T" families --json | jq -r '.[] | "\(.name) \(([.name] + .aliases) | join(","))"' > "$W/ours.txt"
families_of() {
  local label=$1 list=""
  local names="$label"
  case "$label" in
    gameover) names="newgoz murofet" ;;
    nymaim) names="nymaim nymaim2" ;;
    pykspa_v2_fake|pykspa_v2_real) names="pykspa" ;;
  esac
  for n in $names; do
    list="$list $(awk -v f="$n" '{ k = split($2, a, ","); for (i = 1; i <= k; i++) if (a[i] == f) print $1 }' "$W/ours.txt")"
  done
  echo $list | tr ' ' '\n' | sort -u | paste -sd, -
}

# label name, lower case, without a trailing dot, each once per label, in file order.
for s in "${samples[@]}"; do
  awk -F, 'NR > 1 { sub(/\r$/, ""); n = tolower($2); sub(/\.$/, "", n); print tolower($1), n }' "$s"
done | awk '!seen[$0]++' > "$W/rows.txt"
if [ -n "$labels" ]; then
  awk -v want=",$labels," 'index(want, "," $1 ",")' "$W/rows.txt" > "$W/rows.sel"
  mv "$W/rows.sel" "$W/rows.txt"
fi

# Halves: odd rows of a label search, even rows are attributed.
awk '{ k = ++count[$1]; print > (k % 2 ? "'"$W"'/search.txt" : "'"$W"'/attribute.txt") }' "$W/rows.txt"

start=$(date +%s)
printf 'recovery over %s to %s, from half of each label:\n' "$from" "$to"
printf '%-15s %6s %9s %6s %6s %8s  %s\n' label names explained seeds weak seconds families
for label in $(cut -d' ' -f1 "$W/search.txt" | sort -u); do
  fams=$(families_of "$label")
  awk -v l="$label" '$1 == l { print $2 }' "$W/search.txt" > "$W/search-$label.txt"
  n=$(wc -l < "$W/search-$label.txt")
  if [ -z "$fams" ]; then
    printf '%-15s %6d %9s %6s %6s %8s  %s\n' "$label" "$n" - - - - "(no generator)"
    continue
  fi
  t0=$(date +%s.%N)
  TAKEDOWN_SEEDS=/nonexistent "$T" match --discover-seeds "$fams" --from "$from" --to "$to" \
    --save-to "$W/seeds" --format json --quiet --input-format names "$W/search-$label.txt" \
    > "$W/search-$label.json"
  t1=$(date +%s.%N)
  jq -r --arg l "$label" --arg f "$fams" --arg s "$(echo "$t1 - $t0" | bc)" \
    '"\($l) \(.names) \(.names - (.unexplained | length)) \([.seeds[] | select(.weak | not)] | length) \([.seeds[] | select(.weak)] | length) \($s) \($f)"' \
    "$W/search-$label.json" | awk '{ printf "%-15s %6d %9d %6d %6d %8.1f  %s\n", $1, $2, $3, $4, $5, $6, $7 }'
  # Why the other half may stay unmatched, from what this search could do.
  jq -r '([.families[] | select(.space > 0) | .family]) as $searched
    | ([.seeds[] | select(.origin == "found" and (.weak | not))] | length) as $found
    | ([.seeds[] | select(.weak)] | length) as $weak
    | if ($searched | length) == 0 then
        "not searched from one name (docs/match.md, recovery by family); no built-in seed generates them"
      elif $found > 0 then
        "no built-in seed, nor the \($found) recovered from the first half, generates them (other botnets)"
      elif $weak > 0 then
        "the first half gave only weak seeds (\($weak), coincidences); no built-in seed generates them"
      else "no seed of the search generates the first half; no built-in seed generates them" end' \
    "$W/search-$label.json" > "$W/why-$label.txt"
done
echo "recovery: $(( $(date +%s) - start )) s in all; $(grep -c '^[a-z]' "$W/seeds" 2>/dev/null || echo 0) seeds saved"

# One attribution run: the other halves and the benign lists, every family.
cut -d' ' -f2 "$W/attribute.txt" > "$W/attribute-names.txt"
benign_files=("$BENIGN"/*.txt)
cat "${benign_files[@]}" | tr 'A-Z' 'a-z' | sed 's/\.$//' | awk 'NF' > "$W/benign.txt"
seeds_option=()
[ -s "$W/seeds" ] && seeds_option=(--seeds-file "$W/seeds")
t0=$(date +%s)
TAKEDOWN_SEEDS=/nonexistent "$T" match "${seeds_option[@]}" --from "$from" --to "$to" \
  --format json --quiet --input-format names "$W/attribute-names.txt" "$W/benign.txt" \
  > "$W/attribute.json"
echo "attribution of $(wc -l < "$W/attribute-names.txt") names and $(wc -l < "$W/benign.txt") benign names: $(( $(date +%s) - t0 )) s"

# name -> attributed families
jq -r '.names[] | "\(.name) \([.matches[].family] | unique | join(","))"' "$W/attribute.json" \
  | sort > "$W/attributed.txt"
sort -k2,2 "$W/attribute.txt" | join -1 2 -2 1 -a 1 -o 1.1,1.2,2.2 -e - - "$W/attributed.txt" \
  > "$W/joined.txt"

status=0
printf '\nattribution of the other half:\n%-15s %6s %6s %6s %10s  %s\n' label rows right wrong unmatched "why unmatched"
for label in $(cut -d' ' -f1 "$W/joined.txt" | sort -u); do
  fams=$(families_of "$label")
  why=$(cat "$W/why-$label.txt" 2>/dev/null || echo "no generator for the label")
  awk -v l="$label" -v fams=",$fams," -v reason="$why" '
    $1 == l {
      rows++
      if ($3 == "-") { none++; next }
      k = split($3, got, ","); bad = 0
      for (i = 1; i <= k; i++) if (!index(fams, "," got[i] ",")) bad = 1
      if (bad) { wrong++; print "  wrong: " $2 " (" l ") -> " $3 > "/dev/stderr" } else right++
    }
    END {
      why = "-"
      if (none > 0) why = reason
      printf "%-15s %6d %6d %6d %10d  %s\n", l, rows, right, wrong, none, why
      exit wrong > 0
    }' "$W/joined.txt" || status=1
done
benign_hits=$(grep -cxFf "$W/benign.txt" <(cut -d' ' -f1 "$W/attributed.txt") || true)
echo
echo "benign names attributed: $benign_hits of $(wc -l < "$W/benign.txt")"
[ "$benign_hits" -eq 0 ] || { grep -xFf "$W/benign.txt" "$W/attributed.txt" | head -20; status=1; }
exit $status
