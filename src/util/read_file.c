/* read_file.c - a whole file into memory (see include/takedown/read_file.h). */
#include "takedown/read_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tk_read_file(const char *path, char **text, size_t *len, struct tk_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t used = 0, cap = 0;
    if (f == NULL)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    for (;;) {
        if (cap - used < 65536) {
            cap = cap ? cap * 2 : 1 << 20;
            char *grown = realloc(buf, cap);
            if (grown == NULL) {
                free(buf);
                fclose(f);
                return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
            }
            buf = grown;
        }
        size_t n = fread(buf + used, 1, cap - used, f);
        used += n;
        if (n == 0)
            break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return tk_error_set(err, TK_ERR_IO, "%s: read error", path);
    }
    *text = buf;
    *len = used;
    return TK_OK;
}
