/* test_logs.c - the log line parsers on the line shapes BIND, Unbound and JSON event logs
 * write, their response codes, what counts as malformed, the DNS question reader, and files: format guessing,
 * gzip, a cut gzip stream read up to its last whole line. */
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

#include "takedown/dns_message.h"
#include "takedown/logs.h"

static struct tk_log_record rec;
static struct tk_log_line_state st;

static int parse(enum tk_log_format format, const char *line, int *skip)
{
    struct tk_error err = {0};
    return tk_log_parse_line(format, line, strlen(line), &st, &rec, skip, &err);
}

static void expect(enum tk_log_format format, const char *line, const char *name,
                   const char *client, int64_t time, uint16_t qtype)
{
    int skip = -1;
    tk_log_line_state_init(&st);
    assert_int_equal(parse(format, line, &skip), TK_OK);
    assert_int_equal(skip, 0);
    assert_int_equal(rec.name_len, strlen(name));
    assert_memory_equal(rec.name, name, rec.name_len);
    assert_int_equal(rec.client_len, strlen(client));
    assert_memory_equal(rec.client, client, rec.client_len);
    assert_true(rec.time == time);
    assert_int_equal(rec.qtype, qtype);
}

static void expect_skip(enum tk_log_format format, const char *line)
{
    int skip = -1;
    tk_log_line_state_init(&st);
    assert_int_equal(parse(format, line, &skip), TK_OK);
    assert_int_equal(skip, 1);
}

static void expect_malformed(enum tk_log_format format, const char *line, const char *why)
{
    int skip = -1;
    struct tk_error err = {0};
    tk_log_line_state_init(&st);
    assert_int_equal(tk_log_parse_line(format, line, strlen(line), &st, &rec, &skip, &err),
                     TK_ERR_DATA);
    if (strstr(err.message, why) == NULL)
        fail_msg("'%s': message '%s' lacks '%s'", line, err.message, why);
}

/* 2026-11-28 15:11:20 UTC */
#define T 1795878680

static void bind_lines(void **state)
{
    (void)state;
    expect(TK_LOG_BIND, "28-Nov-2026 15:11:20.123 queries: info: client @0x7f8b2c01a568 "
           "192.0.2.7#40577 (tnceafs.biz): query: tnceafs.biz IN A +E(0)K (192.0.2.53)",
           "tnceafs.biz", "192.0.2.7", T, 1);
    expect(TK_LOG_BIND, "client 2001:db8::7#5353 (x.example): view internal: query: x.example "
           "IN AAAA + (2001:db8::53)", "x.example", "2001:db8::7", TK_LOG_NO_TIME, 28);
    expect(TK_LOG_BIND, "2026-11-28T15:11:20.123Z client @0x1 10.0.0.1#1 (a.b): query: a.b IN "
           "TYPE65 -", "a.b", "10.0.0.1", T, 65);
    expect_skip(TK_LOG_BIND, "28-Nov-2026 15:11:20.123 general: info: zone example/IN: loaded");
    expect_skip(TK_LOG_BIND, "client @0x1 10.0.0.1#1 (a.b): query failed (SERVFAIL) for a.b/IN/A");
    expect_malformed(TK_LOG_BIND, "client @0x1 notanaddress#1 (a.b): query: a.b IN A", "ADDRESS#PORT");
    expect_malformed(TK_LOG_BIND, "client @0x1 10.0.0.1#1 (a.b): query: a..b IN A", "domain name");
    expect_malformed(TK_LOG_BIND, "client @0x1 10.0.0.1#1 (a.b): query: a.b", "CLASS TYPE");
    expect_malformed(TK_LOG_BIND, "query: a.b IN A", "client");
}

static void unbound_lines(void **state)
{
    (void)state;
    expect(TK_LOG_UNBOUND, "[1795878680] unbound[4242:0] info: 192.0.2.7 tnceafs.biz. A IN",
           "tnceafs.biz.", "192.0.2.7", T, 1);
    expect(TK_LOG_UNBOUND, "[1795878680] unbound[4242:1] info: ::1 x.example. MX IN NOERROR "
           "0.000000 0 45", "x.example.", "::1", T, 15);
    /* Syslog stamps carry no year: only the day and the time of day are known. */
    int skip;
    tk_log_line_state_init(&st);
    assert_int_equal(parse(TK_LOG_UNBOUND, "Nov 28 15:11:20 host unbound: [4242:0] info: "
                           "10.1.2.3 a.b. A IN", &skip), TK_OK);
    assert_int_equal(skip, 0);
    assert_memory_equal(rec.client, "10.1.2.3", rec.client_len);
    assert_true(rec.time != TK_LOG_NO_TIME);
    assert_int_equal(rec.time % 86400, 15 * 3600 + 11 * 60 + 20);
    expect_skip(TK_LOG_UNBOUND, "[1795878680] unbound[4242:0] notice: init module 0: validator");
    expect_skip(TK_LOG_UNBOUND, "[1795878680] unbound[4242:0] info: start of service (unbound 1.17.1).");
    expect_skip(TK_LOG_UNBOUND, "[1795878680] unbound[4242:0] info: generate keytag query _ta-4f66. NULL IN");
    expect_malformed(TK_LOG_UNBOUND, "[1795878680] unbound[4242:0] info: 10.1.2.3 a.b.", "TYPE CLASS");
    expect_malformed(TK_LOG_UNBOUND, "[1795878680] unbound[4242:0] info: 10.1.2.3 a..b. A IN",
                     "domain name");
}

static void json_lines(void **state)
{
    (void)state;
    expect(TK_LOG_JSONL, "{\"v\":1,\"time\":\"2026-11-28T15:11:20.123456Z\",\"proto\":\"dns\","
           "\"src\":\"192.0.2.7\",\"sport\":5353,\"name\":\"tnceafs.biz\",\"tag\":{\"family\":"
           "\"necurs\",\"name\":\"ignored\"},\"qtype\":\"AAAA\"}", "tnceafs.biz", "192.0.2.7", T, 28);
    expect(TK_LOG_JSONL, "{\"qname\":\"a\\u002eb\", \"name\":\"other\", \"ts\":1795878680.5, "
           "\"qtype\":16, \"x\":[1,{\"y\":null},true,-2.5e3]}", "a.b", "", T, 16);
    expect_skip(TK_LOG_JSONL, "{\"proto\":\"http\",\"name\":\"a.b\"}");
    expect_malformed(TK_LOG_JSONL, "{\"name\":\"a.b\"", "not closed");
    expect_malformed(TK_LOG_JSONL, "{\"name\":\"a.b\"} x", "after the JSON object");
    expect_malformed(TK_LOG_JSONL, "{\"src\":\"1.2.3.4\"}", "\"qname\" or \"name\"");
    expect_malformed(TK_LOG_JSONL, "{\"name\":\"a.b\",\"src\":\"host\"}", "IP address");
    expect_malformed(TK_LOG_JSONL, "{\"name\":\"a.b\",\"time\":\"yesterday\"}", "time");
    expect_malformed(TK_LOG_JSONL, "[1,2]", "JSON object");
    char deep[200];
    memset(deep, '[', sizeof deep);
    memcpy(deep, "{\"a\":", 5);
    deep[sizeof deep - 1] = '\0';
    expect_malformed(TK_LOG_JSONL, deep, "bad JSON value");
}

/* The response code where a log has one (Unbound's log-replies, JSON "rcode"), else -1. */
static void response_codes(void **state)
{
    (void)state;
    expect(TK_LOG_UNBOUND, "[1795878680] unbound[1:0] info: 10.0.0.9 qx.example. A IN NXDOMAIN "
           "0.000000 0 45", "qx.example.", "10.0.0.9", T, 1);
    assert_int_equal(rec.rcode, 3);
    expect(TK_LOG_UNBOUND, "[1795878680] unbound[1:0] info: 10.0.0.9 a.example. A IN",
           "a.example.", "10.0.0.9", T, 1);
    assert_int_equal(rec.rcode, -1);
    expect(TK_LOG_JSONL, "{\"qname\":\"a.b\",\"rcode\":\"nxdomain\"}", "a.b", "", TK_LOG_NO_TIME,
           0);
    assert_int_equal(rec.rcode, 3);
    expect(TK_LOG_JSONL, "{\"rcode\":2,\"qname\":\"a.b\"}", "a.b", "", TK_LOG_NO_TIME, 0);
    assert_int_equal(rec.rcode, 2);
    expect(TK_LOG_JSONL, "{\"qname\":\"a.b\",\"rcode\":\"BOGUS\"}", "a.b", "", TK_LOG_NO_TIME, 0);
    assert_int_equal(rec.rcode, -1);
    expect_malformed(TK_LOG_JSONL, "{\"qname\":\"a.b\",\"rcode\":}", "rcode");
    expect(TK_LOG_BIND, "client @0x1 10.0.0.1#1 (a.b): query: a.b IN A -", "a.b", "10.0.0.1",
           TK_LOG_NO_TIME, 1);
    assert_int_equal(rec.rcode, -1);
}

static void names_and_csv(void **state)
{
    int skip;
    (void)state;
    expect(TK_LOG_NAMES, "  tnceafs.biz\r", "tnceafs.biz", "", TK_LOG_NO_TIME, 0);
    expect_skip(TK_LOG_NAMES, "# a comment");
    expect_skip(TK_LOG_NAMES, "   ");
    expect_malformed(TK_LOG_NAMES, "two names.com", "one domain name per line");
    expect_malformed(TK_LOG_NAMES, "bad..name", "expected a domain name");

    /* The real-world sample's header: family,domain,date. */
    tk_log_line_state_init(&st);
    assert_int_equal(parse(TK_LOG_CSV, "family,domain,date", &skip), TK_OK);
    assert_int_equal(skip, 1);
    assert_int_equal(parse(TK_LOG_CSV, "necurs,tnceafs.biz,2026-11-28", &skip), TK_OK);
    assert_int_equal(skip, 0);
    assert_memory_equal(rec.name, "tnceafs.biz", rec.name_len);
    assert_true(rec.time == T - 15 * 3600 - 11 * 60 - 20);
    assert_int_equal(parse(TK_LOG_CSV, "suppobox,\"quietescape.net,", &skip), TK_ERR_DATA);
    assert_int_equal(parse(TK_LOG_CSV, "suppobox,\"quietescape.net\",", &skip), TK_OK);
    assert_int_equal(rec.time, TK_LOG_NO_TIME);
    assert_int_equal(parse(TK_LOG_CSV, "x,y.com,not-a-date", &skip), TK_ERR_DATA);
    /* No header: the first column holds the names. */
    tk_log_line_state_init(&st);
    assert_int_equal(parse(TK_LOG_CSV, "a.com,1", &skip), TK_OK);
    assert_memory_equal(rec.name, "a.com", rec.name_len);

    assert_int_equal(tk_log_guess_line("{\"a\":1}", 7), TK_LOG_JSONL);
    assert_int_equal(tk_log_guess_line("a.com", 5), TK_LOG_NAMES);
    const char *bind = "client @0x1 1.2.3.4#5 (a.b): query: a.b IN A";
    assert_int_equal(tk_log_guess_line(bind, strlen(bind)), TK_LOG_BIND);
    const char *unbound = "[1] unbound[1:0] info: 1.2.3.4 a.b. A IN";
    assert_int_equal(tk_log_guess_line(unbound, strlen(unbound)), TK_LOG_UNBOUND);
}

static void dns_questions(void **state)
{
    static const uint8_t query[] = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0,
                                    7, 't', 'n', 'c', 'e', 'a', 'f', 's', 3, 'b', 'i', 'z', 0,
                                    0x00, 0x1C, 0x00, 0x01};
    char out[1024];
    size_t len;
    uint16_t qtype;
    struct tk_error err = {0};
    uint8_t msg[64];
    (void)state;
    assert_int_equal(tk_dns_question(query, sizeof query, out, &len, &qtype, &err), TK_OK);
    assert_string_equal(out, "tnceafs.biz");
    assert_int_equal(qtype, 28);
    /* Bytes outside hostnames come out as \DDD. */
    memcpy(msg, query, sizeof query);
    msg[14] = '.';
    assert_int_equal(tk_dns_question(msg, sizeof query, out, &len, &qtype, &err), TK_OK);
    assert_string_equal(out, "t\\046ceafs.biz");
    assert_int_equal(tk_dns_question(query, 11, out, &len, &qtype, &err), TK_ERR_DATA);
    assert_int_equal(tk_dns_question(query, sizeof query - 3, out, &len, &qtype, &err), TK_ERR_DATA);
    memcpy(msg, query, sizeof query);
    msg[12] = 0xC0;
    assert_int_equal(tk_dns_question(msg, sizeof query, out, &len, &qtype, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "compressed"));
    memcpy(msg, query, sizeof query);
    msg[5] = 0;
    assert_int_equal(tk_dns_question(msg, sizeof query, out, &len, &qtype, &err), TK_ERR_DATA);
    memcpy(msg, query, sizeof query);
    msg[12] = 40; /* a label running past the end */
    assert_int_equal(tk_dns_question(msg, sizeof query, out, &len, &qtype, &err), TK_ERR_DATA);
}

/* Reads every record of path; returns the number of records and malformed lines. */
static void read_all(const char *path, uint64_t *records, uint64_t *malformed, char *note,
                     size_t note_size)
{
    struct tk_log_reader *r;
    struct tk_log_record one;
    struct tk_error err = {0};
    int rc;
    assert_int_equal(tk_log_open(path, TK_LOG_AUTO, &r, &err), TK_OK);
    while ((rc = tk_log_next(r, &one, &err)) != TK_ERR_STOP)
        assert_true(rc == TK_OK || rc == TK_ERR_DATA);
    *records = tk_log_records(r);
    *malformed = tk_log_malformed(r);
    snprintf(note, note_size, "%s", tk_log_end_note(r) ? tk_log_end_note(r) : "");
    tk_log_close(r);
}

static void files_plain_gzip_and_cut(void **state)
{
    char plain[64], gz[64], note[256];
    uint64_t records, malformed;
    (void)state;
    snprintf(plain, sizeof plain, "/tmp/test_logs.%d.log", (int)getpid());
    snprintf(gz, sizeof gz, "/tmp/test_logs.%d.log.gz", (int)getpid());

    FILE *f = fopen(plain, "w");
    gzFile z = gzopen(gz, "wb");
    assert_non_null(f);
    assert_non_null(z);
    for (int i = 0; i < 5000; i++) {
        char line[160];
        int n = snprintf(line, sizeof line, "[1795878680] unbound[1:0] info: 10.0.%d.%d "
                         "n%07dxyz.example. A IN\n", i / 250, i % 250, i);
        if (i == 17)
            n = snprintf(line, sizeof line, "[1795878680] unbound[1:0] info: 10.0.0.1 bad..name. A IN\n");
        fputs(line, f);
        gzwrite(z, line, (unsigned)n);
    }
    fclose(f);
    gzclose(z);

    read_all(plain, &records, &malformed, note, sizeof note);
    assert_int_equal(records, 4999);
    assert_int_equal(malformed, 1);
    assert_string_equal(note, "");
    read_all(gz, &records, &malformed, note, sizeof note);
    assert_int_equal(records, 4999);
    assert_int_equal(malformed, 1);

    /* Cut the gzip file in the middle: every whole line before the cut, and a note. */
    f = fopen(gz, "r+b");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    assert_int_equal(ftruncate(fileno(f), size / 2), 0);
    fclose(f);
    read_all(gz, &records, &malformed, note, sizeof note);
    assert_true(records > 100 && records < 4999);
    assert_non_null(strstr(note, "cut short after line"));
    assert_non_null(strstr(note, "gzip"));
    unlink(plain);
    unlink(gz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bind_lines),
        cmocka_unit_test(unbound_lines),
        cmocka_unit_test(json_lines),
        cmocka_unit_test(response_codes),
        cmocka_unit_test(names_and_csv),
        cmocka_unit_test(dns_questions),
        cmocka_unit_test(files_plain_gzip_and_cut),
    };
    return cmocka_run_group_tests_name("logs", tests, NULL, NULL);
}
