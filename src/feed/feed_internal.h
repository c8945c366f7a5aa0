/* feed_internal.h - what the parts of the feed's server share: the zone's fixed records, the
 * response builder and the transfer streams. */
#ifndef TAKEDOWN_FEED_INTERNAL_H
#define TAKEDOWN_FEED_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/feed.h"
#include "takedown/feed_server.h"
#include "takedown/feed_wire.h"

/* The zone as the responses write it. */
struct feed_zone {
    uint8_t apex[TK_DNS_NAME_WIRE_MAX]; /* canonical wire form */
    size_t apex_len;
    uint8_t target[TK_DNS_NAME_WIRE_MAX]; /* the CNAME target: "." or the redirect */
    size_t target_len;
    uint32_t ttl;
    int wildcard;                       /* each name also as *.NAME: its subdomains too */
};

/* A response being written into buf[0..cap): header, the request's question, records. */
struct feed_message {
    uint8_t *buf;
    size_t len, cap;
    uint16_t answers;
};

/* Starts a response to the request req (msg: its bytes) with rcode; AA is set. */
void feed_message_start(struct feed_message *m, const uint8_t *req,
                        const struct tk_feed_request *r, unsigned rcode);
/* Appends one record, owned by the apex (name NULL) or by name under the apex. Returns 0, or
 * -1 when it does not fit in limit bytes. */
int feed_put_soa(struct feed_message *m, const struct feed_zone *z, uint32_t serial,
                 size_t limit);
int feed_put_ns(struct feed_message *m, const struct feed_zone *z, size_t limit);
/* The policy records of name: NAME, and *.NAME with z->wildcard; both or neither. */
int feed_put_policy(struct feed_message *m, const struct feed_zone *z, const char *name,
                    size_t len, size_t limit);
/* Writes the answer count into the header. */
void feed_message_finish(struct feed_message *m);

/* One step of a transfer: a SOA, the NS, the window's names, or a list of names. */
enum feed_step_kind { STEP_SOA, STEP_NS, STEP_WINDOW, STEP_LIST };

struct feed_step {
    enum feed_step_kind kind;
    uint32_t serial;                   /* STEP_SOA */
    const struct tk_feed_names *names; /* STEP_LIST */
};

/* A zone transfer in progress: its steps and where it is in them. */
struct feed_transfer {
    struct feed_step steps[6];
    size_t step_count, step;
    size_t cursor;                     /* in the window or the list */
    struct tk_feed_names removed, added; /* an IXFR's condensed change */
    uint32_t serial;                   /* of the zone it sends */
    size_t records;
    const char *kind_text;             /* "AXFR", "IXFR", for the log */
};

/* The AXFR of the window at serial. */
void feed_transfer_axfr(struct feed_transfer *t, uint32_t serial);
/* The IXFR from old_serial to serial of the condensed change in t->removed, t->added. */
void feed_transfer_ixfr(struct feed_transfer *t, uint32_t old_serial, uint32_t serial);
/* Just the current SOA (an IXFR from a serial that is up to date). */
void feed_transfer_soa(struct feed_transfer *t, uint32_t serial);
void feed_transfer_free(struct feed_transfer *t);
/* Fills m (started) with the next records, up to limit bytes. Returns 1 when the transfer
 * is complete after this message, 0 when more messages follow. */
int feed_transfer_fill(struct feed_transfer *t, struct feed_message *m,
                       const struct feed_zone *z, const struct tk_feed_window *w,
                       size_t limit);

#endif
