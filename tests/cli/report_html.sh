# report_html.sh - the HTML report opened in headless Chromium (Debian's chromium): it
# renders (the screenshot is not blank: charts and text cover part of it, in many
# colours), the key numbers are in the page, and the page makes no network request: the
# file references nothing outside itself, its Content-Security-Policy forbids fetching, and
# Chromium's network log holds no request from the page. Chromium runs in a network
# namespace of its own with only loopback, so nothing it does can leave the machine.
source "$(dirname "$0")/lib.sh"
HERE=$(dirname "$0")
command -v chromium >/dev/null || fail "chromium is needed (Debian package chromium)"
unshare --net --map-root-user true 2>/dev/null || fail "unshare --net is needed to keep Chromium off the network"

perl "$HERE/geo_fixture.pl" "$WORK"
awk 'BEGIN {
  srand(3)
  for (i = 0; i < 3000; i++) {
    k = int(rand() * 400)
    src = sprintf("10.%d.%d.%d", 1 + k % 4, int(k / 4) % 2 * 128, k % 250)
    fam = k % 3 ? "necurs" : "ranbyus"
    printf "{\"v\":1,\"time\":\"2020-03-%02dT%02d:00:00.000000Z\",\"proto\":\"dns\",\"transport\":\"udp\",\"src\":\"%s\",\"sport\":5000,\"dst\":\"192.0.2.53\",\"dport\":53,\"name\":\"a.example\",\"tag\":{\"family\":\"%s\",\"variant\":\"default\",\"seed\":\"9\"},\"qtype\":\"A\",\"rcode\":\"NOERROR\"}\n", 1 + int(rand() * 7), int(rand() * 24), src, fam
  }
  for (i = 0; i < 200; i++)
    printf "{\"v\":1,\"time\":\"2020-03-02T10:00:00Z\",\"proto\":\"smtp\",\"transport\":\"tcp\",\"src\":\"10.2.0.%d\",\"sport\":4000,\"dst\":\"192.0.2.25\",\"dport\":25,\"name\":\"mx.example\",\"smtp\":{\"rcpt\":[\"a%d@example.org\",\"b@example.org\"]}}\n", i % 9, i
}' > "$WORK/events.jsonl"

expect_exit 0 "$TAKEDOWN" report "$WORK/events.jsonl" --geo-db "$WORK/country.mmdb" --asn-db "$WORK/asn.mmdb" \
  --html "$WORK/report.html" --json
cp "$WORK/out" "$WORK/report.json"
total=$(jq .total.distinct "$WORK/report.json")
top_name=$(jq -r '.groups.country[0].name' "$WORK/report.json")
top_share=$(jq -r '.groups.country[0].share * 10000 | round / 100' "$WORK/report.json")
[ -s "$WORK/report.html" ] || fail "no HTML written"
ok

# Nothing outside the file: no script, stylesheet link, image, frame, font, import or URL.
if grep -Eio '<(script|link|img|iframe|object|embed|audio|video|source)[ >]|@import|url\(|src=|href=|https?:|//[a-z]' "$WORK/report.html"; then
  fail "the HTML references something outside itself"
fi
ok
grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$WORK/report.html" || fail "no CSP"
ok

chrome() {
  unshare --net --map-root-user sh -c 'ip link set lo up 2>/dev/null; exec "$@"' sh \
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --disable-default-apps --disable-extensions --user-data-dir="$WORK/profile" "$@"
}
chrome --window-size=1000,1600 --screenshot="$WORK/shot.png" --log-net-log="$WORK/net.json" \
  "file://$WORK/report.html" >/dev/null 2>&1 || fail "chromium could not take the screenshot"
[ -s "$WORK/shot.png" ] || fail "no screenshot"
ok
read -r ink colours < <(python3 "$HERE/png_ink.py" "$WORK/shot.png")
awk -v i="$ink" 'BEGIN { exit !(i > 0.03) }' || fail "the screenshot is blank ($ink of pixels inked)"
ok
[ "$colours" -gt 16 ] || fail "the screenshot has only $colours colours"
ok

chrome --dump-dom "file://$WORK/report.html" > "$WORK/dom.html" 2>/dev/null || fail "chromium could not load the page"
grep -q "id=\"total\">$total<" "$WORK/dom.html" || fail "total $total not in the rendered page"
ok
grep -q "$(printf '%.2f' "$top_share") %</b>in $top_name" "$WORK/dom.html" || fail "top country share not in the page"
ok
grep -q "<svg class=\"chart\"" "$WORK/dom.html" || fail "no chart in the page"
ok
grep -q "id=\"spam-messages\">200<" "$WORK/dom.html" || fail "spam messages not in the page"
ok

# Chromium's own background traffic is "not an origin"; a request by the page would name
# the page's origin (file pages have the opaque origin "null").
python3 - "$WORK/net.json" <<'PY' || fail "the page made a network request"
import json, sys
log = json.load(open(sys.argv[1]))
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
page = [e["params"] for e in log["events"]
        if names.get(e["type"]) == "URL_REQUEST_START_JOB" and "initiator" in e.get("params", {})
        and e["params"]["initiator"] != "not an origin"]
if page:
    print(page)
    sys.exit(1)
PY
ok
done_checks
