/* json.c - the commands' JSON helpers: strings through the one escaper
 * (include/takedown/json_write.h), comma lists as arrays. */
#include "cli/json.h"

#include <string.h>

#include "takedown/json_write.h"

void json_string_n(FILE *out, const char *s, size_t len)
{
    tk_json_put_string(out, s, len);
}

void json_string(FILE *out, const char *s)
{
    tk_json_put_text(out, s);
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
