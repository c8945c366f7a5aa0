/* log_time.c - timestamp formats of DNS logs (see log_time.h). Written by hand: strptime
 * depends on the locale and the time zone, and these run once per log line. */
#include "logs/log_time.h"

#include <string.h>
#include <time.h>

#include "takedown/date.h"

static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Reads exactly n digits. */
static int digits(const char *s, size_t len, size_t at, size_t n, int *out)
{
    int v = 0;
    if (at + n > len)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[at + i] < '0' || s[at + i] > '9')
            return 0;
        v = v * 10 + (s[at + i] - '0');
    }
    *out = v;
    return 1;
}

static int month_of(const char *s, size_t len, size_t at)
{
    if (at + 3 > len)
        return 0;
    for (int m = 0; m < 12; m++)
        if (strncmp(s + at, months[m], 3) == 0)
            return m + 1;
    return 0;
}

static int valid_civil(int y, int mo, int d, int h, int mi, int se)
{
    return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1
           && d <= tk_days_in_month(y, mo) && h <= 23 && mi <= 59 && se <= 60;
}

static int64_t to_unix(int y, int mo, int d, int h, int mi, int se)
{
    return tk_day_to_unix(tk_day_from_civil(y, mo, d)) + h * 3600 + mi * 60 + se;
}

/* HH:MM:SS at s + at; *end after it, fraction skipped. */
static int clock_at(const char *s, size_t len, size_t at, int *h, int *mi, int *se, size_t *end)
{
    if (!digits(s, len, at, 2, h) || at + 2 >= len || s[at + 2] != ':'
        || !digits(s, len, at + 3, 2, mi) || at + 5 >= len || s[at + 5] != ':'
        || !digits(s, len, at + 6, 2, se))
        return 0;
    at += 8;
    if (at < len && (s[at] == '.' || s[at] == ',')) {
        at++;
        while (at < len && s[at] >= '0' && s[at] <= '9')
            at++;
    }
    *end = at;
    return 1;
}

int log_time_epoch(const char *s, size_t len, int64_t *out, size_t *used)
{
    int64_t v = 0;
    size_t i = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && i < 12)
        v = v * 10 + (s[i++] - '0');
    if (i < 9 || (i < len && s[i] >= '0' && s[i] <= '9'))
        return 0;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
    }
    *out = v;
    *used = i;
    return 1;
}

int log_time_iso(const char *s, size_t len, int64_t *out, size_t *used)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    size_t at = 10;
    if (!digits(s, len, 0, 4, &y) || len < 10 || s[4] != '-' || !digits(s, len, 5, 2, &mo)
        || s[7] != '-' || !digits(s, len, 8, 2, &d))
        return 0;
    if (at + 1 < len && (s[at] == 'T' || s[at] == ' ') && s[at + 1] >= '0' && s[at + 1] <= '9') {
        if (!clock_at(s, len, at + 1, &h, &mi, &se, &at))
            return 0;
        int offset = 0;
        if (at < len && s[at] == 'Z') {
            at++;
        } else if (at < len && (s[at] == '+' || s[at] == '-')) {
            int oh, om;
            size_t colon = at + 3 < len && s[at + 3] == ':' ? 1 : 0;
            if (digits(s, len, at + 1, 2, &oh) && digits(s, len, at + 3 + colon, 2, &om)
                && oh <= 23 && om <= 59) {
                offset = (oh * 3600 + om * 60) * (s[at] == '+' ? 1 : -1);
                at += 5 + colon;
            }
        }
        if (!valid_civil(y, mo, d, h, mi, se))
            return 0;
        *out = to_unix(y, mo, d, h, mi, se) - offset;
    } else {
        if (!valid_civil(y, mo, d, 0, 0, 0))
            return 0;
        *out = to_unix(y, mo, d, 0, 0, 0);
    }
    *used = at;
    return 1;
}

int log_time_bind(const char *s, size_t len, int64_t *out, size_t *used)
{
    int d, mo, y, h, mi, se;
    size_t at;
    if (!digits(s, len, 0, 2, &d) || len < 12 || s[2] != '-' || !(mo = month_of(s, len, 3))
        || s[6] != '-' || !digits(s, len, 7, 4, &y) || s[11] != ' '
        || !clock_at(s, len, 12, &h, &mi, &se, &at) || !valid_civil(y, mo, d, h, mi, se))
        return 0;
    *out = to_unix(y, mo, d, h, mi, se);
    *used = at;
    return 1;
}

int log_time_syslog(const char *s, size_t len, int64_t *out, size_t *used)
{
    int mo = month_of(s, len, 0), d, h, mi, se;
    size_t at;
    if (!mo || len < 7 || s[3] != ' ')
        return 0;
    if (s[4] == ' ' ? !digits(s, len, 5, 1, &d) : !digits(s, len, 4, 2, &d))
        return 0;
    if (s[6] != ' ' || !clock_at(s, len, 7, &h, &mi, &se, &at))
        return 0;
    time_t now = time(NULL);
    struct tk_civil today = tk_day_to_civil(tk_day_from_unix((int64_t)now));
    int y = today.year;
    if (!valid_civil(y, mo, d, h, mi, se) && !valid_civil(y - 1, mo, d, h, mi, se))
        return 0;
    int64_t t = valid_civil(y, mo, d, h, mi, se) ? to_unix(y, mo, d, h, mi, se) : INT64_MAX;
    if (t > (int64_t)now + 86400)
        t = to_unix(y - 1, mo, d, h, mi, se);
    *out = t;
    *used = at;
    return 1;
}

int log_time_any(const char *s, size_t len, int64_t *out, size_t *used)
{
    return log_time_iso(s, len, out, used) || log_time_bind(s, len, out, used)
           || log_time_syslog(s, len, out, used) || log_time_epoch(s, len, out, used);
}
