/* read_file.h - opening input files and reading a whole (small) file into memory: the
 * detector's model and allow-lists, report's counts files, the reference vectors. Every
 * reader of a named file opens it through
 * tk_file_open (or tk_input_open for streams that may be compressed), so a directory or a
 * missing file is reported the same way everywhere. */
#ifndef TAKEDOWN_READ_FILE_H
#define TAKEDOWN_READ_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "takedown/error.h"

/* Opens path for reading; "-" is standard input. A directory is refused with
 * "PATH: is a directory", a failed open with "PATH: <reason>" (both TK_ERR_IO). Returns
 * NULL with err set. Close with tk_file_close. */
FILE *tk_file_open(const char *path, struct tk_error *err);
/* Closes f unless it is standard input. */
void tk_file_close(FILE *f);

/* Reads all of path into a new buffer *text (free() it) of *len bytes, followed by a NUL
 * that *len does not count. */
int tk_read_file(const char *path, char **text, size_t *len, struct tk_error *err);
/* The same for a file that must be small (a key, a date): more than max bytes is
 * "PATH: expected at most MAX bytes" (TK_ERR_DATA), so that /dev/zero cannot fill memory. */
int tk_read_small_file(const char *path, size_t max, char **text, size_t *len,
                       struct tk_error *err);

#endif
