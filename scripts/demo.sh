#!/usr/bin/env bash
# demo.sh - the main job: the whole takedown exercise on this machine, loopback only
# (predict, sinkhole, simulated bots, report and notify, the check, P2P). Arguments go to
# `takedown exercise` (see `takedown exercise --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
TAKEDOWN=${TAKEDOWN:-build/takedown}
exec "$TAKEDOWN" exercise --out out/exercise "$@"
