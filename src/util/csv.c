/* csv.c - CSV fields (see include/takedown/csv.h). */
#include "takedown/csv.h"

#include <string.h>

/* Reads the field at *at, copying what fits of it into out unless out is NULL. Returns its
 * length, or -1 for a broken quote. */
static long read_field(const char *line, size_t len, size_t *at, char *out, size_t outsz)
{
    size_t i = *at, n = 0;
    int quoted = i < len && line[i] == '"';
    if (quoted)
        i++;
    for (;; i++) {
        if (i >= len) {
            if (quoted)
                return -1;
            break;
        }
        char c = line[i];
        if (quoted && c == '"') {
            if (i + 1 >= len || line[i + 1] != '"') {
                i++;
                if (i < len && line[i] != ',')
                    return -1;
                break;
            }
            i++; /* "" is one quote */
        } else if (!quoted && c == ',') {
            break;
        }
        if (out && n + 1 < outsz)
            out[n] = c;
        n++;
    }
    *at = i;
    return (long)n;
}

long tk_csv_next(const char *line, size_t len, size_t *at, char *out, size_t outsz)
{
    long n = read_field(line, len, at, out, outsz);
    if (n < 0 || out == NULL)
        return n;
    if ((size_t)n + 1 > outsz)
        return -1;
    out[n] = '\0';
    return n;
}

long tk_csv_field(const char *line, size_t len, int index, char *out, size_t outsz)
{
    size_t at = 0;
    for (int field = 0; field < index; field++) {
        if (read_field(line, len, &at, NULL, 0) < 0 || at >= len)
            return -1;
        at++; /* the comma */
    }
    return tk_csv_next(line, len, &at, out, outsz);
}

void tk_csv_put_field(FILE *out, const char *s, size_t len)
{
    size_t plain = 0;
    while (plain < len && !memchr(",\"\r\n", s[plain], 4))
        plain++;
    if (plain == len) {
        fwrite(s, 1, len, out);
        return;
    }
    putc('"', out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            putc('"', out);
        putc(s[i], out);
    }
    putc('"', out);
}

void tk_csv_put_text(FILE *out, const char *s)
{
    tk_csv_put_field(out, s, strlen(s));
}
