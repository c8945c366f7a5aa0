/* rpz_reader.h - the names of a Response Policy Zone, one master-file line at a time.
 *
 * Reads what `takedown export --format rpz` writes and the common hand-written forms:
 * $ORIGIN and $TTL directives, ';' comments, '@', absolute owners under the origin,
 * relative owners, \DDD and \X escapes, and multi-line records in parentheses. A record
 * other than SOA or NS makes its owner a blocked name; an owner "*.name" blocks the
 * subtree of name. Triggers on addresses (rpz-ip, rpz-nsip, rpz-client-ip, rpz-nsdname)
 * and "CNAME rpz-passthru." exceptions are skipped. */
#ifndef TAKEDOWN_RPZ_READER_H
#define TAKEDOWN_RPZ_READER_H

#include <stddef.h>

#include "takedown/error.h"

struct tk_rpz_state {
    char origin[256];  /* lower case, no trailing dot; "" for the root */
    size_t origin_len;
    int in_parens;     /* inside a record continued over lines */
};

/* Parses one line. Returns TK_OK with *skip set when the line names nothing, TK_OK with
 * name (lower case, relative to the origin, NUL-terminated), *len and *subtree, or
 * TK_ERR_DATA saying what was expected. */
int tk_rpz_parse_line(struct tk_rpz_state *state, const char *line, size_t len, char name[256],
                      size_t *name_len, int *subtree, int *skip, struct tk_error *err);

#endif
