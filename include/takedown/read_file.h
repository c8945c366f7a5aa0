/* read_file.h - a whole (small) file into memory: the detector's model and allow-lists. */
#ifndef TAKEDOWN_READ_FILE_H
#define TAKEDOWN_READ_FILE_H

#include <stddef.h>

#include "takedown/error.h"

/* Reads all of path into a new buffer *text (free() it) of *len bytes. */
int tk_read_file(const char *path, char **text, size_t *len, struct tk_error *err);

#endif
