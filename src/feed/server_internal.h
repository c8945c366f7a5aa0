/* server_internal.h - the feed server's state, shared by its loop (server.c), its answers
 * (answer.c) and its NOTIFY sender (notify.c). */
#ifndef TAKEDOWN_FEED_SERVER_INTERNAL_H
#define TAKEDOWN_FEED_SERVER_INTERNAL_H

#include <stdarg.h>
#include <time.h>

#include "feed/feed_internal.h"

enum { FEED_CONNECTIONS = 32, FEED_TCP_MAX = 65535, FEED_NOTIFY_TRIES = 5 };

/* What one request started: a transfer over TCP, signed or not. */
struct feed_session {
    uint8_t head[TK_DNS_HEADER + 260]; /* the header and question every message repeats */
    size_t head_len;
    int transferring;
    struct feed_transfer transfer;
    int signed_response;
    struct tk_tsig_stream tsig;
    size_t messages, bytes;
};

struct feed_connection {
    int fd;
    struct sockaddr_storage peer;
    uint8_t in[2 + FEED_TCP_MAX];
    size_t in_len;
    uint8_t out[2 + FEED_TCP_MAX];
    size_t out_len, out_sent;
    struct feed_session session;
    time_t last_active;
    unsigned long long touched; /* the server's count of activity when it was last active */
};

struct feed_notify {
    struct sockaddr_storage to;
    uint16_t id;
    uint32_t serial;
    int tries;         /* sent so far; 0: nothing pending */
    time_t next;
};

struct tk_feed_server {
    struct tk_feed_server_config config;
    struct tk_feed *feed;
    struct feed_zone zone;
    char zone_name[256];             /* lower case, no final dot */
    int udp, tcp;
    struct feed_connection *connections[FEED_CONNECTIONS];
    time_t full_logged;           /* when "connections open" was last logged */
    unsigned long long touches;   /* accepts, reads and writes of connections so far */
    struct feed_notify notify[TK_FEED_NOTIFY_MAX];
};

void feed_log(struct tk_feed_server *s, enum tk_feed_event event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void feed_peer_text(const struct sockaddr_storage *ss, char *out, size_t size);

/* The response to the request req[0..len) from `from` into m; its length, or 0 for none.
 * A transfer over TCP is set up in session (transferring), with m started, and 0 returned. */
size_t feed_answer(struct tk_feed_server *s, const uint8_t *req, size_t len,
                   const struct sockaddr_storage *from, int tcp, struct feed_message *m,
                   struct feed_session *session);

/* NOTIFY: queues one to every secondary for the current serial, sends what is due, and
 * takes an answer. */
void feed_notify_all(struct tk_feed_server *s);
void feed_notify_due(struct tk_feed_server *s, time_t now);
void feed_notify_answered(struct tk_feed_server *s, const struct tk_feed_request *r,
                          const struct sockaddr_storage *from);

#endif
