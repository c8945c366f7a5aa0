/* sinkhole.h - the sinkhole server: an authoritative DNS server for the seized names and
 * contact listeners (HTTP, raw TCP, SMTP spam trap) for the bots they send its way, in the
 * same worker threads sharing one socket per listener, with atomic name-table replacement,
 * rate and connection limits, event logging and metrics.
 *
 * Life cycle: tk_sinkhole_open binds every socket (so the caller can drop privileges
 * next; a second sinkhole on an address and port already bound fails there),
 * tk_sinkhole_set_log gives it the event log, tk_sinkhole_start starts the workers,
 * tk_sinkhole_replace_names swaps in a new table while queries keep being answered,
 * tk_sinkhole_stop drains and joins. */
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
#define TK_SINKHOLE_MAX_CONTACT 16

/* A contact listener: HTTP, raw TCP or SMTP on one address. */
struct tk_contact_listen {
    struct sockaddr_storage address;
    uint8_t protocol;          /* TK_EVENT_HTTP, TK_EVENT_TCP or TK_EVENT_SMTP */
    uint8_t proxy;             /* every connection starts with a PROXY protocol header */
};

/* What bounds a contact connection (docs/sinkhole.md, "Limits"). */
struct tk_contact_limits {
    uint32_t idle_ms;          /* close a connection silent this long */
    uint32_t total_ms;         /* close any connection this old (slowloris) */
    unsigned clients;          /* open connections per worker */
    unsigned per_prefix;       /* open connections per client /24 or /56; 0: no limit */
    uint32_t http_header_max;  /* request head bytes: 431 beyond */
    uint64_t http_body_max;    /* request body bytes: 413 beyond */
    uint16_t hash_bytes;       /* first bytes of an HTTP body or a TCP stream hashed */
    uint16_t http_keep_body;   /* first bytes of an HTTP body kept in the event */
    uint64_t tcp_byte_cap;     /* raw TCP: close after this many bytes */
    uint32_t smtp_line_max;    /* SMTP command line bytes, CR LF included */
    uint64_t smtp_message_max; /* message bytes: 552 beyond */
    unsigned smtp_rcpt_max;    /* recipients per message: 452 beyond */
    uint8_t smtp_key[16];      /* SipHash key of the recipient hashes */
    char smtp_hostname[64];    /* our name in the greeting and the EHLO reply */
};

struct tk_sinkhole_config {
    struct sockaddr_storage listen[TK_SINKHOLE_MAX_LISTEN];
    size_t listen_count;
    unsigned workers;              /* threads, sharing the listening sockets */
    struct tk_sinkhole_answers answers;
    uint32_t rrl_rate;             /* responses per second per prefix; 0 = no limit */
    uint32_t rrl_slip;
    uint32_t tcp_idle_ms;          /* close a TCP connection idle this long (RFC 7766 6.2.3) */
    unsigned tcp_clients;          /* TCP connections per worker; more are closed at once */
    struct tk_contact_listen contact[TK_SINKHOLE_MAX_CONTACT];
    size_t contact_count;
    struct tk_contact_limits limits;
    struct tk_event_log *log;      /* NULL: no event log (or one set by tk_sinkhole_set_log) */
};

/* Fills the defaults: 1 worker, TCP idle 10 s, 256 TCP clients per worker, no RRL; contact
 * limits as documented (idle 10 s, total 60 s, 1024 connections per worker, 256 per
 * prefix, 8 KiB heads, 8 MiB bodies, 256 bytes hashed, 64 KiB raw TCP, 10 MiB messages,
 * 100 recipients). The SMTP key is all zeros until the caller sets one. */
void tk_sinkhole_config_defaults(struct tk_sinkhole_config *config);

struct tk_sinkhole;

/* Creates and binds the sockets (port 0 picks one port for all). names becomes the
 * server's. */
int tk_sinkhole_open(const struct tk_sinkhole_config *config, struct tk_names *names,
                     struct tk_sinkhole **server, struct tk_error *err);
/* The address listener i is bound to (with the port picked for port 0). */
const struct sockaddr_storage *tk_sinkhole_address(const struct tk_sinkhole *server, size_t i);
/* The same for contact listener i. */
const struct sockaddr_storage *tk_sinkhole_contact_address(const struct tk_sinkhole *server,
                                                           size_t i);
/* Logs events into log from tk_sinkhole_start on (before it, and before anything reads
 * the metrics): the caller opens the log once every socket is bound, so that a sinkhole
 * that cannot bind leaves no file behind. */
void tk_sinkhole_set_log(struct tk_sinkhole *server, struct tk_event_log *log);
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
 * per family, RRL, TCP, reloads, names, every contact listener's, and the event log's).
 * Returns the length, or 0 when buf is too small. */
size_t tk_sinkhole_metrics(struct tk_sinkhole *server, char *buf, size_t size);

#endif
