#!/usr/bin/env bash
# demo.sh - the main job until the end-to-end exercise exists: predict Necurs for the 25
# months after 2020-03-01 and write what the March 2020 operation handed out: one CSV per
# registry (public suffix) and one RPZ zone for resolvers, checked by named-checkzone.
set -euo pipefail
cd "$(dirname "$0")/.."
TAKEDOWN=${TAKEDOWN:-build/takedown}
OUT=${1:-out/necurs}
FROM=2020-03-01
TO=2022-03-31

mkdir -p "$OUT"
echo "== Necurs, magic 9, $FROM to $TO: registry files (one per public suffix)"
"$TAKEDOWN" predict necurs --from $FROM --to $TO --all-seeds --format csv --split-by-tld "$OUT/registries"
echo
echo "== the same names as a Response Policy Zone for resolvers"
"$TAKEDOWN" predict necurs --from $FROM --to $TO --all-seeds --format rpz --rpz-wildcard --out "$OUT/necurs.rpz"
if command -v named-checkzone >/dev/null; then
  named-checkzone rpz.takedown "$OUT/necurs.rpz" | tail -1 | sed 's/^/named-checkzone: /'
fi
echo
echo "written:"
echo "  $OUT/registries/   $(ls "$OUT/registries" | wc -l) files, e.g. $OUT/registries/in.csv for the .in registry"
echo "  $OUT/necurs.rpz    $(grep -c ' CNAME \.$' "$OUT/necurs.rpz") RPZ records (each name and its wildcard)"
