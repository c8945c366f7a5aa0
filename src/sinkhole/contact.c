/* contact.c - the contact listeners of a sinkhole worker: accepting HTTP, raw TCP and SMTP
 * connections into a pool allocated at start, reading the PROXY header when the listener
 * expects one, limiting connections per client prefix, timing out idle and over-long
 * connections, sending replies with backpressure, and recording events. The protocols
 * themselves are in contact_http.c, contact_smtp.c and contact_tcp.c. Nothing here
 * allocates. */
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xxhash.h>

#include "sinkhole/server_internal.h"
#include "takedown/event_log.h"
#include "takedown/proxy_header.h"
#include "takedown/sinkhole_options.h"

void contact_bump(_Atomic uint64_t *counter)
{
    atomic_store_explicit(counter, atomic_load_explicit(counter, memory_order_relaxed) + 1,
                          memory_order_relaxed);
}

/* The slot of a client's /24 (IPv4) or /56 (IPv6) in the shared prefix table (FNV-1a). */
static uint32_t prefix_slot(const struct tk_event_endpoint *e)
{
    size_t n = e->family == AF_INET6 ? 7 : 3;
    uint32_t h = 2166136261u ^ e->family;
    for (size_t i = 0; i < n; i++)
        h = (h ^ e->addr[i]) * 16777619u;
    return h % PREFIX_SLOTS;
}

/* Counts the connection against its client's prefix; 0 when that prefix is over the limit. */
static int take_prefix(struct worker *w, struct contact_conn *c)
{
    unsigned limit = w->server->config.limits.per_prefix;
    if (limit == 0)
        return 1;
    uint32_t slot = prefix_slot(&c->client);
    uint32_t open = atomic_fetch_add(&w->server->prefix_open[slot], 1);
    if (open >= limit) {
        atomic_fetch_sub(&w->server->prefix_open[slot], 1);
        return 0;
    }
    c->prefix_slot = slot;
    return 1;
}

static void watch(struct worker *w, struct contact_conn *c, uint32_t events)
{
    if (c->epoll_events == events)
        return;
    struct epoll_event ev = {.events = events,
                             .data.u64 = (uint64_t)TAG_CONTACT_CONN << 32
                                         | (uint32_t)(c - w->contacts)};
    epoll_ctl(w->epfd, EPOLL_CTL_MOD, c->fd, &ev);
    c->epoll_events = events;
}

/* Ends a connection: the protocol records what was unfinished, then the slot is freed. */
static void close_contact(struct worker *w, struct contact_conn *c, enum contact_end why)
{
    if (c->phase != PHASE_PROXY) {
        if (c->protocol == TK_EVENT_HTTP)
            http_end(w, c, why);
        else if (c->protocol == TK_EVENT_SMTP)
            smtp_end(w, c, why);
        else
            tcp_end(w, c, why);
    }
    if (c->prefix_slot != UINT32_MAX)
        atomic_fetch_sub(&w->server->prefix_open[c->prefix_slot], 1);
    atomic_fetch_sub_explicit(&w->contact.open[c->listener], 1, memory_order_relaxed);
    close(c->fd); /* also removes it from epoll */
    c->fd = -1;
    w->free_contacts[w->free_count++] = (uint32_t)(c - w->contacts);
}


static void start_protocol(struct worker *w, struct contact_conn *c)
{
    if (c->protocol == TK_EVENT_HTTP)
        http_start(w, c);
    else if (c->protocol == TK_EVENT_SMTP)
        smtp_start(w, c);
    else
        tcp_start(w, c);
}

void contact_accept(struct worker *w, unsigned listener)
{
    const struct tk_contact_listen *l = &w->server->config.contact[listener];
    unsigned p = listener;
    for (int taken = 0; taken < ACCEPT_BATCH; taken++) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        int fd = accept4(w->server->contact_fd[listener], (struct sockaddr *)&peer, &len,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        if (w->free_count == 0) {
            close(fd); /* every slot is busy: the bot retries later */
            contact_bump(&w->contact.refused_full[p]);
            continue;
        }
        uint32_t slot = w->free_contacts[--w->free_count];
        struct contact_conn *c = &w->contacts[slot];
        c->fd = fd;
        c->listener = (uint8_t)listener;
        c->protocol = l->protocol;
        c->eof = c->closing = c->draining = 0;
        c->prefix_slot = UINT32_MAX;
        c->opened_ms = c->last_ms = sinkhole_now_ms();
        c->in_len = c->out_len = c->out_off = 0;
        c->stream_bytes = 0;
        c->staged = 0;
        sinkhole_endpoint(&peer, &c->client);
        sinkhole_endpoint(&w->server->contact_bound[listener], &c->server);
        c->via.family = 0;
        c->phase = PHASE_PROXY;
        c->epoll_events = EPOLLIN;
        struct epoll_event ev = {.events = EPOLLIN,
                                 .data.u64 = (uint64_t)TAG_CONTACT_CONN << 32 | slot};
        atomic_fetch_add_explicit(&w->contact.open[p], 1, memory_order_relaxed);
        contact_bump(&w->contact.accepted[p]);
        if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
            close_contact(w, c, END_ERROR);
            continue;
        }
        if (!l->proxy) {
            if (!take_prefix(w, c)) {
                contact_bump(&w->contact.refused_prefix[p]);
                close_contact(w, c, END_ERROR);
                continue;
            }
            start_protocol(w, c);
            /* the SMTP greeting */
            if (sinkhole_flush(c->fd, c->out, &c->out_off, &c->out_len) != 0)
                close_contact(w, c, END_ERROR);
            else if (c->out_len)
                watch(w, c, EPOLLOUT);
        }
    }
}

/* Reads the PROXY header; returns 1 when the connection may go on, 0 to wait, -1 to close. */
static int read_proxy(struct worker *w, struct contact_conn *c)
{
    struct tk_proxy_header h;
    enum tk_proxy_result r = tk_proxy_parse(c->in, c->in_len, &h);
    if (r == TK_PROXY_NEED_MORE && !c->eof)
        return 0;
    if (c->in_len == 0)
        return -1; /* connected and left without a word: a load balancer's health check */
    if (r != TK_PROXY_DONE) {
        contact_bump(&w->contact.proxy_errors[c->listener]);
        return -1;
    }
    if (h.has_addresses) {
        c->via = c->client;
        c->client = h.source;
        c->server = h.destination;
    }
    contact_bump(&w->contact.proxied[c->listener]);
    memmove(c->in, c->in + h.header_len, c->in_len - h.header_len);
    c->in_len -= h.header_len;
    if (!take_prefix(w, c)) {
        contact_bump(&w->contact.refused_prefix[c->listener]);
        return -1;
    }
    start_protocol(w, c);
    return 1;
}

int contact_room(const struct contact_conn *c)
{
    return sizeof c->out - c->out_len >= CONTACT_REPLY_MAX;
}

void contact_reply(struct contact_conn *c, const char *text, size_t len)
{
    if (len > sizeof c->out - c->out_len)
        len = sizeof c->out - c->out_len;
    memcpy(c->out + c->out_len, text, len);
    c->out_len += len;
}

void contact_send_now(struct contact_conn *c, const char *text, size_t len)
{
    if (c->out_len == 0 && write(c->fd, text, len) < 0)
        c->eof = 1; /* the client is gone already */
}

static int process(struct worker *w, const struct tk_names *names, struct contact_conn *c)
{
    if (c->phase == PHASE_PROXY) {
        int r = read_proxy(w, c);
        if (r <= 0)
            return r;
    }
    if (c->protocol == TK_EVENT_HTTP)
        return http_process(w, names, c);
    if (c->protocol == TK_EVENT_SMTP)
        return smtp_process(w, names, c);
    return tcp_process(w, names, c);
}

void contact_serve(struct worker *w, const struct tk_names *names, uint32_t slot,
                   uint32_t events)
{
    struct contact_conn *c = &w->contacts[slot];
    if (c->fd < 0)
        return;
    if (events & EPOLLERR) {
        close_contact(w, c, END_ERROR);
        return;
    }
    if ((events & EPOLLOUT) && sinkhole_flush(c->fd, c->out, &c->out_off, &c->out_len) != 0) {
        close_contact(w, c, END_ERROR);
        return;
    }
    if (c->draining) {
        ssize_t n = read(c->fd, c->in, sizeof c->in);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            close_contact(w, c, END_DONE);
        return;
    }
    if ((events & (EPOLLIN | EPOLLHUP)) && !c->eof && !c->closing
        && c->in_len < sizeof c->in) {
        size_t room = sizeof c->in - c->in_len;
        ssize_t n = read(c->fd, c->in + c->in_len, room);
        if (n > 0) {
            c->in_len += (size_t)n;
            c->last_ms = sinkhole_now_ms();
        } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            c->eof = 1;
        }
    }
    /* Process while the output has room; a client that does not read stops being read. */
    if (!c->closing && (c->in_len || c->eof) && process(w, names, c) < 0) {
        sinkhole_flush(c->fd, c->out, &c->out_off, &c->out_len);
        close_contact(w, c, END_DONE);
        return;
    }
    if (sinkhole_flush(c->fd, c->out, &c->out_off, &c->out_len) != 0) {
        close_contact(w, c, END_ERROR);
        return;
    }
    if (c->out_len == 0 && c->closing && !c->eof && c->protocol == TK_EVENT_HTTP) {
        /* RFC 9112 9.6: shut our side and read what the client still sends, so that
         * closing with unread input does not reset the connection and lose the response.
         * The idle and total timeouts bound the wait. */
        shutdown(c->fd, SHUT_WR);
        c->draining = 1;
        c->in_len = 0;
        watch(w, c, EPOLLIN);
        return;
    }
    if (c->out_len == 0 && (c->closing || c->eof)) {
        close_contact(w, c, c->closing ? END_DONE : END_EOF);
        return;
    }
    int reading = !c->closing && !c->eof && contact_room(c) && c->in_len < sizeof c->in;
    watch(w, c, (c->out_len ? EPOLLOUT : 0) | (reading ? EPOLLIN : 0));
}

void contact_sweep(struct worker *w, int64_t now)
{
    const struct tk_contact_limits *limits = &w->server->config.limits;
    for (unsigned i = 0; i < limits->clients && w->contacts; i++) {
        struct contact_conn *c = &w->contacts[i];
        if (c->fd < 0)
            continue;
        unsigned p = c->listener;
        if (now - c->opened_ms >= (int64_t)limits->total_ms) {
            contact_bump(&w->contact.total_closed[p]);
            close_contact(w, c, END_TOTAL);
        } else if (now - c->last_ms >= (int64_t)limits->idle_ms) {
            contact_bump(&w->contact.idle_closed[p]);
            close_contact(w, c, END_IDLE);
        }
    }
}

void contact_drain(struct worker *w)
{
    const struct tk_sinkhole *s = w->server;
    for (unsigned i = 0; i < s->config.limits.clients && w->contacts; i++) {
        struct contact_conn *c = &w->contacts[i];
        if (c->fd >= 0) {
            sinkhole_flush(c->fd, c->out, &c->out_off, &c->out_len);
            close_contact(w, c, END_STOP);
        }
    }
}

void contact_event_begin(struct contact_conn *c)
{
    tk_event_init(&c->ev, (enum tk_event_protocol)c->protocol, TK_TRANSPORT_TCP);
    c->ev.client = c->client;
    c->ev.server = c->server;
    c->ev.via = c->via;
}

void contact_event_tag(const struct tk_names *names, struct tk_event *ev)
{
    struct tk_names_match match;
    if (ev->name_len == 0)
        return;
    tk_names_lookup(names, ev->name, ev->name_len, &match);
    if (match.result != TK_NAMES_MISS)
        tk_names_tag(names, match.tag, &ev->tag);
}

void contact_copy(char *dst, size_t size, const char *src, size_t len, int lower)
{
    if (len >= size)
        len = size - 1;
    for (size_t i = 0; i < len; i++) {
        char ch = src[i];
        dst[i] = lower && ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    dst[len] = '\0';
}

void contact_stage(struct worker *w, struct contact_conn *c, const uint8_t *data, size_t n)
{
    const struct tk_contact_limits *limits = &w->server->config.limits;
    size_t want = limits->hash_bytes > limits->http_keep_body ? limits->hash_bytes
                                                               : limits->http_keep_body;
    if (want > sizeof c->staged_bytes)
        want = sizeof c->staged_bytes;
    if (c->staged < want) {
        size_t take = want - c->staged < n ? want - c->staged : n;
        memcpy(c->staged_bytes + c->staged, data, take);
        c->staged = (uint16_t)(c->staged + take);
    }
    c->stream_bytes += n;
}

void contact_fingerprint(struct worker *w, struct contact_conn *c, struct tk_event_fingerprint *f)
{
    uint16_t hashed = w->server->config.limits.hash_bytes;
    if (hashed > c->staged)
        hashed = c->staged;
    f->bytes = c->stream_bytes;
    f->hashed = hashed;
    if (hashed) {
        XXH128_canonical_t canonical;
        XXH128_canonicalFromHash(&canonical, XXH3_128bits(c->staged_bytes, hashed));
        memcpy(f->hash, canonical.digest, sizeof f->hash);
    } else {
        memset(f->hash, 0, sizeof f->hash);
    }
}

void contact_log(struct worker *w, struct contact_conn *c)
{
    struct tk_event_log *log = w->server->config.log;
    if (log == NULL)
        return;
    struct tk_event *slot = tk_event_log_reserve(log, w->index);
    if (slot == NULL)
        return;
    /* An HTTP record is copied up to its kept body: most of the slot is that buffer. */
    size_t size = sizeof *slot;
    if (c->ev.protocol == TK_EVENT_HTTP)
        size = offsetof(struct tk_event, http.body_start) + c->ev.http.kept;
    memcpy(slot, &c->ev, size);
    tk_event_log_commit(log, w->index);
}

static uint64_t total(const struct tk_sinkhole *s, const _Atomic uint64_t *first_worker_counter)
{
    size_t offset = (size_t)((const char *)first_worker_counter - (const char *)&s->workers[0]);
    uint64_t sum = 0;
    for (unsigned i = 0; i < s->config.workers; i++)
        sum += atomic_load_explicit(
            (const _Atomic uint64_t *)(const void *)((const char *)&s->workers[i] + offset),
            memory_order_relaxed);
    return sum;
}

static void family_of(struct metrics_text *t, const char *name, const char *type,
                      const char *help)
{
    metrics_add(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* One metric with a value per listener, labelled with its protocol and address. */
static void per_listener(struct metrics_text *t, struct tk_sinkhole *s, const char *name,
                         const char *type, const char *help, const _Atomic uint64_t *counters)
{
    family_of(t, name, type, help);
    for (size_t l = 0; l < s->config.contact_count; l++) {
        char where[64];
        tk_format_socket_address(&s->contact_bound[l], where, sizeof where);
        metrics_add(t, "%s{protocol=\"%s\",listener=\"%s\"} %llu\n", name,
                    tk_event_protocol_name((enum tk_event_protocol)s->config.contact[l].protocol),
                    where, (unsigned long long)total(s, &counters[l]));
    }
}

void contact_metrics(struct tk_sinkhole *s, struct metrics_text *t)
{
    static const char *const statuses[HTTP_BUCKETS] = {"200", "400", "408", "413",
                                                       "431", "501", "505", "none"};
    const struct contact_counters *k = &s->workers[0].contact;
    per_listener(t, s, "takedown_contact_connections_total", "counter",
                 "Contact connections accepted, per listener.", k->accepted);
    per_listener(t, s, "takedown_contact_connections", "gauge",
                 "Contact connections open now.", k->open);
    per_listener(t, s, "takedown_contact_refused_full_total", "counter",
                 "Connections closed at once because every slot of the worker was busy.",
                 k->refused_full);
    per_listener(t, s, "takedown_contact_refused_prefix_total", "counter",
                 "Connections closed at once because their client prefix had too many open.",
                 k->refused_prefix);
    per_listener(t, s, "takedown_contact_idle_closed_total", "counter",
                 "Connections closed after the idle timeout.", k->idle_closed);
    per_listener(t, s, "takedown_contact_total_closed_total", "counter",
                 "Connections cut off at the total timeout (slow clients).", k->total_closed);
    per_listener(t, s, "takedown_contact_proxy_headers_total", "counter",
                 "PROXY protocol headers read.", k->proxied);
    per_listener(t, s, "takedown_contact_proxy_errors_total", "counter",
                 "Connections closed because the PROXY header was missing or malformed.",
                 k->proxy_errors);
    family_of(t, "takedown_http_requests_total", "counter",
              "HTTP requests by the status answered (none: the client left mid-request).");
    for (int b = 0; b < HTTP_BUCKETS; b++) {
        uint64_t v = total(s, &k->http_requests[b]);
        if (v)
            metrics_add(t, "takedown_http_requests_total{status=\"%s\"} %llu\n", statuses[b],
                        (unsigned long long)v);
    }
    family_of(t, "takedown_http_body_bytes_total", "counter", "HTTP request body bytes read.");
    metrics_add(t, "takedown_http_body_bytes_total %llu\n",
                (unsigned long long)total(s, &k->http_body_bytes));
    family_of(t, "takedown_smtp_messages_total", "counter",
              "SMTP messages by outcome (no-message: a session that completed none).");
    for (int r = 0; r < 4; r++)
        metrics_add(t, "takedown_smtp_messages_total{result=\"%s\"} %llu\n",
                    tk_smtp_result_name((enum tk_smtp_result)r),
                    (unsigned long long)total(s, &k->smtp_messages[r]));
    family_of(t, "takedown_smtp_recipients_total", "counter",
              "Recipients accepted in SMTP messages.");
    metrics_add(t, "takedown_smtp_recipients_total %llu\n",
                (unsigned long long)total(s, &k->smtp_recipients));
    family_of(t, "takedown_smtp_commands_total", "counter", "SMTP commands read.");
    metrics_add(t, "takedown_smtp_commands_total %llu\n",
                (unsigned long long)total(s, &k->smtp_commands));
    family_of(t, "takedown_smtp_command_errors_total", "counter",
              "SMTP commands refused (unknown, bad syntax, out of sequence, too long).");
    metrics_add(t, "takedown_smtp_command_errors_total %llu\n",
                (unsigned long long)total(s, &k->smtp_errors));
    family_of(t, "takedown_tcp_sessions_total", "counter", "Raw TCP sessions recorded.");
    metrics_add(t, "takedown_tcp_sessions_total %llu\n",
                (unsigned long long)total(s, &k->tcp_sessions));
    family_of(t, "takedown_tcp_bytes_total", "counter", "Bytes received on raw TCP listeners.");
    metrics_add(t, "takedown_tcp_bytes_total %llu\n", (unsigned long long)total(s, &k->tcp_bytes));
}
