/* atomic_file.c - temporary file, fsync, rename (see include/takedown/atomic_file.h). */
#include "takedown/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Temporary files not yet committed, so that a signal handler can unlink them. Fixed
 * size and plain pointers: the handler may only call async-signal-safe functions. */
#define MAX_OPEN_TEMPS 64
static char *volatile open_temps[MAX_OPEN_TEMPS];

static void remember(char *temp_path)
{
    for (int i = 0; i < MAX_OPEN_TEMPS; i++)
        if (open_temps[i] == NULL) {
            open_temps[i] = temp_path;
            return;
        }
}

static void forget(const char *temp_path)
{
    for (int i = 0; i < MAX_OPEN_TEMPS; i++)
        if (open_temps[i] == temp_path)
            open_temps[i] = NULL;
}

void tk_atomic_cleanup_all(void)
{
    for (int i = 0; i < MAX_OPEN_TEMPS; i++)
        if (open_temps[i])
            unlink(open_temps[i]);
}

int tk_atomic_open(struct tk_atomic_file *file, const char *path, struct tk_error *err)
{
    size_t n = strlen(path);
    memset(file, 0, sizeof *file);
    file->path = strdup(path);
    file->temp_path = malloc(n + 16);
    if (file->path == NULL || file->temp_path == NULL) {
        tk_atomic_abort(file);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    memcpy(file->temp_path, path, n);
    memcpy(file->temp_path + n, ".tmp-XXXXXX", 12);
    int fd = mkstemp(file->temp_path);
    if (fd < 0) {
        int e = errno;
        free(file->temp_path);
        file->temp_path = NULL;
        tk_atomic_abort(file);
        return tk_error_set(err, TK_ERR_IO, "%s: cannot write: %s", path, strerror(e));
    }
    fchmod(fd, 0644);
    file->fp = fdopen(fd, "w");
    if (file->fp == NULL) {
        close(fd);
        tk_atomic_abort(file);
        return tk_error_set(err, TK_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    }
    setvbuf(file->fp, NULL, _IOFBF, 1 << 20);
    remember(file->temp_path);
    return TK_OK;
}

int tk_atomic_commit(struct tk_atomic_file *file, struct tk_error *err)
{
    int failed = fflush(file->fp) != 0 || ferror(file->fp) || fsync(fileno(file->fp)) != 0;
    int e = errno;
    if (fclose(file->fp) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    file->fp = NULL;
    if (!failed && rename(file->temp_path, file->path) != 0) {
        failed = 1;
        e = errno;
    }
    if (failed) {
        tk_error_set(err, TK_ERR_IO, "%s: write failed: %s", file->path, strerror(e));
        tk_atomic_abort(file);
        return TK_ERR_IO;
    }
    forget(file->temp_path);
    free(file->temp_path);
    free(file->path);
    memset(file, 0, sizeof *file);
    return TK_OK;
}

void tk_atomic_abort(struct tk_atomic_file *file)
{
    if (file->fp)
        fclose(file->fp);
    if (file->temp_path) {
        forget(file->temp_path);
        unlink(file->temp_path);
    }
    free(file->temp_path);
    free(file->path);
    memset(file, 0, sizeof *file);
}
