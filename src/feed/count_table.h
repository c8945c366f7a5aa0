/* count_table.h - the names of a feed's window, each once with a 32-bit count, in insertion
 * order; nothing is removed (a name whose count falls to 0 stays, for when it comes back).
 * Records are named by their arena offset. */
#ifndef TAKEDOWN_FEED_COUNT_TABLE_H
#define TAKEDOWN_FEED_COUNT_TABLE_H

#include <stddef.h>
#include <stdint.h>

struct feed_table {
    uint8_t *arena;
    size_t arena_len, arena_cap;
    uint64_t *slots;
    size_t slot_mask, count;
};

/* An empty table; 0, or -1 when out of memory. */
int feed_table_init(struct feed_table *t);
void feed_table_free(struct feed_table *t);

/* The offset of name (1 to 255 bytes), added with a count of 0 when new; -1 when out of
 * memory. */
int64_t feed_table_add(struct feed_table *t, const char *name, size_t len);
/* The offset of name, or -1 when the table does not hold it. */
int64_t feed_table_find(const struct feed_table *t, const char *name, size_t len);

uint32_t feed_table_value(const struct feed_table *t, uint64_t offset);
void feed_table_set(struct feed_table *t, uint64_t offset, uint32_t value);
/* The name of the record at offset (not NUL-terminated) and its length. */
const char *feed_table_name(const struct feed_table *t, uint64_t offset, size_t *len);
/* The offset of the record after the one at offset; arena_len at the end. */
uint64_t feed_table_next(const struct feed_table *t, uint64_t offset);
/* Bytes allocated. */
size_t feed_table_bytes(const struct feed_table *t);

#endif
