/* observation.c - one observation line, CSV or JSON, to struct tk_observation.
 *
 * The JSON side reads one flat object with the reader layer's JSON scanner (json_scan.h):
 * the reader sees tens of millions of rows, and a general JSON library would build a tree
 * per row only for us to take three fields out of it. Nested values are refused with a
 * message. */
#include "takedown/p2p_obs.h"

#include <stdio.h>
#include <string.h>

#include "takedown/date.h"
#include "takedown/json_scan.h"

#define FIELD_MAX 256

/* Copies up to 40 bytes of s for a message, with unprintable bytes as '?'. */
static const char *shown(const char *s, size_t len, char out[48])
{
    size_t n = len > 40 ? 40 : len;
    for (size_t i = 0; i < n; i++)
        out[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    if (len > n)
        memcpy(out + n, "...", 4);
    else
        out[n] = '\0';
    return out;
}

static int digits(const char *s, size_t n, int *value)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return 0;
}

/* YYYY-MM-DD[T ]HH:MM:SS[.fraction](Z|+hh:mm|-hh:mm). */
static int parse_iso_time(const char *s, size_t len, int64_t *out)
{
    int year, month, day, hour, minute, second, off_h = 0, off_m = 0, sign = 1;
    size_t i = 19;

    if (len < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ')
        || s[13] != ':' || s[16] != ':')
        return -1;
    if (digits(s, 4, &year) || digits(s + 5, 2, &month) || digits(s + 8, 2, &day)
        || digits(s + 11, 2, &hour) || digits(s + 14, 2, &minute) || digits(s + 17, 2, &second))
        return -1;
    if (month < 1 || month > 12 || day < 1 || day > tk_days_in_month(year, month) || hour > 23
        || minute > 59 || second > 60)
        return -1;
    if (s[i] == '.') {
        i++;
        size_t start = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start)
            return -1;
    }
    if (i < len && s[i] == 'Z') {
        i++;
    } else if (i + 6 == len && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
        sign = s[i] == '-' ? -1 : 1;
        if (digits(s + i + 1, 2, &off_h) || digits(s + i + 4, 2, &off_m) || off_h > 23
            || off_m > 59)
            return -1;
        i += 6;
    } else {
        return -1;
    }
    if (i != len)
        return -1;
    *out = tk_day_to_unix(tk_day_from_civil(year, month, day)) + hour * 3600 + minute * 60
           + second - sign * (off_h * 3600 + off_m * 60);
    return 0;
}

/* Unix seconds, optionally with a fraction (dropped), or ISO 8601. */
static int parse_time(const char *s, size_t len, int64_t *out)
{
    size_t i = 0;
    int64_t v = 0;
    if (len == 0)
        return -1;
    if (len >= 20 && s[4] == '-')
        return parse_iso_time(s, len, out);
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        if (i >= 12) /* beyond the year 33000: not a crawler's clock */
            return -1;
        v = v * 10 + (s[i] - '0');
        i++;
    }
    if (i == 0)
        return -1;
    if (i < len && s[i] == '.') {
        size_t start = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == start)
            return -1;
    }
    if (i != len)
        return -1;
    *out = v;
    return 0;
}

static int parse_source(const char *s, size_t len, enum tk_obs_source *out)
{
    if (len == 7 && memcmp(s, "crawler", 7) == 0)
        *out = TK_OBS_CRAWLER;
    else if (len == 6 && memcmp(s, "sensor", 6) == 0)
        *out = TK_OBS_SENSOR;
    else
        return -1;
    return 0;
}

/* The checks shared by both formats, with the message naming the bad field. */
static int set_time(struct tk_observation *obs, const char *s, size_t len, struct tk_error *err)
{
    char buf[48];
    if (parse_time(s, len, &obs->time))
        return tk_error_set(err, TK_ERR_DATA,
                            "expected a time (Unix seconds or ISO 8601 UTC), found '%s'",
                            shown(s, len, buf));
    return TK_OK;
}

static int set_endpoint(struct tk_endpoint *ep, const char *what, const char *s, size_t len,
                        struct tk_error *err)
{
    char buf[48];
    if (tk_endpoint_parse(s, len, ep))
        return tk_error_set(err, TK_ERR_DATA,
                            "expected the %s as ADDRESS:PORT or [IPV6]:PORT, found '%s'", what,
                            shown(s, len, buf));
    return TK_OK;
}

static int set_source(struct tk_observation *obs, const char *s, size_t len,
                      struct tk_error *err)
{
    char buf[48];
    if (parse_source(s, len, &obs->source))
        return tk_error_set(err, TK_ERR_DATA,
                            "expected the source 'crawler' or 'sensor', found '%s'",
                            shown(s, len, buf));
    return TK_OK;
}

static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
    if (*len >= 2 && (*s)[0] == '"' && (*s)[*len - 1] == '"') {
        (*s)++;
        *len -= 2;
    }
}

static int parse_csv(const char *line, size_t len, struct tk_observation *obs, int *skip,
                     struct tk_error *err)
{
    const char *field[4];
    size_t flen[4], count = 0;
    const char *p = line, *end = line + len;
    int rc;

    for (;;) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        if (count == 4)
            return tk_error_set(err, TK_ERR_DATA,
                                "expected TIME,REPORTER,PEER[,SOURCE], found more than 4 fields");
        field[count] = p;
        flen[count] = (size_t)(stop - p);
        trim(&field[count], &flen[count]);
        count++;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    if (flen[0] == 4 && memcmp(field[0], "time", 4) == 0) {
        *skip = 1;
        return TK_OK;
    }
    if (count < 3)
        return tk_error_set(err, TK_ERR_DATA,
                            "expected TIME,REPORTER,PEER[,SOURCE], found %zu field%s", count,
                            count == 1 ? "" : "s");
    if ((rc = set_time(obs, field[0], flen[0], err))
        || (rc = set_endpoint(&obs->reporter, "reporter", field[1], flen[1], err)))
        return rc;
    obs->has_peer = flen[2] > 0;
    if (obs->has_peer && (rc = set_endpoint(&obs->peer, "peer", field[2], flen[2], err)))
        return rc;
    if (count == 4 && (rc = set_source(obs, field[3], flen[3], err)))
        return rc;
    return TK_OK;
}

/* --- JSON: one flat object per line. --- */

enum json_kind { JSON_STRING, JSON_NUMBER, JSON_LITERAL_TRUE, JSON_LITERAL_FALSE, JSON_NULL };

/* Reads one scalar value; strings are decoded into out (FIELD_MAX bytes), numbers copied
 * as text; *len is FIELD_MAX when the value does not fit. */
static int scan_value(struct jscan *s, char *out, size_t *len, enum json_kind *kind)
{
    struct tk_text text = {"", 0};
    char c = jscan_peek(s);
    int rc;

    if (c == '"') {
        *kind = JSON_STRING;
        rc = jscan_string(s, &text);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        *kind = JSON_NUMBER;
        rc = jscan_number(s, &text);
    } else if (c == 't' || c == 'f' || c == 'n') {
        *kind = c == 't' ? JSON_LITERAL_TRUE : c == 'f' ? JSON_LITERAL_FALSE : JSON_NULL;
        rc = jscan_skip_value(s);
    } else {
        return -1;
    }
    if (rc)
        return -1;
    *len = text.len < FIELD_MAX ? text.len : FIELD_MAX;
    if (text.len < FIELD_MAX)
        memcpy(out, text.ptr, text.len);
    return 0;
}

static int key_is(const char *key, size_t len, const char *name)
{
    return len == strlen(name) && memcmp(key, name, len) == 0;
}

static int json_field(struct tk_observation *obs, const char *key, size_t key_len,
                      const char *value, size_t len, enum json_kind kind, unsigned *seen,
                      struct tk_error *err)
{
    if (key_is(key, key_len, "time")) {
        *seen |= 1;
        if (kind != JSON_STRING && kind != JSON_NUMBER)
            return tk_error_set(err, TK_ERR_DATA, "expected \"time\" as a number or a string");
        return set_time(obs, value, len, err);
    }
    if (key_is(key, key_len, "reporter")) {
        *seen |= 2;
        if (kind != JSON_STRING)
            return tk_error_set(err, TK_ERR_DATA, "expected \"reporter\" as a string");
        return set_endpoint(&obs->reporter, "reporter", value, len, err);
    }
    if (key_is(key, key_len, "peer")) {
        if (kind == JSON_NULL || (kind == JSON_STRING && len == 0)) {
            obs->has_peer = 0;
            return TK_OK;
        }
        if (kind != JSON_STRING)
            return tk_error_set(err, TK_ERR_DATA, "expected \"peer\" as a string or null");
        obs->has_peer = 1;
        return set_endpoint(&obs->peer, "peer", value, len, err);
    }
    if (key_is(key, key_len, "source")) {
        if (kind != JSON_STRING)
            return tk_error_set(err, TK_ERR_DATA, "expected \"source\" as a string");
        return set_source(obs, value, len, err);
    }
    return TK_OK;
}

static int parse_json(const char *line, size_t len, struct tk_observation *obs,
                      struct tk_error *err)
{
    char scratch[TK_OBS_LINE_MAX]; /* decoded strings with escapes */
    struct jscan s;
    struct tk_text key;
    char value[FIELD_MAX];
    size_t value_len;
    enum json_kind kind;
    unsigned seen = 0;
    int rc;

    jscan_init(&s, line, len, scratch, len < sizeof scratch ? len : sizeof scratch);
    jscan_expect(&s, '{'); /* the caller saw it */
    if (!jscan_accept(&s, '}')) {
        for (;;) {
            if (jscan_peek(&s) != '"' || jscan_string(&s, &key))
                return tk_error_set(err, TK_ERR_DATA, "expected a JSON key in double quotes");
            if (jscan_expect(&s, ':'))
                return tk_error_set(err, TK_ERR_DATA, "expected ':' after a JSON key");
            if (jscan_peek(&s) == '{' || jscan_peek(&s) == '[')
                return tk_error_set(err, TK_ERR_DATA,
                                    "expected a flat JSON object (no nested objects or arrays)");
            if (scan_value(&s, value, &value_len, &kind))
                return tk_error_set(err, TK_ERR_DATA, "expected a JSON string, number, "
                                                      "true, false or null");
            if ((rc = json_field(obs, key.ptr, key.len, value, value_len, kind, &seen, err)))
                return rc;
            if (jscan_accept(&s, ','))
                continue;
            if (jscan_accept(&s, '}'))
                break;
            return tk_error_set(err, TK_ERR_DATA, "expected ',' or '}' in a JSON object");
        }
    }
    if (jscan_end(&s))
        return tk_error_set(err, TK_ERR_DATA, "expected the line to end after the JSON object");
    if ((seen & 1) == 0)
        return tk_error_set(err, TK_ERR_DATA, "expected a \"time\" field");
    if ((seen & 2) == 0)
        return tk_error_set(err, TK_ERR_DATA, "expected a \"reporter\" field");
    return TK_OK;
}

int tk_obs_parse_line(const char *line, size_t len, struct tk_observation *obs, int *skip,
                      struct tk_error *err)
{
    size_t i = 0;

    *skip = 0;
    memset(obs, 0, sizeof *obs);
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    if (i == len || line[i] == '#') {
        *skip = 1;
        return TK_OK;
    }
    while (len > i && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    if (memchr(line, '\0', len))
        return tk_error_set(err, TK_ERR_DATA, "expected text, found a NUL byte");
    if (line[i] == '{')
        return parse_json(line + i, len - i, obs, err);
    return parse_csv(line + i, len - i, obs, skip, err);
}

void tk_obs_format_time(int64_t t, char out[32])
{
    tk_day day = tk_day_from_unix(t);
    int64_t second = t - tk_day_to_unix(day);
    char date[11];
    tk_day_format(day, date);
    snprintf(out, 32, "%sT%02d:%02d:%02dZ", date, (int)(second / 3600), (int)(second / 60 % 60),
             (int)(second % 60));
}
