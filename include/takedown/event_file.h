/* event_file.h - reading the event logs a sinkhole writes back into event records: JSON
 * lines (events-*.jsonl), the binary log (events-*.tkev, Frame Streams of takedown.Event)
 * and dnstap (events-*.dnstap, DNS events only), plain or compressed with gzip or zstd
 * (input.h). The format is recognised from the first bytes; files are read as a stream, one
 * record at a time, so memory does not grow with the file.
 *
 * A record that cannot be read is reported with its position (line or frame number) and
 * reading goes on. A Frame Streams file without its closing STOP frame (the writer was
 * killed) reads to its last whole frame; one cut inside a frame says so. */
#ifndef TAKEDOWN_EVENT_FILE_H
#define TAKEDOWN_EVENT_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/event.h"

enum tk_event_file_format {
    TK_EVENT_FILE_JSONL = 1,
    TK_EVENT_FILE_BINARY,
    TK_EVENT_FILE_DNSTAP
};

enum tk_event_file_result {
    TK_EVENT_FILE_EVENT = 0, /* *ev holds the next event */
    TK_EVENT_FILE_BAD,       /* one record could not be read: err says where and why */
    TK_EVENT_FILE_END,       /* no more records */
    TK_EVENT_FILE_FAILED     /* reading cannot go on: err says why */
};

struct tk_event_file;

/* Opens path ("-": standard input) and recognises its format. */
int tk_event_file_open(const char *path, struct tk_event_file **out, struct tk_error *err);
/* The same over an open input (which the reader then owns, even on failure); name stands
 * for the path in messages. */
struct tk_input;
int tk_event_file_open_input(struct tk_input *in, const char *name, struct tk_event_file **out,
                             struct tk_error *err);

/* The next record; sensor receives the record's sensor id ("" when it has none). */
enum tk_event_file_result tk_event_file_next(struct tk_event_file *f, struct tk_event *ev,
                                             char sensor[64], struct tk_error *err);

enum tk_event_file_format tk_event_file_format(const struct tk_event_file *f);
/* "jsonl", "binary", "dnstap". */
const char *tk_event_file_format_name(enum tk_event_file_format format);
/* 1 when the file ended inside a record (a cut file); the note says where. */
int tk_event_file_truncated(const struct tk_event_file *f, const char **note);
void tk_event_file_close(struct tk_event_file *f);

/* One JSON line of docs/EVENTS.md into ev. TK_ERR_DATA names the member that is wrong. */
int tk_event_parse_json(const char *line, size_t len, struct tk_event *ev, char sensor[64],
                        struct tk_error *err);

/* One dnstap message (the payload of a data frame) into a DNS event. */
int tk_event_decode_dnstap(const uint8_t *data, size_t len, struct tk_event *ev,
                           char sensor[64], struct tk_error *err);

#endif
