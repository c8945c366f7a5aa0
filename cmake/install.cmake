# install.cmake - what `make install` puts where, and the Debian package (`make deb`, CPack).
# Paths follow GNUInstallDirs under CMAKE_INSTALL_PREFIX (/usr/local by default, /usr in the
# package); the unit is written at install time so that its ExecStart names the installed
# program whatever prefix `cmake --install --prefix` or CPack gives.
install(TARGETS takedown RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(TK_DIST ${CMAKE_SOURCE_DIR}/dist)
set(TK_UNITS takedown-sinkhole@.service)
# Configured beside the build in a directory of its own per destination, so that two
# installs at once (a test and a package) do not write the same file.
foreach(unit IN LISTS TK_UNITS)
  install(CODE "
    set(TK_BINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    string(MD5 destination \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
    set(unit ${CMAKE_BINARY_DIR}/systemd/\${destination}/${unit})
    configure_file(${TK_DIST}/systemd/${unit}.in \${unit} @ONLY)
    file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\" TYPE FILE
         FILES \${unit})")
endforeach()

install(FILES ${TK_DIST}/examples/sinkhole.conf ${TK_DIST}/examples/sinkhole-contact.conf
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# Debian's changelog and copyright files (lintian wants both, the changelog compressed).
set(TK_MAINTAINER_EMAIL "maintainers@users.noreply.r-seed-249462dc.example"
    CACHE STRING "the package maintainer's address")
configure_file(${TK_DIST}/changelog.in ${CMAKE_BINARY_DIR}/dist/changelog @ONLY)
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/dist/changelog.gz
  COMMAND ${GZIP} -9nf -k ${CMAKE_BINARY_DIR}/dist/changelog
  DEPENDS ${CMAKE_BINARY_DIR}/dist/changelog VERBATIM)
add_custom_target(changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/dist/changelog.gz)
install(FILES ${CMAKE_BINARY_DIR}/dist/changelog.gz ${TK_DIST}/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME takedown)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "takedown maintainers <${TK_MAINTAINER_EMAIL}>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
# The unit is configured with the install-time prefix, which CPack gives only this way.
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
    GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The synopsis, then the long description; CPack indents it and turns the empty line into " .".
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"toolkit for taking down botnets that use domain generation algorithms
takedown predicts the names a botnet's DGA will use and exports them as the
block lists registries and resolvers consume (RPZ, Unbound, dnsmasq, hosts,
CSV), sinkholes those names with an authoritative DNS server and HTTP, TCP
and SMTP contact listeners that log every bot, hunts infected hosts in DNS
logs, counts and notifies them per country or network, and simulates
takedowns of peer-to-peer fallback networks.

The package holds the program, its manual pages, bash completion, sample
configurations and a hardened systemd unit, takedown-sinkhole@.service.")
include(CPack)
