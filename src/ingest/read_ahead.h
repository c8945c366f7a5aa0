/* read_ahead.h - a format's reader run on a thread of its own, a few batches of contacts
 * ahead of the caller (tk_event_reader_read_ahead). Private to src/ingest. */
#ifndef TAKEDOWN_INGEST_READ_AHEAD_H
#define TAKEDOWN_INGEST_READ_AHEAD_H

#include <stdint.h>

#include "ingest/reader_ops.h"

struct read_ahead;

/* Starts the thread over r's format reader (r->ops, r->state), which only it calls from
 * then on. */
int read_ahead_start(struct read_ahead **out, struct tk_event_reader *r, struct tk_error *err);
/* The next result, in the reader's order: as tk_event_reader_next. */
enum tk_read_result read_ahead_next(struct read_ahead *a, struct tk_contact *c,
                                    struct tk_error *err);
/* The input's bytes read when the batch being read was decoded, for progress. */
uint64_t read_ahead_consumed(const struct read_ahead *a);
/* The reader's counts as of the batch being read: final after TK_READ_END or FAILED. */
const struct tk_event_reader_stats *read_ahead_stats(const struct read_ahead *a);
/* Stops and joins the thread; r's reader is the caller's again. */
void read_ahead_stop(struct read_ahead *a);

#endif
