/* fleet_ship.c - the shipper: follows a sensor's rotated logs (events-*.tkev or *.jsonl, in
 * name order, which is time order) through the event reader (event_file.h), inserts their
 * events in batches into the shard's local table, and keeps its place in an offsets file.
 *
 * Nothing lost: the offsets move only after ClickHouse accepted a batch; until then the logs
 * themselves are the spool, and a failed insert is retried with backoff. Nothing counted
 * twice: every event carries (sensor, seq), seq being its record's place in the sensor's log
 * stream, the same on every run; after any failure, and at start, the shipper asks the shard
 * which of the batch's seqs it already holds and sends only the others. (The table's
 * ReplacingMergeTree would fold a duplicate away too, but only at a merge.) */
#include "takedown/fleet.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fleet/fleet_shard.h"
#include "takedown/event_file.h"

#define BACKOFF_START_MS 200
#define BATCH_BYTES_MAX (64u << 20)
#define BAD_SHOWN 10 /* bad records told one by one in a run */

struct shipper {
    const struct tk_fleet_ship_options *o;
    struct tk_fleet_ship_stats *stats;
    struct tk_fleet_offsets offsets;
    struct tk_fleet_rows *rows;
    struct fleet_batch batch;
    struct fleet_shard shard;
    int need_check;          /* ask the shard what it holds before the next insert */
    char seen_path[4096];    /* the newest file when last read to its end, and its size */
    off_t seen_size;
};

enum pass_result { PASS_FAILED = -1, PASS_NOTHING = 0, PASS_READ = 1 };

static void note(struct shipper *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct shipper *sh, const char *fmt, ...)
{
    char line[700];
    va_list ap;
    if (sh->o->note == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    sh->o->note(sh->o->arg, line);
}

static int stopping(const struct shipper *sh)
{
    return sh->o->stop && sh->o->stop(sh->o->arg);
}

/* Sleeps ms in short steps; 1 when asked to stop meanwhile. */
static int pause_ms(const struct shipper *sh, unsigned ms)
{
    for (unsigned waited = 0; waited < ms; waited += 50) {
        struct timespec step = {0, 50 * 1000000L};
        if (stopping(sh))
            return 1;
        nanosleep(&step, NULL);
    }
    return stopping(sh);
}

/* One attempt: check what the shard holds when in doubt, then insert the rest. */
static int attempt(struct shipper *sh, struct tk_error *err)
{
    uint64_t dropped = 0;
    int rc;
    sh->shard.sensor = sh->offsets.sensor;
    if (sh->need_check && sh->batch.count > 0) {
        if ((rc = fleet_shard_insert_running(&sh->shard, err)) != 0)
            return rc > 0 ? tk_error_set(err, TK_ERR_IO, "an earlier insert of sensor %s is "
                                         "still running on %s", sh->offsets.sensor,
                                         sh->o->server.base)
                          : TK_ERR_IO;
        rc = fleet_shard_drop_present(&sh->shard, &sh->batch, &dropped, err);
        sh->stats->skipped += dropped;
        if (rc)
            return rc;
        sh->need_check = 0;
    }
    if (sh->batch.count == 0)
        return TK_OK;
    return fleet_shard_insert(&sh->shard, &sh->batch, err);
}

/* Sends the batch until the shard has it, then moves the offsets. TK_ERR_STOP when asked
 * to stop first. */
static int flush(struct shipper *sh, struct tk_error *err)
{
    unsigned backoff = BACKOFF_START_MS;

    if (sh->batch.count == 0 && sh->batch.end_records == sh->offsets.records)
        return TK_OK;
    for (;;) {
        struct tk_error failure = {0};
        if (stopping(sh))
            return tk_error_set(err, TK_ERR_STOP, "stopped");
        if (attempt(sh, &failure) == TK_OK)
            break;
        sh->stats->failures++;
        sh->need_check = 1; /* the insert may have landed after all */
        note(sh, "%s; retrying in %.1f s", failure.message, backoff / 1000.0);
        if (pause_ms(sh, backoff))
            return tk_error_set(err, TK_ERR_STOP, "stopped");
        backoff = backoff * 2 < sh->o->retry_max_ms ? backoff * 2 : sh->o->retry_max_ms;
    }
    sh->stats->shipped += sh->batch.count;
    if (sh->batch.count)
        sh->stats->batches++;
    sh->offsets.records = sh->batch.end_records;
    sh->batch.rows.len = 0;
    sh->batch.count = 0;
    return tk_fleet_offsets_save(sh->o->offsets_path, &sh->offsets, err);
}

/* ---- reading the logs ---- */

static void adopt_sensor(struct shipper *sh, const char *record_sensor)
{
    if (sh->offsets.sensor[0])
        return;
    snprintf(sh->offsets.sensor, sizeof sh->offsets.sensor, "%s",
             record_sensor[0] ? record_sensor : "sinkhole");
}

/* One event read at the file's record index: batched, the batch sent first when full. */
static int take_event(struct shipper *sh, const struct tk_event *ev, const char *record_sensor,
                      uint64_t index, struct tk_error *err)
{
    struct fleet_batch *b = &sh->batch;
    int rc;
    adopt_sensor(sh, record_sensor);
    if (b->count > 0 && (b->count >= sh->o->batch_rows || b->rows.len >= BATCH_BYTES_MAX)
        && (rc = flush(sh, err)))
        return rc;
    if ((rc = fleet_batch_add(b, sh->rows, sh->offsets.sensor, ev,
                              sh->offsets.first_seq + index, err)))
        return rc;
    b->end_records = index + 1;
    return TK_OK;
}

/* An unreadable record at a file's index, taken as read. The first BAD_SHOWN of a run are
 * told one by one (a file of garbage would otherwise flood the operator); the rest are
 * counted in the stats. */
static void take_bad(struct shipper *sh, const struct tk_error *why, uint64_t index)
{
    if (++sh->stats->bad <= BAD_SHOWN)
        note(sh, "%s", why->message);
    if (sh->stats->bad == BAD_SHOWN)
        note(sh, "further bad records are counted, not shown");
    sh->batch.end_records = index + 1;
}

/* Reads path from the record after the offsets to its end. The last record of the newest
 * file, when unreadable, may be a line still being written: it is left for the next pass
 * (in a finished file it is taken as bad, so a file's record count never depends on when it
 * was read). PASS_READ when it read any record, PASS_NOTHING when none, PASS_FAILED with
 * err. */
static enum pass_result read_pass(struct shipper *sh, const char *path, int newest,
                                  struct tk_error *err)
{
    struct tk_event_file *f;
    struct tk_event *ev = malloc(sizeof *ev);
    struct tk_error pending = {0};
    char sensor[64];
    uint64_t index = 0, start = sh->offsets.records, pending_index = 0;
    int rc = TK_OK, has_pending = 0;

    if (ev == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory"), PASS_FAILED;
    if (tk_event_file_open(path, &f, err)) {
        free(ev);
        return PASS_FAILED;
    }
    sh->batch.end_records = start;
    for (;;) {
        struct tk_error record_err = {0};
        enum tk_event_file_result r = tk_event_file_next(f, ev, sensor, &record_err);
        if (r == TK_EVENT_FILE_END)
            break;
        if (r == TK_EVENT_FILE_FAILED) {
            *err = record_err;
            rc = TK_ERR_DATA;
            break;
        }
        if (index++ < start)
            continue;
        if (has_pending)
            take_bad(sh, &pending, pending_index); /* a record follows: it was whole */
        has_pending = r == TK_EVENT_FILE_BAD;
        if (has_pending) {
            pending = record_err;
            pending_index = index - 1;
        } else if ((rc = take_event(sh, ev, sensor, index - 1, err))) {
            break;
        }
    }
    if (rc == TK_OK && has_pending && !newest)
        take_bad(sh, &pending, pending_index);
    tk_event_file_close(f);
    free(ev);
    if (rc == TK_OK)
        rc = flush(sh, err);
    if (rc)
        return PASS_FAILED;
    return sh->batch.end_records > start ? PASS_READ : PASS_NOTHING;
}

/* ---- the log directory ---- */

static int is_log_name(const char *name)
{
    return strncmp(name, "events-", 7) == 0
           && (strstr(name, ".tkev") != NULL || strstr(name, ".jsonl") != NULL);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The log files at or after the offsets' file, sorted; NULL with *count 0 when none. */
static int list_logs(struct shipper *sh, char ***names, size_t *count, struct tk_error *err)
{
    DIR *dir = opendir(sh->o->log_dir);
    struct dirent *d;
    char **list = NULL;
    size_t n = 0, cap = 0;

    *names = NULL;
    *count = 0;
    if (dir == NULL)
        return tk_error_set(err, TK_ERR_IO, "%s: cannot open the log directory", sh->o->log_dir);
    while ((d = readdir(dir)) != NULL) {
        if (!is_log_name(d->d_name) || strlen(d->d_name) >= sizeof sh->offsets.file
            || strcmp(d->d_name, sh->offsets.file) < 0)
            continue;
        if (n == cap) {
            char **grown = realloc(list, (cap = cap ? cap * 2 : 64) * sizeof *list);
            if (grown == NULL)
                break;
            list = grown;
        }
        if ((list[n] = strdup(d->d_name)) == NULL)
            break;
        n++;
    }
    closedir(dir);
    if (d != NULL) {
        for (size_t i = 0; i < n; i++)
            free(list[i]);
        free(list);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    qsort(list, n, sizeof *list, by_name);
    *names = list;
    *count = n;
    return TK_OK;
}

static void free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

/* Moves the offsets to the next file: its first record follows the last of this one. */
static int next_file(struct shipper *sh, const char *name, struct tk_error *err)
{
    if (sh->offsets.file[0])
        sh->stats->files++;
    sh->offsets.first_seq += sh->offsets.records;
    sh->offsets.records = 0;
    snprintf(sh->offsets.file, sizeof sh->offsets.file, "%s", name);
    return tk_fleet_offsets_save(sh->o->offsets_path, &sh->offsets, err);
}

/* The newest file unchanged since it was last read to its end: nothing to read. */
static int unchanged(struct shipper *sh, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (strcmp(path, sh->seen_path) == 0 && st.st_size == sh->seen_size)
        return 1;
    snprintf(sh->seen_path, sizeof sh->seen_path, "%s", path);
    sh->seen_size = st.st_size;
    return 0;
}

/* One look at the directory: reads each file from the offsets to its end. A file with a newer
 * one beside it when the directory was listed was closed by its writer: once read, the
 * offsets move to the next. The newest is read again on the next round when it grew.
 * *idle: nothing new was found. */
static int ship_round(struct shipper *sh, int *idle, struct tk_error *err)
{
    char **names, path[4096];
    size_t count;
    int rc;
    enum pass_result read;

    *idle = 1;
    if ((rc = list_logs(sh, &names, &count, err)))
        return rc;
    if (count > 0 && strcmp(names[0], sh->offsets.file) != 0)
        rc = next_file(sh, names[0], err);
    for (size_t current = 0; current < count && rc == TK_OK; current++) {
        snprintf(path, sizeof path, "%s/%s", sh->o->log_dir, names[current]);
        if (current + 1 == count && unchanged(sh, path))
            break;
        if ((read = read_pass(sh, path, current + 1 == count, err)) == PASS_FAILED) {
            rc = err->status ? (int)err->status : TK_ERR_IO;
            break;
        }
        if (read == PASS_READ)
            *idle = 0;
        if (current + 1 < count) {
            rc = next_file(sh, names[current + 1], err);
            *idle = 0;
        }
    }
    free_names(names, count);
    return rc;
}

/* One shipper per log stream: two would both send what the other has not confirmed yet.
 * The lock is an flock on OFFSETS.lock, released when the process ends, however it ends. */
static int lock_offsets(const char *offsets_path, int *fd, struct tk_error *err)
{
    char path[4200];
    snprintf(path, sizeof path, "%s.lock", offsets_path);
    if ((*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
    if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        close(*fd);
        *fd = -1;
        return tk_error_set(err, TK_ERR_USAGE, "%s: another shipper is running on these logs",
                            path);
    }
    return TK_OK;
}

static int ship(const struct tk_fleet_ship_options *o, struct tk_fleet_ship_stats *stats,
                struct tk_error *err)
{
    struct shipper sh = {.o = o, .stats = stats, .need_check = 1, .shard.server = &o->server};
    int rc, idle;

    if (o->sensor)
        snprintf(sh.offsets.sensor, sizeof sh.offsets.sensor, "%s", o->sensor);
    if ((rc = tk_fleet_offsets_load(o->offsets_path, &sh.offsets, err)))
        return rc;
    if (o->sensor && strcmp(o->sensor, sh.offsets.sensor) != 0)
        return tk_error_set(err, TK_ERR_USAGE, "%s: the offsets are sensor %s's, not %s's",
                            o->offsets_path, sh.offsets.sensor, o->sensor);
    if (sh.offsets.first_seq == 0)
        sh.offsets.first_seq = 1;
    if ((rc = tk_fleet_rows_new(&sh.rows, o->geo, err)))
        return rc;
    for (;;) {
        if ((rc = ship_round(&sh, &idle, err)))
            break;
        if (!o->follow || (idle && pause_ms(&sh, o->poll_ms)))
            break;
    }
    tk_fleet_rows_free(sh.rows);
    fleet_batch_free(&sh.batch);
    tk_fleet_buf_free(&sh.shard.answer);
    return rc == TK_ERR_STOP ? TK_OK : rc;
}

int tk_fleet_ship(const struct tk_fleet_ship_options *o, struct tk_fleet_ship_stats *stats,
                  struct tk_error *err)
{
    int fd, rc;
    memset(stats, 0, sizeof *stats);
    if ((rc = lock_offsets(o->offsets_path, &fd, err)))
        return rc;
    rc = ship(o, stats, err);
    close(fd);
    return rc;
}
