/* text.c - printable text: well-formed UTF-8 without control characters (see
 * include/takedown/text.h). */
#include "takedown/text.h"

size_t tk_utf8_length(const unsigned char *p)
{
    size_t length = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
    if (length == 0 || p[0] > 0xf4)
        return 0;
    for (size_t i = 1; i < length; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f)
        || (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
        return 0;
    return length;
}

size_t tk_utf8_printable_length(const unsigned char *p)
{
    if (p[0] == 0xc2 && p[1] < 0xa0)
        return 0; /* a C1 control */
    return tk_utf8_length(p);
}

int tk_text_is_printable(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        if (*p < 0x80) {
            if (*p < 0x20 || *p == 0x7f)
                return 0;
            p++;
            continue;
        }
        /* A sequence cut by the end of the text is not well-formed: check it in a copy. */
        unsigned char seq[5] = {0};
        size_t room = (size_t)(end - p) < 4 ? (size_t)(end - p) : 4;
        for (size_t i = 0; i < room; i++)
            seq[i] = p[i];
        size_t length = tk_utf8_printable_length(seq);
        if (length == 0)
            return 0;
        p += length;
    }
    return 1;
}

void tk_text_put_escaped(FILE *out, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t length = *p < 0x80 ? 1 : tk_utf8_printable_length(p);
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f || length == 0) {
            fprintf(out, "\\x%02x", *p);
            length = 1;
        } else {
            fwrite(p, 1, length, out);
        }
        p += length;
    }
}
