/* test_p2p_obs.c - observation lines (CSV and JSON), endpoints, times, and the streaming
 * reader with malformed rows, gzip and CRLF. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "takedown/p2p_obs.h"

static int parse(const char *line, struct tk_observation *obs, int *skip, struct tk_error *err)
{
    return tk_obs_parse_line(line, strlen(line), obs, skip, err);
}

static void endpoints(void **state)
{
    struct tk_endpoint ep;
    char text[TK_ENDPOINT_TEXT_MAX];
    (void)state;
    assert_int_equal(tk_endpoint_parse("192.0.2.1:443", 13, &ep), TK_OK);
    assert_int_equal(ep.family, 4);
    assert_int_equal(ep.port, 443);
    assert_int_equal(ep.addr[3], 1);
    tk_endpoint_format(&ep, text, sizeof text);
    assert_string_equal(text, "192.0.2.1:443");
    assert_int_equal(tk_endpoint_parse("0.0.0.0:0", 9, &ep), TK_OK);
    assert_int_equal(tk_endpoint_parse("255.255.255.255:1", 17, &ep), TK_OK);
    assert_int_equal(ep.addr[0], 255);
    assert_int_equal(tk_endpoint_parse("[::ffff:192.0.2.7]:80", 21, &ep), TK_OK);
    assert_int_equal(ep.family, 4);
    tk_endpoint_format(&ep, text, sizeof text);
    assert_string_equal(text, "192.0.2.7:80");
    assert_int_equal(tk_endpoint_parse("[2001:DB8::1]:65535", 19, &ep), TK_OK);
    assert_int_equal(ep.family, 6);
    tk_endpoint_format(&ep, text, sizeof text);
    assert_string_equal(text, "[2001:db8::1]:65535");
    static const char *const bad[] = {"192.0.2.1", "192.0.2.1:", "192.0.2.1:65536",
                                      "192.0.2:80", "2001:db8::1:80", "[2001:db8::1]80",
                                      "[]:80", "[192.0.2.1]:80", "192.0.2.1:8a", ":80", "",
                                      "192.0.2.01:80", "256.0.0.1:80", "1.2.3.4.5:80",
                                      "1..2.3:80", "1.2.3.:80", " 1.2.3.4:80", "1.2.3.4 :80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(tk_endpoint_parse(bad[i], strlen(bad[i]), &ep), TK_ERR_DATA);
}

static void csv_lines(void **state)
{
    struct tk_observation o;
    struct tk_error err = {0};
    int skip;
    (void)state;
    assert_int_equal(parse("time,reporter,peer,source", &o, &skip, &err), TK_OK);
    assert_true(skip);
    assert_int_equal(parse("  # comment", &o, &skip, &err), TK_OK);
    assert_true(skip);
    assert_int_equal(parse("", &o, &skip, &err), TK_OK);
    assert_true(skip);
    assert_int_equal(parse("1493596800,192.0.2.1:1,[2001:db8::2]:2\r", &o, &skip, &err), TK_OK);
    assert_false(skip);
    assert_int_equal(o.time, 1493596800);
    assert_int_equal(o.source, TK_OBS_CRAWLER);
    assert_true(o.has_peer);
    assert_int_equal(o.peer.family, 6);
    assert_int_equal(parse("1493596800.75, 192.0.2.1:1 ,,sensor", &o, &skip, &err), TK_OK);
    assert_int_equal(o.time, 1493596800);
    assert_false(o.has_peer);
    assert_int_equal(o.source, TK_OBS_SENSOR);
    assert_int_equal(parse("2017-05-01T01:02:03Z,192.0.2.1:1,192.0.2.2:2", &o, &skip, &err),
                     TK_OK);
    assert_int_equal(o.time, 1493600523);
    assert_int_equal(parse("2017-05-01 03:02:03.5+02:00,192.0.2.1:1,192.0.2.2:2", &o, &skip, &err),
                     TK_OK);
    assert_int_equal(o.time, 1493600523);
    assert_int_equal(parse("\"1\",\"192.0.2.1:1\",\"192.0.2.2:2\"", &o, &skip, &err), TK_OK);
    assert_int_equal(o.time, 1);
}

static void csv_errors(void **state)
{
    static const struct { const char *line, *message; } cases[] = {
        {"1,192.0.2.1:1", "expected TIME,REPORTER,PEER[,SOURCE], found 2 fields"},
        {"1,2,3,4,5", "found more than 4 fields"},
        {"yesterday,192.0.2.1:1,192.0.2.2:2", "expected a time"},
        {"2017-02-30T00:00:00Z,192.0.2.1:1,192.0.2.2:2", "expected a time"},
        {"1,192.0.2.1,192.0.2.2:2", "expected the reporter as ADDRESS:PORT"},
        {"1,192.0.2.1:1,host:2", "expected the peer as ADDRESS:PORT"},
        {"1,192.0.2.1:1,192.0.2.2:2,spider", "expected the source 'crawler' or 'sensor'"},
        {"9999999999999,192.0.2.1:1,192.0.2.2:2", "expected a time"},
    };
    struct tk_observation o;
    struct tk_error err = {0};
    int skip;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(parse(cases[i].line, &o, &skip, &err), TK_ERR_DATA);
        assert_non_null(strstr(err.message, cases[i].message));
    }
    assert_int_equal(tk_obs_parse_line("1,192.0.2.1:1\0,x", 17, &o, &skip, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "NUL"));
}

static void json_lines(void **state)
{
    struct tk_observation o;
    struct tk_error err = {0};
    int skip;
    (void)state;
    assert_int_equal(parse("{\"time\":5,\"reporter\":\"192.0.2.1:1\",\"peer\":\"192.0.2.2:2\"}",
                           &o, &skip, &err), TK_OK);
    assert_int_equal(o.time, 5);
    assert_true(o.has_peer);
    assert_int_equal(parse(" { \"extra\" : [1], \"time\":5}", &o, &skip, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "flat JSON object"));
    assert_int_equal(parse("{\"peer\":null,\"source\":\"sens\\u006fr\",\"note\":\"\\ud83d\\ude00\","
                           "\"x\":-1.5e3,\"y\":true,\"reporter\":\"[::1]:9\",\"time\":\"7\"}",
                           &o, &skip, &err), TK_OK);
    assert_false(o.has_peer);
    assert_int_equal(o.source, TK_OBS_SENSOR);
    assert_int_equal(o.time, 7);
    assert_int_equal(o.reporter.family, 6);
    static const struct { const char *line, *message; } cases[] = {
        {"{\"reporter\":\"192.0.2.1:1\"}", "expected a \"time\" field"},
        {"{\"time\":1}", "expected a \"reporter\" field"},
        {"{\"time\":1,\"reporter\":\"192.0.2.1:1\"", "expected ',' or '}'"},
        {"{\"time\":1,\"reporter\":\"192.0.2.1:1\"} x", "expected the line to end"},
        {"{\"time\":1,\"reporter\":5}", "expected \"reporter\" as a string"},
        {"{\"time\":true,\"reporter\":\"192.0.2.1:1\"}", "expected \"time\" as a number"},
        {"{\"time\":1,\"reporter\":\"192.0.2.1:1\",\"peer\":\"a\\q\"}", "expected a JSON string"},
        {"{\"time\":1,\"reporter\":\"192.0.2.1:1\",\"n\":\"\\ud800x\"}", "expected a JSON string"},
        {"{time:1}", "expected a JSON key"},
        {"{\"time\" 1}", "expected ':'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(parse(cases[i].line, &o, &skip, &err), TK_ERR_DATA);
        assert_non_null(strstr(err.message, cases[i].message));
    }
}

static void time_format(void **state)
{
    char text[32];
    (void)state;
    tk_obs_format_time(1493600523, text);
    assert_string_equal(text, "2017-05-01T01:02:03Z");
    tk_obs_format_time(0, text);
    assert_string_equal(text, "1970-01-01T00:00:00Z");
}

static char *temp_path(const char *suffix)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/tk-obs-%d%s", (int)getpid(), suffix);
    return path;
}

/* Malformed rows are returned with their line and reading goes on; gzip is read too. */
static void reader(void **state)
{
    const char *text = "time,reporter,peer\r\n"
                       "1,192.0.2.1:1,192.0.2.2:2\r\n"
                       "bad row\n"
                       "\n"
                       "{\"time\":2,\"reporter\":\"192.0.2.3:3\",\"peer\":\"192.0.2.1:1\"}\n"
                       "3,192.0.2.1:1,nowhere\n"
                       "4,192.0.2.9:9,192.0.2.1:1";
    struct tk_observation o;
    struct tk_error err = {0};
    struct tk_obs_reader *r;
    (void)state;
    for (int compressed = 0; compressed < 2; compressed++) {
        char *path = temp_path(compressed ? ".gz" : ".csv");
        gzFile gz = gzopen(path, compressed ? "wb" : "wbT");
        assert_non_null(gz);
        gzputs(gz, text);
        gzclose(gz);
        assert_int_equal(tk_obs_reader_open(&r, path, &err), TK_OK);
        assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_OK);
        assert_int_equal(o.time, 1);
        assert_int_equal(tk_obs_reader_line(r), 2);
        assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_ERR_DATA);
        assert_non_null(strstr(err.message, ":3: expected TIME,REPORTER,PEER"));
        assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_OK);
        assert_int_equal(o.time, 2);
        assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_ERR_DATA);
        assert_non_null(strstr(err.message, ":6: expected the peer"));
        assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_OK);
        assert_int_equal(o.time, 4);
        assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_ERR_STOP);
        tk_obs_reader_close(r);
        unlink(path);
    }
    assert_int_equal(tk_obs_reader_open(&r, "/nonexistent/obs.csv", &err), TK_ERR_IO);
    assert_non_null(strstr(err.message, "/nonexistent/obs.csv"));
}

static void overlong_line(void **state)
{
    char *path = temp_path(".long");
    FILE *f = fopen(path, "w");
    struct tk_observation o;
    struct tk_error err = {0};
    struct tk_obs_reader *r;
    (void)state;
    for (int i = 0; i < TK_OBS_LINE_MAX + 10; i++)
        fputc('9', f);
    fputs("\n1,192.0.2.1:1,192.0.2.2:2\n", f);
    fclose(f);
    assert_int_equal(tk_obs_reader_open(&r, path, &err), TK_OK);
    assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, ":1: expected a line of at most"));
    assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_OK);
    assert_int_equal(tk_obs_reader_line(r), 2);
    assert_int_equal(tk_obs_reader_next(r, &o, &err), TK_ERR_STOP);
    tk_obs_reader_close(r);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endpoints), cmocka_unit_test(csv_lines),   cmocka_unit_test(csv_errors),
        cmocka_unit_test(json_lines), cmocka_unit_test(time_format), cmocka_unit_test(reader),
        cmocka_unit_test(overlong_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
