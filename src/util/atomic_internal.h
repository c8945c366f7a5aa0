/* atomic_internal.h - what atomic_file.c and atomic_dir.c share: the temporary paths a
 * signal handler removes. */
#ifndef TAKEDOWN_ATOMIC_INTERNAL_H
#define TAKEDOWN_ATOMIC_INTERNAL_H

/* Records a temporary file (is_dir 0) or directory (1) until atomic_forget. */
void atomic_remember(char *temp_path, int is_dir);
void atomic_forget(const char *temp_path);

/* Removes a directory and the files in it, never descending into a subdirectory (which then
 * stays, and so does the directory). Async-signal-safe. 0 when the directory is gone. */
int atomic_remove_flat_dir(const char *path);

#endif
