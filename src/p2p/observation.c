/* observation.c - one observation line, CSV or JSON, to struct tk_observation.
 *
 * The JSON side is a scanner for one flat object written by hand: the reader sees tens of
 * millions of rows, and a general JSON library would build a tree per row only for us to
 * take three fields out of it. Nested values are refused with a message. */
#include "takedown/p2p_obs.h"

#include <stdio.h>
#include <string.h>

#include "takedown/date.h"
#include "takedown/hex.h"

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

struct scanner {
    const char *p, *end;
};

static void skip_space(struct scanner *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
        s->p++;
}

/* Appends code point cp as UTF-8; returns the bytes written or 0 when out of room. */
static size_t put_utf8(char *out, size_t room, unsigned cp)
{
    if (cp < 0x80 && room >= 1) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800 && room >= 2) {
        out[0] = (char)(0xc0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000 && room >= 3) {
        out[0] = (char)(0xe0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    if (cp >= 0x10000 && room >= 4) {
        out[0] = (char)(0xf0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[3] = (char)(0x80 | (cp & 0x3f));
        return 4;
    }
    return 0;
}

/* Reads a string at s->p (on its opening quote) into out (FIELD_MAX bytes); *len is set to
 * FIELD_MAX when the string does not fit. */
static int scan_string(struct scanner *s, char *out, size_t *len)
{
    size_t n = 0;
    int overflow = 0;
    s->p++;
    while (s->p < s->end && *s->p != '"') {
        unsigned char c = (unsigned char)*s->p;
        char one = (char)c;
        unsigned cp;
        if (c < 0x20)
            return -1;
        if (c != '\\') {
            s->p++;
            if (n < FIELD_MAX)
                out[n++] = one;
            else
                overflow = 1;
            continue;
        }
        if (s->end - s->p < 2)
            return -1;
        s->p++;
        switch (*s->p++) {
        case '"': one = '"'; break;
        case '\\': one = '\\'; break;
        case '/': one = '/'; break;
        case 'b': one = '\b'; break;
        case 'f': one = '\f'; break;
        case 'n': one = '\n'; break;
        case 'r': one = '\r'; break;
        case 't': one = '\t'; break;
        case 'u':
            if (s->end - s->p < 4 || tk_hex_number(s->p, 4, &cp))
                return -1;
            s->p += 4;
            if (cp >= 0xd800 && cp < 0xdc00) {
                unsigned low;
                if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u'
                    || tk_hex_number(s->p + 2, 4, &low) || low < 0xdc00 || low > 0xdfff)
                    return -1;
                s->p += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            } else if (cp >= 0xdc00 && cp < 0xe000) {
                return -1;
            }
            {
                size_t w = put_utf8(out + n, FIELD_MAX - n, cp);
                if (w == 0)
                    overflow = 1;
                n += w;
            }
            continue;
        default:
            return -1;
        }
        if (n < FIELD_MAX)
            out[n++] = one;
        else
            overflow = 1;
    }
    if (s->p >= s->end)
        return -1;
    s->p++;
    *len = overflow ? FIELD_MAX : n;
    return 0;
}

enum json_kind { JSON_STRING, JSON_NUMBER, JSON_LITERAL_TRUE, JSON_LITERAL_FALSE, JSON_NULL };

/* Reads one scalar value; strings are decoded into out, numbers copied as text. */
static int scan_value(struct scanner *s, char *out, size_t *len, enum json_kind *kind)
{
    static const struct { const char *text; size_t len; enum json_kind kind; } literals[] = {
        {"true", 4, JSON_LITERAL_TRUE}, {"false", 5, JSON_LITERAL_FALSE}, {"null", 4, JSON_NULL}};

    if (s->p >= s->end)
        return -1;
    if (*s->p == '"') {
        *kind = JSON_STRING;
        return scan_string(s, out, len);
    }
    if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) {
        const char *start = s->p;
        while (s->p < s->end && ((*s->p >= '0' && *s->p <= '9') || *s->p == '-' || *s->p == '+'
                                 || *s->p == '.' || *s->p == 'e' || *s->p == 'E'))
            s->p++;
        *len = (size_t)(s->p - start);
        if (*len >= FIELD_MAX)
            *len = FIELD_MAX;
        else
            memcpy(out, start, *len);
        *kind = JSON_NUMBER;
        return 0;
    }
    for (size_t i = 0; i < sizeof literals / sizeof literals[0]; i++) {
        if ((size_t)(s->end - s->p) >= literals[i].len
            && memcmp(s->p, literals[i].text, literals[i].len) == 0) {
            s->p += literals[i].len;
            *kind = literals[i].kind;
            *len = 0;
            return 0;
        }
    }
    return -1;
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
    struct scanner s = {line + 1, line + len};
    char key[FIELD_MAX], value[FIELD_MAX];
    size_t key_len, value_len;
    enum json_kind kind;
    unsigned seen = 0;
    int rc;

    skip_space(&s);
    if (s.p < s.end && *s.p == '}') {
        s.p++;
    } else {
        for (;;) {
            skip_space(&s);
            if (s.p >= s.end || *s.p != '"' || scan_string(&s, key, &key_len))
                return tk_error_set(err, TK_ERR_DATA, "expected a JSON key in double quotes");
            skip_space(&s);
            if (s.p >= s.end || *s.p != ':')
                return tk_error_set(err, TK_ERR_DATA, "expected ':' after a JSON key");
            s.p++;
            skip_space(&s);
            if (s.p < s.end && (*s.p == '{' || *s.p == '['))
                return tk_error_set(err, TK_ERR_DATA,
                                    "expected a flat JSON object (no nested objects or arrays)");
            if (scan_value(&s, value, &value_len, &kind))
                return tk_error_set(err, TK_ERR_DATA, "expected a JSON string, number, "
                                                      "true, false or null");
            if ((rc = json_field(obs, key, key_len, value, value_len, kind, &seen, err)))
                return rc;
            skip_space(&s);
            if (s.p < s.end && *s.p == ',') {
                s.p++;
                continue;
            }
            if (s.p < s.end && *s.p == '}') {
                s.p++;
                break;
            }
            return tk_error_set(err, TK_ERR_DATA, "expected ',' or '}' in a JSON object");
        }
    }
    skip_space(&s);
    if (s.p != s.end)
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
