/* list_reader.h - read a saved name list back: plain lists (one name per line), our CSV
 * (domain,family,variant,seed,first_date,last_date) or our JSON lines are not needed here:
 * lines are parsed one at a time so that a caller can stream a file of any size.
 *
 * Plain: "name" per line. CSV: detected by its header row; fields may be quoted (RFC 4180)
 * and '|' joins several tags in one field. '#' lines and blank lines are skipped. Names are
 * folded to lower case (DNS names are case-insensitive), so each is kept once. */
#ifndef TAKEDOWN_LIST_READER_H
#define TAKEDOWN_LIST_READER_H

#include <stddef.h>

#include "takedown/date.h"
#include "takedown/error.h"

enum tk_list_kind { TK_LIST_PLAIN, TK_LIST_CSV };

struct tk_list_entry {
    char name[256];
    size_t name_len;
    /* CSV only: the tag columns as text ('|'-joined when several); empty when absent. */
    char family[256];
    char variant[256];
    char seed[1024];
    char first[256];
    char last[256];
};

/* Parses one line (without its newline). Returns TK_OK with *skip set for comment, blank
 * and header lines, TK_OK with an entry, or TK_ERR_DATA with a message saying what was
 * expected (the caller prefixes file and line). *kind may change from PLAIN to CSV when the
 * first non-comment line is our CSV header. */
int tk_list_parse_line(const char *line, size_t len, enum tk_list_kind *kind, int first_line,
                       struct tk_list_entry *entry, int *skip, struct tk_error *err);

/* One tag of an entry: the k-th part of each '|'-joined tag column, days parsed (0 when
 * absent). */
struct tk_list_tag {
    char family[256];
    char variant[256];
    char seed[1024];
    tk_day first, last;
};

/* How many tags entry carries: one more than the '|' in its family column (1 when it has
 * none, an empty tag). */
size_t tk_list_tag_count(const struct tk_list_entry *entry);
/* Tag k of entry into tag. Returns TK_OK, or TK_ERR_DATA with err set when a day does not
 * parse. */
int tk_list_tag_at(const struct tk_list_entry *entry, size_t k, struct tk_list_tag *tag,
                   struct tk_error *err);

#endif
