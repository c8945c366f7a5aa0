/* reader_ops.h - what one event format implements to plug into tk_event_reader (see
 * include/takedown/event_reader.h). Private to src/ingest. */
#ifndef TAKEDOWN_INGEST_READER_OPS_H
#define TAKEDOWN_INGEST_READER_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/event_reader.h"

struct tk_event_reader {
    const struct reader_ops *ops;
    struct tk_input *in;
    struct tk_event_reader_stats stats;
    void *state; /* the format's own: state_size bytes, zeroed before open, freed after close */
    struct read_ahead *ahead; /* decoding on its own thread (read_ahead.c), or NULL */
};

struct reader_ops {
    const char *name;
    enum tk_event_format format;
    size_t state_size;
    /* 1 when the first decompressed bytes look like this format (for TK_EVENTS_AUTO). */
    int (*sniff)(const uint8_t *data, size_t len);
    /* Sets up r->state; on failure releases what it took (not the state itself). */
    int (*open)(struct tk_event_reader *r, struct tk_error *err);
    enum tk_read_result (*next)(struct tk_event_reader *r, struct tk_contact *contact,
                                struct tk_error *err);
    /* Releases what open took (not the state itself). */
    void (*close)(struct tk_event_reader *r);
};

extern const struct reader_ops jsonl_reader_ops;
extern const struct reader_ops csv_reader_ops;
extern const struct reader_ops dnstap_reader_ops;
extern const struct reader_ops binary_reader_ops;

/* Counts a bad record and writes "PATH:POSITION: message" into err; returns TK_READ_BAD. */
enum tk_read_result ingest_reader_bad(struct tk_event_reader *r, struct tk_error *err,
                               const char *position, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Marks the file truncated with what was cut. */
void ingest_reader_truncated(struct tk_event_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* At the end of the stream: notes a compressed stream cut between records. */
void ingest_reader_check_input_truncated(struct tk_event_reader *r);

/* An empty contact: every number 0, every text "" (not NULL). */
void ingest_contact_clear(struct tk_contact *c);

/* Splits a tag text "family[:variant[:seed]]" (CSV tags, dnstap extras use their own). */
void ingest_reader_split_tag(struct tk_text tag, struct tk_contact *c);

#endif
