/* sinkhole_names.h - the names a sinkhole answers for: listed names (from block lists,
 * with their DGA tags) and whole zones (a domain and everything under it).
 *
 * Built once per load or reload, then read-only and shared by every worker thread. A
 * lookup walks from the query name up through its ancestors and stops at the first name in
 * the table; it does not allocate. Layout and bytes per name: docs/sinkhole.md. */
#ifndef TAKEDOWN_SINKHOLE_NAMES_H
#define TAKEDOWN_SINKHOLE_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/event.h"

struct tk_names;

/* Flags of a table entry. */
enum {
    TK_NAME_LISTED = 1,  /* the name itself is served */
    TK_NAME_SUBTREE = 2  /* every name below it is served too (a zone, an RPZ "*.name") */
};

/* A tag as a list carried it (the strings are copied). */
struct tk_names_tag_input {
    const char *family;
    const char *variant;
    const char *seed;
    tk_day first, last;
};

struct tk_names *tk_names_new(void);
void tk_names_free(struct tk_names *names);

/* Makes room for count more names of text_bytes in all, so that loading a big list does not
 * rebuild the index again and again. Returns TK_OK or TK_ERR_NOMEM. */
int tk_names_reserve(struct tk_names *names, size_t count, size_t text_bytes);

/* Adds name (lower case, dotted, no trailing dot) with flags; a name added again gets the
 * union of the flags, and tag (may be NULL) is added to its tags. */
int tk_names_add(struct tk_names *names, const char *name, size_t len, unsigned flags,
                 const struct tk_names_tag_input *tag, struct tk_error *err);

/* Reads a list file: a plain list, our CSV (tags kept) or an RPZ zone written by `takedown
 * export` ("name CNAME ." records; "*.name" adds the subtree). *loaded receives the number
 * of names the file held (0 for a file of comments only: legal, but worth a warning).
 * Errors name file and line. */
int tk_names_load_file(struct tk_names *names, const char *path, size_t *loaded,
                       struct tk_error *err);

/* Gives back the arena's unused growth room once every name is in. */
void tk_names_compact(struct tk_names *names);

enum tk_names_result {
    TK_NAMES_MISS = 0,    /* not ours: REFUSED */
    TK_NAMES_APEX,        /* a listed name or a zone apex: A, AAAA, NS, SOA */
    TK_NAMES_BELOW,       /* below a zone: A and AAAA */
    TK_NAMES_NXDOMAIN     /* below a listed name that does not cover its subtree */
};

struct tk_names_match {
    enum tk_names_result result;
    size_t apex_offset;   /* where the apex starts in the query name (0 for the name itself) */
    uint32_t tag;         /* the entry's first tag, or UINT32_MAX */
};

/* Looks name (lower case, dotted) up. */
void tk_names_lookup(const struct tk_names *names, const char *name, size_t len,
                     struct tk_names_match *match);

/* Copies tag number tag into out (strings cut to fit); empty family for UINT32_MAX. */
void tk_names_tag(const struct tk_names *names, uint32_t tag, struct tk_event_tag *out);

/* The family of tag number tag as an index in the family registry (family.h):
 * tk_family_count() for a family the registry does not know, tk_family_count() + 1 for no
 * tag. */
size_t tk_names_tag_family(const struct tk_names *names, uint32_t tag);

size_t tk_names_count(const struct tk_names *names);
size_t tk_names_bytes(const struct tk_names *names);
/* Counts of entries that are zones (TK_NAME_SUBTREE). */
size_t tk_names_zone_count(const struct tk_names *names);

#endif
