/* atomic_file.h - every output path: a file that readers see old or whole and new, a
 * directory of files replaced as a whole, and the directories above them created.
 *
 * A file output is one of:
 * - a regular file or a new path: written to NAME.tmp-XXXXXX beside it; commit flushes,
 *   fsyncs and renames it over NAME; abort, a failed commit or an interrupt (see
 *   tk_atomic_cleanup_all) removes it and leaves what was there untouched;
 * - "-": standard output;
 * - a character or block device or a FIFO (/dev/null, /dev/full, a pipe), or a symbolic
 *   link to one (/dev/stdout): written in place, never replaced, and its write errors
 *   reported by commit;
 * - any other symbolic link, or a directory: refused ("is a symbolic link; not replaced").
 * Missing directories above the path are created first, as `mkdir -p` does. */
#ifndef TAKEDOWN_ATOMIC_FILE_H
#define TAKEDOWN_ATOMIC_FILE_H

#include <stdio.h>

#include "takedown/error.h"

enum tk_atomic_kind {
    TK_ATOMIC_REPLACE,  /* temporary file renamed over the path */
    TK_ATOMIC_IN_PLACE, /* device or FIFO */
    TK_ATOMIC_STDOUT    /* "-" */
};

struct tk_atomic_file {
    FILE *fp;
    char *path;
    char *temp_path;
    enum tk_atomic_kind kind;
};

int tk_atomic_open(struct tk_atomic_file *file, const char *path, struct tk_error *err);
int tk_atomic_commit(struct tk_atomic_file *file, struct tk_error *err);
void tk_atomic_abort(struct tk_atomic_file *file);

/* What an earlier run wrote into a directory, and so what may be replaced as a whole: regular
 * files named one of names or ending in ".EXT" for one of extensions, and, when
 * subdir_extensions is set, subdirectories (not links) holding only regular files ending in
 * ".EXT" for one of subdir_extensions. Lists end with NULL; a NULL list matches nothing. */
struct tk_atomic_dir_shape {
    const char *const *names;
    const char *const *extensions;
    const char *const *subdir_extensions;
};

/* A directory whose files are written under temp_path, a hidden sibling of path
 * (.NAME.tmp-XXXXXX), and that commit swaps in for path as a whole (renameat2
 * RENAME_EXCHANGE), removing the earlier set: readers see the old set or the new one, and
 * no file of the old set is left beside the new. An existing path must be a directory
 * holding only what shape describes (a set an earlier run wrote); anything else is refused,
 * so that a mistyped path never empties a directory of other files. Removal, of the
 * earlier set or of temp_path on abort or an interrupt, goes one level of subdirectories
 * deep at most, and only when shape allows subdirectories. path is kept without trailing
 * slashes. */
struct tk_atomic_dir {
    char *path;
    char *temp_path;
    int levels;
};

int tk_atomic_dir_open(struct tk_atomic_dir *dir, const char *path,
                       const struct tk_atomic_dir_shape *shape, struct tk_error *err);
int tk_atomic_dir_commit(struct tk_atomic_dir *dir, struct tk_error *err);
void tk_atomic_dir_abort(struct tk_atomic_dir *dir);

/* Creates dir and every missing directory above it with mode (as `mkdir -p -m`); an
 * existing directory, or a symbolic link to one, is fine. "-" is refused: standard output
 * is not a directory. */
int tk_make_dirs(const char *dir, unsigned mode, struct tk_error *err);
/* Creates every missing directory above path (mode 0755). */
int tk_make_parent_dirs(const char *path, struct tk_error *err);

/* Removes every temporary file and directory still open (for signal handlers:
 * async-signal-safe). */
void tk_atomic_cleanup_all(void);

#endif
