/* journal.c - the feed's journal on disk (see include/takedown/feed.h).
 *
 * DIR/state, replaced atomically (temporary file, fsync, rename, fsync of the directory):
 *
 *     takedown-feed 1
 *     serial 42
 *     today 2026-12-07
 *     fingerprint 0123456789abcdef
 *
 * DIR/journal, appended and fsynced before the state that names the new serial is written:
 *
 *     delta FROM_SERIAL TO_SERIAL FROM_DAY TO_DAY
 *     -removed.example
 *     +added.example
 *     end
 *
 * A delta without its "end" line (a crash while appending) and any delta past the serial of
 * the state are dropped when the journal is opened, and the file is cut back to what is
 * kept. When the bound is reached the file is rewritten atomically without the oldest. */
#include "takedown/feed.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "takedown/atomic_file.h"

struct tk_feed_journal {
    char *dir;
    char *journal_path, *state_path;
    struct tk_feed_history history;
    uint64_t fingerprint;
};

static char *join(const char *dir, const char *name)
{
    char *path = NULL;
    return asprintf(&path, "%s/%s", dir, name) < 0 ? NULL : path;
}

static int sync_dir(const char *dir, struct tk_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return tk_error_set(err, TK_ERR_IO, "%s: cannot sync: %s", dir, strerror(e));
    }
    close(fd);
    return TK_OK;
}

static int read_state(const char *path, struct tk_feed_state *state)
{
    FILE *f = fopen(path, "r");
    char today[16];
    unsigned long serial;
    int ok = 0;
    if (f == NULL)
        return 0;
    if (fscanf(f, "takedown-feed 1 serial %lu today %15s fingerprint %" SCNx64, &serial, today,
               &state->fingerprint) == 3 && serial <= UINT32_MAX) {
        struct tk_error ignored = {0};
        state->serial = (uint32_t)serial;
        ok = tk_day_parse(today, &state->today, &ignored) == TK_OK;
    }
    fclose(f);
    return ok;
}

static int write_state(struct tk_feed_journal *j, const struct tk_feed_state *state,
                       struct tk_error *err)
{
    struct tk_atomic_file file = {0};
    char today[11];
    int rc = tk_atomic_open(&file, j->state_path, err);
    if (rc)
        return rc;
    tk_day_format(state->today, today);
    fprintf(file.fp, "takedown-feed 1\nserial %" PRIu32 "\ntoday %s\nfingerprint %016" PRIx64
            "\n", state->serial, today, state->fingerprint);
    if ((rc = tk_atomic_commit(&file, err)))
        return rc;
    return sync_dir(j->dir, err);
}

static void write_names(FILE *f, const struct tk_feed_names *names, char sign)
{
    size_t pos = 0, len;
    const char *name;
    while ((name = tk_feed_names_next(names, &pos, &len)))
        fprintf(f, "%c%.*s\n", sign, (int)len, name);
}

static void write_delta(FILE *f, const struct tk_feed_delta *d)
{
    char from[11], to[11];
    tk_day_format(d->from_today, from);
    tk_day_format(d->to_today, to);
    fprintf(f, "delta %" PRIu32 " %" PRIu32 " %s %s\n", d->from_serial, d->to_serial, from, to);
    write_names(f, &d->removed, '-');
    write_names(f, &d->added, '+');
    fputs("end\n", f);
}

/* Rewrites the journal with the history it holds. */
static int rewrite(struct tk_feed_journal *j, struct tk_error *err)
{
    struct tk_atomic_file file = {0};
    int rc = tk_atomic_open(&file, j->journal_path, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < j->history.count; i++)
        write_delta(file.fp, &j->history.deltas[i]);
    if ((rc = tk_atomic_commit(&file, err)))
        return rc;
    return sync_dir(j->dir, err);
}

static int parse_header(const char *line, struct tk_feed_delta *d)
{
    char from[16], to[16];
    unsigned long a, b;
    struct tk_error ignored = {0};
    if (sscanf(line, "delta %lu %lu %15s %15s", &a, &b, from, to) != 4 || a > UINT32_MAX
        || b > UINT32_MAX || tk_day_parse(from, &d->from_today, &ignored)
        || tk_day_parse(to, &d->to_today, &ignored))
        return -1;
    d->from_serial = (uint32_t)a;
    d->to_serial = (uint32_t)b;
    return 0;
}

/* Reads the whole deltas of the journal up to serial into the history. */
static int load_deltas(struct tk_feed_journal *j, uint32_t serial)
{
    FILE *f = fopen(j->journal_path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    struct tk_feed_delta d = {0};
    int in_delta = 0, rc = 0;
    if (f == NULL)
        return 0;
    while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] != '\n')
            break; /* a line cut by a crash */
        line[--n] = '\0';
        if (!in_delta) {
            if (parse_header(line, &d))
                break;
            in_delta = 1;
        } else if (strcmp(line, "end") == 0) {
            in_delta = 0;
            if (d.to_serial == d.from_serial + 1 && d.to_serial <= serial)
                rc = tk_feed_history_push(&j->history, &d);
            tk_feed_delta_free(&d);
        } else if (line[0] == '-' || line[0] == '+') {
            struct tk_feed_names *names = line[0] == '-' ? &d.removed : &d.added;
            if (tk_feed_names_add(names, line + 1, (size_t)n - 1))
                break;
        } else {
            break;
        }
    }
    tk_feed_delta_free(&d);
    free(line);
    fclose(f);
    return rc;
}

int tk_feed_journal_open(const char *dir, size_t max_deltas, uint64_t fingerprint,
                         struct tk_feed_journal **out, struct tk_feed_state *state, int *found,
                         struct tk_error *err)
{
    struct tk_feed_journal *j = calloc(1, sizeof *j);
    int rc;
    *out = NULL;
    *found = 0;
    if (j == NULL || (j->dir = strdup(dir)) == NULL
        || (j->journal_path = join(dir, "journal")) == NULL
        || (j->state_path = join(dir, "state")) == NULL) {
        tk_feed_journal_close(j);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    j->history.max = max_deltas;
    j->fingerprint = fingerprint;
    if ((rc = tk_make_dirs(dir, 0755, err))) {
        tk_feed_journal_close(j);
        return rc;
    }
    struct tk_feed_state saved = {0};
    if (read_state(j->state_path, &saved) && saved.fingerprint == fingerprint) {
        *found = 1;
        *state = saved;
        if (load_deltas(j, saved.serial)) {
            tk_feed_journal_close(j);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        }
    } else if (read_state(j->state_path, &saved)) {
        state->serial = saved.serial; /* another configuration: a new zone, a newer serial */
    }
    if ((rc = rewrite(j, err))) { /* cut back to the deltas kept */
        tk_feed_journal_close(j);
        return rc;
    }
    *out = j;
    return TK_OK;
}

void tk_feed_journal_close(struct tk_feed_journal *j)
{
    if (j == NULL)
        return;
    tk_feed_history_free(&j->history);
    free(j->dir);
    free(j->journal_path);
    free(j->state_path);
    free(j);
}

static int append(struct tk_feed_journal *j, const struct tk_feed_delta *d, struct tk_error *err)
{
    FILE *f = fopen(j->journal_path, "a");
    if (f == NULL)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", j->journal_path, strerror(errno));
    write_delta(f, d);
    int failed = fflush(f) != 0 || fsync(fileno(f)) != 0;
    int e = errno;
    if (fclose(f) != 0 && !failed) {
        failed = 1;
        e = errno;
    }
    if (failed)
        return tk_error_set(err, TK_ERR_IO, "%s: cannot write: %s", j->journal_path,
                            strerror(e));
    return TK_OK;
}

int tk_feed_journal_commit(struct tk_feed_journal *j, struct tk_feed_delta *delta,
                           const struct tk_feed_state *state, struct tk_error *err)
{
    int full = j->history.count == j->history.max;
    int rc = full ? TK_OK : append(j, delta, err);
    if (rc)
        return rc;
    if (tk_feed_history_push(&j->history, delta))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (full && (rc = rewrite(j, err)))
        return rc;
    return write_state(j, state, err);
}

int tk_feed_journal_save_state(struct tk_feed_journal *j, const struct tk_feed_state *state,
                               struct tk_error *err)
{
    return write_state(j, state, err);
}

struct tk_feed_history *tk_feed_journal_history(struct tk_feed_journal *j)
{
    return &j->history;
}
