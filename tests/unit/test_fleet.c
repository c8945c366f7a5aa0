/* test_fleet.c - the fleet's text handling: the one SQL string escaper (quote, backslash,
 * NUL, newline, bytes outside ASCII), the reader of TabSeparated answers (escapes, widths,
 * garbage), the offsets file (round trip, refusals naming the line), the server URL, the
 * schema's names, and the rows' RowBinary length. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "takedown/fleet.h"

static void quoting(void **state)
{
    struct tk_fleet_buf b = {0};
    static const char hostile[] = "a'b\\c\0d\ne\xc3\xa9";
    (void)state;
    assert_int_equal(tk_fleet_sql_quote(&b, hostile, sizeof hostile - 1), TK_OK);
    assert_string_equal((char *)b.data, "'a\\'b\\\\c\\x00d\\x0ae\\xc3\\xa9'");
    b.len = 0;
    assert_int_equal(tk_fleet_sql_quote(&b, "", 0), TK_OK);
    assert_string_equal((char *)b.data, "''");
    tk_fleet_buf_free(&b);
}

static void answers(void **state)
{
    char text[] = "IN\t\\xe2\\x80\\t\\\\\t42\n--\t\t0\n";
    struct tk_fleet_answer a;
    struct tk_error err = {0};
    uint64_t n;
    (void)state;
    tk_fleet_answer_init(&a, text, strlen(text));
    assert_int_equal(tk_fleet_answer_row(&a, 3, &err), 1);
    assert_string_equal(a.fields[0], "IN");
    assert_string_equal(a.fields[1], "\xe2\x80\t\\");
    assert_int_equal(tk_fleet_answer_u64(&a, 2, &n, &err), TK_OK);
    assert_int_equal(n, 42);
    assert_int_equal(tk_fleet_answer_row(&a, 3, &err), 1);
    assert_string_equal(a.fields[1], "");
    assert_int_equal(tk_fleet_answer_row(&a, 3, &err), 0);

    char html[] = "<html>\n";
    tk_fleet_answer_init(&a, html, strlen(html));
    assert_int_equal(tk_fleet_answer_row(&a, 2, &err), -1);
    assert_string_equal(err.message, "answer line 1: expected 2 fields, got 1");
    char cut[] = "1\t2";
    tk_fleet_answer_init(&a, cut, strlen(cut));
    assert_int_equal(tk_fleet_answer_row(&a, 2, &err), -1);
    char bad_escape[] = "\\q\n";
    tk_fleet_answer_init(&a, bad_escape, strlen(bad_escape));
    assert_int_equal(tk_fleet_answer_row(&a, 1, &err), -1);
    char not_number[] = "12x\n";
    tk_fleet_answer_init(&a, not_number, strlen(not_number));
    assert_int_equal(tk_fleet_answer_row(&a, 1, &err), 1);
    assert_int_equal(tk_fleet_answer_u64(&a, 0, &n, &err), TK_ERR_DATA);
}

static void offsets(void **state)
{
    struct tk_fleet_offsets o = {0}, back = {0};
    struct tk_error err = {0};
    char path[] = "/tmp/test_fleet_offsets.XXXXXX";
    int fd = mkstemp(path);
    (void)state;
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    strcpy(back.sensor, "kept");
    assert_int_equal(tk_fleet_offsets_load(path, &back, &err), TK_OK); /* missing: the start */
    assert_string_equal(back.sensor, "kept");
    assert_int_equal(back.records, 0);
    strcpy(o.sensor, "sinkhole-a");
    strcpy(o.file, "events-20200301T000000Z.tkev");
    o.records = 15000;
    o.first_seq = 15001;
    assert_int_equal(tk_fleet_offsets_save(path, &o, &err), TK_OK);
    assert_int_equal(tk_fleet_offsets_load(path, &back, &err), TK_OK);
    assert_memory_equal(&o, &back, sizeof o);
    unlink(path);

    static const char wrong[] = "takedown-fleet-offsets 1\nsensor a b\n";
    assert_int_equal(tk_fleet_offsets_parse(wrong, sizeof wrong - 1, "f", &o, &err), TK_ERR_DATA);
    assert_string_equal(err.message, "f:2: expected 'sensor ID'");
    static const char short_file[] = "takedown-fleet-offsets 1\nsensor a\nfile x\n";
    assert_int_equal(tk_fleet_offsets_parse(short_file, sizeof short_file - 1, "f", &o, &err),
                     TK_ERR_DATA);
    assert_string_equal(err.message, "f:4: expected 'position RECORDS FIRST_SEQ'");
    static const char overflow[] =
        "takedown-fleet-offsets 1\nsensor a\nfile x\nposition 18446744073709551615 1\n";
    assert_int_equal(tk_fleet_offsets_parse(overflow, sizeof overflow - 1, "f", &o, &err),
                     TK_ERR_DATA);
}

static void servers(void **state)
{
    struct tk_fleet_server s = {0};
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_fleet_server_parse("clickhouse://127.0.0.1:8123/fleet_db", &s, &err), TK_OK);
    assert_string_equal(s.base, "http://127.0.0.1:8123/");
    assert_string_equal(s.database, "fleet_db");
    memset(&s, 0, sizeof s);
    assert_int_equal(tk_fleet_server_parse("http://localhost:9", &s, &err), TK_OK);
    assert_string_equal(s.database, "takedown");
    assert_int_equal(tk_fleet_server_parse("http://user:pw@host:1/db", &s, &err), TK_ERR_USAGE);
    assert_int_equal(tk_fleet_server_parse("http://host/db", &s, &err), TK_ERR_USAGE);
    assert_int_equal(tk_fleet_server_parse("ftp://host:1", &s, &err), TK_ERR_USAGE);
    assert_int_equal(tk_fleet_server_parse("http://host:1/db;DROP", &s, &err), TK_ERR_USAGE);
}

static void schema(void **state)
{
    struct tk_fleet_schema_options o = {.database = "takedown", .cluster = "fleet", .ttl_days = 30};
    struct tk_error err = {0};
    char **statements;
    size_t count;
    (void)state;
    assert_int_equal(tk_fleet_schema(&o, &statements, &count, &err), TK_OK);
    assert_int_equal(count, 3);
    assert_non_null(strstr(statements[1], "ReplacingMergeTree()"));
    assert_non_null(strstr(statements[1], "PARTITION BY day"));
    assert_non_null(strstr(statements[1], "TTL day + INTERVAL 30 DAY"));
    assert_non_null(strstr(statements[2], "Distributed(fleet, takedown, events_local"));
    tk_fleet_schema_free(statements, count);
    o.cluster = "fleet'; DROP";
    assert_int_equal(tk_fleet_schema(&o, &statements, &count, &err), TK_ERR_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoting), cmocka_unit_test(answers), cmocka_unit_test(offsets),
        cmocka_unit_test(servers), cmocka_unit_test(schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
