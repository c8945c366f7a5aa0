/* date.h - UTC calendar days as plain integers.
 *
 * Every date in takedown is a UTC day, stored as the number of days since 1970-01-01
 * (negative before it). Conversions use the proleptic Gregorian calendar and no time zone,
 * so results never depend on the machine's TZ. */
#ifndef TAKEDOWN_DATE_H
#define TAKEDOWN_DATE_H

#include <stdint.h>

#include "takedown/error.h"

typedef int32_t tk_day;

struct tk_civil {
    int year;    /* e.g. 2020 */
    int month;   /* 1..12 */
    int day;     /* 1..31 */
    int weekday; /* 0 = Sunday .. 6 = Saturday */
    int yday;    /* 0..365, day of the year */
};

tk_day tk_day_from_civil(int year, int month, int day);
struct tk_civil tk_day_to_civil(tk_day day);
int tk_days_in_month(int year, int month);
int tk_is_leap_year(int year);

/* Seconds since the epoch at 00:00:00 UTC of day. */
int64_t tk_day_to_unix(tk_day day);
/* The UTC day containing the given Unix time (floor division). */
tk_day tk_day_from_unix(int64_t seconds);

/* Parses exactly "YYYY-MM-DD" and rejects impossible dates (2021-02-30). */
int tk_day_parse(const char *text, tk_day *out, struct tk_error *err);
/* Writes "YYYY-MM-DD" and a terminating NUL into buf (at least 11 bytes). */
void tk_day_format(tk_day day, char buf[11]);

#endif
