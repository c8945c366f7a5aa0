/* exercise_cluster.h - the two-shard ClickHouse cluster of `takedown exercise --fleet`: two
 * clickhouse-server processes on loopback ports, each with its config, data and log under
 * one directory, the cluster "fleet" naming both, the fleet's tables on each. */
#ifndef TAKEDOWN_CLI_EXERCISE_CLUSTER_H
#define TAKEDOWN_CLI_EXERCISE_CLUSTER_H

#include <sys/types.h>

struct exercise_cluster {
    pid_t pid[2];
    unsigned http_port[2], tcp_port[2];
    char url[2][64];           /* "http://127.0.0.1:PORT/takedown" */
};

/* Starts both servers under dir (created), waits until they answer, creates the tables.
 * Returns an exit status after printing what failed; what was started is stopped then. */
int exercise_cluster_start(struct exercise_cluster *c, const char *dir);
/* SIGTERM to both and waits (at most 30 s each, then SIGKILL). */
void exercise_cluster_stop(struct exercise_cluster *c);

#endif
