/* atomic_dir.c - output directories: created as `mkdir -p` does, or written as a hidden
 * sibling and swapped in whole (see include/takedown/atomic_file.h). */
#include "takedown/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic_internal.h"

#define PATH_BYTES 4096

/* mkdir -p over the first len bytes of path. */
static int make_dirs_prefix(const char *path, size_t len, unsigned mode, struct tk_error *err)
{
    char buf[PATH_BYTES];
    struct stat st;

    if (len >= sizeof buf)
        return tk_error_set(err, TK_ERR_USAGE, "%.64s...: path too long", path);
    memcpy(buf, path, len);
    buf[len] = '\0';
    for (size_t i = 1; i <= len; i++) {
        if (i < len && (buf[i] != '/' || buf[i - 1] == '/'))
            continue;
        char keep = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, (mode_t)mode) != 0) {
            int e = errno;
            if (e != EEXIST)
                return tk_error_set(err, TK_ERR_IO, "%s: cannot create directory: %s", buf,
                                    strerror(e));
            if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
                return tk_error_set(err, TK_ERR_IO, "%s: not a directory", buf);
        }
        buf[i] = keep;
    }
    return TK_OK;
}

int tk_make_dirs(const char *dir, unsigned mode, struct tk_error *err)
{
    if (strcmp(dir, "-") == 0)
        return tk_error_set(err, TK_ERR_USAGE, "-: standard output cannot be a directory");
    if (dir[0] == '\0')
        return tk_error_set(err, TK_ERR_USAGE, "an output directory is empty");
    return make_dirs_prefix(dir, strlen(dir), mode, err);
}

int tk_make_parent_dirs(const char *path, struct tk_error *err)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL || slash == path)
        return TK_OK;
    return make_dirs_prefix(path, (size_t)(slash - path), 0755, err);
}

static int has_extension(const char *name, const char *const *extensions)
{
    size_t n = strlen(name);
    for (size_t i = 0; extensions && extensions[i]; i++) {
        size_t e = strlen(extensions[i]);
        if (n > e + 1 && name[n - e - 1] == '.' && strcmp(name + n - e, extensions[i]) == 0)
            return 1;
    }
    return 0;
}

static int is_named(const char *name, const char *const *names)
{
    for (size_t i = 0; names && names[i]; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static int refuse(const char *path, const char *sub, const char *name, struct tk_error *err)
{
    return tk_error_set(err, TK_ERR_IO, "%s: holds %s%s%s, which no earlier run wrote; "
                        "not replaced (the directory is replaced as a whole)", path,
                        sub ? sub : "", sub ? "/" : "", name);
}

/* Whether the subdirectory sub of path (open as fd, which this closes) holds only files
 * ending in one of extensions. */
static int check_subdir(const char *path, const char *sub, int fd,
                        const char *const *extensions, struct tk_error *err)
{
    DIR *d = fdopendir(fd);
    struct dirent *entry;
    struct stat st;
    int rc = TK_OK;

    if (d == NULL) {
        close(fd);
        return tk_error_set(err, TK_ERR_IO, "%s/%s: %s", path, sub, strerror(errno));
    }
    while (rc == TK_OK && (entry = readdir(d)) != NULL) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)
            || !has_extension(name, extensions))
            rc = refuse(path, sub, name, err);
    }
    closedir(d);
    return rc;
}

/* An existing directory may be replaced only when it holds nothing but what shape says. */
static int check_replaceable(const char *path, const struct tk_atomic_dir_shape *shape,
                             struct tk_error *err)
{
    DIR *d = opendir(path);
    struct dirent *entry;
    struct stat st;
    int rc = TK_OK;

    if (d == NULL)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    while (rc == TK_OK && (entry = readdir(d)) != NULL) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            rc = refuse(path, NULL, name, err);
        } else if (S_ISREG(st.st_mode)) {
            if (!is_named(name, shape->names) && !has_extension(name, shape->extensions))
                rc = refuse(path, NULL, name, err);
        } else if (S_ISDIR(st.st_mode) && shape->subdir_extensions) {
            int fd = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            rc = fd < 0 ? refuse(path, NULL, name, err)
                        : check_subdir(path, name, fd, shape->subdir_extensions, err);
        } else {
            rc = refuse(path, NULL, name, err);
        }
    }
    closedir(d);
    return rc;
}

/* "a/b/" -> "a/b"; refuses "", "-", "/" and names ending in "." or "..". */
static int normalise(const char *path, char **out, struct tk_error *err)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')
        n--;
    const char *base = path + n;
    while (base > path && base[-1] != '/')
        base--;
    size_t base_len = (size_t)(path + n - base);
    if (strcmp(path, "-") == 0)
        return tk_error_set(err, TK_ERR_USAGE, "-: standard output cannot be a directory");
    if (n == 0 || base_len == 0 || (base_len == 1 && base[0] == '.')
        || (base_len == 2 && base[0] == '.' && base[1] == '.') || (path[0] == '/' && n == 1))
        return tk_error_set(err, TK_ERR_USAGE, "'%s': name a directory of its own", path);
    if (n >= PATH_BYTES - 32)
        return tk_error_set(err, TK_ERR_USAGE, "%.64s...: path too long", path);
    if ((*out = strndup(path, n)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return TK_OK;
}

/* Makes a new empty directory beside path, .NAME.<tag>-XXXXXX, and records it for removal
 * to levels deep (see atomic_remove_dir). */
static char *make_sibling(const char *path, const char *tag, int levels)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    char *temp = malloc(strlen(path) + strlen(tag) + 16);
    if (temp == NULL)
        return NULL;
    sprintf(temp, "%.*s.%s.%s-XXXXXX", (int)dir_len, path, path + dir_len, tag);
    sigset_t saved;
    atomic_block_signals(&saved);
    int made = mkdtemp(temp) != NULL;
    if (made)
        atomic_remember(temp, levels);
    atomic_restore_signals(&saved);
    if (!made) {
        free(temp);
        return NULL;
    }
    chmod(temp, 0755);
    return temp;
}

int tk_atomic_dir_open(struct tk_atomic_dir *dir, const char *path,
                       const struct tk_atomic_dir_shape *shape, struct tk_error *err)
{
    struct stat st;
    int rc;

    memset(dir, 0, sizeof *dir);
    dir->levels = shape->subdir_extensions ? 2 : 1;
    if ((rc = normalise(path, &dir->path, err)))
        return rc;
    if (lstat(dir->path, &st) == 0) {
        if (S_ISLNK(st.st_mode))
            rc = tk_error_set(err, TK_ERR_IO, "%s: is a symbolic link; not replaced", dir->path);
        else if (!S_ISDIR(st.st_mode))
            rc = tk_error_set(err, TK_ERR_IO, "%s: not a directory", dir->path);
        else
            rc = check_replaceable(dir->path, shape, err);
    } else if (errno != ENOENT && errno != ENOTDIR) {
        rc = tk_error_set(err, TK_ERR_IO, "%s: %s", dir->path, strerror(errno));
    } else {
        rc = tk_make_parent_dirs(dir->path, err);
    }
    if (rc == TK_OK && (dir->temp_path = make_sibling(dir->path, "tmp", dir->levels)) == NULL)
        rc = tk_error_set(err, TK_ERR_IO, "%s: cannot create a directory beside it: %s",
                          dir->path, strerror(errno));
    if (rc)
        tk_atomic_dir_abort(dir);
    return rc;
}

/* Puts the new set in place; *old is then the path that holds the earlier set, if any. The
 * caller blocks interrupts around it, so that they never strike between two renames. */
static int swap_in(struct tk_atomic_dir *dir, char **old)
{
    struct stat st;

    *old = NULL;
    if (lstat(dir->path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    if (renameat2(AT_FDCWD, dir->temp_path, AT_FDCWD, dir->path, RENAME_EXCHANGE) == 0) {
        *old = dir->temp_path;
        return 0;
    }
    if (errno == ENOENT)
        return rename(dir->temp_path, dir->path);
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    /* A file system without RENAME_EXCHANGE: two renames. */
    if ((*old = make_sibling(dir->path, "old", dir->levels)) == NULL)
        return -1;
    if (rename(dir->path, *old) != 0) {
        int e = errno;
        rmdir(*old);
        errno = e;
        return -1;
    }
    if (rename(dir->temp_path, dir->path) != 0) {
        int e = errno;
        rename(*old, dir->path);
        errno = e;
        return -1;
    }
    return 0;
}

int tk_atomic_dir_commit(struct tk_atomic_dir *dir, struct tk_error *err)
{
    sigset_t saved;
    char *old;
    int fd = open(dir->temp_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    atomic_block_signals(&saved);
    int swapped = swap_in(dir, &old) == 0;
    int e = errno;
    atomic_restore_signals(&saved);

    int rc = TK_OK;
    if (!swapped)
        rc = tk_error_set(err, TK_ERR_IO, "%s: cannot put the new files in place: %s",
                          dir->path, strerror(e));
    else if (old && atomic_remove_dir(old, dir->levels) != 0)
        rc = tk_error_set(err, TK_ERR_IO, "%s: written, but the earlier files could not all be "
                          "removed from %s: %s", dir->path, old, strerror(errno));
    if (old && old != dir->temp_path) {
        atomic_forget(old);
        free(old);
    }
    if (swapped && old != dir->temp_path) {
        /* The new set is in place; nothing is left at temp_path to remove. */
        atomic_forget(dir->temp_path);
        free(dir->temp_path);
        dir->temp_path = NULL;
    }
    tk_atomic_dir_abort(dir);
    return rc;
}

void tk_atomic_dir_abort(struct tk_atomic_dir *dir)
{
    if (dir->temp_path) {
        atomic_remove_dir(dir->temp_path, dir->levels);
        atomic_forget(dir->temp_path);
    }
    free(dir->temp_path);
    free(dir->path);
    memset(dir, 0, sizeof *dir);
}
