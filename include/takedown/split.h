/* split.h - group a name set by public suffix: the registry's (or provider's) view, one
 * group per suffix ("in" for the .in registry, "ddns.net" for No-IP). */
#ifndef TAKEDOWN_SPLIT_H
#define TAKEDOWN_SPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/nameset.h"

struct tk_suffix_group {
    char *suffix;
    uint32_t *names; /* indexes into the name set, in set order */
    size_t count;
    size_t cap;
};

struct tk_split {
    struct tk_suffix_group *groups; /* sorted by suffix */
    size_t count;
};

int tk_split_by_suffix(const struct tk_nameset *set, struct tk_split *out, struct tk_error *err);
void tk_split_free(struct tk_split *split);

#endif
