/* worker.c - one sinkhole worker thread: the listening sockets it shares with the other
 * workers (server.c) and its own TCP connections in one epoll loop. UDP is read and
 * answered in batches (recvmmsg/sendmmsg); TCP connections (RFC 7766) come from a pool
 * allocated at start, accept pipelined queries, answer them in order and are closed when
 * idle. The contact listeners' sockets are in the same loop
 * (contact.c). Nothing here allocates. */
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "sinkhole/server_internal.h"
#include "takedown/event_log.h"

int64_t sinkhole_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sinkhole_flush(int fd, const uint8_t *out, size_t *off, size_t *len)
{
    while (*off < *len) {
        ssize_t n = write(fd, out + *off, *len - *off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n <= 0)
            return -1;
        *off += (size_t)n;
    }
    *len = *off = 0;
    return 0;
}

static void bump(_Atomic uint64_t *counter)
{
    atomic_store_explicit(counter, atomic_load_explicit(counter, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

static unsigned qtype_bucket(uint16_t qtype)
{
    switch (qtype) {
    case 1: return 0;
    case 28: return 1;
    case 2: return 2;
    case 6: return 3;
    case 15: return 4;
    case 16: return 5;
    case 255: return 6;
    default: return 7;
    }
}

static unsigned rcode_bucket(uint16_t rcode, int responded)
{
    if (!responded)
        return 7;
    if (rcode <= 5)
        return rcode;
    return rcode == 16 ? 6 : 7;
}

void sinkhole_endpoint(const struct sockaddr_storage *ss, struct tk_event_endpoint *e)
{
    memset(e, 0, sizeof *e);
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)ss;
        e->family = AF_INET6;
        memcpy(e->addr, &s6->sin6_addr, 16);
        e->port = ntohs(s6->sin6_port);
    } else {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)ss;
        e->family = AF_INET;
        memcpy(e->addr, &s4->sin_addr, 4);
        e->port = ntohs(s4->sin_port);
    }
}

static void log_event(struct worker *w, const struct tk_names *names, int tcp,
                      const struct sockaddr_storage *client, unsigned listener,
                      const struct tk_dns_query *q, const struct tk_answer_info *info,
                      enum tk_dns_drop drop, const uint8_t *message, size_t message_len)
{
    struct tk_event_log *log = w->server->config.log;
    struct tk_event *ev = tk_event_log_reserve(log, w->index);
    if (ev == NULL)
        return;
    tk_event_init(ev, TK_EVENT_DNS, tcp ? TK_TRANSPORT_TCP : TK_TRANSPORT_UDP);
    sinkhole_endpoint(client, &ev->client);
    sinkhole_endpoint(&w->server->bound[listener], &ev->server);
    ev->name_len = q->question.name_len;
    memcpy(ev->name, q->question.name, (size_t)q->question.name_len + 1);
    tk_names_tag(names, info->tag, &ev->tag);
    ev->dns.qtype = q->question.qtype;
    ev->dns.qclass = q->question.qclass;
    ev->dns.rcode = info->rcode;
    ev->dns.edns_udp = q->edns.present ? (q->edns.udp ? q->edns.udp : 1) : 0;
    ev->dns.edns_version = q->edns.version;
    ev->dns.truncated = (uint8_t)info->truncated;
    ev->dns.drop = (uint8_t)drop;
    ev->dns.ecs_family = q->edns.has_ecs ? q->edns.ecs_family : 0;
    ev->dns.ecs_source = q->edns.ecs_source;
    memcpy(ev->dns.ecs_addr, q->edns.ecs_addr, sizeof ev->dns.ecs_addr);
    if (message_len > TK_EVENT_DNS_MESSAGE_MAX)
        message_len = TK_EVENT_DNS_MESSAGE_MAX;
    ev->dns.message_len = (uint16_t)message_len;
    memcpy(ev->dns.message, message, message_len);
    tk_event_log_commit(log, w->index);
}

/* Answers one query; returns the response length in out (0: send nothing). */
static size_t handle(struct worker *w, const struct tk_names *names, const uint8_t *in,
                     size_t len, uint8_t *out, size_t size, int tcp,
                     const struct sockaddr_storage *client, unsigned listener)
{
    struct tk_sinkhole *s = w->server;
    struct tk_dns_query q;
    struct tk_answer_info info;
    enum tk_dns_drop drop = TK_DROP_NONE;
    size_t n = tk_sinkhole_answer(&s->config.answers, names, in, len, tcp, out, size, &q, &info);

    if (n == 0) {
        drop = TK_DROP_MALFORMED;
    } else if (!tcp && s->rrl) {
        enum tk_rrl_action act = tk_rrl_check(s->rrl, (const struct sockaddr *)client,
                                              (uint32_t)time(NULL));
        if (act == TK_RRL_DROP) {
            n = 0;
            drop = TK_DROP_RRL;
            bump(&w->counters.rrl_dropped);
        } else if (act == TK_RRL_SLIP) {
            n = tk_sinkhole_truncate(out, n, q.question.len);
            info.truncated = 1;
            bump(&w->counters.rrl_slipped);
        }
    }
    unsigned rcode = rcode_bucket(info.rcode, n > 0);
    bump(&w->counters.queries[tcp][qtype_bucket(q.question.qtype)][rcode]);
    if (info.match != TK_NAMES_MISS)
        bump(&w->counters.hits[tk_names_tag_family(names, info.tag)]);
    if (s->config.log)
        log_event(w, names, tcp, client, listener, &q, &info, drop, n ? out : in, n ? n : len);
    return n;
}

/* Reads and answers UDP queries until the socket is empty (or a few batches went by, so
 * the other sockets get their turn). */
static void serve_udp(struct worker *w, const struct tk_names *names, unsigned listener)
{
    uint8_t (*in)[PACKET_MAX] = w->udp_in, (*out)[PACKET_MAX] = w->udp_out;
    struct sockaddr_storage *peers = w->udp_peers;
    struct mmsghdr rx[UDP_BATCH], tx[UDP_BATCH];
    struct iovec rx_iov[UDP_BATCH], tx_iov[UDP_BATCH];
    int fd = w->server->udp_fd[listener];

    for (int round = 0; round < 8; round++) {
        for (int i = 0; i < UDP_BATCH; i++) {
            rx_iov[i] = (struct iovec){in[i], PACKET_MAX};
            rx[i].msg_hdr = (struct msghdr){.msg_name = &peers[i], .msg_namelen = sizeof peers[i],
                                            .msg_iov = &rx_iov[i], .msg_iovlen = 1};
        }
        int got = recvmmsg(fd, rx, UDP_BATCH, MSG_DONTWAIT, NULL);
        if (got <= 0)
            return;
        int send = 0;
        for (int i = 0; i < got; i++) {
            size_t n = handle(w, names, in[i], rx[i].msg_len, out[send], PACKET_MAX, 0,
                              &peers[i], listener);
            if (n == 0)
                continue;
            tx_iov[send] = (struct iovec){out[send], n};
            tx[send].msg_hdr = (struct msghdr){.msg_name = &peers[i],
                                               .msg_namelen = rx[i].msg_hdr.msg_namelen,
                                               .msg_iov = &tx_iov[send], .msg_iovlen = 1};
            send++;
        }
        for (int done = 0; done < send;) {
            int sent = sendmmsg(fd, tx + done, (unsigned)(send - done), MSG_DONTWAIT);
            if (sent <= 0)
                break; /* the socket buffer is full: UDP answers may be lost, as on the wire */
            done += sent;
        }
        if (got < UDP_BATCH)
            return;
    }
}

static void watch(struct worker *w, struct tcp_conn *c, size_t index, uint32_t events)
{
    if (c->epoll_events == events)
        return;
    struct epoll_event ev = {.events = events, .data.u64 = (uint64_t)TAG_CONN << 32 | index};
    epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->epoll_events = events;
}

static void close_conn(struct worker *w, struct tcp_conn *c)
{
    close(c->fd); /* also removes it from epoll */
    c->fd = -1;
    atomic_fetch_sub_explicit(&w->counters.tcp_open, 1, memory_order_relaxed);
}

static void accept_tcp(struct worker *w, unsigned listener)
{
    unsigned cap = w->server->config.tcp_clients;
    for (int taken = 0; taken < ACCEPT_BATCH; taken++) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        int fd = accept4(w->server->tcp_fd[listener], (struct sockaddr *)&peer, &len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        size_t i = 0;
        while (i < cap && w->conns[i].fd >= 0)
            i++;
        if (i == cap) {
            close(fd); /* connection limit: the client retries elsewhere or later */
            bump(&w->counters.tcp_refused);
            continue;
        }
        struct tcp_conn *c = &w->conns[i];
        c->fd = fd;
        c->listener = listener;
        c->peer = peer;
        c->eof = 0;
        c->in_len = c->out_len = c->out_off = 0;
        c->last_ms = sinkhole_now_ms();
        c->epoll_events = EPOLLIN;
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)TAG_CONN << 32 | i};
        if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            close(fd);
            c->fd = -1;
            continue;
        }
        bump(&w->counters.tcp_accepted);
        atomic_fetch_add_explicit(&w->counters.tcp_open, 1, memory_order_relaxed);
    }
}

/* Answers every complete query in the input buffer while the output has room. Returns 1
 * when it stopped for lack of output room, 0 when the input is used up, and -1 when the
 * stream is not DNS (a zero or oversized length): the connection is then closed. */
static int answer_pipelined(struct worker *w, const struct tk_names *names, struct tcp_conn *c)
{
    size_t at = 0;
    int full = 0;
    while (c->in_len - at >= 2) {
        size_t mlen = (size_t)c->in[at] << 8 | c->in[at + 1];
        if (mlen == 0 || mlen > PACKET_MAX)
            return -1;
        if (c->in_len - at < 2 + mlen)
            break;
        if (sizeof c->out - c->out_len < 2 + PACKET_MAX) {
            full = 1; /* the client is not reading: wait until it does */
            break;
        }
        size_t n = handle(w, names, c->in + at + 2, mlen, c->out + c->out_len + 2, PACKET_MAX,
                          1, &c->peer, c->listener);
        if (n) {
            c->out[c->out_len] = (uint8_t)(n >> 8);
            c->out[c->out_len + 1] = (uint8_t)n;
            c->out_len += 2 + n;
        }
        at += 2 + mlen;
    }
    memmove(c->in, c->in + at, c->in_len - at);
    c->in_len -= at;
    return full;
}

static void serve_conn(struct worker *w, const struct tk_names *names, size_t index,
                       uint32_t events)
{
    struct tcp_conn *c = &w->conns[index];
    if (c->fd < 0)
        return;
    if (events & EPOLLERR) {
        close_conn(w, c);
        return;
    }
    if ((events & (EPOLLIN | EPOLLHUP)) && !c->eof) {
        while (c->in_len < sizeof c->in) {
            ssize_t n = read(c->fd, c->in + c->in_len, sizeof c->in - c->in_len);
            if (n > 0) {
                c->in_len += (size_t)n;
                c->last_ms = sinkhole_now_ms();
                continue;
            }
            if (n == 0)
                c->eof = 1;
            else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                c->eof = 1;
            break;
        }
    }
    /* Answer, send, and answer again while sending keeps up with the queued queries. */
    int more;
    do {
        more = answer_pipelined(w, names, c);
        if (more < 0 || sinkhole_flush(c->fd, c->out, &c->out_off, &c->out_len) != 0) {
            close_conn(w, c);
            return;
        }
    } while (more && c->out_len == 0);
    if (c->eof && c->out_len == 0) {
        close_conn(w, c);
        return;
    }
    /* Wait for the client to read when output is pending, else for more queries. */
    watch(w, c, index, c->out_len ? EPOLLOUT : c->eof ? 0 : EPOLLIN);
}

static void close_idle(struct worker *w)
{
    int64_t now = sinkhole_now_ms();
    uint32_t idle = w->server->config.tcp_idle_ms;
    for (unsigned i = 0; i < w->server->config.tcp_clients; i++) {
        struct tcp_conn *c = &w->conns[i];
        if (c->fd >= 0 && now - c->last_ms >= (int64_t)idle) {
            close_conn(w, c);
            bump(&w->counters.tcp_idle_closed);
        }
    }
}

/* Publishes which table this worker reads (a hazard pointer): the reloader frees a table
 * only once no worker shows it. */
static struct tk_names *acquire_names(struct worker *w)
{
    struct tk_names *names;
    do {
        names = atomic_load(&w->server->names);
        atomic_store(&w->hazard, names);
    } while (names != atomic_load(&w->server->names));
    return names;
}

/* At stop: the UDP queries already received are answered, then the listening sockets close
 * (the last worker to get here closes them: the others no longer use them); the responses
 * queued on TCP get 2 seconds to leave. */
static void drain(struct worker *w)
{
    struct tk_sinkhole *s = w->server;
    int64_t deadline = sinkhole_now_ms() + 2000;
    struct tk_names *names = acquire_names(w);
    for (size_t l = 0; l < s->config.listen_count; l++)
        serve_udp(w, names, (unsigned)l);
    atomic_store(&w->hazard, NULL);
    if (atomic_fetch_sub(&s->listening, 1) == 1)
        sinkhole_close_listeners(s);
    for (;;) {
        int pending = 0;
        for (unsigned i = 0; i < s->config.tcp_clients; i++) {
            struct tcp_conn *c = &w->conns[i];
            if (c->fd < 0)
                continue;
            if (sinkhole_flush(c->fd, c->out, &c->out_off, &c->out_len) != 0 || c->out_len == 0)
                close_conn(w, c);
            else
                pending = 1;
        }
        if (!pending || sinkhole_now_ms() >= deadline)
            break;
        struct timespec pause = {0, 10000000L};
        nanosleep(&pause, NULL);
    }
    for (unsigned i = 0; i < s->config.tcp_clients; i++)
        if (w->conns[i].fd >= 0)
            close_conn(w, &w->conns[i]);
    acquire_names(w);
    contact_drain(w);
    atomic_store(&w->hazard, NULL);
}

void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct tk_sinkhole *s = w->server;
    struct epoll_event events[64];
    int64_t last_sweep = sinkhole_now_ms();

    while (!atomic_load_explicit(&s->stopping, memory_order_relaxed)) {
        int n = epoll_wait(w->epfd, events, 64, 500);
        struct tk_names *names = acquire_names(w);
        for (int i = 0; i < n; i++) {
            uint32_t tag = (uint32_t)(events[i].data.u64 >> 32);
            uint32_t index = (uint32_t)events[i].data.u64;
            if (tag == TAG_UDP)
                serve_udp(w, names, index);
            else if (tag == TAG_TCP_LISTEN)
                accept_tcp(w, index);
            else if (tag == TAG_CONN)
                serve_conn(w, names, index, events[i].events);
            else if (tag == TAG_CONTACT_LISTEN)
                contact_accept(w, index);
            else if (tag == TAG_CONTACT_CONN)
                contact_serve(w, names, index, events[i].events);
        }
        int64_t now = sinkhole_now_ms();
        if (now - last_sweep >= 250) {
            close_idle(w);
            contact_sweep(w, now); /* with the table held: a cut-off request is tagged */
            last_sweep = now;
        }
        atomic_store(&w->hazard, NULL);
    }
    drain(w);
    return NULL;
}
