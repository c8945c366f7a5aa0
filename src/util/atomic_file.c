/* atomic_file.c - output files: temporary file, fsync, rename for regular files; in place for
 * devices and FIFOs; standard output for "-" (see include/takedown/atomic_file.h). */
#include "takedown/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic_internal.h"

/* Temporary files and directories not yet committed, so that a signal handler can remove
 * them. Fixed size and plain values: the handler may only call async-signal-safe
 * functions. */
#define MAX_OPEN_TEMPS 64
static char *volatile open_temps[MAX_OPEN_TEMPS];
static volatile char open_temp_levels[MAX_OPEN_TEMPS];

void atomic_remember(char *temp_path, int levels)
{
    for (int i = 0; i < MAX_OPEN_TEMPS; i++)
        if (open_temps[i] == NULL) {
            open_temp_levels[i] = (char)levels;
            open_temps[i] = temp_path;
            return;
        }
}

void atomic_block_signals(sigset_t *saved)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, saved);
}

void atomic_restore_signals(const sigset_t *saved)
{
    pthread_sigmask(SIG_SETMASK, saved, NULL);
}

void atomic_forget(const char *temp_path)
{
    for (int i = 0; i < MAX_OPEN_TEMPS; i++)
        if (open_temps[i] == temp_path)
            open_temps[i] = NULL;
}

/* One pass over the directory open as fd; returns how many entries it removed. A
 * subdirectory is emptied and removed only while levels > 1, never through a link. */
static int unlink_entries(int fd, int levels)
{
    union {
        struct dirent64 first;
        char bytes[8192];
    } buf;
    ssize_t n;
    int removed = 0;

    while ((n = getdents64(fd, &buf, sizeof buf)) > 0)
        for (ssize_t off = 0; off < n;) {
            struct dirent64 *d = (struct dirent64 *)(void *)(buf.bytes + off);
            off += d->d_reclen;
            if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
                continue;
            if (unlinkat(fd, d->d_name, 0) == 0) {
                removed++;
            } else if (levels > 1 && (errno == EISDIR || errno == EPERM)) {
                int sub = openat(fd, d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0)
                    continue;
                while (unlink_entries(sub, levels - 1) > 0)
                    lseek(sub, 0, SEEK_SET);
                close(sub);
                if (unlinkat(fd, d->d_name, AT_REMOVEDIR) == 0)
                    removed++;
            }
        }
    return removed;
}

int atomic_remove_dir(const char *path, int levels)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* Removing entries while reading may hide others from the same pass: repeat until a
     * pass finds nothing to remove. */
    while (unlink_entries(fd, levels) > 0)
        lseek(fd, 0, SEEK_SET);
    close(fd);
    return rmdir(path);
}

void tk_atomic_cleanup_all(void)
{
    for (int i = 0; i < MAX_OPEN_TEMPS; i++) {
        char *path = open_temps[i];
        if (path == NULL)
            continue;
        if (open_temp_levels[i])
            atomic_remove_dir(path, open_temp_levels[i]);
        else
            unlink(path);
    }
}

static int fail_open(struct tk_atomic_file *file, const char *path, int e, struct tk_error *err)
{
    tk_atomic_abort(file);
    return tk_error_set(err, TK_ERR_IO, "%s: cannot write: %s", path, strerror(e));
}

static int is_stream(mode_t mode)
{
    return S_ISCHR(mode) || S_ISBLK(mode) || S_ISFIFO(mode);
}

/* A device or FIFO, or a symbolic link to one when follow is set: opened for writing as it
 * is, neither created nor truncated, and checked again once open. */
static int open_in_place(struct tk_atomic_file *file, const char *path, int follow,
                         struct tk_error *err)
{
    struct stat st;
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
    if (fd < 0)
        return fail_open(file, path, errno, err);
    if (fstat(fd, &st) != 0 || !is_stream(st.st_mode)) {
        close(fd);
        tk_atomic_abort(file);
        return tk_error_set(err, TK_ERR_IO, "%s: changed while being opened; not written", path);
    }
    file->kind = TK_ATOMIC_IN_PLACE;
    if ((file->fp = fdopen(fd, "w")) == NULL) {
        int e = errno;
        close(fd);
        return fail_open(file, path, e, err);
    }
    return TK_OK;
}

/* A regular file or a new path: a temporary file beside it, with the mode of the file it
 * replaces (0644 for a new one). */
static int open_temp(struct tk_atomic_file *file, const char *path, mode_t mode,
                     struct tk_error *err)
{
    size_t n = strlen(path);
    if ((file->temp_path = malloc(n + 16)) == NULL) {
        tk_atomic_abort(file);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    memcpy(file->temp_path, path, n);
    memcpy(file->temp_path + n, ".tmp-XXXXXX", 12);
    sigset_t saved;
    atomic_block_signals(&saved);
    int fd = mkstemp(file->temp_path);
    if (fd >= 0)
        atomic_remember(file->temp_path, 0);
    atomic_restore_signals(&saved);
    if (fd < 0) {
        int e = errno;
        free(file->temp_path);
        file->temp_path = NULL;
        return fail_open(file, path, e, err);
    }
    fchmod(fd, mode);
    if ((file->fp = fdopen(fd, "w")) == NULL) {
        int e = errno;
        close(fd);
        return fail_open(file, path, e, err);
    }
    return TK_OK;
}

int tk_atomic_open(struct tk_atomic_file *file, const char *path, struct tk_error *err)
{
    struct stat st, target;
    int in_place = 0, follow = 0, rc;
    mode_t mode = 0644;

    memset(file, 0, sizeof *file);
    if (strcmp(path, "-") == 0) {
        file->fp = stdout;
        file->kind = TK_ATOMIC_STDOUT;
        return TK_OK;
    }
    if (path[0] == '\0')
        return tk_error_set(err, TK_ERR_USAGE, "an output path is empty");
    if (path[strlen(path) - 1] == '/')
        return tk_error_set(err, TK_ERR_IO, "%s: is a directory", path);
    if (lstat(path, &st) == 0) {
        /* A link is written through only to a device or FIFO (/dev/stdout), as a shell's
         * redirection would; it is never replaced, nor a file written through it. */
        follow = S_ISLNK(st.st_mode);
        if (follow && (stat(path, &target) != 0 || !is_stream(target.st_mode)))
            return tk_error_set(err, TK_ERR_IO, "%s: is a symbolic link; not replaced", path);
        if (S_ISDIR(st.st_mode))
            return tk_error_set(err, TK_ERR_IO, "%s: is a directory", path);
        in_place = follow || is_stream(st.st_mode);
        if (S_ISREG(st.st_mode))
            mode = st.st_mode & 07777;
        if (!in_place && !S_ISREG(st.st_mode))
            return tk_error_set(err, TK_ERR_IO, "%s: is not a regular file, device or FIFO; "
                                "not replaced", path);
    } else if (errno != ENOENT && errno != ENOTDIR) {
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    } else if ((rc = tk_make_parent_dirs(path, err))) { /* names what is missing or a file */
        return rc;
    }
    if ((file->path = strdup(path)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    rc = in_place ? open_in_place(file, path, follow, err) : open_temp(file, path, mode, err);
    if (rc == TK_OK)
        setvbuf(file->fp, NULL, _IOFBF, 1 << 20);
    return rc;
}

/* Flushes and, for a file of its own, fsyncs; 0 or the errno of the failure. */
static int flush_all(struct tk_atomic_file *file)
{
    if (fflush(file->fp) != 0 || ferror(file->fp))
        return errno ? errno : EIO;
    if (file->kind == TK_ATOMIC_STDOUT)
        return 0;
    /* Devices and FIFOs without fsync (EINVAL, EROFS) have nothing more to write. */
    if (fsync(fileno(file->fp)) != 0
        && !(file->kind == TK_ATOMIC_IN_PLACE && (errno == EINVAL || errno == EROFS)))
        return errno;
    return 0;
}

int tk_atomic_commit(struct tk_atomic_file *file, struct tk_error *err)
{
    const char *name = file->kind == TK_ATOMIC_STDOUT ? "standard output" : file->path;
    errno = 0;
    int e = flush_all(file);

    if (file->kind != TK_ATOMIC_STDOUT && fclose(file->fp) != 0 && e == 0)
        e = errno;
    file->fp = NULL;
    if (e == 0 && file->kind == TK_ATOMIC_REPLACE && rename(file->temp_path, file->path) != 0)
        e = errno;
    if (e) {
        tk_error_set(err, TK_ERR_IO, "%s: write failed: %s", name, strerror(e));
        tk_atomic_abort(file);
        return TK_ERR_IO;
    }
    if (file->temp_path)
        atomic_forget(file->temp_path);
    free(file->temp_path);
    free(file->path);
    memset(file, 0, sizeof *file);
    return TK_OK;
}

void tk_atomic_abort(struct tk_atomic_file *file)
{
    if (file->fp && file->kind == TK_ATOMIC_STDOUT)
        fflush(file->fp);
    else if (file->fp)
        fclose(file->fp);
    if (file->temp_path) {
        atomic_forget(file->temp_path);
        unlink(file->temp_path);
    }
    free(file->temp_path);
    free(file->path);
    memset(file, 0, sizeof *file);
}
