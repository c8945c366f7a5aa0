/* strpool.h - interned strings: each distinct string stored once and named by a small
 * number, so that counters can key groups (families, seeds, network names) by integer. */
#ifndef TAKEDOWN_STRPOOL_H
#define TAKEDOWN_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

struct tk_strpool;

struct tk_strpool *tk_strpool_new(void);
void tk_strpool_free(struct tk_strpool *p);
/* The id of the string s[0..len) (ids count from 1), adding it when new; 0 when out of
 * memory. */
uint32_t tk_strpool_intern(struct tk_strpool *p, const char *s, size_t len);
/* The NUL-terminated string of an id from tk_strpool_intern. */
const char *tk_strpool_get(const struct tk_strpool *p, uint32_t id);

#endif
