# deb.sh - the Debian package of this build (CPack, as `make deb` makes it): it builds,
# dpkg-deb lists the program, the manual pages and the unit, its dependencies come from
# dpkg-shlibdeps, its unit names /usr/bin/takedown, and lintian reports no error.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/install_helpers.bash"
need_tools pandoc cpack dpkg-deb dpkg-shlibdeps lintian
BUILD=$(cd "$(dirname "$TAKEDOWN")" && pwd)
[ -d "$BUILD/man" ] || fail "$BUILD has no man/: pandoc was installed after it was configured; run cmake -S . -B $BUILD"

(cd "$WORK" && cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$WORK/package") >"$WORK/cpack.log" 2>&1 ||
  fail "cpack: $(tail -5 "$WORK/cpack.log")"
deb=$(ls "$WORK"/package/takedown_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack wrote no .deb: $(tail -5 "$WORK/cpack.log")"
ok

# Its contents: exactly the installed files under /usr.
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./|/|' | LC_ALL=C sort >"$WORK/contents"
expected_files /usr >"$WORK/expected"
diff "$WORK/expected" "$WORK/contents" >"$WORK/diff" || fail "package contents differ: $(cat "$WORK/diff")"
ok
for path in /usr/bin/takedown /usr/share/man/man8/takedown-sinkhole.8.gz \
  /usr/share/man/man1/takedown.1.gz /usr/lib/systemd/system/takedown-sinkhole@.service; do
  grep -qxF "$path" "$WORK/contents" || fail "the package lacks $path"
done
ok

# Its control fields: the name, version and the libraries the program links, with versions.
expect_eq "$(dpkg-deb -f "$deb" Package)" takedown "Package"
expect_eq "$(dpkg-deb -f "$deb" Version)" "$("$TAKEDOWN" --version | awk '{ print $2 }')" "Version"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libc6 libssl3 libjansson4 libpsl5 libzstd1 zlib1g libmaxminddb0 libfstrm0; do
  [[ $depends == *"$library ("* ]] || fail "Depends lacks $library: $depends"
done
ok

# The unit as packaged runs the packaged program.
dpkg-deb -x "$deb" "$WORK/unpacked"
grep -q '^ExecStart=/usr/bin/takedown sinkhole ' "$WORK/unpacked/usr/lib/systemd/system/takedown-sinkhole@.service" ||
  fail "the packaged unit does not run /usr/bin/takedown"
[ -z "$(find "$WORK/unpacked" -perm /022 ! -type l)" ] || fail "group- or world-writable files"
"$WORK/unpacked/usr/bin/takedown" --version >/dev/null || fail "the packaged program does not run"
ok

# lintian: no error (its warnings, the groff table-wrapping messages, are in docs/install.md).
lintian --fail-on error "$deb" >"$WORK/lintian" 2>&1 || fail "lintian: $(grep -E '^E:' "$WORK/lintian" | head -10)"
grep -E '^E:' "$WORK/lintian" && fail "lintian reports errors"
echo "lintian: $(grep -c '^W:' "$WORK/lintian" || true) warnings, $(grep -Ec '^[IP]:' "$WORK/lintian" || true) info"
ok
done_checks
