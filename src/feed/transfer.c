/* transfer.c - the record sequences of zone transfers, cut into messages:
 *
 *   AXFR (RFC 5936 2.2):            SOA, NS, every policy record, SOA
 *   IXFR (RFC 1995 4, condensed):   SOA(new), SOA(old), records removed, SOA(new),
 *                                   records added, SOA(new)
 *   IXFR from an up-to-date serial: SOA(new) alone
 *
 * Each message holds as many records as fit in the limit given (room for TSIG is left by
 * the caller); the window's names are walked with a cursor, never copied. */
#include "feed/feed_internal.h"

#include <string.h>

static void add_step(struct feed_transfer *t, enum feed_step_kind kind, uint32_t serial,
                     const struct tk_feed_names *names)
{
    struct feed_step *s = &t->steps[t->step_count++];
    s->kind = kind;
    s->serial = serial;
    s->names = names;
}

void feed_transfer_axfr(struct feed_transfer *t, uint32_t serial)
{
    memset(t, 0, sizeof *t);
    t->serial = serial;
    add_step(t, STEP_SOA, serial, NULL);
    add_step(t, STEP_NS, 0, NULL);
    add_step(t, STEP_WINDOW, 0, NULL);
    add_step(t, STEP_SOA, serial, NULL);
}

void feed_transfer_ixfr(struct feed_transfer *t, uint32_t old_serial, uint32_t serial)
{
    t->step_count = t->step = t->cursor = t->records = 0;
    t->serial = serial;
    add_step(t, STEP_SOA, serial, NULL);
    add_step(t, STEP_SOA, old_serial, NULL);
    add_step(t, STEP_LIST, 0, &t->removed);
    add_step(t, STEP_SOA, serial, NULL);
    add_step(t, STEP_LIST, 0, &t->added);
    add_step(t, STEP_SOA, serial, NULL);
}

void feed_transfer_soa(struct feed_transfer *t, uint32_t serial)
{
    memset(t, 0, sizeof *t);
    t->serial = serial;
    add_step(t, STEP_SOA, serial, NULL);
}

void feed_transfer_free(struct feed_transfer *t)
{
    tk_feed_names_free(&t->removed);
    tk_feed_names_free(&t->added);
}

/* Writes the records of a names step from the cursor on; 0 when the step is done. */
static int fill_names(struct feed_transfer *t, const struct feed_step *s, struct feed_message *m,
                      const struct feed_zone *z, const struct tk_feed_window *w, size_t limit)
{
    for (;;) {
        size_t at = t->cursor, len;
        const char *name = s->kind == STEP_WINDOW ? tk_feed_window_next(w, &at, &len)
                                                  : tk_feed_names_next(s->names, &at, &len);
        if (name == NULL)
            return 0;
        if (feed_put_policy(m, z, name, len, limit))
            return 1;
        t->cursor = at;
        t->records += z->wildcard ? 2 : 1;
    }
}

int feed_transfer_fill(struct feed_transfer *t, struct feed_message *m,
                       const struct feed_zone *z, const struct tk_feed_window *w, size_t limit)
{
    while (t->step < t->step_count) {
        const struct feed_step *s = &t->steps[t->step];
        int more = 0;
        if (s->kind == STEP_SOA)
            more = feed_put_soa(m, z, s->serial, limit) != 0;
        else if (s->kind == STEP_NS)
            more = feed_put_ns(m, z, limit) != 0;
        else
            more = fill_names(t, s, m, z, w, limit);
        if (more)
            break;
        if (s->kind == STEP_SOA || s->kind == STEP_NS)
            t->records++;
        t->step++;
        t->cursor = 0;
    }
    feed_message_finish(m);
    return t->step == t->step_count;
}
