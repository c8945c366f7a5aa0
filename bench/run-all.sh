#!/usr/bin/env bash
# run-all.sh - every benchmark in bench/, one after the other.
set -euo pipefail
cd "$(dirname "$0")"
for b in predict.sh sinkhole.sh contact.sh report.sh read.sh p2p.sh match.sh discover.sh; do
  echo "#### $b"
  ./"$b" "$@"
done
# The host hunt beside match on the same log (issue 16).
echo "#### hunt_hosts.sh"
./hunt_hosts.sh "$@"
# The live RPZ feed beside NSD (issue 18).
echo "#### feed.sh"
./feed.sh "$@"
