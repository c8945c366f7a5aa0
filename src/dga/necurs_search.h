/* necurs_search.h - Necurs's seed search hook (necurs_search.c), for its descriptor. */
#ifndef TAKEDOWN_DGA_NECURS_SEARCH_H
#define TAKEDOWN_DGA_NECURS_SEARCH_H

#include <stdint.h>

#include "takedown/error.h"

struct tk_seed_search;

/* Nominates the magic numbers whose names over the window include an observed name. */
int necurs_search(const struct tk_seed_search *search, uint64_t *tried, struct tk_error *err);

#endif
