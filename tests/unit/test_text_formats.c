/* test_text_formats.c - the small text utilities of src/util: CSV fields read and written,
 * JSON strings written, hex digits read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/csv.h"
#include "takedown/hex.h"
#include "takedown/json_write.h"

/* What write(out) prints, in a buffer the caller frees. */
static char *printed(void (*write)(FILE *, const char *, size_t), const char *s, size_t len)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    write(out, s, len);
    fclose(out);
    return text;
}

static void csv_fields_read(void **state)
{
    static const char line[] = "a,\"b,\"\"c\"\"\",,d";
    size_t len = sizeof line - 1;
    char out[16];
    (void)state;
    assert_int_equal(tk_csv_field(line, len, 0, out, sizeof out), 1);
    assert_string_equal(out, "a");
    assert_int_equal(tk_csv_field(line, len, 1, out, sizeof out), 5);
    assert_string_equal(out, "b,\"c\"");
    assert_int_equal(tk_csv_field(line, len, 2, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(tk_csv_field(line, len, 3, out, sizeof out), 1);
    assert_int_equal(tk_csv_field(line, len, 4, out, sizeof out), -1); /* too few fields */
    assert_int_equal(tk_csv_field(line, len, 1, out, 5), -1);          /* does not fit */
    assert_int_equal(tk_csv_field("\"ab", 3, 0, out, sizeof out), -1); /* unterminated */
    assert_int_equal(tk_csv_field("\"a\"b,c", 6, 1, out, sizeof out), -1);

    size_t at = 0;
    assert_int_equal(tk_csv_next(line, len, &at, out, sizeof out), 1);
    assert_int_equal(at, 1);
    at++;
    assert_int_equal(tk_csv_next(line, len, &at, NULL, 0), 5);
    assert_int_equal(line[at], ',');
}

static void csv_fields_written(void **state)
{
    char *text;
    (void)state;
    text = printed(tk_csv_put_field, "plain", 5);
    assert_string_equal(text, "plain");
    free(text);
    text = printed(tk_csv_put_field, "a,\"b\"\n", 6);
    assert_string_equal(text, "\"a,\"\"b\"\"\n\"");
    free(text);
    text = printed(tk_csv_put_field, "a,b", 1); /* only len bytes */
    assert_string_equal(text, "a");
    free(text);
}

static void json_strings_written(void **state)
{
    static const char input[] = "q\"b\\\n\x01\x7f caf\xc3\xa9 \xff\xc3";
    char *text;
    (void)state;
    text = printed(tk_json_put_string, input, sizeof input - 1);
    /* Well-formed UTF-8 stays; a stray byte and a sequence cut by the end become U+FFFD. */
    assert_string_equal(text, "\"q\\\"b\\\\\\u000a\\u0001\\u007f caf\xc3\xa9 \\ufffd\\ufffd\"");
    free(text);

    char out[6];
    size_t used;
    assert_int_equal(tk_json_escape_char("\xc3\xa9", 2, TK_JSON_BYTES, out, &used), 6);
    assert_memory_equal(out, "\\u00c3", 6);
    assert_int_equal(used, 1);
    assert_int_equal(tk_json_escape_char("\xc3\xa9", 2, TK_JSON_UTF8, out, &used), 2);
    assert_int_equal(used, 2);
    assert_true(tk_json_plain('a'));
    assert_false(tk_json_plain('"'));
    assert_false(tk_json_plain(0x80));

    char *null_text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&null_text, &size);
    tk_json_put_text(f, NULL);
    fclose(f);
    assert_string_equal(null_text, "null");
    free(null_text);
}

static void hex_digits_read(void **state)
{
    uint8_t bytes[2];
    unsigned value;
    (void)state;
    assert_int_equal(tk_hex_digit('7'), 7);
    assert_int_equal(tk_hex_digit('b'), 11);
    assert_int_equal(tk_hex_digit('F'), 15);
    assert_int_equal(tk_hex_digit('g'), -1);
    assert_int_equal(tk_hex_decode("0aFf", 2, bytes), 0);
    assert_int_equal(bytes[0], 0x0a);
    assert_int_equal(bytes[1], 0xff);
    assert_int_equal(tk_hex_decode("0x", 1, bytes), -1);
    assert_int_equal(tk_hex_number("00e9", 4, &value), 0);
    assert_int_equal(value, 0xe9);
    assert_int_equal(tk_hex_number("d83 ", 4, &value), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_fields_read),
        cmocka_unit_test(csv_fields_written),
        cmocka_unit_test(json_strings_written),
        cmocka_unit_test(hex_digits_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
