/* feed.c - the feed's zone over time: the window, its serial and the journal of its deltas
 * (see include/takedown/feed_server.h). */
#include "takedown/feed_server.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tk_feed {
    struct tk_feed_config config;
    struct tk_feed_window *window;
    struct tk_feed_journal *journal;   /* NULL without a directory */
    struct tk_feed_history memory;     /* the deltas without a journal */
    uint32_t serial;
};

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void fill_report(const struct tk_feed *f, struct tk_feed_report *report)
{
    report->serial = f->serial;
    report->today = tk_feed_window_today(f->window);
    report->names = tk_feed_window_count(f->window);
}

/* The journal's state, or a fresh serial from the clock (above any served before). */
static int open_journal(struct tk_feed *f, tk_day today, struct tk_feed_state *state,
                        int *found, struct tk_error *err)
{
    state->serial = 0;
    state->today = today;
    state->fingerprint = f->config.fingerprint;
    *found = 0;
    if (f->config.journal_dir) {
        int rc = tk_feed_journal_open(f->config.journal_dir, f->config.journal_max,
                                      f->config.fingerprint, &f->journal, state, found, err);
        if (rc)
            return rc;
    }
    if (!*found) {
        uint32_t clock_serial = (uint32_t)time(NULL);
        state->serial = state->serial + 1 > clock_serial ? state->serial + 1 : clock_serial;
        state->today = today;
        state->fingerprint = f->config.fingerprint;
        if (f->journal)
            return tk_feed_journal_save_state(f->journal, state, err);
    }
    return TK_OK;
}

int tk_feed_open(const struct tk_feed_config *config, tk_day today, struct tk_feed **out,
                 struct tk_feed_report *report, struct tk_error *err)
{
    struct tk_feed *f = calloc(1, sizeof *f);
    struct tk_feed_state state;
    struct timespec start;
    int found, rc;
    *out = NULL;
    memset(report, 0, sizeof *report);
    if (f == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    f->config = *config;
    f->memory.max = config->journal_max;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if ((rc = open_journal(f, today, &state, &found, err))
        || (rc = tk_feed_window_new(&config->window, state.today, &f->window, err))) {
        tk_feed_free(f);
        return rc;
    }
    f->serial = state.serial;
    report->restored = found;
    if (state.today != today && (rc = tk_feed_move(f, today, report, err)) < 0) {
        tk_feed_free(f);
        return -rc;
    }
    fill_report(f, report);
    report->seconds = seconds_since(&start);
    *out = f;
    return TK_OK;
}

void tk_feed_free(struct tk_feed *f)
{
    if (f == NULL)
        return;
    tk_feed_window_free(f->window);
    tk_feed_journal_close(f->journal);
    tk_feed_history_free(&f->memory);
    free(f);
}

int tk_feed_move(struct tk_feed *f, tk_day today, struct tk_feed_report *report,
                 struct tk_error *err)
{
    struct tk_feed_delta delta;
    struct timespec start;
    int restored = report->restored;
    memset(report, 0, sizeof *report);
    report->restored = restored;
    if (today == tk_feed_window_today(f->window)) {
        fill_report(f, report);
        return 0;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc = tk_feed_window_slide(f->window, today, &delta, err);
    if (rc)
        return -rc;
    delta.from_serial = f->serial;
    delta.to_serial = f->serial + 1;
    report->removed = delta.removed.count;
    report->added = delta.added.count;
    struct tk_feed_state state = {f->serial + 1, today, f->config.fingerprint};
    if (f->journal)
        rc = tk_feed_journal_commit(f->journal, &delta, &state, err);
    else if (tk_feed_history_push(&f->memory, &delta))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    tk_feed_delta_free(&delta);
    if (rc)
        return -rc;
    f->serial++;
    fill_report(f, report);
    report->seconds = seconds_since(&start);
    return 1;
}

uint32_t tk_feed_serial(const struct tk_feed *f)
{
    return f->serial;
}

const struct tk_feed_window *tk_feed_window_of(const struct tk_feed *f)
{
    return f->window;
}

const struct tk_feed_history *tk_feed_history_of(const struct tk_feed *f)
{
    return f->journal ? tk_feed_journal_history(f->journal) : &f->memory;
}
