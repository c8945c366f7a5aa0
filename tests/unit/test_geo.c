/* test_geo.c - databases written by our MMDB writer, read back through libmaxminddb:
 * prefixes, overrides, ranges, IPv4 and IPv6, and the ASN CSV import. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "takedown/geo.h"
#include "takedown/mmdb_writer.h"

static char country_path[64], asn_path[64], csv_path[64];

static void lookup(const struct tk_geo *g, const char *ip, struct tk_geo_result *r)
{
    uint8_t addr[16] = {0};
    struct tk_error err = {0};
    int family = strchr(ip, ':') ? 6 : 4;
    assert_int_equal(inet_pton(family == 4 ? AF_INET : AF_INET6, ip, addr), 1);
    assert_int_equal(tk_geo_lookup(g, family, addr, r, &err), TK_OK);
}

static void write_country_db(void)
{
    struct tk_mmdb_writer *w = tk_mmdb_writer_new("test-Country", "test data, public domain");
    struct tk_error err = {0};
    uint8_t net[16] = {0};
    long aa = tk_mmdb_country_record(w, "AA", "Aland"), bb = tk_mmdb_country_record(w, "BB", NULL);
    long cc = tk_mmdb_country_record(w, "CC", "Ceeland");
    assert_int_equal(tk_mmdb_country_record(w, "AA", "Aland"), aa); /* stored once */
    inet_pton(AF_INET, "198.51.100.0", net);
    assert_int_equal(tk_mmdb_insert(w, 4, net, 24, aa, &err), TK_OK);
    inet_pton(AF_INET, "198.51.100.128", net);
    assert_int_equal(tk_mmdb_insert(w, 4, net, 25, bb, &err), TK_OK);
    inet_pton(AF_INET6, "2001:db8::", net);
    assert_int_equal(tk_mmdb_insert(w, 6, net, 32, cc, &err), TK_OK);
    assert_int_equal(tk_mmdb_insert(w, 4, net, 33, cc, &err), TK_ERR_USAGE);
    assert_int_equal(tk_mmdb_write(w, country_path, 1500000000, &err), TK_OK);
    tk_mmdb_writer_free(w);
}

static void countries(void **state)
{
    struct tk_geo *g;
    struct tk_geo_result r;
    struct tk_error err = {0};
    (void)state;
    write_country_db();
    assert_int_equal(tk_geo_open(&g, country_path, NULL, &err), TK_OK);
    lookup(g, "198.51.100.1", &r);
    assert_string_equal(r.country, "AA");
    lookup(g, "198.51.100.127", &r);
    assert_string_equal(r.country, "AA");
    lookup(g, "198.51.100.200", &r);
    assert_string_equal(r.country, "BB");
    lookup(g, "198.51.101.1", &r);
    assert_string_equal(r.country, "");
    lookup(g, "2001:db8:ffff::1", &r);
    assert_string_equal(r.country, "CC");
    lookup(g, "2001:db9::1", &r);
    assert_string_equal(r.country, "");
    assert_int_equal(r.asn, 0);
    assert_int_equal(tk_geo_db_count(g), 1);
    const struct tk_geo_db_info *d = tk_geo_db(g, 0);
    assert_string_equal(d->role, "country");
    assert_string_equal(d->type, "test-Country");
    assert_int_equal(d->built, 1500000000);
    assert_string_equal(d->licence, "test data, public domain");
    tk_geo_close(g);
}

static void asn_from_csv(void **state)
{
    FILE *f = fopen(csv_path, "w");
    const char *paths[1] = {csv_path};
    struct tk_geo *g;
    struct tk_geo_result r;
    struct tk_error err = {0};
    (void)state;
    fputs("203.0.113.10,203.0.113.20,64500,\"Example, \"\"Quoted\"\" Net\"\n"
          "192.0.2.0,192.0.2.255,64501,Plain Net\n"
          "2001:db8:1::,2001:db8:1:ffff:ffff:ffff:ffff:ffff,64502,Six Net\n", f);
    fclose(f);
    assert_int_equal(tk_geo_import_asn_csv(paths, 1, asn_path, "test ASN data", &err), TK_OK);
    assert_int_equal(tk_geo_open(&g, NULL, asn_path, &err), TK_OK);
    lookup(g, "203.0.113.9", &r);
    assert_int_equal(r.asn, 0);
    lookup(g, "203.0.113.10", &r);
    assert_int_equal(r.asn, 64500);
    assert_string_equal(r.as_org, "Example, \"Quoted\" Net");
    lookup(g, "203.0.113.20", &r);
    assert_int_equal(r.asn, 64500);
    lookup(g, "203.0.113.21", &r);
    assert_int_equal(r.asn, 0);
    lookup(g, "192.0.2.77", &r);
    assert_int_equal(r.asn, 64501);
    lookup(g, "2001:db8:1:abcd::1", &r);
    assert_int_equal(r.asn, 64502);
    assert_string_equal(r.as_org, "Six Net");
    lookup(g, "2001:db8:2::1", &r);
    assert_int_equal(r.asn, 0);
    tk_geo_close(g);

    f = fopen(csv_path, "w");
    fputs("192.0.2.0,192.0.2.255,64501,Plain Net\n192.0.2.9,192.0.2.1,1,Backwards\n", f);
    fclose(f);
    assert_int_equal(tk_geo_import_asn_csv(paths, 1, asn_path, "x", &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, ":2: expected the range's first address"));
}

static void csv_line_errors(void **state)
{
    static const char *const bad[] = {
        "192.0.2.0,192.0.2.255", "192.0.2.0,192.0.2.255,AS1,x", "192.0.2.0,2001:db8::,1,x",
        "192.0.2.0,192.0.2.255,1,\"unterminated", "192.0.2.0,192.0.2.255,1,x,y",
        "192.0.2.0,192.0.2.255,99999999999,x", "192.0.2.0,192.0.2.255,-1,x"};
    struct tk_asn_range r;
    struct tk_error err = {0};
    int skip;
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(tk_asn_csv_parse_line(bad[i], strlen(bad[i]), &r, &skip, &err),
                         TK_ERR_DATA);
    assert_int_equal(tk_asn_csv_parse_line("# note", 6, &r, &skip, &err), TK_OK);
    assert_true(skip);
}

static void missing_databases(void **state)
{
    struct tk_geo *g;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_geo_open(&g, "/nonexistent/country.mmdb", NULL, &err), TK_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent/country.mmdb"));
    assert_int_equal(tk_geo_open_dir(&g, "/nonexistent", &err), TK_ERR_IO);
    assert_int_equal(tk_geo_open(&g, csv_path, NULL, &err), TK_ERR_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(countries), cmocka_unit_test(asn_from_csv),
        cmocka_unit_test(csv_line_errors), cmocka_unit_test(missing_databases),
    };
    int pid = (int)getpid(), failed;
    snprintf(country_path, sizeof country_path, "/tmp/tk-geo-%d-country.mmdb", pid);
    snprintf(asn_path, sizeof asn_path, "/tmp/tk-geo-%d-asn.mmdb", pid);
    snprintf(csv_path, sizeof csv_path, "/tmp/tk-geo-%d.csv", pid);
    failed = cmocka_run_group_tests(tests, NULL, NULL);
    unlink(country_path);
    unlink(asn_path);
    unlink(csv_path);
    return failed;
}
