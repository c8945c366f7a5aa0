/* event_writer.h - writing event records to an open stream in any format of the event log:
 * JSON lines, the binary log (Frame Streams of takedown.Event) or dnstap (DNS events only;
 * others are skipped and counted). Used by `takedown events convert` and `cat`. */
#ifndef TAKEDOWN_EVENT_WRITER_H
#define TAKEDOWN_EVENT_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "takedown/error.h"
#include "takedown/event.h"
#include "takedown/event_file.h"

struct tk_event_writer;

/* Starts writing format to out (which stays the caller's to close). */
int tk_event_writer_open(FILE *out, enum tk_event_file_format format,
                         struct tk_event_writer **writer, struct tk_error *err);
/* Writes one event; sensor may be "" or NULL. */
int tk_event_writer_write(struct tk_event_writer *w, const struct tk_event *ev,
                          const char *sensor, struct tk_error *err);
/* Events the format cannot hold (non-DNS events in dnstap). */
uint64_t tk_event_writer_skipped(const struct tk_event_writer *w);
/* Ends the stream (the Frame Streams STOP frame) and frees the writer. */
int tk_event_writer_close(struct tk_event_writer *w, struct tk_error *err);

#endif
