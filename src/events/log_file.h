/* log_file.h - one output file of the event log: buffered appends, named after the UTC
 * second it was opened, flushed, synced and rotated by the writer thread. */
#ifndef TAKEDOWN_EVENTS_LOG_FILE_H
#define TAKEDOWN_EVENTS_LOG_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"

#define LOG_FILE_BUFFER (256 * 1024)

struct log_file {
    const char *dir;
    const char *extension;   /* "jsonl", "dnstap" */
    int fd;                  /* -1 when closed */
    char path[4096];
    uint64_t bytes;          /* written to this file so far, buffer included */
    int64_t opened;          /* CLOCK_MONOTONIC seconds */
    int unsynced;            /* data handed to the kernel since the last fdatasync */
    uint64_t write_errors;
    size_t used;
    char buffer[LOG_FILE_BUFFER];
};

/* Prepares (does not open) a file in dir with the given extension. */
void log_file_init(struct log_file *f, const char *dir, const char *extension);
/* Creates DIR/events-YYYYMMDDTHHMMSSZ[-N].EXT, never overwriting a file. */
int log_file_open(struct log_file *f, struct tk_error *err);
void log_file_append(struct log_file *f, const void *data, size_t len);
/* Hands the buffer to the kernel. */
void log_file_flush(struct log_file *f);
/* fdatasync when anything was written since the last one. */
void log_file_sync(struct log_file *f);
/* Flush, sync, close. */
void log_file_close(struct log_file *f);

#endif
