/* server_internal.h - what server.c (life cycle, reload, metrics), worker.c (the
 * worker threads' DNS loops) and contact.c (the HTTP, TCP and SMTP listeners) share. */
#ifndef TAKEDOWN_SINKHOLE_SERVER_INTERNAL_H
#define TAKEDOWN_SINKHOLE_SERVER_INTERNAL_H

#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include "sinkhole/contact_internal.h"
#include "takedown/rrl.h"
#include "takedown/sinkhole.h"

#define QTYPE_BUCKETS 8  /* A AAAA NS SOA MX TXT ANY other */
#define RCODE_BUCKETS 8  /* NOERROR FORMERR SERVFAIL NXDOMAIN NOTIMP REFUSED BADVERS none */
#define UDP_BATCH 32
#define PACKET_MAX 4096  /* largest query we read, and largest response we write */
#define TCP_OUT_MAX 16384
#define ACCEPT_BATCH 4   /* connections taken per wakeup: the other workers get the rest */

struct worker_counters {
    _Atomic uint64_t queries[2][QTYPE_BUCKETS][RCODE_BUCKETS]; /* [udp, tcp] */
    _Atomic uint64_t rrl_dropped, rrl_slipped;
    _Atomic uint64_t tcp_accepted, tcp_refused, tcp_open, tcp_idle_closed;
    _Atomic uint64_t *hits; /* per family registry index, then unknown family, then untagged */
};

struct tcp_conn {
    int fd;                  /* -1 when the slot is free */
    unsigned listener;
    uint32_t epoll_events;   /* what epoll watches now */
    int eof;                 /* the client closed its side */
    int64_t last_ms;
    struct sockaddr_storage peer;
    size_t in_len, out_len, out_off;
    uint8_t in[PACKET_MAX + 2];
    uint8_t out[TCP_OUT_MAX];
};

struct worker {
    struct tk_sinkhole *server;
    unsigned index;
    pthread_t thread;
    int epfd;
    struct tcp_conn *conns;
    uint8_t udp_in[UDP_BATCH][PACKET_MAX];
    uint8_t udp_out[UDP_BATCH][PACKET_MAX];
    struct sockaddr_storage udp_peers[UDP_BATCH];
    _Atomic(struct tk_names *) hazard; /* the table this worker may be reading, or NULL */
    struct worker_counters counters;
    struct contact_conn *contacts;      /* config.limits.clients slots */
    uint32_t *free_contacts;            /* a stack of free slot numbers */
    size_t free_count;
    EVP_MAC_CTX *siphash;               /* keyed recipient hashes */
    int64_t date_sec;                   /* the second http_date was written for */
    char http_date[40];                 /* "Sat, 28 Nov 2026 16:00:00 GMT" */
    char http_ok[256];                  /* the whole keep-alive 200 response of that second */
    size_t http_ok_len;
    struct contact_counters contact;
};

struct tk_sinkhole {
    struct tk_sinkhole_config config;
    struct sockaddr_storage bound[TK_SINKHOLE_MAX_LISTEN];
    int udp_fd[TK_SINKHOLE_MAX_LISTEN];  /* the listening sockets, shared by the workers */
    int tcp_fd[TK_SINKHOLE_MAX_LISTEN];
    int contact_fd[TK_SINKHOLE_MAX_CONTACT];
    _Atomic unsigned listening; /* workers that may still use them; the last one closes them */
    _Atomic(struct tk_names *) names;
    struct worker *workers;
    struct tk_rrl *rrl;
    int stop_fd;             /* eventfd that wakes every worker at stop */
    _Atomic int stopping;
    _Atomic uint64_t reloads, reload_failures;
    _Atomic uint64_t name_count; /* of the current table, for the metrics thread */
    struct sockaddr_storage contact_bound[TK_SINKHOLE_MAX_CONTACT];
    _Atomic uint32_t *prefix_open; /* open contact connections per hashed client prefix */
    size_t families;         /* tk_family_count() + 2 hit counters per worker */
    int started;
};

enum { TAG_STOP = 0, TAG_UDP = 1, TAG_TCP_LISTEN = 2, TAG_CONN = 3, TAG_CONTACT_LISTEN = 4,
       TAG_CONTACT_CONN = 5 };

/* The worker thread's main function. */
void *worker_main(void *arg);

/* Closes the listening sockets (those still open). */
void sinkhole_close_listeners(struct tk_sinkhole *s);

/* Prometheus text: a bounded appender that stays full once full. */
struct metrics_text {
    char *buf;
    size_t size, len;
    int full;
};
void metrics_add(struct metrics_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The contact listeners' metrics (contact.c). */
void contact_metrics(struct tk_sinkhole *s, struct metrics_text *t);

/* Monotonic milliseconds. */
int64_t sinkhole_now_ms(void);

/* A socket address as an event's endpoint (address family, address, port), zeroed first. */
void sinkhole_endpoint(const struct sockaddr_storage *ss, struct tk_event_endpoint *e);

/* Writes the pending output out[*off..*len) of a non-blocking stream connection (DNS over
 * TCP, the contact listeners); when all of it is written, *off = *len = 0. Returns 0 (done,
 * or the socket would block: wait for EPOLLOUT), or -1 when the connection failed. */
int sinkhole_flush(int fd, const uint8_t *out, size_t *off, size_t *len);

#endif
