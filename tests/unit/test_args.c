/* test_args.c - parameter parsing and validation against a family's declaration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "takedown/args.h"
#include "takedown/family.h"

static const struct tk_variant variants[] = {
    {"v1", "first", NULL, NULL, 0, 0},
    {"v2", "second", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "day"},
    {"seed", TK_PARAM_HEX32, "DEADBEEF", NULL, "seed"},
    {"count", TK_PARAM_INT, "10", NULL, "names"},
    {"rc4_key", TK_PARAM_STRING, "", "v2", "key"},
    {"sandbox", TK_PARAM_BOOL, "no", NULL, "flag"},
    {0},
};

static const struct tk_family family = {
    .name = "testfam", .aliases = "", .variants = variants, .params = params,
};

static void defaults_and_types(void **state)
{
    struct tk_args *a;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_args_new(&family, &variants[0], &a, &err), TK_OK);
    assert_int_equal(tk_args_u32(a, "seed"), 0xDEADBEEF);
    assert_int_equal(tk_args_int(a, "count"), 10);
    assert_false(tk_args_bool(a, "sandbox"));
    assert_false(tk_args_was_set(a, "count"));
    /* date is required */
    assert_int_equal(tk_args_check(a, &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "--date"));
    assert_int_equal(tk_args_set(a, "date", "2020-03-01", &err), TK_OK);
    assert_int_equal(tk_args_check(a, &err), TK_OK);
    assert_int_equal(tk_args_day(a, "date"), 18322);
    assert_int_equal(tk_args_set(a, "seed", "0x0f0d5bfa", &err), TK_OK);
    assert_int_equal(tk_args_u32(a, "seed"), 0x0F0D5BFA);
    assert_int_equal(tk_args_set(a, "count", "0x10", &err), TK_OK);
    assert_int_equal(tk_args_int(a, "count"), 16);
    assert_true(tk_args_was_set(a, "count"));
    assert_int_equal(tk_args_set(a, "sandbox", "yes", &err), TK_OK);
    assert_true(tk_args_bool(a, "sandbox"));
    tk_args_free(a);
}

static void rejects_bad_values(void **state)
{
    struct tk_args *a;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_args_new(&family, &variants[0], &a, &err), TK_OK);
    assert_int_equal(tk_args_set(a, "seed", "XYZ", &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "hexadecimal"));
    assert_int_equal(tk_args_set(a, "seed", "123456789", &err), TK_ERR_USAGE);
    assert_int_equal(tk_args_set(a, "count", "12abc", &err), TK_ERR_USAGE);
    assert_int_equal(tk_args_set(a, "count", "", &err), TK_ERR_USAGE);
    assert_int_equal(tk_args_set(a, "date", "2021-02-30", &err), TK_ERR_USAGE);
    assert_int_equal(tk_args_set(a, "sandbox", "maybe", &err), TK_ERR_USAGE);
    assert_int_equal(tk_args_set(a, "nosuch", "1", &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "no parameter --nosuch"));
    /* Out of range is told apart from not a number, and the count has a ceiling. */
    assert_int_equal(tk_args_set(a, "count", "99999999999999999999", &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "--count: '99999999999999999999' is out of range"));
    assert_int_equal(tk_args_set(a, "count", "99999999999", &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "out of range (0..1000000)"));
    assert_int_equal(tk_args_set(a, "count", "-1", &err), TK_ERR_USAGE);
    assert_int_equal(tk_args_set(a, "count", " 5", &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "is not an integer"));
    assert_int_equal(tk_args_set(a, "count", "0x-1", &err), TK_ERR_USAGE);
    assert_int_equal(tk_args_set(a, "count", "1000000", &err), TK_OK);
    /* rc4_key applies to v2 only */
    assert_int_equal(tk_args_set(a, "rc4-key", "00", &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "does not apply"));
    tk_args_free(a);
}

static void variant_params_and_pairs(void **state)
{
    struct tk_args *a, *b;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_args_new(&family, &variants[1], &a, &err), TK_OK);
    assert_int_equal(tk_args_set_pairs(a, "rc4-key=abcd;count=7;date=2016-07-15", &err), TK_OK);
    assert_string_equal(tk_args_str(a, "rc4_key"), "abcd");
    b = tk_args_clone(a);
    assert_non_null(b);
    assert_int_equal(tk_args_set_day(b, "date", 18322), TK_OK);
    assert_string_equal(tk_args_text(b, "date"), "2020-03-01");
    assert_string_equal(tk_args_text(a, "date"), "2016-07-15");
    assert_int_equal(tk_args_int(b, "count"), 7);
    assert_int_equal(tk_args_set_pairs(a, "count", &err), TK_ERR_USAGE);
    tk_args_free(a);
    tk_args_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_and_types),
        cmocka_unit_test(rejects_bad_values),
        cmocka_unit_test(variant_params_and_pairs),
    };
    return cmocka_run_group_tests_name("args", tests, NULL, NULL);
}
