/* window.c - the zone content as a sliding window of predicted names, moved incrementally
 * (see include/takedown/feed.h).
 *
 * The table is count_table.h's; a name's value is its count of (day, occurrence) pairs in
 * the window, with the top bit marking, during one slide, a name
 * that was in the zone before the slide and fell to 0 (so that one that comes back within the
 * same slide is no change). Manual names get one count that no day takes away. */
#include "takedown/feed.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/detect.h"
#include "takedown/domain.h"
#include "feed/count_table.h"

#define DROPPED UINT32_C(0x80000000)
#define COUNT_MASK UINT32_C(0x7FFFFFFF)

struct id_list {
    uint64_t *ids;     /* records' offsets */
    size_t count, cap;
};

struct tk_feed_window {
    struct tk_feed_window_config config;
    struct feed_table names;
    tk_day today;
    size_t present;
    /* during a slide */
    int removing;
    struct id_list dropped, entered;
};

static int id_list_push(struct id_list *list, uint64_t id)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 1024;
        uint64_t *ids = realloc(list->ids, cap * sizeof *ids);
        if (ids == NULL)
            return -1;
        list->ids = ids;
        list->cap = cap;
    }
    list->ids[list->count++] = id;
    return 0;
}

/* Adds (or, while removing, takes away) count occurrences of name. */
static int count_name(struct tk_feed_window *w, const char *name, size_t len, uint32_t count)
{
    int64_t id = feed_table_add(&w->names, name, len);
    if (id < 0)
        return TK_ERR_NOMEM;
    uint32_t value = feed_table_value(&w->names, (uint64_t)id);
    uint32_t now = value & COUNT_MASK;
    if (w->removing) {
        if (count > now) /* a day taken away that was never added: cannot be */
            count = now;
        value = (value & DROPPED) | (now - count);
        if (now > 0 && now == count) {
            feed_table_set(&w->names, (uint64_t)id, value | DROPPED);
            w->present--;
            return id_list_push(&w->dropped, (uint64_t)id) ? TK_ERR_NOMEM : TK_OK;
        }
        feed_table_set(&w->names, (uint64_t)id, value);
        return TK_OK;
    }
    value = (value & DROPPED) | (now + count);
    if (now > 0) {
        feed_table_set(&w->names, (uint64_t)id, value);
        return TK_OK;
    }
    w->present++;
    /* one that left and came back within this slide is no change */
    feed_table_set(&w->names, (uint64_t)id, value & ~DROPPED);
    if (value & DROPPED)
        return TK_OK;
    return id_list_push(&w->entered, (uint64_t)id) ? TK_ERR_NOMEM : TK_OK;
}

/* A name that can own a record under the zone: labels of 1 to 63 bytes, not too long. */
static int fits(const struct tk_feed_window *w, const char *name, size_t len)
{
    size_t max = w->config.max_len ? w->config.max_len : 253, label = 0;
    if (len == 0 || len > max)
        return 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || name[i] == '.') {
            if (label == 0 || label > 63)
                return 0;
            label = 0;
        } else {
            label++;
        }
    }
    return 1;
}

static int on_name(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                   size_t len)
{
    struct tk_feed_window *w = ctx;
    char lower[256];
    (void)source;
    if (!fits(w, name, len))
        return TK_OK;
    tk_domain_lower(name, len, lower);
    if (w->config.exclude && tk_allowlist_contains(w->config.exclude, lower, len))
        return TK_OK;
    return count_name(w, lower, len, (uint32_t)(last - first + 1));
}

/* Adds (or takes away) the days from..to. */
static int run_days(struct tk_feed_window *w, tk_day from, tk_day to, int removing,
                    struct tk_error *err)
{
    struct tk_predict_options options = {0};
    options.threads = w->config.threads;
    w->removing = removing;
    int rc = tk_predict_window(w->config.sources, w->config.source_count, from, to, &options,
                               on_name, w, err);
    w->removing = 0;
    if (rc == TK_ERR_NOMEM)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return rc;
}

static int add_manual(struct tk_feed_window *w, struct tk_error *err)
{
    size_t pos = 0, len;
    const char *name;
    if (w->config.manual == NULL)
        return TK_OK;
    while ((name = tk_feed_names_next(w->config.manual, &pos, &len))) {
        if (!fits(w, name, len))
            return tk_error_set(err, TK_ERR_USAGE, "manual name '%.*s' is too long to go under "
                                "the zone's name", (int)len, name);
        if (count_name(w, name, len, 1))
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    return TK_OK;
}

int tk_feed_window_new(const struct tk_feed_window_config *config, tk_day today,
                       struct tk_feed_window **out, struct tk_error *err)
{
    struct tk_feed_window *w = calloc(1, sizeof *w);
    *out = NULL;
    if (w == NULL || feed_table_init(&w->names)) {
        free(w);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    w->config = *config;
    w->today = today;
    int rc = add_manual(w, err);
    if (rc == TK_OK)
        rc = run_days(w, today - config->back, today + config->ahead, 0, err);
    w->entered.count = 0;
    if (rc) {
        tk_feed_window_free(w);
        return rc;
    }
    *out = w;
    return TK_OK;
}

void tk_feed_window_free(struct tk_feed_window *w)
{
    if (w == NULL)
        return;
    feed_table_free(&w->names);
    free(w->dropped.ids);
    free(w->entered.ids);
    free(w);
}

/* The days of old..old+span that are not in new..new+span, one run of them at most per side. */
static int run_leaving(struct tk_feed_window *w, tk_day old_from, tk_day new_from, int span,
                       int removing, struct tk_error *err)
{
    tk_day old_to = old_from + span;
    tk_day new_to = new_from + span;
    tk_day from = old_from, to = old_to;
    if (new_from > old_from && new_from <= old_to)
        to = new_from - 1;
    else if (new_from < old_from && new_to >= old_from)
        from = new_to + 1;
    return run_days(w, from, to, removing, err);
}

/* Turns the ids the slide collected into names; clears the marks. */
static int collect_delta(struct tk_feed_window *w, struct tk_feed_delta *delta)
{
    size_t len;
    for (size_t i = 0; i < w->dropped.count; i++) {
        uint32_t value = feed_table_value(&w->names, w->dropped.ids[i]);
        if (!(value & DROPPED))
            continue;
        feed_table_set(&w->names, w->dropped.ids[i], value & ~DROPPED);
        const char *name = feed_table_name(&w->names, w->dropped.ids[i], &len);
        if (tk_feed_names_add(&delta->removed, name, len))
            return TK_ERR_NOMEM;
    }
    for (size_t i = 0; i < w->entered.count; i++) {
        const char *name = feed_table_name(&w->names, w->entered.ids[i], &len);
        if (tk_feed_names_add(&delta->added, name, len))
            return TK_ERR_NOMEM;
    }
    w->dropped.count = w->entered.count = 0;
    return TK_OK;
}

int tk_feed_window_slide(struct tk_feed_window *w, tk_day today, struct tk_feed_delta *delta,
                         struct tk_error *err)
{
    int span = w->config.back + w->config.ahead;
    tk_day old_from = w->today - w->config.back, new_from = today - w->config.back;
    memset(delta, 0, sizeof *delta);
    delta->from_today = w->today;
    delta->to_today = today;
    if (today == w->today)
        return TK_OK;
    int rc = run_leaving(w, old_from, new_from, span, 1, err);
    if (rc == TK_OK)
        rc = run_leaving(w, new_from, old_from, span, 0, err);
    if (rc == TK_OK && collect_delta(w, delta))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (rc) {
        tk_feed_delta_free(delta);
        return rc;
    }
    w->today = today;
    return TK_OK;
}

tk_day tk_feed_window_today(const struct tk_feed_window *w)
{
    return w->today;
}

size_t tk_feed_window_count(const struct tk_feed_window *w)
{
    return w->present;
}

const char *tk_feed_window_next(const struct tk_feed_window *w, size_t *cursor, size_t *len)
{
    while (*cursor < w->names.arena_len) {
        uint64_t at = *cursor;
        *cursor = feed_table_next(&w->names, at);
        if (feed_table_value(&w->names, at) & COUNT_MASK)
            return feed_table_name(&w->names, at, len);
    }
    return NULL;
}

int tk_feed_window_contains(const struct tk_feed_window *w, const char *name, size_t len)
{
    int64_t at = feed_table_find(&w->names, name, len);
    return at >= 0 && (feed_table_value(&w->names, (uint64_t)at) & COUNT_MASK) != 0;
}

size_t tk_feed_window_bytes(const struct tk_feed_window *w)
{
    return sizeof *w + feed_table_bytes(&w->names);
}
