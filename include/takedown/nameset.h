/* nameset.h - a de-duplicating, insertion-ordered set of domain names with tags.
 *
 * Predicting a window yields the same name many times (every period that generates it,
 * every seed that shares it). The set keeps each name once, in first-seen order, and for
 * each name a short list of tags: which source generated it and the first and last day. */
#ifndef TAKEDOWN_NAMESET_H
#define TAKEDOWN_NAMESET_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"

struct tk_nameset;

struct tk_name_tag {
    uint32_t source; /* caller's source index */
    tk_day first;
    tk_day last;
    uint32_t next;   /* index of the name's next tag, or UINT32_MAX */
};

struct tk_nameset *tk_nameset_new(void);
void tk_nameset_free(struct tk_nameset *set);

/* Adds a name seen from source on days first..last: a new name is appended, a known one
 * gets its tag for that source widened (or a new tag). Returns TK_OK or TK_ERR_NOMEM. */
int tk_nameset_add(struct tk_nameset *set, const char *name, size_t len, uint32_t source,
                   tk_day first, tk_day last);
/* Adds a name that carries no tag (from a plain list); a known name keeps its tags. */
int tk_nameset_add_untagged(struct tk_nameset *set, const char *name, size_t len);

size_t tk_nameset_count(const struct tk_nameset *set);
/* Name number i (insertion order); *len receives its length. Not NUL-terminated. */
const char *tk_nameset_name(const struct tk_nameset *set, size_t i, size_t *len);
/* Index of the first tag of name i; follow tag->next until UINT32_MAX. */
uint32_t tk_nameset_first_tag(const struct tk_nameset *set, size_t i);
const struct tk_name_tag *tk_nameset_tag(const struct tk_nameset *set, uint32_t tag);
/* Bytes of memory the set holds. */
size_t tk_nameset_bytes(const struct tk_nameset *set);

#endif
