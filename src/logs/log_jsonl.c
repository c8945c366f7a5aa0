/* log_jsonl.c - JSON lines: one object per line, as takedown's event log writes them
 *
 *   {"v":1,"time":"2026-11-28T15:11:20.123456Z","proto":"dns","src":"192.0.2.7",...,
 *    "name":"example.com","qtype":"A",...}
 *
 * and as other DNS tools export them. The query is the top-level "qname", "query", "name"
 * or "domain" string (in that order of preference); the client "client", "src",
 * "client_ip", "src_ip" or "query_address"; the time "time", "timestamp", "ts" or
 * "@timestamp", as ISO 8601 text or Unix seconds; the response code "rcode", a number or a
 * name ("NXDOMAIN"). An event whose "proto" is not "dns" is not a query and is skipped.
 *
 * Written by hand rather than with a JSON library: it runs once per line of logs that hold
 * billions of lines, needs three fields, and must not build a tree for each line. It checks
 * the whole line's syntax all the same (RFC 8259), nesting up to 32 levels. */
#include <stdlib.h>
#include <string.h>

#include "logs/log_parsers.h"
#include "logs/log_time.h"
#include "takedown/hex.h"

enum { MAX_DEPTH = 32 };

struct cursor {
    const char *s;
    size_t len;
    size_t at;
};

static void skip_ws(struct cursor *c)
{
    while (c->at < c->len && (c->s[c->at] == ' ' || c->s[c->at] == '\t' || c->s[c->at] == '\r'
                              || c->s[c->at] == '\n'))
        c->at++;
}

/* Appends code point cp as UTF-8; returns 0 when out is full. */
static int put_utf8(char *out, size_t outsz, size_t *n, unsigned cp)
{
    unsigned char b[4];
    size_t k;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        k = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 2;
    } else {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        k = 3;
    }
    if (out == NULL)
        return 1;
    if (*n + k >= outsz)
        return 0;
    memcpy(out + *n, b, k);
    *n += k;
    return 1;
}

/* Reads a string at the cursor (which is on its opening quote), unescaped into out when out
 * is not NULL. Returns 1, or 0 on a syntax error or when out is too small (*too_long). */
static int read_string(struct cursor *c, char *out, size_t outsz, size_t *out_len, int *too_long)
{
    size_t n = 0;
    c->at++;
    while (c->at < c->len) {
        unsigned char ch = (unsigned char)c->s[c->at++];
        if (ch == '"') {
            if (out)
                out[n] = '\0';
            if (out_len)
                *out_len = n;
            return 1;
        }
        if (ch < 0x20)
            return 0;
        if (ch != '\\') {
            if (out && n + 1 >= outsz) {
                *too_long = 1;
                return 0;
            }
            if (out)
                out[n++] = (char)ch;
            continue;
        }
        if (c->at >= c->len)
            return 0;
        char e = c->s[c->at++];
        unsigned cp;
        switch (e) {
        case '"': cp = '"'; break;
        case '\\': cp = '\\'; break;
        case '/': cp = '/'; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            if (c->len - c->at < 4 || tk_hex_number(c->s + c->at, 4, &cp))
                return 0;
            c->at += 4;
            break;
        default:
            return 0;
        }
        if (!put_utf8(out, outsz, &n, cp)) {
            *too_long = 1;
            return 0;
        }
    }
    return 0;
}

static int read_number(struct cursor *c, double *value)
{
    size_t start = c->at;
    if (c->at < c->len && c->s[c->at] == '-')
        c->at++;
    if (c->at >= c->len || c->s[c->at] < '0' || c->s[c->at] > '9')
        return 0;
    if (c->s[c->at] == '0')
        c->at++;
    else
        while (c->at < c->len && c->s[c->at] >= '0' && c->s[c->at] <= '9')
            c->at++;
    if (c->at < c->len && c->s[c->at] == '.') {
        c->at++;
        if (c->at >= c->len || c->s[c->at] < '0' || c->s[c->at] > '9')
            return 0;
        while (c->at < c->len && c->s[c->at] >= '0' && c->s[c->at] <= '9')
            c->at++;
    }
    if (c->at < c->len && (c->s[c->at] == 'e' || c->s[c->at] == 'E')) {
        c->at++;
        if (c->at < c->len && (c->s[c->at] == '+' || c->s[c->at] == '-'))
            c->at++;
        if (c->at >= c->len || c->s[c->at] < '0' || c->s[c->at] > '9')
            return 0;
        while (c->at < c->len && c->s[c->at] >= '0' && c->s[c->at] <= '9')
            c->at++;
    }
    if (value) {
        char text[64];
        size_t n = c->at - start;
        if (n >= sizeof text)
            n = sizeof text - 1;
        memcpy(text, c->s + start, n);
        text[n] = '\0';
        *value = strtod(text, NULL);
    }
    return 1;
}

static int literal(struct cursor *c, const char *word)
{
    size_t n = strlen(word);
    if (c->len - c->at < n || memcmp(c->s + c->at, word, n) != 0)
        return 0;
    c->at += n;
    return 1;
}

static int skip_value(struct cursor *c, int depth);

/* Object or array at the cursor (on its opening bracket). */
static int skip_container(struct cursor *c, int depth)
{
    char close = c->s[c->at] == '{' ? '}' : ']';
    int object = close == '}';
    int dummy;
    if (depth >= MAX_DEPTH)
        return 0;
    c->at++;
    skip_ws(c);
    if (c->at < c->len && c->s[c->at] == close) {
        c->at++;
        return 1;
    }
    for (;;) {
        if (object) {
            if (c->at >= c->len || c->s[c->at] != '"' || !read_string(c, NULL, 0, NULL, &dummy))
                return 0;
            skip_ws(c);
            if (c->at >= c->len || c->s[c->at++] != ':')
                return 0;
            skip_ws(c);
        }
        if (!skip_value(c, depth + 1))
            return 0;
        skip_ws(c);
        if (c->at >= c->len)
            return 0;
        char ch = c->s[c->at++];
        if (ch == close)
            return 1;
        if (ch != ',')
            return 0;
        skip_ws(c);
    }
}

static int skip_value(struct cursor *c, int depth)
{
    int dummy;
    if (c->at >= c->len)
        return 0;
    switch (c->s[c->at]) {
    case '"':
        return read_string(c, NULL, 0, NULL, &dummy);
    case '{':
    case '[':
        return skip_container(c, depth);
    case 't':
        return literal(c, "true");
    case 'f':
        return literal(c, "false");
    case 'n':
        return literal(c, "null");
    default:
        return read_number(c, NULL);
    }
}

static int key_rank(const char *key, const char *const *keys)
{
    for (int i = 0; keys[i]; i++)
        if (strcmp(key, keys[i]) == 0)
            return i;
    return -1;
}

int log_parse_jsonl(const char *line, size_t len, struct tk_log_line_state *st,
                    struct tk_log_record *rec, int *skip, struct tk_error *err)
{
    static const char *const name_keys[] = {"qname", "query", "name", "domain", NULL};
    static const char *const client_keys[] = {"client", "src", "client_ip", "src_ip",
                                              "query_address", NULL};
    static const char *const time_keys[] = {"time", "timestamp", "ts", "@timestamp", NULL};
    struct cursor c = {line, len, 0};
    int name_rank = 99, client_rank = 99, time_rank = 99, not_dns = 0, too_long = 0;
    char key[64];
    size_t used;

    skip_ws(&c);
    if (c.at >= c.len || c.s[c.at] != '{')
        return tk_error_set(err, TK_ERR_DATA, "expected a JSON object");
    c.at++;
    skip_ws(&c);
    int empty = c.at < c.len && c.s[c.at] == '}';
    if (empty)
        c.at++;
    while (!empty) {
        size_t key_len = 0;
        if (c.at >= c.len || c.s[c.at] != '"')
            return tk_error_set(err, TK_ERR_DATA, "expected a JSON member name at byte %zu",
                                c.at + 1);
        size_t key_start = c.at;
        if (!read_string(&c, key, sizeof key, &key_len, &too_long)) {
            /* A key longer than any we look for is read again, only to skip it. */
            c.at = key_start;
            if (!too_long || !read_string(&c, NULL, 0, NULL, &too_long))
                return tk_error_set(err, TK_ERR_DATA, "bad JSON string at byte %zu", c.at + 1);
            key[0] = '\0';
            too_long = 0;
        }
        skip_ws(&c);
        if (c.at >= c.len || c.s[c.at++] != ':')
            return tk_error_set(err, TK_ERR_DATA, "expected ':' after a JSON member name");
        skip_ws(&c);
        int r;
        size_t start = c.at;
        if (c.at < c.len && c.s[c.at] == '"' && (r = key_rank(key, name_keys)) >= 0 && r < name_rank) {
            if (!read_string(&c, st->name_buf, sizeof st->name_buf, &rec->name_len, &too_long))
                return tk_error_set(err, TK_ERR_DATA, too_long ? "the \"%s\" string is too long"
                                    : "bad JSON string in \"%s\"", key);
            rec->name = st->name_buf;
            name_rank = r;
        } else if (c.at < c.len && c.s[c.at] == '"' && (r = key_rank(key, client_keys)) >= 0
                   && r < client_rank) {
            if (!read_string(&c, st->client_buf, sizeof st->client_buf, &rec->client_len, &too_long))
                return tk_error_set(err, TK_ERR_DATA, too_long ? "the \"%s\" string is too long"
                                    : "bad JSON string in \"%s\"", key);
            rec->client = st->client_buf;
            client_rank = r;
        } else if ((r = key_rank(key, time_keys)) >= 0 && r < time_rank) {
            if (!skip_value(&c, 1))
                return tk_error_set(err, TK_ERR_DATA, "bad JSON value in \"%s\"", key);
            const char *v = c.s + start;
            size_t n = c.at - start;
            int ok = *v == '"' ? log_time_any(v + 1, n - 1, &rec->time, &used)
                               : log_time_epoch(v, n, &rec->time, &used);
            if (!ok)
                return tk_error_set(err, TK_ERR_DATA, "expected a time in \"%s\" (ISO 8601 or "
                                    "Unix seconds)", key);
            time_rank = r;
        } else if (strcmp(key, "qtype") == 0) {
            double number;
            if (c.at < c.len && c.s[c.at] == '"') {
                if (!skip_value(&c, 1))
                    return tk_error_set(err, TK_ERR_DATA, "bad JSON string in \"qtype\"");
                rec->qtype = log_qtype(c.s + start + 1, c.at - start - 2);
            } else if (read_number(&c, &number)) {
                rec->qtype = number >= 0 && number <= 65535 ? (uint16_t)number : 0;
            } else if (!skip_value(&c, 1)) {
                return tk_error_set(err, TK_ERR_DATA, "bad JSON value in \"qtype\"");
            }
        } else if (strcmp(key, "rcode") == 0) {
            double number;
            if (c.at < c.len && c.s[c.at] == '"') {
                if (!skip_value(&c, 1))
                    return tk_error_set(err, TK_ERR_DATA, "bad JSON string in \"rcode\"");
                rec->rcode = log_rcode(c.s + start + 1, c.at - start - 2);
            } else if (read_number(&c, &number)) {
                rec->rcode = number >= 0 && number <= 4095 ? (int)number : -1;
            } else if (!skip_value(&c, 1)) {
                return tk_error_set(err, TK_ERR_DATA, "bad JSON value in \"rcode\"");
            }
        } else if (strcmp(key, "proto") == 0 && c.at < c.len && c.s[c.at] == '"') {
            if (!skip_value(&c, 1))
                return tk_error_set(err, TK_ERR_DATA, "bad JSON string in \"proto\"");
            not_dns = !(c.at - start == 5 && memcmp(c.s + start, "\"dns\"", 5) == 0);
        } else if (!skip_value(&c, 1)) {
            return tk_error_set(err, TK_ERR_DATA, "bad JSON value at byte %zu", c.at + 1);
        }
        skip_ws(&c);
        if (c.at >= c.len)
            return tk_error_set(err, TK_ERR_DATA, "the JSON object is not closed");
        char ch = c.s[c.at++];
        if (ch == '}')
            break;
        if (ch != ',')
            return tk_error_set(err, TK_ERR_DATA, "expected ',' or '}' at byte %zu", c.at);
        skip_ws(&c);
    }
    skip_ws(&c);
    if (c.at != c.len)
        return tk_error_set(err, TK_ERR_DATA, "unexpected text after the JSON object");
    if (not_dns)
        return TK_OK; /* an HTTP, TCP or SMTP event: not a DNS query */
    if (rec->name == NULL)
        return tk_error_set(err, TK_ERR_DATA, "expected a \"qname\" or \"name\" member");
    if (!log_valid_name(rec->name, rec->name_len))
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name in \"%s\"",
                            name_keys[name_rank]);
    if (rec->client_len && !log_is_address(rec->client, rec->client_len))
        return tk_error_set(err, TK_ERR_DATA, "expected an IP address in \"%s\"",
                            client_keys[client_rank]);
    *skip = 0;
    return TK_OK;
}
