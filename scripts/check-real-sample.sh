#!/usr/bin/env bash
# check-real-sample.sh - attribution against names seen in the wild: every labelled name of a
# real-world DGA sample (CSV: family,domain,date) is looked up in an index of every family
# over the sample's days, and every name of the benign lists in the same index.
#
#   scripts/check-real-sample.sh [SAMPLE.csv] [BENIGN_DIR] [FROM TO]
#
# Defaults: ../shared/data/dga-real-sample/dga_real_sample.csv, ../shared/data/benign, and
# a window from 180 days before the earliest date in the sample to 180 days after the
# latest. Rows without a date are looked up again over UNDATED_FROM to UNDATED_TO
# (default 2016-01-01 to 2019-12-31, the years of the Netlab 360 feed; UNDATED_FROM= to
# skip), in an index of only the families they are labelled with. Seeds: the built-in ones
# and the local seeds file ($TAKEDOWN_SEEDS), so seeds found with `takedown match
# --discover-seeds ... --save` count.
#
# A row is right when one of its attributions is its family: the same name, an alias
# (`takedown families`), or the algorithm the feed's name stands for (below). Prints, per
# family, right / wrong / not attributed, and why not; exits 1 if a benign name is attributed
# or a row of a family we implement is attributed to another one.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${TAKEDOWN:-build/takedown}
SAMPLE=${1:-../shared/data/dga-real-sample/dga_real_sample.csv}
BENIGN=${2:-../shared/data/benign}
UNDATED_FROM=${UNDATED_FROM-2016-01-01}
UNDATED_TO=${UNDATED_TO:-2019-12-31}
W=$(mktemp -d "${TMPDIR:-/tmp}/real-sample.XXXXXX")
trap 'rm -rf "$W"' EXIT

# Feed names that are another family's algorithm under our name for it. Netlab 360's
# "gameover" holds both GameOver Zeus DGAs: newgoz, the DGA-only relaunch of July 2014, and
# the fallback DGA of the P2P GameOver Zeus of 2011-2014, which is Murofet v1 unchanged
# (1,000 names a week over ru/biz/info/org/net/com, CrowdStrike 2014; v1 has 1,020). In the
# development samples the 154 names dated 2017-07-01 are murofet v1's of the week 07-01..06
# (indexes 0-991) and the 146 dated 2017-07-04 are newgoz's of that day.
equivalent() {
  case "$1" in
    gameover) echo "newgoz murofet" ;;
    # Netlab 360's two streams of Pykspa's improved DGA: set 1 (real) and set 2 (noise).
    pykspa_v2_real | pykspa_v2_fake) echo "pykspa" ;;
    *) echo "" ;;
  esac
}

dates=$(awk -F, 'NR > 1 && $3 ~ /^[0-9][0-9][0-9][0-9]-/ { print $3 }' "$SAMPLE" | sort)
if [ $# -ge 4 ]; then
  from=$3 to=$4
elif [ -n "$dates" ]; then
  from=$(date -u -d "$(head -1 <<< "$dates") - 180 days" +%F)
  to=$(date -u -d "$(tail -1 <<< "$dates") + 180 days" +%F)
else
  echo "check-real-sample: the sample has no dates: give FROM and TO" >&2
  exit 2
fi

echo "index: every family, $from to $to"
"$T" index build --from "$from" --to "$to" --out "$W/all.tki" --quiet --json \
  | jq -r '"  \(.names) names from \(.sources) sources, \(.seconds) s"'
"$T" match --index "$W/all.tki" --format json --input-format csv "$SAMPLE" > "$W/sample.json"

"$T" families --json | jq -r '.[] | "\(.name) \(([.name] + .aliases) | join(","))"' > "$W/ours.txt"

# Undated rows (a feed without dates) say nothing of when they were seen: they are looked up
# again in an index over a wider window, of the families they are labelled with.
awk -F, 'NR > 1 { sub(/\r$/, "") } NR > 1 && $3 == "" { print tolower($1), tolower($2) }' "$SAMPLE" \
  > "$W/undated.txt"
if [ -s "$W/undated.txt" ] && [ -n "$UNDATED_FROM" ]; then
  families=""
  for label in $(cut -d' ' -f1 "$W/undated.txt" | sort -u); do
    for f in $label $(equivalent "$label"); do
      ours=$(awk -v f="$f" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == f) print $1 }' "$W/ours.txt")
      [ -n "$ours" ] && families="$families${families:+,}$ours"
    done
  done
  if [ -n "$families" ]; then
    echo "index of the undated rows' families ($families), $UNDATED_FROM to $UNDATED_TO"
    "$T" index build --families "$families" --from "$UNDATED_FROM" --to "$UNDATED_TO" \
      --out "$W/undated.tki" --quiet --json \
      | jq -r '"  \(.names) names from \(.sources) sources, \(.seconds) s"'
    cut -d' ' -f2 "$W/undated.txt" > "$W/undated-names.txt"
    "$T" match --index "$W/undated.tki" --format json --input-format names "$W/undated-names.txt" \
      > "$W/undated.json"
    rm -f "$W/undated.tki"
  fi
fi

# name -> attributed families
jq -r '.names[] | "\(.name) \([.matches[].family] | unique | join(","))"' "$W/sample.json" \
  $( [ -f "$W/undated.json" ] && echo "$W/undated.json" ) \
  | awk '{ if ($1 in seen) seen[$1] = seen[$1] "," $2; else seen[$1] = $2 }
         END { for (n in seen) print n, seen[n] }' | sort > "$W/attributed.txt"

awk -F, 'NR > 1 { print tolower($1), tolower($2) }' "$SAMPLE" | sort -k2,2 > "$W/rows.txt"
join -1 2 -2 1 -a 1 -o 1.1,1.2,2.2 -e - "$W/rows.txt" "$W/attributed.txt" > "$W/joined.txt"

status=0
printf '\n%-12s %6s %6s %6s %10s  %s\n' family rows right wrong unmatched "why unmatched"
for family in $(cut -d' ' -f1 "$W/joined.txt" | sort -u); do
  accepted=" $family $(equivalent "$family") "
  ours=$(awk -v f="$family" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == f) print $1 }' "$W/ours.txt")
  [ -n "$ours" ] && accepted="$accepted$ours "
  implemented=no
  for f in $accepted; do grep -q "^$f " "$W/ours.txt" && implemented=yes; done
  rows=0 right=0 wrong=0 none=0
  while read -r label name got; do
    [ "$label" = "$family" ] || continue
    rows=$((rows + 1))
    if [ "$got" = "-" ]; then
      none=$((none + 1))
      continue
    fi
    hit=0
    for g in ${got//,/ }; do [[ "$accepted" == *" $g "* ]] && hit=1; done
    if [ $hit = 1 ]; then right=$((right + 1)); else wrong=$((wrong + 1)); echo "  wrong: $name ($label) -> $got"; fi
  done < "$W/joined.txt"
  why="-"
  if [ "$none" -gt 0 ]; then
    if [ $implemented = no ]; then why="family not implemented"; else why="seed or date not in the index"; fi
  fi
  printf '%-12s %6d %6d %6d %10d  %s\n' "$family" "$rows" "$right" "$wrong" "$none" "$why"
  [ "$wrong" -eq 0 ] || status=1
done

echo
benign_files=("$BENIGN"/*.txt)
"$T" match --index "$W/all.tki" --format json --input-format names "${benign_files[@]}" > "$W/benign.json" 2>/dev/null || true
benign_hits=$(jq '.names | length' "$W/benign.json")
echo "benign names attributed: $benign_hits (of $(jq '[.inputs[].records] | add' "$W/benign.json") in ${#benign_files[@]} lists)"
jq -r '.names[] | "  \(.name) -> \([.matches[].family] | join(","))"' "$W/benign.json"
[ "$benign_hits" -eq 0 ] || status=1
exit $status
