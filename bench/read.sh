#!/usr/bin/env bash
# read.sh - the reader layer (src/read) alone, over the same synthetic files in one run:
#   1. each format read by hand beside the library that reads it (bench_formats: JSON by
#      json_scan.c beside jansson, dnstap protobuf by hand beside protobuf-c, Frame Streams
#      by tk_frame_reader beside libfstrm), with the ratio;
#   2. the readers of report, match and events over JSON lines (the sinkhole's HTTP
#      contacts, then its DNS queries), dnstap and the binary log (bench_read).
# Usage: bench/read.sh [BUILD_DIR]   (EVENTS=1000000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
EVENTS=${EVENTS:-1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
[ -x "$BUILD/bench_read" ] || { echo "read.sh: build first (make build)" >&2; exit 1; }

"$BUILD/gen_events" --count "$EVENTS" --distinct 200000 > "$WORK/http.jsonl"
"$BUILD/gen_events" --count "$EVENTS" --distinct 200000 --proto dns > "$WORK/dns.jsonl"
"$BUILD/gen_events" --count "$EVENTS" --distinct 200000 --format dnstap > "$WORK/events.dnstap"
"$BUILD/takedown" events convert "$WORK/http.jsonl" --to binary --out "$WORK/events.tkev"
echo "$EVENTS events per file; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"

echo
echo "== 1. by hand beside the library"
"$BUILD/bench_formats" "$WORK/http.jsonl" "$WORK/events.dnstap"

echo
echo "== 2. the readers of report, match and events"
for f in http.jsonl dns.jsonl events.dnstap events.tkev; do
  echo "-- $f"
  "$BUILD/bench_read" "$WORK/$f"
done
