/* u64map.h - an open addressing map from 64-bit keys to 32-bit values (indexes into the
 * caller's arrays: telemetry's groups and bots, notify's recipients). Inside the library. */
#ifndef TAKEDOWN_UTIL_U64MAP_H
#define TAKEDOWN_UTIL_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map_slot {
    uint64_t key;
    uint32_t value; /* UINT32_MAX marks an empty slot */
};

struct u64map {
    struct u64map_slot *slots;
    uint32_t capacity; /* a power of two */
    uint32_t count;
};

/* The value stored for key, or UINT32_MAX. */
uint32_t u64map_get(const struct u64map *m, uint64_t key);
/* Stores key -> value (key must be absent). Returns 0, or -1 when out of memory. */
int u64map_put(struct u64map *m, uint64_t key, uint32_t value);
void u64map_free(struct u64map *m);

#endif
