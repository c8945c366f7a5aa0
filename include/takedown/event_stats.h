/* event_stats.h - a summary of event records: how many of each protocol, the time span,
 * distinct client addresses, DGA families, HTTP statuses, SMTP messages with their
 * recipients (total and distinct keyed hashes) and raw TCP sessions. Distinct counts are
 * exact: memory grows with the distinct addresses and recipients, not with the events. */
#ifndef TAKEDOWN_EVENT_STATS_H
#define TAKEDOWN_EVENT_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/event.h"

#define TK_STATS_FAMILIES 64 /* families counted by name; more go to "other" */

struct tk_event_stats_family {
    char name[32];           /* "" for untagged events */
    uint64_t events;
};

struct tk_event_stats {
    uint64_t events, by_protocol[5];     /* index: enum tk_event_protocol (0 unused) */
    int64_t first_sec, last_sec;         /* time span; first_sec > last_sec when empty */
    uint64_t dns_rcode[6];               /* NOERROR .. REFUSED */
    uint64_t dns_dropped;
    uint64_t http_status_2xx, http_status_4xx, http_status_5xx, http_status_none;
    uint64_t http_body_bytes;
    uint64_t smtp_accepted, smtp_rejected, smtp_sessions_without_message;
    uint64_t smtp_recipients, smtp_bytes;
    uint64_t tcp_sessions, tcp_bytes;
    uint64_t proxied;                    /* events that came through a PROXY header */
    struct tk_event_stats_family families[TK_STATS_FAMILIES + 1]; /* + "other" */
    size_t family_count;
    /* distinct sets (open addressing) */
    struct tk_stats_set {
        uint8_t *keys;                   /* width bytes per slot, all zero: empty */
        size_t width, cap, count;
        int has_zero;                    /* the all-zero key was added */
    } clients, smtp_clients, recipients;
};

void tk_event_stats_init(struct tk_event_stats *s);
int tk_event_stats_add(struct tk_event_stats *s, const struct tk_event *ev, struct tk_error *err);
void tk_event_stats_free(struct tk_event_stats *s);

#endif
