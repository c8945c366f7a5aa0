/* json_scan.c - the JSON pull scanner (see include/takedown/json_scan.h). */
#include "takedown/json_scan.h"

#include <string.h>

#include "takedown/hex.h"

void jscan_init(struct jscan *s, const char *text, size_t len, char *scratch,
                    size_t scratch_size)
{
    s->start = s->p = text;
    s->end = text + len;
    s->scratch = scratch;
    s->scratch_used = 0;
    s->scratch_size = scratch_size;
    s->error = NULL;
    s->allow_nul = 0;
}

size_t jscan_column(const struct jscan *s)
{
    return (size_t)(s->p - s->start) + 1;
}

static int fail(struct jscan *s, const char *expected)
{
    s->error = expected;
    return -1;
}

int jscan_skip_space(struct jscan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
    return 0;
}

char jscan_peek(struct jscan *s)
{
    jscan_skip_space(s);
    return s->p < s->end ? *s->p : '\0';
}

int jscan_expect(struct jscan *s, char c)
{
    if (jscan_peek(s) == c && s->p < s->end) {
        s->p++;
        return 0;
    }
    switch (c) {
    case ':': return fail(s, "':' after the member name");
    case '}': return fail(s, "',' or '}'");
    case ']': return fail(s, "',' or ']'");
    case '{': return fail(s, "a JSON object");
    default: return fail(s, "a JSON value");
    }
}

int jscan_accept(struct jscan *s, char c)
{
    if (jscan_peek(s) == c && s->p < s->end) {
        s->p++;
        return 1;
    }
    return 0;
}

/* UTF-8 of a code point into out; the number of bytes. */
static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Decodes the escapes of the string body [from, to) into the scratch buffer. A \u0000 is
 * refused unless allowed: few fields may hold a NUL. */
static int decode_escapes(struct jscan *s, const char *from, const char *to,
                          struct tk_text *out)
{
    char *dst = s->scratch + s->scratch_used, *start = dst;

    if ((size_t)(to - from) > s->scratch_size - s->scratch_used)
        return fail(s, "a shorter string");
    while (from < to) {
        unsigned cp, low;
        if (*from != '\\') {
            *dst++ = *from++;
            continue;
        }
        from++;
        switch (*from++) {
        case '"': *dst++ = '"'; break;
        case '\\': *dst++ = '\\'; break;
        case '/': *dst++ = '/'; break;
        case 'b': *dst++ = '\b'; break;
        case 'f': *dst++ = '\f'; break;
        case 'n': *dst++ = '\n'; break;
        case 'r': *dst++ = '\r'; break;
        case 't': *dst++ = '\t'; break;
        case 'u':
            if (to - from < 4 || tk_hex_number(from, 4, &cp))
                return fail(s, "four hex digits after \\u");
            from += 4;
            if (cp >= 0xd800 && cp < 0xdc00) {
                if (to - from < 6 || from[0] != '\\' || from[1] != 'u'
                    || tk_hex_number(from + 2, 4, &low) || low < 0xdc00 || low > 0xdfff)
                    return fail(s, "a low surrogate after a high one");
                from += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            } else if (cp >= 0xdc00 && cp < 0xe000) {
                return fail(s, "a high surrogate before a low one");
            }
            if (cp == 0 && !s->allow_nul)
                return fail(s, "no NUL character in a string");
            dst += put_utf8(dst, cp);
            break;
        default:
            return fail(s, "a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)");
        }
    }
    out->ptr = start;
    out->len = (size_t)(dst - start);
    s->scratch_used += out->len;
    return 0;
}

/* The first quote or backslash in [p, end), or end. Eight bytes at a time: a byte equal to
 * c makes x ^ c zero there, which (v - 0x01..) & ~v & 0x80.. flags; a borrow can flag a
 * byte above a true one, never below, so the lowest flagged byte is the first match. */
static const char *quote_or_backslash(const char *p, const char *end)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    for (; end - p >= 8; p += 8) {
        uint64_t w, a, b, hit;
        memcpy(&w, p, 8);
        a = w ^ (ones * '"');
        b = w ^ (ones * '\\');
        hit = ((a - ones) & ~a & highs) | ((b - ones) & ~b & highs);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        if (hit)
            return p + __builtin_clzll(hit) / 8;
#else
        if (hit)
            return p + __builtin_ctzll(hit) / 8;
#endif
    }
    while (p < end && *p != '"' && *p != '\\')
        p++;
    return p;
}

int jscan_string(struct jscan *s, struct tk_text *out)
{
    const char *from, *q;

    if (jscan_peek(s) != '"')
        return fail(s, "a string");
    from = ++s->p;
    /* The common case, a string without escapes, is one pass to the closing quote. */
    q = quote_or_backslash(from, s->end);
    if (q < s->end && *q == '"') {
        s->p = q + 1;
        out->ptr = from;
        out->len = (size_t)(q - from);
        return 0;
    }
    /* With escapes: walk it, skipping each escaped character. */
    s->p = q;
    while (s->p < s->end && *s->p != '"')
        s->p += *s->p == '\\' ? 2 : 1;
    if (s->p >= s->end)
        return fail(s, "the end of the string");
    s->p++;
    return decode_escapes(s, from, s->p - 1, out);
}

int jscan_number(struct jscan *s, struct tk_text *out)
{
    const char *from;

    jscan_skip_space(s);
    from = s->p;
    if (s->p < s->end && *s->p == '-')
        s->p++;
    if (s->p >= s->end || *s->p < '0' || *s->p > '9')
        return fail(s, "a number");
    while (s->p < s->end && ((*s->p >= '0' && *s->p <= '9') || *s->p == '.' || *s->p == 'e'
                             || *s->p == 'E' || *s->p == '+' || *s->p == '-'))
        s->p++;
    out->ptr = from;
    out->len = (size_t)(s->p - from);
    return 0;
}

static int skip_literal(struct jscan *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return fail(s, "a JSON value");
    s->p += n;
    return 0;
}

static int skip_depth(struct jscan *s, int depth)
{
    struct tk_text ignored;
    char c = jscan_peek(s);

    if (depth > JSCAN_MAX_DEPTH)
        return fail(s, "less nesting");
    switch (c) {
    case '"': {
        /* Skipped strings are not decoded, so they cost no scratch space. */
        size_t used = s->scratch_used;
        int rc = jscan_string(s, &ignored);
        s->scratch_used = used;
        return rc;
    }
    case '{':
        s->p++;
        if (jscan_accept(s, '}'))
            return 0;
        do {
            size_t used = s->scratch_used;
            if (jscan_string(s, &ignored) || jscan_expect(s, ':') || skip_depth(s, depth + 1))
                return -1;
            s->scratch_used = used;
        } while (jscan_accept(s, ','));
        return jscan_expect(s, '}');
    case '[':
        s->p++;
        if (jscan_accept(s, ']'))
            return 0;
        do {
            if (skip_depth(s, depth + 1))
                return -1;
        } while (jscan_accept(s, ','));
        return jscan_expect(s, ']');
    case 't':
        return skip_literal(s, "true");
    case 'f':
        return skip_literal(s, "false");
    case 'n':
        return skip_literal(s, "null");
    default:
        return jscan_number(s, &ignored);
    }
}

int jscan_skip_value(struct jscan *s)
{
    return skip_depth(s, 0);
}

int jscan_end(struct jscan *s)
{
    jscan_skip_space(s);
    return s->p == s->end ? 0 : fail(s, "nothing after the JSON object");
}
