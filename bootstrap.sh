#!/usr/bin/env bash
# bootstrap.sh - install, with apt-get, every Debian package that takedown's build, tests,
# benchmarks and main job need. Idempotent: does nothing when all are present.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config clang libclang-rt-14-dev
  libssl-dev zlib1g-dev libpsl-dev publicsuffix libcmocka-dev
  libfstrm-dev libprotobuf-c-dev protobuf-c-compiler
  # real consumers and clients used by the tests
  bind9-utils bind9-dnsutils knot-dnsutils knot-dnssecutils unbound jq
  bind9 fstrm-bin knot iproute2
  # benchmarks
  hyperfine time python3
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
# The Debian unbound package starts a system resolver; the tests run their own on loopback.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet unbound 2>/dev/null; then
  $SUDO systemctl stop unbound || true
fi
# Likewise bind9's named (the hunt tests start their own to write query logs and dnstap).
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet named 2>/dev/null; then
  $SUDO systemctl stop named || true
fi
