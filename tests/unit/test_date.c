/* test_date.c - UTC day arithmetic: known dates, round trips, impossible dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "takedown/date.h"

static void known_days(void **state)
{
    (void)state;
    assert_int_equal(tk_day_from_civil(1970, 1, 1), 0);
    assert_int_equal(tk_day_from_civil(2020, 3, 1), 18322);
    assert_int_equal(tk_day_from_civil(2000, 2, 29), 11016);
    assert_int_equal(tk_day_from_civil(1969, 12, 31), -1);
    assert_int_equal(tk_day_to_unix(18322), 1583020800);
    assert_int_equal(tk_day_from_unix(1583020800 + 86399), 18322);
    assert_int_equal(tk_day_from_unix(-1), -1);
}

static void round_trip_every_day(void **state)
{
    (void)state;
    for (tk_day d = tk_day_from_civil(1899, 1, 1); d < tk_day_from_civil(2101, 1, 1); d++) {
        struct tk_civil c = tk_day_to_civil(d);
        assert_int_equal(tk_day_from_civil(c.year, c.month, c.day), d);
        assert_true(c.day >= 1 && c.day <= tk_days_in_month(c.year, c.month));
        assert_int_equal(c.yday, d - tk_day_from_civil(c.year, 1, 1));
    }
}

static void weekdays(void **state)
{
    (void)state;
    assert_int_equal(tk_day_to_civil(0).weekday, 4);                              /* Thursday */
    assert_int_equal(tk_day_to_civil(tk_day_from_civil(2020, 3, 1)).weekday, 0);  /* Sunday */
    assert_int_equal(tk_day_to_civil(tk_day_from_civil(1969, 12, 29)).weekday, 1); /* Monday */
}

static void parse_and_format(void **state)
{
    struct tk_error err = {0};
    tk_day d;
    char buf[11];
    (void)state;
    assert_int_equal(tk_day_parse("2020-02-29", &d, &err), TK_OK);
    tk_day_format(d, buf);
    assert_string_equal(buf, "2020-02-29");
    assert_int_equal(tk_day_parse("2021-02-29", &d, &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "2021-02 has 28 days"));
    assert_int_equal(tk_day_parse("2021-02-30", &d, &err), TK_ERR_USAGE);
    assert_int_equal(tk_day_parse("2021-13-01", &d, &err), TK_ERR_USAGE);
    assert_int_equal(tk_day_parse("2021-1-01", &d, &err), TK_ERR_USAGE);
    assert_int_equal(tk_day_parse("2021-01-01x", &d, &err), TK_ERR_USAGE);
    assert_int_equal(tk_day_parse("", &d, &err), TK_ERR_USAGE);
    assert_int_equal(tk_day_parse("2100-02-29", &d, &err), TK_ERR_USAGE);
    assert_int_equal(tk_day_parse("2000-02-29", &d, &err), TK_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_days),
        cmocka_unit_test(round_trip_every_day),
        cmocka_unit_test(weekdays),
        cmocka_unit_test(parse_and_format),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
