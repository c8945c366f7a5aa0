/* test_export.c - each block-list format, byte for byte, and the names each one refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/export.h"

/* Writes two names (one of them mixed case, one invalid for hosts files) and returns the
 * body after the comment header. */
static char *render(enum tk_format format, const char *ip, int wildcard)
{
    struct tk_export_options o = {format, ip, NULL, wildcard, 0};
    struct tk_export_header h = {"necurs", "9", 18322, 18324, 1583020800, NULL};
    struct tk_tag tag = {"necurs", "default", "9", 18322, 18324};
    struct tk_writer *w;
    struct tk_error err = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_int_equal(tk_writer_open(f, &o, &h, &w, &err), TK_OK);
    assert_int_equal(tk_writer_name(w, "AbC.in", 6, &tag, 1), TK_OK);
    assert_int_equal(tk_writer_name(w, "x]y.com", 7, &tag, 1), TK_OK);
    assert_int_equal(tk_writer_name(w, "a..b", 4, &tag, 1), TK_OK);
    /* nobody takes a..b; rpz, list, csv and jsonl keep x]y.com (legal in DNS), the
     * resolver formats refuse it */
    assert_int_equal(tk_writer_skipped(w), format <= TK_FORMAT_RPZ ? 1 : 2);
    assert_int_equal(tk_writer_close(w, &err), TK_OK);
    fclose(f);
    /* Drop comment lines. */
    char *out = calloc(1, len + 1), *o_at = out;
    for (char *line = buf; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line + 1) : strlen(line);
        if (line[0] != '#' && line[0] != ';') {
            memcpy(o_at, line, n);
            o_at += n;
        }
        line += n;
    }
    free(buf);
    return out;
}

static void list_and_csv(void **state)
{
    (void)state;
    char *s = render(TK_FORMAT_LIST, NULL, 0);
    assert_string_equal(s, "AbC.in\nx]y.com\n");
    free(s);
    s = render(TK_FORMAT_CSV, NULL, 0);
    assert_string_equal(s, "domain,family,variant,seed,first_date,last_date\n"
                           "AbC.in,necurs,default,9,2020-03-01,2020-03-03\n"
                           "x]y.com,necurs,default,9,2020-03-01,2020-03-03\n");
    free(s);
}

static void csv_quotes_joined_tags(void **state)
{
    struct tk_export_options o = {TK_FORMAT_CSV, NULL, NULL, 0, 0};
    struct tk_export_header h = {"x", "", 1, 0, 0, NULL};
    struct tk_tag tags[2] = {{"proslikefan", "default", "OK", 18322, 18322},
                             {"proslikefan", "default", "magic=OK;tlds=cc,co,eu", 18322, 18323}};
    struct tk_writer *w;
    struct tk_error err = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    (void)state;
    assert_int_equal(tk_writer_open(f, &o, &h, &w, &err), TK_OK);
    assert_int_equal(tk_writer_name(w, "a.eu", 4, tags, 2), TK_OK);
    assert_int_equal(tk_writer_close(w, &err), TK_OK);
    fclose(f);
    assert_non_null(strstr(buf, "\na.eu,proslikefan|proslikefan,default|default,"
                                "\"OK|magic=OK;tlds=cc,co,eu\",2020-03-01|2020-03-01,"
                                "2020-03-01|2020-03-02\n"));
    free(buf);
}

static void jsonl(void **state)
{
    (void)state;
    char *s = render(TK_FORMAT_JSONL, NULL, 0);
    assert_non_null(strstr(s, "{\"domain\":\"AbC.in\",\"tags\":[{\"family\":\"necurs\","
                              "\"variant\":\"default\",\"seed\":\"9\",\"first\":\"2020-03-01\","
                              "\"last\":\"2020-03-03\"}]}\n"));
    free(s);
}

static void rpz(void **state)
{
    (void)state;
    char *s = render(TK_FORMAT_RPZ, NULL, 1);
    assert_string_equal(s, "$ORIGIN rpz.takedown.\n$TTL 300\n"
                           "@ IN SOA localhost. hostmaster.localhost. 1583020800 3600 600 604800 300\n"
                           "@ IN NS localhost.\n"
                           "abc.in CNAME .\n*.abc.in CNAME .\n"
                           "x]y.com CNAME .\n*.x]y.com CNAME .\n");
    free(s);
}

static void resolvers(void **state)
{
    (void)state;
    char *s = render(TK_FORMAT_UNBOUND, NULL, 0);
    assert_string_equal(s, "server:\n  local-zone: \"abc.in.\" always_nxdomain\n");
    free(s);
    s = render(TK_FORMAT_UNBOUND, "192.0.2.1", 0);
    assert_string_equal(s, "server:\n  local-zone: \"abc.in.\" redirect\n"
                           "  local-data: \"abc.in. A 192.0.2.1\"\n");
    free(s);
    s = render(TK_FORMAT_DNSMASQ, "2001:db8::1", 0);
    assert_string_equal(s, "address=/abc.in/2001:db8::1\n");
    free(s);
    s = render(TK_FORMAT_DNSMASQ, NULL, 0);
    assert_string_equal(s, "address=/abc.in/\n");
    free(s);
    s = render(TK_FORMAT_HOSTS, NULL, 0);
    assert_string_equal(s, "0.0.0.0 abc.in\n");
    free(s);
}

/* Every value written into a zone or a configuration is checked first, and written in its
 * canonical form; header text cannot end its comment. */
static void option_values_checked(void **state)
{
    static const char *const bad_ips[] = {"999.1.1.1", "1.2.3.4\"\n include: \"/etc/passwd",
                                          "", "1.2.3", "1.2.3.4 ", "01.2.3.4", "fe80::1%eth0",
                                          "::g", "localhost"};
    static const char *const bad_origins[] = {"x.\n@ IN NS evil.", "", ".", "a..b", "a b.",
                                              "rpz\".x", "@", "a;b", "\\065.example"};
    struct tk_export_options o = {TK_FORMAT_UNBOUND, NULL, NULL, 0, 0};
    struct tk_export_header h = {"a\n@ IN NS evil.", NULL, 1, 0, 0, NULL};
    struct tk_error err = {0};
    struct tk_writer *w;
    char *buf = NULL;
    size_t len = 0;
    (void)state;
    for (size_t i = 0; i < sizeof bad_ips / sizeof *bad_ips; i++) {
        o.sinkhole_ip = bad_ips[i];
        assert_int_equal(tk_export_options_check(&o, &err), TK_ERR_USAGE);
        assert_non_null(strstr(err.message, "--sinkhole-ip"));
        assert_int_equal(tk_writer_open(stdout, &o, &h, &w, &err), TK_ERR_USAGE);
    }
    o.sinkhole_ip = NULL;
    for (size_t i = 0; i < sizeof bad_origins / sizeof *bad_origins; i++) {
        o.rpz_origin = bad_origins[i];
        assert_int_equal(tk_export_options_check(&o, &err), TK_ERR_USAGE);
        assert_non_null(strstr(err.message, "--rpz-origin"));
    }
    o.rpz_origin = "rpz.example";
    o.ttl = 0x80000000u;
    assert_int_equal(tk_export_options_check(&o, &err), TK_ERR_USAGE);

    /* canonical forms: lower-case absolute origin, inet_ntop's address */
    o = (struct tk_export_options){TK_FORMAT_RPZ, "2001:DB8:0:0::1", "RPZ.Example", 0, 0};
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(tk_writer_open(f, &o, &h, &w, &err), TK_OK);
    assert_int_equal(tk_writer_close(w, &err), TK_OK);
    fclose(f);
    assert_non_null(strstr(buf, "\n$ORIGIN rpz.example.\n"));
    assert_non_null(strstr(buf, "; families: a\\x0a@ IN NS evil.\n"));
    assert_null(strstr(buf, "\n@ IN NS evil."));
    free(buf);
    char *s = render(TK_FORMAT_UNBOUND, "2001:DB8:0:0::1", 0);
    assert_string_equal(s, "server:\n  local-zone: \"abc.in.\" redirect\n"
                           "  local-data: \"abc.in. AAAA 2001:db8::1\"\n");
    free(s);
}

/* A name without tags: empty CSV tag fields and no dates, an empty tag array in JSON. */
static void untagged_names(void **state)
{
    struct tk_export_header h = {"x", NULL, 1, 0, 1583020800, NULL};
    struct tk_error err = {0};
    struct tk_writer *w;
    (void)state;
    for (int format = TK_FORMAT_CSV; format <= TK_FORMAT_JSONL; format++) {
        struct tk_export_options o = {(enum tk_format)format, NULL, NULL, 0, 0};
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(tk_writer_open(f, &o, &h, &w, &err), TK_OK);
        assert_int_equal(tk_writer_name(w, "a.com", 5, NULL, 0), TK_OK);
        assert_int_equal(tk_writer_close(w, &err), TK_OK);
        fclose(f);
        const char *want = format == TK_FORMAT_CSV ? "\na.com,,,,,\n"
                                                   : "{\"domain\":\"a.com\",\"tags\":[]}\n";
        assert_non_null(strstr(buf, want));
        assert_null(strstr(buf, "1970"));
        free(buf);
    }
}

static void format_names(void **state)
{
    enum tk_format f;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_format_parse("rpz", &f, &err), TK_OK);
    assert_int_equal(f, TK_FORMAT_RPZ);
    assert_int_equal(tk_format_parse("bind", &f, &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "unknown format 'bind'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_and_csv),
        cmocka_unit_test(csv_quotes_joined_tags),
        cmocka_unit_test(jsonl),
        cmocka_unit_test(rpz),
        cmocka_unit_test(resolvers),
        cmocka_unit_test(option_values_checked),
        cmocka_unit_test(untagged_names),
        cmocka_unit_test(format_names),
    };
    return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
