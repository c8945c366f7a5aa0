/* u64map.c - open addressing map from 64-bit keys to indexes (see u64map.h). */
#include "util/u64map.h"

#include <stdlib.h>

#include "takedown/hash64.h"

uint32_t u64map_get(const struct u64map *m, uint64_t key)
{
    uint32_t mask, i;
    if (m->capacity == 0)
        return UINT32_MAX;
    mask = m->capacity - 1;
    for (i = (uint32_t)tk_mix64(key) & mask; m->slots[i].value != UINT32_MAX; i = (i + 1) & mask)
        if (m->slots[i].key == key)
            return m->slots[i].value;
    return UINT32_MAX;
}

static void insert(struct u64map_slot *slots, uint32_t capacity, uint64_t key, uint32_t value)
{
    uint32_t mask = capacity - 1, i = (uint32_t)tk_mix64(key) & mask;
    while (slots[i].value != UINT32_MAX)
        i = (i + 1) & mask;
    slots[i].key = key;
    slots[i].value = value;
}

static int grow(struct u64map *m)
{
    uint32_t capacity = m->capacity ? m->capacity * 2 : 16;
    struct u64map_slot *slots;

    if (capacity == 0 || (slots = malloc((size_t)capacity * sizeof *slots)) == NULL)
        return -1;
    for (uint32_t i = 0; i < capacity; i++)
        slots[i].value = UINT32_MAX;
    for (uint32_t i = 0; i < m->capacity; i++)
        if (m->slots[i].value != UINT32_MAX)
            insert(slots, capacity, m->slots[i].key, m->slots[i].value);
    free(m->slots);
    m->slots = slots;
    m->capacity = capacity;
    return 0;
}

int u64map_put(struct u64map *m, uint64_t key, uint32_t value)
{
    if ((uint64_t)(m->count + 1) * 4 > (uint64_t)m->capacity * 3 && grow(m))
        return -1;
    insert(m->slots, m->capacity, key, value);
    m->count++;
    return 0;
}

void u64map_free(struct u64map *m)
{
    free(m->slots);
    m->slots = NULL;
    m->capacity = m->count = 0;
}
