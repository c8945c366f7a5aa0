/* event_log.c - per-producer rings and the writer thread that drains them into JSON lines,
 * binary (takedown.Event) and dnstap files (see include/takedown/event_log.h).
 *
 * The rings are written by hand: a single-producer single-consumer ring is a few lines,
 * and it is the one thing on the answer path, where a general queue's locks or
 * allocations would cost more than answering. Frame Streams framing of the dnstap and
 * binary files is libfstrm's, on a custom rdwr whose bytes go through our buffered,
 * rotating file. */
#include "takedown/event_log.h"

#include <errno.h>
#include <fstrm.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#include "events/event_dnstap.h"
#include "events/log_file.h"
#include "takedown/atomic_file.h"
#include "takedown/event_binary.h"

#define FLUSH_INTERVAL_NS 100000000LL /* hand data to the kernel at least every 100 ms */
#define IDLE_SLEEP_NS 5000000L
/* Below this much free space on the log's file system (a buffer per file and room for what
 * fstrm frames add) events are counted as not spooled instead of written: a write cut by a
 * full disk would leave a torn record that the readers would stop at. Looked at every
 * 100 ms. */
#define SPOOL_RESERVE_BYTES (4ULL * LOG_FILE_BUFFER + (1ULL << 20))
#define SPACE_CHECK_NS 100000000LL

struct ring {
    _Alignas(64) _Atomic uint64_t head; /* next slot the producer fills */
    _Alignas(64) _Atomic uint64_t tail; /* next slot the writer reads */
    _Alignas(64) _Atomic uint64_t dropped;
    struct tk_event *slots;
    uint64_t mask;
};

struct tk_event_log {
    struct tk_event_log_options options;
    char dir[4096];
    char sensor[64];
    struct ring *rings;
    pthread_t thread;
    _Atomic int stop;
    _Atomic int rotate_requested;
    _Atomic uint64_t written;
    _Atomic uint64_t rotations;
    _Atomic uint64_t write_errors;
    _Atomic uint64_t not_spooled;        /* events not written: the disk was full */
    int disk_full;
    int64_t last_space_check_ns;
    struct log_file *json;
    struct log_file *dnstap;
    struct fstrm_writer *fstrm;         /* over dnstap */
    struct log_file *binary;
    struct fstrm_writer *binary_fstrm;  /* over binary */
    int64_t last_flush_ns, last_sync_ns;
};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The fstrm rdwr over one of our log_files: open starts a new file, close ends it. */
static fstrm_res frames_open(void *obj)
{
    struct log_file *f = obj;
    return log_file_open(f, NULL) == TK_OK ? fstrm_res_success : fstrm_res_failure;
}

static fstrm_res frames_close(void *obj)
{
    log_file_close(obj);
    return fstrm_res_success;
}

static fstrm_res frames_write(void *obj, const struct iovec *iov, int iovcnt)
{
    for (int i = 0; i < iovcnt; i++)
        log_file_append(obj, iov[i].iov_base, iov[i].iov_len);
    return fstrm_res_success;
}

/* A Frame Streams writer of content_type over file. */
static int open_fstrm(struct tk_event_log *log, struct log_file *file, const char *content_type,
                      struct fstrm_writer **writer, struct tk_error *err)
{
    struct fstrm_writer_options *wopt = fstrm_writer_options_init();
    struct fstrm_rdwr *rdwr = fstrm_rdwr_init(file);
    if (wopt == NULL || rdwr == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    fstrm_writer_options_add_content_type(wopt, content_type, strlen(content_type));
    fstrm_rdwr_set_open(rdwr, frames_open);
    fstrm_rdwr_set_close(rdwr, frames_close);
    fstrm_rdwr_set_write(rdwr, frames_write);
    *writer = fstrm_writer_init(wopt, &rdwr);
    fstrm_writer_options_destroy(&wopt);
    if (*writer == NULL) {
        fstrm_rdwr_destroy(&rdwr);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if (fstrm_writer_open(*writer) != fstrm_res_success)
        return tk_error_set(err, TK_ERR_IO, "%s: cannot create a .%s file (%s)", log->dir,
                            file->extension, strerror(errno));
    return TK_OK;
}

static void write_event(struct tk_event_log *log, const struct tk_event *ev)
{
    const char *sensor = log->sensor[0] ? log->sensor : NULL;
    if (log->json) {
        char line[TK_EVENT_JSON_MAX];
        size_t n = tk_event_format_json(ev, sensor, line, sizeof line);
        if (n)
            log_file_append(log->json, line, n);
    }
    if (log->fstrm) {
        uint8_t frame[1024];
        size_t n = tk_event_encode_dnstap(ev, sensor, frame, sizeof frame);
        if (n)
            fstrm_writer_write(log->fstrm, frame, n);
    }
    if (log->binary_fstrm) {
        uint8_t frame[TK_EVENT_BINARY_MAX];
        size_t n = tk_event_encode_binary(ev, sensor, frame, sizeof frame);
        if (n)
            fstrm_writer_write(log->binary_fstrm, frame, n);
    }
}

static int file_due(const struct tk_event_log *log, const struct log_file *f, int64_t now_s)
{
    const struct tk_event_log_options *o = &log->options;
    return f->fd >= 0
           && ((o->rotate_bytes && f->bytes >= o->rotate_bytes)
               || (o->rotate_seconds && now_s - f->opened >= (int64_t)o->rotate_seconds));
}

static void rotate_if_due(struct tk_event_log *log, int64_t now)
{
    int forced = atomic_exchange(&log->rotate_requested, 0);
    int64_t now_s = now / 1000000000LL;
    if (log->json && (forced || file_due(log, log->json, now_s))) {
        log_file_close(log->json);
        if (log_file_open(log->json, NULL) != TK_OK)
            log->json->write_errors++;
        atomic_fetch_add(&log->rotations, 1);
    }
    if (log->fstrm && (forced || file_due(log, log->dnstap, now_s))) {
        fstrm_writer_close(log->fstrm);
        if (fstrm_writer_open(log->fstrm) != fstrm_res_success)
            log->dnstap->write_errors++;
        atomic_fetch_add(&log->rotations, 1);
    }
    if (log->binary_fstrm && (forced || file_due(log, log->binary, now_s))) {
        fstrm_writer_close(log->binary_fstrm);
        if (fstrm_writer_open(log->binary_fstrm) != fstrm_res_success)
            log->binary->write_errors++;
        atomic_fetch_add(&log->rotations, 1);
    }
}

static void flush_and_sync(struct tk_event_log *log, int64_t now, int force)
{
    if (force || now - log->last_flush_ns >= FLUSH_INTERVAL_NS) {
        if (log->json)
            log_file_flush(log->json);
        if (log->dnstap)
            log_file_flush(log->dnstap);
        if (log->binary)
            log_file_flush(log->binary);
        log->last_flush_ns = now;
    }
    uint32_t every = log->options.fsync_interval_ms;
    if (every && now - log->last_sync_ns >= (int64_t)every * 1000000LL) {
        if (log->json)
            log_file_sync(log->json);
        if (log->dnstap)
            log_file_sync(log->dnstap);
        if (log->binary)
            log_file_sync(log->binary);
        log->last_sync_ns = now;
    }
    uint64_t errors = (log->json ? log->json->write_errors : 0)
                      + (log->dnstap ? log->dnstap->write_errors : 0)
                      + (log->binary ? log->binary->write_errors : 0);
    atomic_store_explicit(&log->write_errors, errors, memory_order_relaxed);
}

/* Whether the log's file system is short of space now (looked at every 100 ms). */
static int disk_full(struct tk_event_log *log)
{
    int64_t now = now_ns();
    struct statvfs fs;
    if (now - log->last_space_check_ns < SPACE_CHECK_NS)
        return log->disk_full;
    log->last_space_check_ns = now;
    log->disk_full = statvfs(log->dir, &fs) == 0
                     && (unsigned long long)fs.f_bavail * fs.f_frsize < SPOOL_RESERVE_BYTES;
    return log->disk_full;
}

/* Writes what the rings hold now (or, when the disk is full, counts it as not spooled);
 * returns how many events. */
static uint64_t drain(struct tk_event_log *log)
{
    uint64_t total = 0;
    int full = disk_full(log);
    for (unsigned p = 0; p < log->options.producers; p++) {
        struct ring *r = &log->rings[p];
        uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
        uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
        for (uint64_t i = tail; i != head && !full; i++)
            write_event(log, &r->slots[i & r->mask]);
        total += head - tail;
        atomic_store_explicit(&r->tail, head, memory_order_release);
    }
    if (total)
        atomic_fetch_add_explicit(full ? &log->not_spooled : &log->written, total,
                                  memory_order_relaxed);
    return total;
}

static void *writer_main(void *arg)
{
    struct tk_event_log *log = arg;
    for (;;) {
        int stopping = atomic_load(&log->stop);
        uint64_t n = drain(log);
        int64_t now = now_ns();
        rotate_if_due(log, now);
        flush_and_sync(log, now, 0);
        if (stopping && n == 0)
            break;
        if (n == 0) {
            struct timespec pause = {0, IDLE_SLEEP_NS};
            nanosleep(&pause, NULL);
        }
    }
    return NULL;
}

static void free_log(struct tk_event_log *log)
{
    if (log->fstrm)
        fstrm_writer_destroy(&log->fstrm);
    if (log->binary_fstrm)
        fstrm_writer_destroy(&log->binary_fstrm);
    if (log->json)
        log_file_close(log->json);
    if (log->rings)
        for (unsigned p = 0; p < log->options.producers; p++)
            free(log->rings[p].slots);
    free(log->rings);
    free(log->json);
    free(log->dnstap);
    free(log->binary);
    free(log);
}

int tk_event_log_open(const struct tk_event_log_options *options, struct tk_event_log **out,
                      struct tk_error *err)
{
    struct tk_event_log *log = calloc(1, sizeof *log);
    int rc;

    if (log == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    log->options = *options;
    if (log->options.producers == 0)
        log->options.producers = 1;
    if (strlen(options->dir) >= sizeof log->dir - 64) {
        free(log);
        return tk_error_set(err, TK_ERR_USAGE, "log directory name too long");
    }
    strcpy(log->dir, options->dir);
    if (options->sensor)
        snprintf(log->sensor, sizeof log->sensor, "%s", options->sensor);
    if ((rc = tk_make_dirs(log->dir, 0750, err))) {
        free(log);
        return rc;
    }
    uint64_t slots = 64;
    while (slots < options->queue_events)
        slots *= 2;
    log->rings = calloc(log->options.producers, sizeof *log->rings);
    if (log->rings == NULL) {
        free_log(log);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (unsigned p = 0; p < log->options.producers; p++) {
        log->rings[p].slots = calloc(slots, sizeof(struct tk_event));
        log->rings[p].mask = slots - 1;
        if (log->rings[p].slots == NULL) {
            free_log(log);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory for the event queue");
        }
    }
    if (options->jsonl) {
        log->json = malloc(sizeof *log->json);
        if (log->json == NULL) {
            free_log(log);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        }
        log_file_init(log->json, log->dir, "jsonl");
        if ((rc = log_file_open(log->json, err)) != TK_OK) {
            free_log(log);
            return rc;
        }
    }
    if (options->dnstap) {
        log->dnstap = malloc(sizeof *log->dnstap);
        if (log->dnstap == NULL) {
            free_log(log);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        }
        log_file_init(log->dnstap, log->dir, "dnstap");
        if ((rc = open_fstrm(log, log->dnstap, TK_DNSTAP_CONTENT_TYPE, &log->fstrm, err)) != TK_OK) {
            free_log(log);
            return rc;
        }
    }
    if (options->binary) {
        log->binary = malloc(sizeof *log->binary);
        if (log->binary == NULL) {
            free_log(log);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        }
        log_file_init(log->binary, log->dir, "tkev");
        if ((rc = open_fstrm(log, log->binary, TK_EVENT_BINARY_CONTENT_TYPE, &log->binary_fstrm,
                             err)) != TK_OK) {
            free_log(log);
            return rc;
        }
    }
    log->last_flush_ns = log->last_sync_ns = now_ns();
    if (pthread_create(&log->thread, NULL, writer_main, log) != 0) {
        free_log(log);
        return tk_error_set(err, TK_ERR_IO, "cannot start the log writer thread");
    }
    *out = log;
    return TK_OK;
}

struct tk_event *tk_event_log_reserve(struct tk_event_log *log, unsigned producer)
{
    struct ring *r = &log->rings[producer];
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (head - tail > r->mask) {
        atomic_fetch_add_explicit(&r->dropped, 1, memory_order_relaxed);
        return NULL;
    }
    return &r->slots[head & r->mask];
}

void tk_event_log_commit(struct tk_event_log *log, unsigned producer)
{
    struct ring *r = &log->rings[producer];
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
}

void tk_event_log_get_stats(struct tk_event_log *log, struct tk_event_log_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    for (unsigned p = 0; p < log->options.producers; p++) {
        struct ring *r = &log->rings[p];
        stats->dropped += atomic_load_explicit(&r->dropped, memory_order_relaxed);
        stats->backlog += atomic_load_explicit(&r->head, memory_order_relaxed)
                          - atomic_load_explicit(&r->tail, memory_order_relaxed);
    }
    stats->written = atomic_load_explicit(&log->written, memory_order_relaxed);
    stats->rotations = atomic_load_explicit(&log->rotations, memory_order_relaxed);
    stats->write_errors = atomic_load_explicit(&log->write_errors, memory_order_relaxed);
    stats->not_spooled = atomic_load_explicit(&log->not_spooled, memory_order_relaxed);
}

void tk_event_log_rotate(struct tk_event_log *log)
{
    atomic_store(&log->rotate_requested, 1);
}

void tk_event_log_close(struct tk_event_log *log)
{
    if (log == NULL)
        return;
    atomic_store(&log->stop, 1);
    pthread_join(log->thread, NULL);
    flush_and_sync(log, now_ns(), 1);
    free_log(log);
}
