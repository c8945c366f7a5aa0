#!/usr/bin/env bash
# discover.sh - seed recovery speed, per family that inverts its generator: seeds searched per
# second by the old per-candidate search (the generator run for every seed, over a slice of the
# space) beside the inversion (the whole 32-bit space, or whatever the family's space is), in
# the same run, with the time for the whole space and peak memory.
#
# For each family, one name is generated with a random seed on a random day of 2019, and both
# searches look for its seed over a one-year window (2019). The per-candidate search runs
# for about SLICE seconds' worth of seeds; its time for the whole space is extrapolated.
# Usage: bench/discover.sh [path/to/takedown] [FAMILY...]
set -euo pipefail
cd "$(dirname "$0")/.."
TAKEDOWN=${1:-build/takedown}
shift || true
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export TAKEDOWN_SEEDS="$WORK/none"
FROM=2019-01-01 TO=2019-12-31

# seconds VAR COMMAND...: runs COMMAND, stores elapsed seconds in VAR and peak RSS (KiB) in RSS
seconds() {
  local var=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@"
  read -r "$var" RSS < "$WORK/time"
}

families=("$@")
if [ ${#families[@]} -eq 0 ]; then
  mapfile -t families < <("$TAKEDOWN" families --json | jq -r '.[] | select(.recover != null and
    ([.params[] | select(.type == "hex32" or .type == "int")] | length > 0)) | .name')
fi

# invert: one name of $family with $param=$value on $day, and the inversion over
# $from..$to: sets inv_s, inv_rss, space and found; fails when no name is generated.
invert() {
  local date_option=()
  [ "$(jq -r '.takes_date' <<< "$info")" = true ] && date_option=(--date "$day")
  "$TAKEDOWN" predict "$family" "${date_option[@]}" "--${param//_/-}" "$value" 2>/dev/null \
    | head -1 > "$WORK/name" || true
  if [ ! -s "$WORK/name" ]; then
    printf '%-12s (no name generated for %s=%s)\n' "$family" "$param" "$value"
    return 1
  fi
  seconds inv_s "$TAKEDOWN" match --discover-seeds "$family" --no-known-seeds --from "$from" \
    --to "$to" --format json --quiet --input-format names "$WORK/name" > "$WORK/inv.json"
  inv_rss=$RSS
  space=$(jq '.families[0].space' "$WORK/inv.json")
  # Found: a seed whose params hold the value, in decimal or in hex of any width.
  local number=$value
  [ "$type" = hex32 ] && number=$((16#$value))
  found=0
  local v
  for v in $(jq -r --arg p "$param" '.seeds[] | .params | split(";")[]
      | select(startswith($p + "=")) | .[($p | length) + 1:]' "$WORK/inv.json"); do
    [ "$type" = hex32 ] && v="0x$v"
    if [[ $v =~ ^(0[xX][0-9a-fA-F]+|[0-9]+)$ ]] && [ $((v)) -eq "$number" ]; then
      found=1
    fi
  done
}

printf '%-12s %14s %14s %8s %14s %12s %10s\n' family "per-candidate" inversion ratio \
  "whole space" "per-cand. est" "RSS MiB"
for family in "${families[@]}"; do
  info=$("$TAKEDOWN" families --json | jq -c --arg f "$family" '.[] | select(.name == $f)')
  # The value the inversion searches: a per-version state where the family has one
  # (fobber's seed parameter picks the version; its state is the 32 bits), else a numeric
  # "seed" parameter (locky's; its seed parameter names a whole configuration), else the
  # family's seed parameter.
  param=$(jq -r 'if any(.params[]; .name == "state") then "state"
    elif any(.params[]; .name == "seed" and (.type == "int" or .type == "hex32")) then "seed"
    else .seed_param end' <<< "$info")
  type=$(jq -r --arg p "$param" '.params[] | select(.name == $p) | .type' <<< "$info")
  seed=$((RANDOM * 32768 + RANDOM))
  [ "$type" = hex32 ] && value=$(printf '%08X' "$seed") || value=$((seed % 65536))
  day=$(date -u -d "$FROM + $((RANDOM % 365)) days" +%F)
  from=$FROM to=$TO note=""
  invert || continue
  # A family that limits its window (corebot: 31 days) covers nothing over a year: its own
  # limit then. One that searches fewer values than the draw (qadars: 16 bits): a value in it.
  if [ "$space" = 0 ]; then
    from=$(date -u -d "$day - 15 days" +%F) to=$(date -u -d "$day + 15 days" +%F)
    note="  (31-day window)"
    invert || continue
  fi
  number=$value
  [ "$type" = hex32 ] && number=$((16#$value))
  if [ "$space" != 0 ] && [ "$number" -ge "$(printf '%.0f' "$space")" ]; then
    seed=$((number % $(printf '%.0f' "$space")))
    [ "$type" = hex32 ] && value=$(printf '%08X' "$seed") || value=$seed
    note="$note  (seeds below $(printf '%.0f' "$space"))"
    invert || continue
  fi
  # The per-candidate search over a slice just below the seed, so that it finds it too.
  slice=${SLICE_SEEDS:-2000}
  lo=$(( seed > slice ? seed - slice + 1 : 0 ))
  [ "$type" = hex32 ] || lo=$(( value > slice ? value - slice + 1 : 0 ))
  hi=$(( lo + slice - 1 ))
  seconds per_s "$TAKEDOWN" match --discover-seeds "$family" --no-known-seeds --per-candidate \
    --range "$lo-$hi" --from "$from" --to "$to" --format json --quiet --input-format names \
    "$WORK/name" > "$WORK/per.json"
  per_rate=$(echo "$slice / ($per_s + 0.001)" | bc -l)
  inv_rate=$(echo "$space / ($inv_s + 0.001)" | bc -l)
  printf '%-12s %11.0f/s %11.3g/s %7.0fx %12.1f s %10.0f h %10.0f%s\n' "$family" "$per_rate" \
    "$inv_rate" "$(echo "$inv_rate / $per_rate" | bc -l)" "$inv_s" \
    "$(echo "$space / $per_rate / 3600" | bc -l)" "$((inv_rss / 1024))" \
    "$note$([ "$found" -ge 1 ] && echo "" || echo "  (seed not found!)")"
done
