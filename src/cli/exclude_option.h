/* exclude_option.h - the names a command leaves out of what it attributes or lists: the
 * built-in popular registered domains and an --exclude FILE (match, predict, export). */
#ifndef TAKEDOWN_CLI_EXCLUDE_OPTION_H
#define TAKEDOWN_CLI_EXCLUDE_OPTION_H

#include "takedown/detect.h"
#include "takedown/error.h"

/* The list of the built-in popular domains (when popular is set) and of file (when not
 * NULL) into *out; *out is NULL when there is neither. */
int exclude_option_load(int popular, const char *file, struct tk_allowlist **out,
                        struct tk_error *err);

#endif
