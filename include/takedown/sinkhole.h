/* sinkhole.h - the authoritative DNS sinkhole server: worker threads on SO_REUSEPORT UDP
 * and TCP sockets, atomic name-table replacement, rate limiting, event logging, metrics.
 *
 * Life cycle: tk_sinkhole_open binds every socket (so the caller can drop privileges
 * next), tk_sinkhole_start starts the workers, tk_sinkhole_replace_names swaps in a new
 * table while queries keep being answered, tk_sinkhole_stop drains and joins. */
#ifndef TAKEDOWN_SINKHOLE_H
#define TAKEDOWN_SINKHOLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "takedown/error.h"
#include "takedown/event_log.h"
#include "takedown/sinkhole_answer.h"
#include "takedown/sinkhole_names.h"

#define TK_SINKHOLE_MAX_LISTEN 8

struct tk_sinkhole_config {
    struct sockaddr_storage listen[TK_SINKHOLE_MAX_LISTEN];
    size_t listen_count;
    unsigned workers;              /* threads, each with its own sockets */
    struct tk_sinkhole_answers answers;
    uint32_t rrl_rate;             /* responses per second per prefix; 0 = no limit */
    uint32_t rrl_slip;
    uint32_t tcp_idle_ms;          /* close a TCP connection idle this long (RFC 7766 6.2.3) */
    unsigned tcp_clients;          /* TCP connections per worker; more are closed at once */
    struct tk_event_log *log;      /* NULL: no event log */
};

/* Fills the defaults: 1 worker, TCP idle 10 s, 256 TCP clients per worker, no RRL. */
void tk_sinkhole_config_defaults(struct tk_sinkhole_config *config);

struct tk_sinkhole;

/* Creates and binds the sockets (port 0 picks one port for all). names becomes the
 * server's. */
int tk_sinkhole_open(const struct tk_sinkhole_config *config, struct tk_names *names,
                     struct tk_sinkhole **server, struct tk_error *err);
/* The address listener i is bound to (with the port picked for port 0). */
const struct sockaddr_storage *tk_sinkhole_address(const struct tk_sinkhole *server, size_t i);
int tk_sinkhole_start(struct tk_sinkhole *server, struct tk_error *err);

/* Makes names the table every new query sees, waits until no worker reads the old one,
 * and frees it. No query is lost or answered from a half-built table. */
void tk_sinkhole_replace_names(struct tk_sinkhole *server, struct tk_names *names);
/* Counts a reload that failed (the old table stays). */
void tk_sinkhole_count_failed_reload(struct tk_sinkhole *server);

/* Stops reading new queries, finishes pending TCP responses (at most 2 s), joins the
 * workers and frees the server and its table. */
void tk_sinkhole_stop(struct tk_sinkhole *server);

/* Prometheus text exposition of the counters (queries by type, rcode and transport, hits
 * per family, RRL, TCP, reloads, names, and the event log's). Returns the length, or 0 when
 * buf is too small. */
size_t tk_sinkhole_metrics(struct tk_sinkhole *server, char *buf, size_t size);

#endif
