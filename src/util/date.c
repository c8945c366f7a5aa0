/* date.c - UTC day arithmetic without time zones (see include/takedown/date.h).
 *
 * Written by hand rather than with timegm()/gmtime_r() because those go through the C
 * library's locale and time-zone machinery and reject years a DGA may be asked about; the
 * civil-from-days algorithm below is exact for every year that fits an int. */
#include "takedown/date.h"

#include <string.h>

int tk_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int tk_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && tk_is_leap_year(year))
        return 29;
    return days[month - 1];
}

/* Days from 1970-01-01 to year-month-day, counting years from March so that the leap day
 * falls at the end of the counted year. */
tk_day tk_day_from_civil(int year, int month, int day)
{
    int y = month <= 2 ? year - 1 : year;
    int era = (y >= 0 ? y : y - 399) / 400;
    int year_of_era = y - era * 400;
    int month_from_march = month > 2 ? month - 3 : month + 9;
    int day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return (tk_day)(era * 146097 + day_of_era - 719468);
}

struct tk_civil tk_day_to_civil(tk_day day)
{
    struct tk_civil c;
    int z = day + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int day_of_era = z - era * 146097;
    int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int month_from_march = (5 * day_of_year + 2) / 153;

    c.day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    c.month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
    c.year = year_of_era + era * 400 + (c.month <= 2);
    c.weekday = (int)(((int64_t)day % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    c.yday = day - tk_day_from_civil(c.year, 1, 1);
    return c;
}

int64_t tk_day_to_unix(tk_day day)
{
    return (int64_t)day * 86400;
}

tk_day tk_day_from_unix(int64_t seconds)
{
    int64_t d = seconds / 86400;
    if (seconds % 86400 < 0)
        d--;
    return (tk_day)d;
}

static int parse_digits(const char *text, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -1;
        v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return 0;
}

int tk_day_parse(const char *text, tk_day *out, struct tk_error *err)
{
    int year, month, day;

    if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-'
        || parse_digits(text, 4, &year) || parse_digits(text + 5, 2, &month)
        || parse_digits(text + 8, 2, &day))
        return tk_error_set(err, TK_ERR_USAGE, "'%s' is not a date: expected YYYY-MM-DD",
                            text ? text : "");
    if (month < 1 || month > 12)
        return tk_error_set(err, TK_ERR_USAGE, "'%s' is not a date: month %d does not exist",
                            text, month);
    if (day < 1 || day > tk_days_in_month(year, month))
        return tk_error_set(err, TK_ERR_USAGE, "'%s' is not a date: %04d-%02d has %d days",
                            text, year, month, tk_days_in_month(year, month));
    *out = tk_day_from_civil(year, month, day);
    return TK_OK;
}

void tk_day_format(tk_day day, char buf[11])
{
    struct tk_civil c = tk_day_to_civil(day);
    int year = ((c.year % 10000) + 10000) % 10000;
    buf[0] = (char)('0' + year / 1000);
    buf[1] = (char)('0' + year / 100 % 10);
    buf[2] = (char)('0' + year / 10 % 10);
    buf[3] = (char)('0' + year % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + c.month / 10);
    buf[6] = (char)('0' + c.month % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + c.day / 10);
    buf[9] = (char)('0' + c.day % 10);
    buf[10] = '\0';
}
