/* feed_server.h - the live response policy zone: its content, serial and journal (struct
 * tk_feed), and the server that is authoritative for it: SOA over UDP and TCP, AXFR and IXFR
 * over TCP behind TSIG and an address list, NOTIFY to the secondaries after each slide.
 * Library code: it reports through the log callback and never prints. */
#ifndef TAKEDOWN_FEED_SERVER_H
#define TAKEDOWN_FEED_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "takedown/feed.h"
#include "takedown/feed_wire.h"

/* Addresses allowed to transfer: "ADDR[/PREFIX],..." (IPv4 or IPv6). */
struct tk_feed_acl_entry {
    int family;
    uint8_t addr[16];
    unsigned prefix;
};

struct tk_feed_acl {
    struct tk_feed_acl_entry items[64];
    size_t count;
};

int tk_feed_acl_parse(const char *text, struct tk_feed_acl *acl, struct tk_error *err);
int tk_feed_acl_allows(const struct tk_feed_acl *acl, const struct sockaddr_storage *addr);

struct tk_feed_config {
    struct tk_feed_window_config window;
    const char *journal_dir; /* NULL: deltas in memory only */
    size_t journal_max;      /* deltas kept */
    uint64_t fingerprint;    /* of everything that shapes the content */
};

/* What opening or moving the feed did. */
struct tk_feed_report {
    uint32_t serial;
    tk_day today;
    size_t names;
    size_t removed, added; /* by the slide, if any */
    int restored;          /* opened from the journal's state */
    double seconds;        /* spent generating */
};

struct tk_feed;

/* Builds the zone for today. With a journal holding a state of this configuration, the
 * zone is built for the saved day and serial, then slid to today (so the journal stays a
 * chain); otherwise the serial starts from the clock, so that it is above any served
 * before. */
int tk_feed_open(const struct tk_feed_config *config, tk_day today, struct tk_feed **out,
                 struct tk_feed_report *report, struct tk_error *err);
void tk_feed_free(struct tk_feed *feed);
/* Slides to today: the serial increases by one and the delta is journaled (durably, before
 * the new serial is served). Nothing changes when today is the zone's day. Returns 1 when
 * the serial moved, 0 when not, or minus a status. */
int tk_feed_move(struct tk_feed *feed, tk_day today, struct tk_feed_report *report,
                 struct tk_error *err);
uint32_t tk_feed_serial(const struct tk_feed *feed);
const struct tk_feed_window *tk_feed_window_of(const struct tk_feed *feed);
const struct tk_feed_history *tk_feed_history_of(const struct tk_feed *feed);

/* The log callback's kinds of line, for callers that count them. */
enum tk_feed_event {
    TK_FEED_LOG_INFO,
    TK_FEED_LOG_TRANSFER, /* a transfer served */
    TK_FEED_LOG_REFUSED,  /* a request refused */
    TK_FEED_LOG_NOTIFY,   /* a NOTIFY sent, answered or given up */
    TK_FEED_LOG_SLIDE,    /* the zone slid */
    TK_FEED_LOG_ERROR
};

typedef void (*tk_feed_log_fn)(void *ctx, enum tk_feed_event event, const char *line);
/* The day the zone should be at; called on SIGHUP, and each second when poll_today is set. */
typedef int (*tk_feed_today_fn)(void *ctx, tk_day *today, struct tk_error *err);

enum { TK_FEED_NOTIFY_MAX = 16 };

struct tk_feed_server_config {
    struct sockaddr_storage listen;       /* UDP and TCP, bound exclusively */
    const char *zone;                     /* the zone's name */
    const char *redirect;                 /* NULL: NXDOMAIN (CNAME .); else CNAME to it */
    uint32_t ttl;
    int wildcard;                         /* also *.NAME for each name */
    const struct tk_tsig_key *key;        /* NULL: transfers need no TSIG */
    struct tk_feed_acl acl;               /* empty: loopback only */
    struct sockaddr_storage notify[TK_FEED_NOTIFY_MAX];
    size_t notify_count;
    tk_feed_log_fn log;
    void *log_ctx;
    tk_feed_today_fn today;
    void *today_ctx;
    int poll_today;
};

/* The --notify list, "ADDR[:PORT],..." (port 53 by default), into c->notify. */
int tk_feed_notify_parse(const char *text, struct tk_feed_server_config *c,
                         struct tk_error *err);

struct tk_feed_server;

/* Binds the sockets (a second server on the same address fails: "ADDR:PORT: address in
 * use"). feed stays the caller's and must outlive the server. */
int tk_feed_server_new(const struct tk_feed_server_config *config, struct tk_feed *feed,
                       struct tk_feed_server **out, struct tk_error *err);
/* The bound address (the port picked when 0 was asked) as ADDR:PORT. */
void tk_feed_server_address(const struct tk_feed_server *server, char *out, size_t size);
/* Serves until SIGTERM or SIGINT arrives on signal_fd (a signalfd for SIGHUP, SIGTERM and
 * SIGINT); SIGHUP slides the zone to the day today() gives. */
int tk_feed_server_run(struct tk_feed_server *server, int signal_fd, struct tk_error *err);
void tk_feed_server_free(struct tk_feed_server *server);

/* Answers one request as the server would, from `from`, over TCP when tcp is set, into
 * out[0..cap) (cap at least 512): the response, or for a transfer its first message, the
 * rest being generated and dropped. Returns its length, 0 for none. For the fuzzer. */
size_t tk_feed_server_answer(struct tk_feed_server *server, const uint8_t *request, size_t len,
                             const struct sockaddr_storage *from, int tcp, uint8_t *out,
                             size_t cap);

#endif
