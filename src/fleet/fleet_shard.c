/* fleet_shard.c - the shipper's batches and its questions to the shard: the INSERT of a
 * batch (RowBinary, with a query id naming the sensor), whether an insert of the sensor is
 * still running there (system.processes: a client that gave up or was killed leaves the
 * server working), and which of a batch's seqs the shard holds already. */
#include "fleet/fleet_shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "takedown/hash64.h"

int fleet_batch_add(struct fleet_batch *b, struct tk_fleet_rows *rows, const char *sensor,
                    const struct tk_event *ev, uint64_t seq, struct tk_error *err)
{
    size_t start = b->rows.len;
    int rc;
    if (b->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        size_t *starts = realloc(b->starts, cap * sizeof *starts);
        if (starts)
            b->starts = starts;
        uint64_t *seqs = starts ? realloc(b->seqs, cap * sizeof *seqs) : NULL;
        if (seqs == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        b->seqs = seqs;
        b->cap = cap;
    }
    if ((rc = tk_fleet_rows_encode(rows, &b->rows, sensor, ev, seq, err)))
        return rc;
    b->starts[b->count] = start;
    b->seqs[b->count++] = seq;
    return TK_OK;
}

void fleet_batch_free(struct fleet_batch *b)
{
    tk_fleet_buf_free(&b->rows);
    free(b->starts);
    free(b->seqs);
}

/* The start of the query id of every insert of the sensor's shippers, past and present. */
static void id_prefix(const struct fleet_shard *s, char prefix[40])
{
    snprintf(prefix, 40, "takedown-ship-%016llx",
             (unsigned long long)tk_hash_bytes(s->sensor, strlen(s->sensor)));
}

int fleet_shard_insert(struct fleet_shard *s, const struct fleet_batch *b, struct tk_error *err)
{
    char query[2048], prefix[40], query_id[96];
    snprintf(query, sizeof query, "INSERT INTO %s.%s (%s) FORMAT RowBinary",
             s->server->database, TK_FLEET_LOCAL_TABLE, tk_fleet_column_list());
    id_prefix(s, prefix);
    snprintf(query_id, sizeof query_id, "%s-%d-%llu", prefix, (int)getpid(),
             (unsigned long long)++s->inserts);
    return tk_fleet_http_id(s->server, query, query_id, b->rows.data, b->rows.len, &s->answer,
                            err);
}

/* Runs query (built by the caller) and reads a one-number answer into *out. */
static int ask_number(struct fleet_shard *s, const struct tk_fleet_buf *query, uint64_t *out,
                      struct tk_error *err)
{
    struct tk_fleet_answer answer;
    if (tk_fleet_http(s->server, (const char *)query->data, NULL, 0, &s->answer, err))
        return -1;
    tk_fleet_answer_init(&answer, (char *)s->answer.data, s->answer.len);
    if (tk_fleet_answer_row(&answer, 1, err) != 1 || tk_fleet_answer_u64(&answer, 0, out, err))
        return -1;
    return 0;
}

int fleet_shard_insert_running(struct fleet_shard *s, struct tk_error *err)
{
    static const char head[] = "SELECT count() FROM system.processes WHERE startsWith(query_id, ";
    struct tk_fleet_buf query = {0};
    char prefix[40];
    uint64_t running = 0;
    int rc;

    id_prefix(s, prefix);
    rc = tk_fleet_buf_put(&query, head, sizeof head - 1)
         || tk_fleet_sql_quote(&query, prefix, strlen(prefix))
         || tk_fleet_buf_put(&query, ") FORMAT TabSeparated", 21);
    if (rc)
        tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    else
        rc = ask_number(s, &query, &running, err);
    tk_fleet_buf_free(&query);
    return rc ? -1 : running > 0;
}

/* Keeps the rows of b whose seq is not in the answer (seqs in increasing order). */
static int keep_missing(struct fleet_batch *b, struct tk_fleet_answer *answer, uint64_t *dropped,
                        struct tk_error *err)
{
    size_t kept = 0, cut = 0;
    uint64_t held = 0;
    int row = tk_fleet_answer_row(answer, 1, err);

    if (row == 1 && tk_fleet_answer_u64(answer, 0, &held, err))
        row = -1;
    for (size_t i = 0; i < b->count && row >= 0; i++) {
        size_t end = i + 1 < b->count ? b->starts[i + 1] : b->rows.len;
        while (row == 1 && held < b->seqs[i] && (row = tk_fleet_answer_row(answer, 1, err)) == 1
               && tk_fleet_answer_u64(answer, 0, &held, err))
            row = -1;
        if (row == 1 && held == b->seqs[i]) {
            (*dropped)++;
            continue;
        }
        memmove(b->rows.data + cut, b->rows.data + b->starts[i], end - b->starts[i]);
        b->starts[kept] = cut;
        b->seqs[kept++] = b->seqs[i];
        cut += end - b->starts[i];
    }
    if (row < 0)
        return -1;
    b->count = kept;
    b->rows.len = cut;
    return 0;
}

int fleet_shard_drop_present(struct fleet_shard *s, struct fleet_batch *b, uint64_t *dropped,
                             struct tk_error *err)
{
    struct tk_fleet_buf query = {0};
    struct tk_fleet_answer answer;
    char text[300];
    int rc;

    *dropped = 0;
    snprintf(text, sizeof text, "SELECT DISTINCT seq FROM %s.%s WHERE sensor = ",
             s->server->database, TK_FLEET_LOCAL_TABLE);
    rc = tk_fleet_buf_put(&query, text, strlen(text))
         || tk_fleet_sql_quote(&query, s->sensor, strlen(s->sensor));
    snprintf(text, sizeof text, " AND seq BETWEEN %llu AND %llu ORDER BY seq FORMAT TabSeparated",
             (unsigned long long)b->seqs[0], (unsigned long long)b->seqs[b->count - 1]);
    if (rc || tk_fleet_buf_put(&query, text, strlen(text))) {
        tk_fleet_buf_free(&query);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    rc = tk_fleet_http(s->server, (const char *)query.data, NULL, 0, &s->answer, err);
    tk_fleet_buf_free(&query);
    if (rc)
        return rc;
    tk_fleet_answer_init(&answer, (char *)s->answer.data, s->answer.len);
    if (keep_missing(b, &answer, dropped, err)) {
        tk_error_prefix(err, "ClickHouse at %s: its list of held rows", s->server->base);
        return TK_ERR_IO;
    }
    return TK_OK;
}
