/* predict.h - run family generators over a window of days.
 *
 * A source is one configured generator (family, variant, parameters: one seed). A window
 * run walks each source over the UTC days from..to, generates each period once (days that
 * share a period share their names) and hands every name to a callback with the first and
 * last day of the window that generate it in that period. Work is spread over threads; the
 * callback always sees names in the deterministic order: source by source, period by
 * period, in generator order. */
#ifndef TAKEDOWN_PREDICT_H
#define TAKEDOWN_PREDICT_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/args.h"
#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/family.h"

struct tk_source {
    const struct tk_family *family;
    const struct tk_variant *variant;
    struct tk_args *args; /* owned by the caller */
    char *seed;           /* the seed's text, for tags ("9", "0F0D5BFA"); "" when none */
};

/* Called once per (source, period, name). first and last are the days of the window that
 * the period covers; a family without a date input covers the whole window. */
typedef int (*tk_predict_fn)(void *ctx, size_t source_index, tk_day first, tk_day last,
                             const char *name, size_t len);

/* Called after each finished period with the share done (0..1); may be NULL. */
typedef void (*tk_progress_fn)(void *ctx, double done);

/* Called in the generating threads, several at once, for every name a generator emits;
 * only the names for which it returns nonzero reach the callback. */
typedef int (*tk_predict_filter_fn)(const void *ctx, const char *name, size_t len);

struct tk_predict_options {
    int threads;               /* 0: one per online CPU */
    tk_progress_fn progress;
    void *progress_ctx;
    tk_predict_filter_fn filter; /* NULL: every name */
    const void *filter_ctx;
    uint64_t *emitted;         /* when not NULL, set to the names the generators emitted */
};

int tk_predict_window(const struct tk_source *sources, size_t source_count, tk_day from,
                      tk_day to, const struct tk_predict_options *options, tk_predict_fn fn,
                      void *ctx, struct tk_error *err);

/* Runs one source for its own date argument, exactly as the malware would: every name in
 * generator order, repeats kept. */
int tk_predict_once(const struct tk_source *source, tk_emit_fn emit, void *ctx,
                    struct tk_error *err);

#endif
