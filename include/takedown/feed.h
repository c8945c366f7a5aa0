/* feed.h - the content of a live response policy zone: the sliding window of predicted names
 * (today - back .. today + ahead), kept up to date incrementally, and the deltas a slide
 * makes, which the journal keeps and IXFR serves.
 *
 * Each name carries the number of (day, occurrence) pairs of the window that generate it. A
 * slide subtracts the days leaving the window and adds the days entering it, one prediction
 * run per day; a name whose count falls to 0 leaves the zone and one whose count rises from 0
 * enters it, so the whole window is never generated again. Names that leave stay in the table
 * with a count of 0 (a later day may generate them again). */
#ifndef TAKEDOWN_FEED_H
#define TAKEDOWN_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"
#include "takedown/predict.h"

struct tk_allowlist;

/* Names one after the other, each as a length byte and the name (lower case, no final dot). */
struct tk_feed_names {
    uint8_t *bytes;
    size_t len, cap;
    size_t count;
};

int tk_feed_names_add(struct tk_feed_names *names, const char *name, size_t len);
void tk_feed_names_free(struct tk_feed_names *names);
/* Adds the names of a file, one a line ('#' comments; FILE:LINE: expected a domain name). */
int tk_feed_names_load(const char *path, struct tk_feed_names *names, struct tk_error *err);
/* The name at *pos, which moves past it; NULL at the end. */
const char *tk_feed_names_next(const struct tk_feed_names *names, size_t *pos, size_t *len);

/* What changed from serial from_serial (window of from_today) to to_serial (to_today). */
struct tk_feed_delta {
    uint32_t from_serial, to_serial;
    tk_day from_today, to_today;
    struct tk_feed_names removed, added;
};

void tk_feed_delta_free(struct tk_feed_delta *delta);

struct tk_feed_window_config {
    const struct tk_source *sources;
    size_t source_count;
    int back, ahead;                    /* days before and after today */
    const struct tk_allowlist *exclude; /* names left out, or NULL */
    const struct tk_feed_names *manual; /* names always in the zone, or NULL */
    int threads;                        /* generator threads; 0: one per CPU */
    size_t max_len;                     /* longest name kept (so that it fits under the
                                           zone's name); 0: 253 */
};

struct tk_feed_window;

/* The window around today, generated in full. */
int tk_feed_window_new(const struct tk_feed_window_config *config, tk_day today,
                       struct tk_feed_window **out, struct tk_error *err);
void tk_feed_window_free(struct tk_feed_window *window);

/* Moves the window to today (either way, by any number of days), generating only the days
 * that leave and enter it; delta receives the names that left and entered (its serials are
 * left to the caller). On an error the window is unusable. */
int tk_feed_window_slide(struct tk_feed_window *window, tk_day today,
                         struct tk_feed_delta *delta, struct tk_error *err);

tk_day tk_feed_window_today(const struct tk_feed_window *window);
/* Names in the zone now. */
size_t tk_feed_window_count(const struct tk_feed_window *window);
/* Walks the names in the zone in a fixed order: *cursor starts at 0; returns NULL at the
 * end. */
const char *tk_feed_window_next(const struct tk_feed_window *window, size_t *cursor,
                                size_t *len);
/* Whether name (lower case) is in the zone now. */
int tk_feed_window_contains(const struct tk_feed_window *window, const char *name, size_t len);
/* Bytes of memory the window holds. */
size_t tk_feed_window_bytes(const struct tk_feed_window *window);

/* The journal: a directory holding the state (today and serial, replaced atomically) and the
 * deltas of the last slides (appended and fsynced before the state names their serial).
 * After a crash it is read back to the last state written; deltas past it are dropped. */
struct tk_feed_journal;

struct tk_feed_state {
    uint32_t serial;
    tk_day today;
    uint64_t fingerprint; /* of the configuration: families, seeds, window, action */
};

/* Opens (creating) the journal in dir, keeping at most max_deltas deltas. *found is 1 and
 * *state what was saved when the journal holds a state of the same fingerprint; otherwise
 * the journal is emptied and *found is 0. */
int tk_feed_journal_open(const char *dir, size_t max_deltas, uint64_t fingerprint,
                         struct tk_feed_journal **out, struct tk_feed_state *state, int *found,
                         struct tk_error *err);
void tk_feed_journal_close(struct tk_feed_journal *journal);
/* Appends delta (durably), then saves state (atomically); drops the oldest deltas over the
 * bound. delta is moved into the journal (emptied). */
int tk_feed_journal_commit(struct tk_feed_journal *journal, struct tk_feed_delta *delta,
                           const struct tk_feed_state *state, struct tk_error *err);
/* Saves state alone (first start, or a restart that moved the serial). */
int tk_feed_journal_save_state(struct tk_feed_journal *journal,
                               const struct tk_feed_state *state, struct tk_error *err);

/* The deltas a journal holds, oldest first, in memory (also without a directory). */
struct tk_feed_history {
    struct tk_feed_delta *deltas;
    size_t count, max;
};

/* Appends delta (moved), dropping the oldest over history->max. */
int tk_feed_history_push(struct tk_feed_history *history, struct tk_feed_delta *delta);
void tk_feed_history_free(struct tk_feed_history *history);
/* The journal's history. */
struct tk_feed_history *tk_feed_journal_history(struct tk_feed_journal *journal);

/* The condensed change from serial to the newest delta's: names present at serial and gone
 * now into removed, names absent at serial and present now into added. Returns 1 when the
 * history reaches back to serial, 0 when it does not (an AXFR is needed), -1 out of memory. */
int tk_feed_history_condense(const struct tk_feed_history *history, uint32_t serial,
                             struct tk_feed_names *removed, struct tk_feed_names *added);

#endif
