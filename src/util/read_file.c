/* read_file.c - opening input files, and a whole file into memory (see
 * include/takedown/read_file.h). */
#include "takedown/read_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

FILE *tk_file_open(const char *path, struct tk_error *err)
{
    struct stat st;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (f == NULL) {
        tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    /* fopen() opens a directory for reading; the first read then fails with EISDIR. */
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        tk_file_close(f);
        tk_error_set(err, TK_ERR_IO, "%s: is a directory", path);
        return NULL;
    }
    return f;
}

void tk_file_close(FILE *f)
{
    if (f != NULL && f != stdin)
        fclose(f);
}

int tk_read_small_file(const char *path, size_t max, char **text, size_t *len,
                       struct tk_error *err)
{
    FILE *f = tk_file_open(path, err);
    char *buf = NULL;
    size_t used = 0, cap = 0;
    if (f == NULL)
        return TK_ERR_IO;
    for (;;) {
        if (cap - used < 65536) {
            cap = cap ? cap * 2 : 1 << 20;
            char *grown = realloc(buf, cap);
            if (grown == NULL) {
                free(buf);
                tk_file_close(f);
                return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
            }
            buf = grown;
        }
        size_t n = fread(buf + used, 1, cap - used, f);
        used += n;
        if (n == 0)
            break;
        if (used > max) {
            free(buf);
            tk_file_close(f);
            return tk_error_set(err, TK_ERR_DATA, "%s: expected at most %zu bytes", path, max);
        }
    }
    int failed = ferror(f);
    int saved = errno;
    tk_file_close(f);
    if (failed) {
        free(buf);
        return tk_error_set(err, TK_ERR_IO, "%s: read error: %s", path, strerror(saved));
    }
    buf[used] = '\0'; /* the loop stops with room left: the last read got nothing */
    *text = buf;
    *len = used;
    return TK_OK;
}

int tk_read_file(const char *path, char **text, size_t *len, struct tk_error *err)
{
    return tk_read_small_file(path, SIZE_MAX, text, len, err);
}
