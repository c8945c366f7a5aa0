/* json.c - JSON string escaping per RFC 8259 for the command outputs. */
#include "cli/json.h"

#include <string.h>

void json_string_n(FILE *out, const char *s, size_t len)
{
    putc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            putc('\\', out);
            putc(c, out);
        } else if (c == '\n') {
            fputs("\\n", out);
        } else if (c == '\t') {
            fputs("\\t", out);
        } else if (c < 0x20 || c == 0x7f) {
            fprintf(out, "\\u%04x", c);
        } else {
            putc(c, out);
        }
    }
    putc('"', out);
}

void json_string(FILE *out, const char *s)
{
    if (s == NULL)
        fputs("null", out);
    else
        json_string_n(out, s, strlen(s));
}

void json_list(FILE *out, const char *list)
{
    putc('[', out);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (p != list)
            putc(',', out);
        json_string_n(out, p, len);
        p = end ? end + 1 : NULL;
    }
    putc(']', out);
}
