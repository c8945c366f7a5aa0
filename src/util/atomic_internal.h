/* atomic_internal.h - what atomic_file.c and atomic_dir.c share: the temporary paths a
 * signal handler removes. */
#ifndef TAKEDOWN_ATOMIC_INTERNAL_H
#define TAKEDOWN_ATOMIC_INTERNAL_H

#include <signal.h>

/* Holds off SIGINT, SIGTERM and SIGHUP (into *saved) while a temporary path is made and
 * recorded, or a directory swapped: a handler never runs between the two steps, so it
 * never misses a path to remove. */
void atomic_block_signals(sigset_t *saved);
void atomic_restore_signals(const sigset_t *saved);

/* Records a temporary file (levels 0) or directory (levels as for atomic_remove_dir) until
 * atomic_forget. */
void atomic_remember(char *temp_path, int levels);
void atomic_forget(const char *temp_path);

/* Removes a directory and the files in it; with levels 2, also its subdirectories and the
 * files in them. It never descends further, nor through a symbolic link: a deeper
 * subdirectory stays, and so do the directories above it. Async-signal-safe. 0 when the
 * directory is gone. */
int atomic_remove_dir(const char *path, int levels);

#endif
