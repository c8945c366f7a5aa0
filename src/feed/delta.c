/* delta.c - lists of names, the deltas of slides, the bounded history of them and its
 * condensed form for IXFR (see include/takedown/feed.h). */
#include "takedown/feed.h"

#include <stdlib.h>
#include <string.h>

#include "util/name_table.h"

int tk_feed_names_add(struct tk_feed_names *names, const char *name, size_t len)
{
    if (len == 0 || len > 255)
        return -1;
    if (names->len + len + 1 > names->cap) {
        size_t cap = names->cap ? names->cap * 2 : 4096;
        while (cap < names->len + len + 1)
            cap *= 2;
        uint8_t *bytes = realloc(names->bytes, cap);
        if (bytes == NULL)
            return -1;
        names->bytes = bytes;
        names->cap = cap;
    }
    names->bytes[names->len++] = (uint8_t)len;
    memcpy(names->bytes + names->len, name, len);
    names->len += len;
    names->count++;
    return 0;
}

void tk_feed_names_free(struct tk_feed_names *names)
{
    free(names->bytes);
    memset(names, 0, sizeof *names);
}

const char *tk_feed_names_next(const struct tk_feed_names *names, size_t *pos, size_t *len)
{
    if (*pos >= names->len)
        return NULL;
    *len = names->bytes[*pos];
    const char *name = (const char *)names->bytes + *pos + 1;
    *pos += 1 + *len;
    return name;
}

void tk_feed_delta_free(struct tk_feed_delta *delta)
{
    tk_feed_names_free(&delta->removed);
    tk_feed_names_free(&delta->added);
}

int tk_feed_history_push(struct tk_feed_history *h, struct tk_feed_delta *delta)
{
    if (h->max == 0) {
        tk_feed_delta_free(delta);
        return 0;
    }
    if (h->count == h->max) {
        tk_feed_delta_free(&h->deltas[0]);
        memmove(h->deltas, h->deltas + 1, (h->count - 1) * sizeof *h->deltas);
        h->count--;
    }
    if (h->deltas == NULL && (h->deltas = calloc(h->max, sizeof *h->deltas)) == NULL)
        return -1;
    h->deltas[h->count++] = *delta;
    memset(delta, 0, sizeof *delta);
    return 0;
}

void tk_feed_history_free(struct tk_feed_history *h)
{
    for (size_t i = 0; i < h->count; i++)
        tk_feed_delta_free(&h->deltas[i]);
    free(h->deltas);
    h->deltas = NULL;
    h->count = 0;
}

/* A name's value in the condensing table: bit 0 set once seen, bit 1 present before the
 * first delta that touched it, bit 2 present after the last. */
enum { SEEN = 1, PRESENT_BEFORE = 2, PRESENT_AFTER = 4 };

static int touch_all(struct tk_name_table *t, const struct tk_feed_names *names, int present)
{
    size_t pos = 0, len;
    const char *name;
    while ((name = tk_feed_names_next(names, &pos, &len))) {
        int added;
        long id = tk_name_table_add(t, name, len, tk_name_hash(name, len), &added);
        if (id < 0)
            return -1;
        uint32_t *v = tk_name_table_value(t, (size_t)id);
        if (!(*v & SEEN))
            *v = SEEN | (present ? 0 : PRESENT_BEFORE);
        *v = (*v & ~(uint32_t)PRESENT_AFTER) | (present ? PRESENT_AFTER : 0);
    }
    return 0;
}

int tk_feed_history_condense(const struct tk_feed_history *h, uint32_t serial,
                             struct tk_feed_names *removed, struct tk_feed_names *added)
{
    size_t start = 0;
    while (start < h->count && h->deltas[start].from_serial != serial)
        start++;
    if (start == h->count)
        return 0;
    struct tk_name_table t;
    if (tk_name_table_init(&t, 1024))
        return -1;
    int rc = 0;
    for (size_t i = start; i < h->count && rc == 0; i++) {
        rc = touch_all(&t, &h->deltas[i].removed, 0);
        if (rc == 0)
            rc = touch_all(&t, &h->deltas[i].added, 1);
    }
    for (size_t id = 0; id < t.count && rc == 0; id++) {
        size_t len;
        const char *name = tk_name_table_name(&t, id, &len);
        uint32_t v = t.entries[id].value;
        if ((v & PRESENT_BEFORE) && !(v & PRESENT_AFTER))
            rc = tk_feed_names_add(removed, name, len);
        else if (!(v & PRESENT_BEFORE) && (v & PRESENT_AFTER))
            rc = tk_feed_names_add(added, name, len);
    }
    tk_name_table_free(&t);
    return rc ? -1 : 1;
}
