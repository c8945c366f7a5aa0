/* atomic_file.h - write a file so that readers see the old version or the whole new one.
 *
 * Output goes to a temporary file in the same directory; commit flushes, fsyncs and
 * renames it over the target. An interrupted or failed run removes the temporary file and
 * leaves what was there before untouched. */
#ifndef TAKEDOWN_ATOMIC_FILE_H
#define TAKEDOWN_ATOMIC_FILE_H

#include <stdio.h>

#include "takedown/error.h"

struct tk_atomic_file {
    FILE *fp;
    char *path;
    char *temp_path;
};

int tk_atomic_open(struct tk_atomic_file *file, const char *path, struct tk_error *err);
int tk_atomic_commit(struct tk_atomic_file *file, struct tk_error *err);
void tk_atomic_abort(struct tk_atomic_file *file);

/* Removes every temporary file still open (for signal handlers: async-signal-safe). */
void tk_atomic_cleanup_all(void);

#endif
