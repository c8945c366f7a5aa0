/* contact_internal.h - what the contact listeners' files share: the connection pool of a
 * worker (contact.c: accept, PROXY header, limits, timeouts, output, close) and the three
 * protocols that run on a connection (contact_http.c, contact_smtp.c, contact_tcp.c). */
#ifndef TAKEDOWN_SINKHOLE_CONTACT_INTERNAL_H
#define TAKEDOWN_SINKHOLE_CONTACT_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

#include "takedown/event.h"
#include "takedown/http_request.h"
#include "takedown/sinkhole.h"
#include "takedown/sinkhole_names.h"
#include "takedown/smtp_command.h"

#define CONTACT_IN 16384     /* the largest request head or command line we can hold */
#define CONTACT_OUT 4096     /* replies waiting for the client to read them */
#define CONTACT_REPLY_MAX 512 /* the longest reply one request or command produces */
#define PREFIX_SLOTS 65536   /* open connections per client prefix, hashed */

enum contact_phase {
    PHASE_PROXY,             /* waiting for the PROXY header */
    PHASE_HTTP_HEAD,
    PHASE_HTTP_BODY,
    PHASE_SMTP_COMMAND,
    PHASE_SMTP_DATA,
    PHASE_TCP
};

/* Why a connection is being closed. */
enum contact_end { END_EOF, END_IDLE, END_TOTAL, END_ERROR, END_STOP, END_DONE };

/* HTTP status buckets of the metrics. */
enum { HTTP_200, HTTP_400, HTTP_408, HTTP_413, HTTP_431, HTTP_501, HTTP_505, HTTP_NONE,
       HTTP_BUCKETS };

/* Per worker; the connection counters per listener (index: the listener's number). */
struct contact_counters {
    _Atomic uint64_t accepted[TK_SINKHOLE_MAX_CONTACT], refused_full[TK_SINKHOLE_MAX_CONTACT];
    _Atomic uint64_t refused_prefix[TK_SINKHOLE_MAX_CONTACT], open[TK_SINKHOLE_MAX_CONTACT];
    _Atomic uint64_t idle_closed[TK_SINKHOLE_MAX_CONTACT], total_closed[TK_SINKHOLE_MAX_CONTACT];
    _Atomic uint64_t proxy_errors[TK_SINKHOLE_MAX_CONTACT], proxied[TK_SINKHOLE_MAX_CONTACT];
    _Atomic uint64_t http_requests[HTTP_BUCKETS];
    _Atomic uint64_t http_body_bytes;
    _Atomic uint64_t smtp_messages[4];   /* by enum tk_smtp_result */
    _Atomic uint64_t smtp_recipients, smtp_commands, smtp_errors;
    _Atomic uint64_t tcp_sessions, tcp_bytes;
};

struct contact_http {
    uint64_t body_left;      /* Content-Length bytes still to read */
    int chunked;
    struct tk_http_chunked chunks;
    int keep_alive, head;    /* close after this response; HEAD: no body in it */
};

struct contact_smtp {
    char helo[64];
    uint8_t esmtp;
    uint8_t in_transaction;  /* MAIL accepted, message not finished */
    uint8_t skip_line;       /* discarding the rest of an overlong line */
    uint8_t too_big;
    unsigned errors;
    uint64_t messages;       /* messages logged on this connection */
    struct tk_smtp_data data;
};

struct contact_conn {
    int fd;                  /* -1 when the slot is free */
    uint8_t listener;
    uint8_t protocol;        /* enum tk_event_protocol */
    uint8_t phase;           /* enum contact_phase */
    uint8_t eof;             /* the client closed its side */
    uint8_t closing;         /* close once the output is sent */
    uint8_t draining;        /* HTTP: our side is shut; reading what the client still sends */
    uint32_t epoll_events;
    uint32_t prefix_slot;    /* counted in the prefix table, or UINT32_MAX */
    int64_t opened_ms, last_ms;
    struct tk_event_endpoint client, server, via;
    union {
        struct contact_http http;
        struct contact_smtp smtp;
    };
    uint64_t stream_bytes;   /* HTTP body or TCP stream bytes so far */
    uint16_t staged;         /* of its first bytes, kept in staged[] to hash */
    uint8_t staged_bytes[TK_EVENT_BODY_MAX];
    struct tk_event ev;      /* the request, message or session being recorded */
    size_t in_len, out_len, out_off;
    uint8_t in[CONTACT_IN];
    uint8_t out[CONTACT_OUT];
};

struct worker;

/* contact.c */
void contact_accept(struct worker *w, unsigned listener);
void contact_serve(struct worker *w, const struct tk_names *names, uint32_t slot,
                   uint32_t events);
void contact_sweep(struct worker *w, int64_t now_ms);
void contact_drain(struct worker *w);
/* Appends a reply; the caller has checked contact_room. */
void contact_reply(struct contact_conn *c, const char *text, size_t len);
int contact_room(const struct contact_conn *c);
/* One write of a last word before closing (a timeout notice); failure is ignored. */
void contact_send_now(struct contact_conn *c, const char *text, size_t len);
/* Starts c->ev for this connection (addresses, protocol, time). */
void contact_event_begin(struct contact_conn *c);
/* Looks the event's name up in the table and copies its tag. */
void contact_event_tag(const struct tk_names *names, struct tk_event *ev);
/* Keeps the first bytes of a body or stream for its fingerprint. */
void contact_stage(struct worker *w, struct contact_conn *c, const uint8_t *data, size_t n);
void contact_fingerprint(struct worker *w, struct contact_conn *c,
                         struct tk_event_fingerprint *f);
/* Hands c->ev to the event log. */
void contact_log(struct worker *w, struct contact_conn *c);
/* Copies text into a fixed field, lower-cased when asked, cut to fit. */
void contact_copy(char *dst, size_t size, const char *src, size_t len, int lower);
void contact_bump(_Atomic uint64_t *counter);

/* The protocols: start (after accept or the PROXY header), process the input buffer, and
 * record what was unfinished when the connection ends. process returns -1 to close now. */
void http_start(struct worker *w, struct contact_conn *c);
int http_process(struct worker *w, const struct tk_names *names, struct contact_conn *c);
void http_end(struct worker *w, struct contact_conn *c, enum contact_end why);

void smtp_start(struct worker *w, struct contact_conn *c);
int smtp_process(struct worker *w, const struct tk_names *names, struct contact_conn *c);
void smtp_end(struct worker *w, struct contact_conn *c, enum contact_end why);

void tcp_start(struct worker *w, struct contact_conn *c);
int tcp_process(struct worker *w, const struct tk_names *names, struct contact_conn *c);
void tcp_end(struct worker *w, struct contact_conn *c, enum contact_end why);

#endif
