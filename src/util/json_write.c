/* json_write.c - JSON strings (see include/takedown/json_write.h). */
#include "takedown/json_write.h"

#include <string.h>

#include "takedown/text.h"

int tk_json_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* \u00XX for the byte c. */
static size_t escape_byte(unsigned char c, char out[6])
{
    static const char hex[] = "0123456789abcdef";
    memcpy(out, "\\u00", 4);
    out[4] = hex[c >> 4];
    out[5] = hex[c & 15];
    return 6;
}

/* The length of the well-formed UTF-8 sequence at s, which holds left bytes, or 0. */
static size_t utf8_length(const char *s, size_t left)
{
    unsigned char seq[5] = {0};
    memcpy(seq, s, left < 4 ? left : 4);
    return tk_utf8_length(seq);
}

size_t tk_json_escape_char(const char *s, size_t left, enum tk_json_bytes bytes, char out[6],
                           size_t *used)
{
    unsigned char c = (unsigned char)s[0];
    *used = 1;
    if (c == '"' || c == '\\') {
        out[0] = '\\';
        out[1] = (char)c;
        return 2;
    }
    if (c < 0x80 || bytes == TK_JSON_BYTES)
        return escape_byte(c, out);
    size_t n = utf8_length(s, left);
    if (n == 0) {
        memcpy(out, "\\ufffd", 6);
        return 6;
    }
    memcpy(out, s, n);
    *used = n;
    return n;
}

void tk_json_put_string(FILE *out, const char *s, size_t len)
{
    size_t run = 0, i = 0;
    putc('"', out);
    while (i < len) {
        if (tk_json_plain((unsigned char)s[i])) {
            i++;
            continue;
        }
        char esc[6];
        size_t used, n = tk_json_escape_char(s + i, len - i, TK_JSON_UTF8, esc, &used);
        fwrite(s + run, 1, i - run, out);
        fwrite(esc, 1, n, out);
        i += used;
        run = i;
    }
    fwrite(s + run, 1, len - run, out);
    putc('"', out);
}

void tk_json_put_text(FILE *out, const char *s)
{
    if (s == NULL)
        fputs("null", out);
    else
        tk_json_put_string(out, s, strlen(s));
}
