/* event_log.h - the bounded, non-blocking event log that sensors write into.
 *
 * Each producer thread (a DNS worker, later an HTTP or SMTP worker) owns one ring of
 * fixed-size event slots: it reserves a slot, fills it and commits it, with two atomic
 * operations and no lock, allocation or system call. When its ring is full the event is
 * dropped and counted: answering never waits for the disk. One writer thread drains the
 * rings into the enabled formats (JSON lines, dnstap) in DIR.
 *
 * Durability (docs/EVENTS.md): the writer hands buffered data to the kernel at least every
 * 100 ms, so a SIGKILL of the process loses at most the events of the last 100 ms plus
 * what was still queued; it calls fdatasync() every fsync_interval_ms (default 1000) and at
 * each rotation and at close, which bounds what a power loss costs. Files rotate when they
 * reach rotate_bytes or are rotate_seconds old, whichever comes first; each file is named
 * after the UTC second it was opened: events-YYYYMMDDTHHMMSSZ.jsonl / .dnstap. */
#ifndef TAKEDOWN_EVENT_LOG_H
#define TAKEDOWN_EVENT_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/event.h"

struct tk_event_log;

struct tk_event_log_options {
    const char *dir;             /* created if missing */
    int jsonl;                   /* write events-*.jsonl */
    int dnstap;                  /* write events-*.dnstap (Frame Streams, DNS events only) */
    int binary;                  /* write events-*.tkev (Frame Streams of takedown.Event) */
    const char *sensor;          /* sensor id written with each event; NULL for none */
    unsigned producers;          /* number of producer threads (rings) */
    size_t queue_events;         /* slots per ring, rounded up to a power of two */
    uint64_t rotate_bytes;       /* 0: no rotation by size */
    uint32_t rotate_seconds;     /* 0: no rotation by age */
    uint32_t fsync_interval_ms;  /* 0: never fdatasync except at rotation and close */
};

struct tk_event_log_stats {
    uint64_t written;    /* events handed to the files */
    uint64_t dropped;    /* events lost because a ring was full */
    uint64_t backlog;    /* events waiting in the rings now */
    uint64_t rotations;
    uint64_t write_errors;
    uint64_t not_spooled; /* events not written because the log's disk was full */
};

/* Opens the first files and starts the writer thread. */
int tk_event_log_open(const struct tk_event_log_options *options, struct tk_event_log **log,
                      struct tk_error *err);

/* Producer side, for producer number producer only: a slot to fill, or NULL (counted as a
 * drop) when the ring is full; then commit it. */
struct tk_event *tk_event_log_reserve(struct tk_event_log *log, unsigned producer);
void tk_event_log_commit(struct tk_event_log *log, unsigned producer);

void tk_event_log_get_stats(struct tk_event_log *log, struct tk_event_log_stats *stats);

/* Asks the writer to rotate now (for SIGHUP); returns at once. */
void tk_event_log_rotate(struct tk_event_log *log);

/* Writes every queued event, closes the files (fdatasync) and frees the log. */
void tk_event_log_close(struct tk_event_log *log);

#endif
