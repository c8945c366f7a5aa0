/* fleet.h - a fleet of sinkholes over ClickHouse: the schema, the rows the shipper sends
 * (RowBinary, one per event, with the place and tags the reports need), the shipper's
 * offsets file, the HTTP client and the reader of ClickHouse's tab-separated answers.
 * docs/fleet.md documents the design: every sensor ships to the local table of one shard,
 * reports read the Distributed table over the cluster. */
#ifndef TAKEDOWN_FLEET_H
#define TAKEDOWN_FLEET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "takedown/error.h"
#include "takedown/event.h"
#include "takedown/geo.h"

#define TK_FLEET_LOCAL_TABLE "events_local"
#define TK_FLEET_TABLE "events"

/* A growing byte buffer. */
struct tk_fleet_buf {
    uint8_t *data;
    size_t len, cap;
};

int tk_fleet_buf_put(struct tk_fleet_buf *b, const void *data, size_t len);
/* Makes room for len more bytes (and the NUL kept after them). */
int tk_fleet_buf_reserve(struct tk_fleet_buf *b, size_t len);
void tk_fleet_buf_free(struct tk_fleet_buf *b);

/* ---- schema (fleet_schema.c) ---- */

struct tk_fleet_schema_options {
    const char *database;   /* "takedown" */
    const char *cluster;    /* "fleet": the remote_servers entry of the config */
    unsigned ttl_days;      /* 0: keep everything */
};

/* The statements, one per element, without a trailing ';'; *count is set. The caller frees
 * them with tk_fleet_schema_free. TK_ERR_USAGE when a name is not a plain identifier. */
int tk_fleet_schema(const struct tk_fleet_schema_options *o, char ***statements, size_t *count,
                    struct tk_error *err);
void tk_fleet_schema_free(char **statements, size_t count);
/* The column list of the local table in the order rows are encoded: "sensor, seq, ...". */
const char *tk_fleet_column_list(void);
/* 0 when name is a plain identifier ([A-Za-z_][A-Za-z0-9_]*, at most 64 bytes). */
int tk_fleet_check_identifier(const char *what, const char *name, struct tk_error *err);

/* ---- SQL text (fleet_sql.c): the one escaper ---- */

/* Appends text as a quoted ClickHouse string literal: quote and backslash escaped, every
 * byte outside printable ASCII as \xHH. */
int tk_fleet_sql_quote(struct tk_fleet_buf *b, const char *text, size_t len);

/* ---- rows (fleet_row.c) ---- */

/* Rows carry what the reports need of an event, derived once at the sensor as `takedown
 * report` derives it from the files (docs/fleet.md): the host (a DNS query's Client Subnet,
 * none for a resolver's own query), its address hash, country and network, the seed key and
 * the spam message count. Places are looked up through a small cache. */
struct tk_fleet_rows;

/* geo may be NULL (no places). */
int tk_fleet_rows_new(struct tk_fleet_rows **out, const struct tk_geo *geo, struct tk_error *err);
void tk_fleet_rows_free(struct tk_fleet_rows *r);
/* Appends one RowBinary row for ev as event seq of sensor. */
int tk_fleet_rows_encode(struct tk_fleet_rows *r, struct tk_fleet_buf *b, const char *sensor,
                         const struct tk_event *ev, uint64_t seq, struct tk_error *err);

/* ---- offsets (fleet_offsets.c) ---- */

/* Where a shipper stands in a sensor's logs: the file it is reading (by name, inside the log
 * directory), the records of it already in ClickHouse, and the sequence number of the
 * file's first record. Files that sort before file are done. */
struct tk_fleet_offsets {
    char sensor[64];
    char file[256];         /* "" before the first file */
    uint64_t records;
    uint64_t first_seq;
};

/* Parses an offsets file's text; TK_ERR_DATA naming the line and what was expected. */
int tk_fleet_offsets_parse(const char *text, size_t len, const char *name,
                           struct tk_fleet_offsets *o, struct tk_error *err);
/* Reads path; a missing file gives the start (sensor kept from o). */
int tk_fleet_offsets_load(const char *path, struct tk_fleet_offsets *o, struct tk_error *err);
/* Writes path atomically (temporary file, fsync, rename). */
int tk_fleet_offsets_save(const char *path, const struct tk_fleet_offsets *o,
                          struct tk_error *err);

/* ---- HTTP (fleet_http.c) ---- */

struct tk_fleet_server {
    char base[512];         /* "http://127.0.0.1:8123/" */
    char database[65];      /* "takedown" */
    const char *user;       /* "default" */
    const char *password;   /* from a file or the environment; NULL: none */
    long timeout_ms;
};

/* Parses http://HOST:PORT[/DB] or clickhouse://HOST:PORT[/DB] (HOST a loopback or any
 * name; the database defaults to "takedown"). TK_ERR_USAGE when malformed. */
int tk_fleet_server_parse(const char *url, struct tk_fleet_server *s, struct tk_error *err);

/* Runs one statement: query goes in the URL (escaped), body (may be NULL) in the POST. The
 * answer body is in *answer (NUL-terminated). An HTTP error or a failed connection is
 * TK_ERR_IO with ClickHouse's first line of explanation. */
int tk_fleet_http(const struct tk_fleet_server *s, const char *query, const void *body,
                  size_t body_len, struct tk_fleet_buf *answer, struct tk_error *err);
/* The same with a query_id (letters, digits and '-'), by which system.processes knows it. */
int tk_fleet_http_id(const struct tk_fleet_server *s, const char *query, const char *query_id,
                     const void *body, size_t body_len, struct tk_fleet_buf *answer,
                     struct tk_error *err);
void tk_fleet_http_global_init(void);

/* ---- the shipper (fleet_ship.c) ---- */

struct tk_fleet_ship_stats {
    uint64_t shipped;       /* rows ClickHouse accepted in this run */
    uint64_t skipped;       /* rows found already there (a batch retried after a timeout) */
    uint64_t bad;           /* records that could not be read */
    uint64_t batches;
    uint64_t failures;      /* failed attempts, each retried */
    uint64_t files;         /* files finished */
};

struct tk_fleet_ship_options {
    const char *log_dir;
    const char *offsets_path;
    const char *sensor;        /* NULL: the offsets file's, else the first record's */
    struct tk_fleet_server server;
    const struct tk_geo *geo;  /* NULL: no places */
    size_t batch_rows;         /* rows per INSERT at most */
    unsigned poll_ms;          /* how often the newest file is looked at again */
    unsigned retry_max_ms;     /* the longest wait between attempts */
    int follow;                /* 0: ship what is there and return; 1: until stop */
    /* Lines for the operator (a failure and the wait before the retry, a bad record). */
    void (*note)(void *arg, const char *message);
    /* Non-zero when the shipper should stop (checked between batches and while waiting). */
    int (*stop)(void *arg);
    void *arg;
};

/* Ships the logs of o->log_dir: TK_OK once everything there is in ClickHouse (or stop was
 * asked for), an error when the logs or the offsets cannot be read or written. ClickHouse
 * being down is not an error: the shipper retries with backoff. */
int tk_fleet_ship(const struct tk_fleet_ship_options *o, struct tk_fleet_ship_stats *stats,
                  struct tk_error *err);

/* ---- answers (fleet_answer.c) ---- */

/* A ClickHouse TabSeparated answer, read in place: fields are unescaped into the buffer. */
struct tk_fleet_answer {
    char *text;
    size_t len, pos;
    unsigned line;
    char *fields[16];
    size_t field_count;
};

void tk_fleet_answer_init(struct tk_fleet_answer *a, char *text, size_t len);
/* The next row into a->fields: 1 a row, 0 the end, -1 TK_ERR_DATA (line and what was
 * expected) when the row is malformed or has other than want fields. */
int tk_fleet_answer_row(struct tk_fleet_answer *a, size_t want, struct tk_error *err);
/* A field as a number; TK_ERR_DATA naming the line when it is not one. */
int tk_fleet_answer_u64(const struct tk_fleet_answer *a, size_t field, uint64_t *out,
                        struct tk_error *err);

#endif
