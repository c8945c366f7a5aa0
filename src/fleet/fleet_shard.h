/* fleet_shard.h - private to src/fleet: a batch of rows of one sensor, and what the shipper
 * asks the shard about it (fleet_shard.c). */
#ifndef TAKEDOWN_FLEET_SHARD_H
#define TAKEDOWN_FLEET_SHARD_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/fleet.h"

struct fleet_batch {
    struct tk_fleet_buf rows;  /* RowBinary */
    size_t *starts;            /* where each row begins in rows */
    uint64_t *seqs;            /* each row's seq, increasing */
    size_t count, cap;
    uint64_t end_records;      /* the file's records read once the batch is in */
};

/* Appends ev as event seq of sensor. */
int fleet_batch_add(struct fleet_batch *b, struct tk_fleet_rows *rows, const char *sensor,
                    const struct tk_event *ev, uint64_t seq, struct tk_error *err);
void fleet_batch_free(struct fleet_batch *b);

struct fleet_shard {
    const struct tk_fleet_server *server;
    const char *sensor;
    uint64_t inserts;          /* sent by this process, for their query ids */
    struct tk_fleet_buf answer;
};

/* Inserts the batch's rows into the local table, with a query id that names the sensor. */
int fleet_shard_insert(struct fleet_shard *s, const struct fleet_batch *b, struct tk_error *err);
/* 1 while an insert of the sensor's shippers (this one or an earlier, killed one) still
 * runs on the server, 0 when none does, -1 when the server cannot say (err). */
int fleet_shard_insert_running(struct fleet_shard *s, struct tk_error *err);
/* Drops from b the rows whose seq the shard already holds; *dropped counts them. */
int fleet_shard_drop_present(struct fleet_shard *s, struct fleet_batch *b, uint64_t *dropped,
                             struct tk_error *err);

#endif
