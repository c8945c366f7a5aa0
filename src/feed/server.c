/* server.c - the feed server's loop (see include/takedown/feed_server.h): one thread, poll()
 * over the UDP socket, the TCP listener, up to 32 TCP connections (the idlest making room
 * for a new one) and the signal descriptor.
 *
 * A transfer is written one message at a time as the connection drains, so a zone of
 * millions of names costs one 64 KB buffer per connection, not a copy. A slide changes the
 * window an AXFR walks, so AXFRs in progress at a slide are cut (the secondary retries and
 * gets the new serial); IXFRs carry their own lists and go on. */
#include "feed/server_internal.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "sinkhole/listen_socket.h"
#include "takedown/domain.h"
#include "takedown/sinkhole_options.h"

enum { IDLE_SECONDS = 30, TSIG_ROOM = 400 };

/* True when text, with or without its final dot, is a host name: what a zone or a CNAME
 * target of an RPZ is (no space or control byte to break a zone file or a log). */
static int is_host_name(const char *text)
{
    size_t n = strlen(text);
    if (n > 0 && text[n - 1] == '.')
        n--;
    return n > 0 && tk_domain_is_valid(text, n) && tk_domain_is_hostname(text, n);
}

static int zone_setup(struct tk_feed_server *s, struct tk_error *err)
{
    const struct tk_feed_server_config *c = &s->config;
    size_t n = strlen(c->zone);
    if (n > 0 && c->zone[n - 1] == '.')
        n--;
    if (n >= sizeof s->zone_name || !is_host_name(c->zone))
        return tk_error_set(err, TK_ERR_USAGE, "--zone: '%s' is not a domain name", c->zone);
    for (size_t i = 0; i < n; i++) {
        char ch = c->zone[i];
        s->zone_name[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
    }
    s->zone_name[n] = '\0';
    if ((s->zone.apex_len = tk_dns_name_to_wire(s->zone_name, s->zone.apex)) <= 1)
        return tk_error_set(err, TK_ERR_USAGE, "--zone: '%s' is not a domain name", c->zone);
    s->zone.ttl = c->ttl;
    s->zone.wildcard = c->wildcard;
    if (c->redirect == NULL) {
        s->zone.target[0] = 0;
        s->zone.target_len = 1;
    } else if (!is_host_name(c->redirect)
               || (s->zone.target_len = tk_dns_name_to_wire(c->redirect, s->zone.target)) <= 1) {
        return tk_error_set(err, TK_ERR_USAGE, "--action redirect: '%s' is not a domain name",
                            c->redirect);
    }
    return TK_OK;
}

static int port_of(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)ss)->sin6_port
                                     : ((const struct sockaddr_in *)ss)->sin_port;
}

/* UDP and TCP on the same port. With port 0 the UDP socket picks it, and the TCP port of that
 * number may be taken (by a client's connection): then both are tried again on another. */
static int bind_both(struct tk_feed_server *s, struct tk_error *err)
{
    struct sockaddr_storage wanted = s->config.listen;
    for (int attempt = 0; attempt < 20; attempt++) {
        s->config.listen = wanted;
        s->udp = sinkhole_listen_socket(&s->config.listen, SOCK_DGRAM, "--listen, udp", err);
        if (s->udp < 0)
            return err->status;
        s->tcp = sinkhole_listen_socket(&s->config.listen, SOCK_STREAM, "--listen, tcp", err);
        if (s->tcp >= 0) {
            *err = (struct tk_error){0}; /* what an earlier attempt said is over */
            return TK_OK;
        }
        close(s->udp);
        s->udp = -1;
        if (port_of(&wanted) != 0)
            break;
    }
    return err->status;
}

int tk_feed_server_new(const struct tk_feed_server_config *config, struct tk_feed *feed,
                       struct tk_feed_server **out, struct tk_error *err)
{
    struct tk_feed_server *s = calloc(1, sizeof *s);
    int rc;
    *out = NULL;
    if (s == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    s->config = *config;
    s->feed = feed;
    s->udp = s->tcp = -1;
    if ((rc = zone_setup(s, err))) {
        free(s);
        return rc;
    }
    if ((rc = bind_both(s, err))) {
        tk_feed_server_free(s);
        return err->status;
    }
    *out = s;
    return TK_OK;
}

void tk_feed_server_address(const struct tk_feed_server *s, char *out, size_t size)
{
    tk_format_socket_address(&s->config.listen, out, size);
}

static void close_connection(struct tk_feed_server *s, size_t i)
{
    struct feed_connection *c = s->connections[i];
    close(c->fd);
    feed_transfer_free(&c->session.transfer);
    free(c);
    s->connections[i] = NULL;
}

void tk_feed_server_free(struct tk_feed_server *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < FEED_CONNECTIONS; i++)
        if (s->connections[i])
            close_connection(s, i);
    if (s->udp >= 0)
        close(s->udp);
    if (s->tcp >= 0)
        close(s->tcp);
    free(s);
}

static void serve_udp(struct tk_feed_server *s)
{
    uint8_t in[FEED_TCP_MAX], out[512];
    for (int burst = 0; burst < 64; burst++) {
        struct sockaddr_storage from;
        socklen_t from_len = sizeof from;
        ssize_t n = recvfrom(s->udp, in, sizeof in, 0, (struct sockaddr *)&from, &from_len);
        if (n < 0)
            return;
        struct feed_message m = {out, 0, sizeof out, 0};
        struct feed_session session = {0};
        size_t len = feed_answer(s, in, (size_t)n, &from, 0, &m, &session);
        if (len)
            sendto(s->udp, out, len, 0, (struct sockaddr *)&from, from_len);
    }
}

/* Marks the connection active now. */
static void touch(struct tk_feed_server *s, struct feed_connection *c)
{
    c->last_active = time(NULL);
    c->touched = ++s->touches;
}

/* The slot of the connection idle the longest that is neither transferring nor writing, to
 * make room for a new one, so that clients holding connections open cannot lock the
 * secondaries out; FEED_CONNECTIONS when every one is busy. Every slot is taken. */
static size_t idlest_connection(const struct tk_feed_server *s)
{
    size_t best = FEED_CONNECTIONS;
    for (size_t i = 0; i < FEED_CONNECTIONS; i++) {
        const struct feed_connection *c = s->connections[i];
        if (c->session.transferring || c->out_sent < c->out_len)
            continue;
        if (best == FEED_CONNECTIONS || c->touched < s->connections[best]->touched)
            best = i;
    }
    return best;
}

/* A free slot for a new connection: an empty one, or that of the idlest connection, closed;
 * FEED_CONNECTIONS when every one is busy. Logs at most once a second when full. */
static size_t free_slot(struct tk_feed_server *s)
{
    size_t i = 0;
    while (i < FEED_CONNECTIONS && s->connections[i])
        i++;
    if (i < FEED_CONNECTIONS)
        return i;
    i = idlest_connection(s);
    time_t now = time(NULL);
    if (s->full_logged != now) {
        s->full_logged = now;
        feed_log(s, TK_FEED_LOG_REFUSED, "TCP: %d connections open: %s", FEED_CONNECTIONS,
                 i < FEED_CONNECTIONS ? "closing the one idle longest" : "refusing new ones");
    }
    if (i < FEED_CONNECTIONS)
        close_connection(s, i);
    return i;
}

static void accept_connections(struct tk_feed_server *s)
{
    for (;;) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        int fd = accept4(s->tcp, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        size_t i = free_slot(s);
        struct feed_connection *c = i < FEED_CONNECTIONS ? calloc(1, sizeof *c) : NULL;
        if (c == NULL) {
            close(fd);
            continue;
        }
        c->fd = fd;
        c->peer = peer;
        touch(s, c);
        s->connections[i] = c;
    }
}

/* Frames m (written at c->out + 2) for sending. */
static void frame(struct feed_connection *c, size_t len)
{
    c->out[0] = (uint8_t)(len >> 8);
    c->out[1] = (uint8_t)len;
    c->out_len = len + 2;
    c->out_sent = 0;
    c->session.messages++;
    c->session.bytes += len + 2;
}

static void log_transfer_done(struct tk_feed_server *s, struct feed_connection *c)
{
    char peer[80];
    struct feed_session *q = &c->session;
    feed_peer_text(&c->peer, peer, sizeof peer);
    feed_log(s, TK_FEED_LOG_TRANSFER, "transfer %s to %s serial %u: %zu records, %zu messages, "
             "%zu bytes%s", q->transfer.kind_text, peer, (unsigned)q->transfer.serial,
             q->transfer.records, q->messages, q->bytes, q->signed_response ? ", TSIG" : "");
}

/* The next message of the connection's transfer into its output buffer. */
static void next_message(struct tk_feed_server *s, struct feed_connection *c,
                         struct feed_message *m)
{
    struct feed_session *q = &c->session;
    size_t limit = m->cap - (q->signed_response ? TSIG_ROOM : 0);
    memcpy(m->buf, q->head, q->head_len);
    m->len = q->head_len;
    m->answers = 0;
    int done = feed_transfer_fill(&q->transfer, m, &s->zone, tk_feed_window_of(s->feed), limit);
    if (q->signed_response)
        tk_tsig_sign(&q->tsig, m->buf, &m->len, m->cap, (uint64_t)time(NULL));
    frame(c, m->len);
    if (done) {
        log_transfer_done(s, c);
        q->transferring = 0;
        feed_transfer_free(&q->transfer);
        q->messages = q->bytes = 0;
    }
}

/* The request at c->in (complete) answered into c->out. */
static void handle_request(struct tk_feed_server *s, struct feed_connection *c, size_t len)
{
    struct feed_message m = {c->out + 2, 0, FEED_TCP_MAX, 0};
    size_t n = feed_answer(s, c->in + 2, len, &c->peer, 1, &m, &c->session);
    if (c->session.transferring) {
        next_message(s, c, &m);
    } else if (n) {
        frame(c, n);
        c->session.messages = c->session.bytes = 0;
    }
}

/* Answers the first request in c->in when it is whole and nothing is being sent: one at a
 * time, so that one pipelined behind a transfer waits for its end. */
static void take_request(struct tk_feed_server *s, struct feed_connection *c)
{
    if (c->out_sent < c->out_len || c->in_len < 2)
        return;
    size_t len = (size_t)c->in[0] << 8 | c->in[1];
    if (c->in_len < 2 + len)
        return;
    handle_request(s, c, len);
    memmove(c->in, c->in + 2 + len, c->in_len - 2 - len);
    c->in_len -= 2 + len;
}

/* Reads what arrived; 0 to keep the connection, -1 to close it. */
static int read_connection(struct tk_feed_server *s, struct feed_connection *c)
{
    if (c->in_len < sizeof c->in) {
        ssize_t n = read(c->fd, c->in + c->in_len, sizeof c->in - c->in_len);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
            return -1;
        if (n > 0) {
            c->in_len += (size_t)n;
            touch(s, c);
        }
    }
    take_request(s, c);
    return 0;
}

static int write_connection(struct tk_feed_server *s, struct feed_connection *c)
{
    while (c->out_sent < c->out_len) {
        ssize_t n = write(c->fd, c->out + c->out_sent, c->out_len - c->out_sent);
        if (n < 0)
            return errno == EAGAIN || errno == EINTR ? 0 : -1;
        c->out_sent += (size_t)n;
        touch(s, c);
        if (c->out_sent == c->out_len && c->session.transferring) {
            struct feed_message m = {c->out + 2, 0, FEED_TCP_MAX, 0};
            next_message(s, c, &m);
        }
    }
    take_request(s, c);
    return 0;
}

static void slide(struct tk_feed_server *s, struct tk_error *err)
{
    tk_day today;
    struct tk_feed_report report = {0};
    struct tk_error e = {0};
    if (s->config.today(s->config.today_ctx, &today, &e)) {
        feed_log(s, TK_FEED_LOG_ERROR, "slide: %s; the zone stays as it is", e.message);
        return;
    }
    int moved = tk_feed_move(s->feed, today, &report, err);
    if (moved < 0)
        return;
    char day[11];
    tk_day_format(report.today, day);
    if (moved == 0) {
        if (!s->config.poll_today)
            feed_log(s, TK_FEED_LOG_SLIDE, "slide: already at %s, serial %u", day,
                     (unsigned)report.serial);
        return;
    }
    feed_log(s, TK_FEED_LOG_SLIDE, "slide to %s: serial %u, %zu names (-%zu +%zu) in %.3f s",
             day, (unsigned)report.serial, report.names, report.removed, report.added,
             report.seconds);
    for (size_t i = 0; i < FEED_CONNECTIONS; i++) {
        struct feed_connection *c = s->connections[i];
        if (c && c->session.transferring && c->session.transfer.kind_text[0] == 'A') {
            feed_log(s, TK_FEED_LOG_INFO, "AXFR of serial %u cut by the slide",
                     (unsigned)c->session.transfer.serial);
            close_connection(s, i);
        }
    }
    feed_notify_all(s);
}

/* Reads the signals; returns 1 to stop. */
static int take_signals(struct tk_feed_server *s, int signal_fd, struct tk_error *err)
{
    struct signalfd_siginfo info;
    while (read(signal_fd, &info, sizeof info) == (ssize_t)sizeof info) {
        if (info.ssi_signo == SIGHUP)
            slide(s, err);
        else
            return 1;
        if (err->status)
            return 1;
    }
    return 0;
}

static size_t fill_polls(struct tk_feed_server *s, int signal_fd, struct pollfd *p,
                         size_t *slot_of)
{
    size_t n = 0;
    p[n++] = (struct pollfd){signal_fd, POLLIN, 0};
    p[n++] = (struct pollfd){s->udp, POLLIN, 0};
    p[n++] = (struct pollfd){s->tcp, POLLIN, 0};
    for (size_t i = 0; i < FEED_CONNECTIONS; i++) {
        struct feed_connection *c = s->connections[i];
        if (c == NULL)
            continue;
        short events = c->out_sent < c->out_len ? POLLOUT : POLLIN;
        slot_of[n] = i;
        p[n++] = (struct pollfd){c->fd, events, 0};
    }
    return n;
}

static void serve_connections(struct tk_feed_server *s, struct pollfd *p, size_t n,
                              const size_t *slot_of, time_t now)
{
    for (size_t k = 3; k < n; k++) {
        size_t i = slot_of[k];
        struct feed_connection *c = s->connections[i];
        int rc = 0;
        if (c == NULL)
            continue;
        if (p[k].revents & (POLLERR | POLLHUP | POLLNVAL))
            rc = -1;
        else if (p[k].revents & POLLOUT)
            rc = write_connection(s, c);
        else if (p[k].revents & POLLIN)
            rc = read_connection(s, c);
        else if (now - c->last_active > IDLE_SECONDS)
            rc = -1;
        if (rc < 0)
            close_connection(s, i);
    }
}

int tk_feed_server_run(struct tk_feed_server *s, int signal_fd, struct tk_error *err)
{
    struct pollfd p[3 + FEED_CONNECTIONS];
    size_t slot_of[3 + FEED_CONNECTIONS] = {0};
    time_t last_tick = time(NULL);
    feed_notify_all(s);
    for (;;) {
        size_t n = fill_polls(s, signal_fd, p, slot_of);
        if (poll(p, n, 1000) < 0 && errno != EINTR)
            return tk_error_set(err, TK_ERR_IO, "poll: %s", strerror(errno));
        time_t now = time(NULL);
        if ((p[0].revents & POLLIN) && take_signals(s, signal_fd, err))
            return err->status;
        if (p[1].revents & POLLIN)
            serve_udp(s);
        if (p[2].revents & POLLIN)
            accept_connections(s);
        serve_connections(s, p, n, slot_of, now);
        if (now != last_tick) {
            last_tick = now;
            feed_notify_due(s, now);
            if (s->config.poll_today)
                slide(s, err);
            if (err->status)
                return err->status;
        }
    }
}

size_t tk_feed_server_answer(struct tk_feed_server *s, const uint8_t *request, size_t len,
                             const struct sockaddr_storage *from, int tcp, uint8_t *out,
                             size_t cap)
{
    struct feed_connection *c = calloc(1, sizeof *c);
    size_t n = 0;
    if (c == NULL)
        return 0;
    struct feed_message m = {out, 0, cap, 0};
    n = feed_answer(s, request, len, from, tcp, &m, &c->session);
    for (int first = 1; c->session.transferring; first = 0) {
        struct feed_message next = {c->out + 2, 0, FEED_TCP_MAX, 0};
        c->peer = *from;
        next_message(s, c, &next);
        if (first) {
            n = next.len < cap ? next.len : cap;
            memcpy(out, next.buf, n);
        }
    }
    feed_transfer_free(&c->session.transfer);
    free(c);
    return n;
}
