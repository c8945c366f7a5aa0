/* server.c - the sinkhole server's life cycle: binding, workers, atomic reload, draining
 * stop and the Prometheus counters (see include/takedown/sinkhole.h).
 *
 * Each listener is bound once, here, without SO_REUSEPORT, and its socket is shared by
 * every worker thread: the UDP socket is read by whichever worker epoll wakes (recvmmsg on
 * one socket from several threads is safe), and the TCP listeners wake one idle worker
 * each (EPOLLEXCLUSIVE), which accepts a few connections (ACCEPT_BATCH) and leaves the
 * rest to the others. Per-worker SO_REUSEPORT sockets were the design before: they let a
 * second sinkhole on the same address join the group and silently take half of the queries
 * into its own log, and nothing in the kernel closes a group to newcomers. Exclusive
 * sockets make the second one fail with "address in use", and two started at once cannot
 * both win, since the first socket bound decides. The price, measured with dnsperf on this
 * 2-core machine (docs/sinkhole.md, "Benchmark"): none with one worker; with two, the
 * workers share one receive queue and read it in smaller batches, about 20 % more CPU per
 * query for as many or more queries per second. Correct logs come first. A reload
 * (SIGHUP) swaps the name table only; the sockets stay. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "sinkhole/listen_socket.h"
#include "sinkhole/server_internal.h"
#include "takedown/family.h"
#include "takedown/sinkhole_options.h"

void tk_sinkhole_config_defaults(struct tk_sinkhole_config *c)
{
    memset(c, 0, sizeof *c);
    c->workers = 1;
    tk_sinkhole_answers_defaults(&c->answers);
    c->rrl_slip = 2;
    c->tcp_idle_ms = 10000;
    c->tcp_clients = 256;
    c->limits = (struct tk_contact_limits){
        .idle_ms = 10000, .total_ms = 60000, .clients = 1024, .per_prefix = 256,
        .http_header_max = 8192, .http_body_max = 8u << 20, .hash_bytes = 256,
        .http_keep_body = 0, .tcp_byte_cap = 64u << 10, .smtp_line_max = 1000,
        .smtp_message_max = 10u << 20, .smtp_rcpt_max = TK_EVENT_SMTP_RCPT_MAX,
        .smtp_hostname = "sinkhole.invalid"};
}

static uint16_t get_port(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)(const void *)ss)->sin6_port);
    return ntohs(((const struct sockaddr_in *)(const void *)ss)->sin_port);
}

static void set_port(struct sockaddr_storage *ss, uint16_t port)
{
    if (ss->ss_family == AF_INET6)
        ((struct sockaddr_in6 *)(void *)ss)->sin6_port = htons(port);
    else
        ((struct sockaddr_in *)(void *)ss)->sin_port = htons(port);
}

void sinkhole_close_listeners(struct tk_sinkhole *s)
{
    for (size_t l = 0; l < TK_SINKHOLE_MAX_LISTEN; l++) {
        if (s->udp_fd[l] >= 0)
            close(s->udp_fd[l]);
        if (s->tcp_fd[l] >= 0)
            close(s->tcp_fd[l]);
        s->udp_fd[l] = s->tcp_fd[l] = -1;
    }
    for (size_t l = 0; l < TK_SINKHOLE_MAX_CONTACT; l++) {
        if (s->contact_fd[l] >= 0)
            close(s->contact_fd[l]);
        s->contact_fd[l] = -1;
    }
}

/* Binds every listener once, in the order of the settings: each DNS address over UDP then
 * TCP, then the contact listeners. Two identical sinkholes started at once race for the
 * first socket; the loser stops there, so exactly one of them gets them all. */
static int open_listeners(struct tk_sinkhole *s, struct tk_error *err)
{
    for (size_t l = 0; l < s->config.listen_count; l++) {
        /* Port 0: the kernel picks the UDP port, and TCP must get the same one. Another
         * program may hold that TCP port, so pick again. */
        int ephemeral = get_port(&s->bound[l]) == 0;
        for (int attempt = 0;; attempt++) {
            int udp = sinkhole_listen_socket(&s->bound[l], SOCK_DGRAM, "--dns, udp", err);
            if (udp < 0)
                return -udp;
            int tcp = sinkhole_listen_socket(&s->bound[l], SOCK_STREAM, "--dns, tcp", err);
            if (tcp >= 0) {
                s->udp_fd[l] = udp;
                s->tcp_fd[l] = tcp;
                break;
            }
            close(udp);
            if (!ephemeral || attempt == 32)
                return -tcp;
            set_port(&s->bound[l], 0);
        }
    }
    for (size_t l = 0; l < s->config.contact_count; l++) {
        char flag[32];
        snprintf(flag, sizeof flag, "--%s",
                 tk_event_protocol_name((enum tk_event_protocol)s->config.contact[l].protocol));
        int fd = sinkhole_listen_socket(&s->contact_bound[l], SOCK_STREAM, flag, err);
        if (fd < 0)
            return -fd;
        s->contact_fd[l] = fd;
    }
    return TK_OK;
}

static void free_server(struct tk_sinkhole *s)
{
    if (s->workers) {
        for (unsigned i = 0; i < s->config.workers; i++) {
            struct worker *w = &s->workers[i];
            if (w->epfd >= 0)
                close(w->epfd);
            free(w->conns);
            free(w->contacts);
            free(w->free_contacts);
            EVP_MAC_CTX_free(w->siphash);
            free((void *)w->counters.hits);
        }
        free(s->workers);
    }
    sinkhole_close_listeners(s);
    if (s->stop_fd >= 0)
        close(s->stop_fd);
    tk_rrl_free(s->rrl);
    free((void *)s->prefix_open);
    tk_names_free(atomic_load(&s->names));
    free(s);
}

/* Puts a shared listening socket in the worker's epoll set. EPOLLEXCLUSIVE: a datagram or
 * a connection wakes one idle worker, not all of them. */
static void watch_listener(struct worker *w, int fd, uint32_t tag, size_t listener)
{
    struct epoll_event ev = {.events = EPOLLIN | EPOLLEXCLUSIVE,
                             .data.u64 = (uint64_t)tag << 32 | listener};
    epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev);
}

/* The contact listeners' epoll entries, connection pool and recipient hash of one worker. */
static int setup_contact(struct tk_sinkhole *s, struct worker *w, struct tk_error *err)
{
    unsigned slots = s->config.limits.clients;
    if (s->config.contact_count == 0)
        return TK_OK;
    w->contacts = calloc(slots, sizeof *w->contacts);
    w->free_contacts = calloc(slots, sizeof *w->free_contacts);
    EVP_MAC *mac = EVP_MAC_fetch(NULL, "SIPHASH", NULL);
    w->siphash = mac ? EVP_MAC_CTX_new(mac) : NULL;
    EVP_MAC_free(mac);
    if (w->contacts == NULL || w->free_contacts == NULL || w->siphash == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory for worker %u", w->index);
    for (unsigned i = 0; i < slots; i++) {
        w->contacts[i].fd = -1;
        w->free_contacts[i] = slots - 1 - i;
    }
    w->free_count = slots;
    for (size_t l = 0; l < s->config.contact_count; l++)
        watch_listener(w, s->contact_fd[l], TAG_CONTACT_LISTEN, l);
    return TK_OK;
}

static int setup_worker(struct tk_sinkhole *s, struct worker *w, struct tk_error *err)
{
    w->epfd = epoll_create1(EPOLL_CLOEXEC);
    w->conns = calloc(s->config.tcp_clients, sizeof *w->conns);
    w->counters.hits = calloc(s->families, sizeof *w->counters.hits);
    if (w->epfd < 0 || w->conns == NULL || w->counters.hits == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory for worker %u", w->index);
    for (unsigned i = 0; i < s->config.tcp_clients; i++)
        w->conns[i].fd = -1;
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0};
    epoll_ctl(w->epfd, EPOLL_CTL_ADD, s->stop_fd, &ev);
    for (size_t l = 0; l < s->config.listen_count; l++) {
        watch_listener(w, s->udp_fd[l], TAG_UDP, l);
        watch_listener(w, s->tcp_fd[l], TAG_TCP_LISTEN, l);
    }
    return setup_contact(s, w, err);
}

int tk_sinkhole_open(const struct tk_sinkhole_config *config, struct tk_names *names,
                     struct tk_sinkhole **out, struct tk_error *err)
{
    struct tk_sinkhole *s = calloc(1, sizeof *s);
    int rc;
    if (s == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    s->config = *config;
    s->stop_fd = -1;
    for (size_t l = 0; l < TK_SINKHOLE_MAX_LISTEN; l++)
        s->udp_fd[l] = s->tcp_fd[l] = -1;
    for (size_t l = 0; l < TK_SINKHOLE_MAX_CONTACT; l++)
        s->contact_fd[l] = -1;
    atomic_store(&s->names, names);
    atomic_store(&s->name_count, tk_names_count(names));
    if (s->config.workers == 0)
        s->config.workers = 1;
    if (s->config.tcp_clients == 0)
        s->config.tcp_clients = 1;
    s->families = tk_family_count() + 2;
    memcpy(s->bound, config->listen, sizeof s->bound);
    s->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    s->workers = calloc(s->config.workers, sizeof *s->workers);
    if (s->stop_fd < 0 || s->workers == NULL) {
        free_server(s);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (unsigned i = 0; i < s->config.workers; i++) {
        struct worker *w = &s->workers[i];
        w->server = s;
        w->index = i;
        w->epfd = -1;
    }
    if (s->config.limits.clients == 0)
        s->config.limits.clients = 1;
    for (size_t l = 0; l < config->contact_count; l++)
        s->contact_bound[l] = config->contact[l].address;
    if (config->contact_count
        && (s->prefix_open = calloc(PREFIX_SLOTS, sizeof *s->prefix_open)) == NULL) {
        free_server(s);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if (config->rrl_rate && (s->rrl = tk_rrl_new(config->rrl_rate, config->rrl_slip)) == NULL) {
        free_server(s);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if ((rc = open_listeners(s, err)) != TK_OK) {
        free_server(s);
        return rc;
    }
    for (unsigned i = 0; i < s->config.workers; i++) {
        if ((rc = setup_worker(s, &s->workers[i], err)) != TK_OK) {
            free_server(s);
            return rc;
        }
    }
    *out = s;
    return TK_OK;
}

const struct sockaddr_storage *tk_sinkhole_address(const struct tk_sinkhole *s, size_t i)
{
    return &s->bound[i];
}

const struct sockaddr_storage *tk_sinkhole_contact_address(const struct tk_sinkhole *s, size_t i)
{
    return &s->contact_bound[i];
}

void tk_sinkhole_set_log(struct tk_sinkhole *s, struct tk_event_log *log)
{
    s->config.log = log;
}

int tk_sinkhole_start(struct tk_sinkhole *s, struct tk_error *err)
{
    atomic_store(&s->listening, s->config.workers);
    for (unsigned i = 0; i < s->config.workers; i++) {
        if (pthread_create(&s->workers[i].thread, NULL, worker_main, &s->workers[i]) != 0) {
            atomic_store(&s->stopping, 1);
            uint64_t one = 1;
            if (write(s->stop_fd, &one, sizeof one) < 0)
                one = 0;
            for (unsigned j = 0; j < i; j++)
                pthread_join(s->workers[j].thread, NULL);
            s->started = 0;
            return tk_error_set(err, TK_ERR_IO, "cannot start worker thread %u", i);
        }
        s->started = (int)i + 1;
    }
    return TK_OK;
}

void tk_sinkhole_replace_names(struct tk_sinkhole *s, struct tk_names *names)
{
    atomic_store(&s->name_count, tk_names_count(names));
    struct tk_names *old = atomic_exchange(&s->names, names);
    for (unsigned i = 0; i < s->config.workers; i++) {
        while (atomic_load(&s->workers[i].hazard) == old) {
            struct timespec pause = {0, 100000L};
            nanosleep(&pause, NULL);
        }
    }
    tk_names_free(old);
    atomic_fetch_add(&s->reloads, 1);
}

void tk_sinkhole_count_failed_reload(struct tk_sinkhole *s)
{
    atomic_fetch_add(&s->reload_failures, 1);
}

void tk_sinkhole_stop(struct tk_sinkhole *s)
{
    uint64_t one = 1;
    atomic_store(&s->stopping, 1);
    if (write(s->stop_fd, &one, sizeof one) < 0)
        one = 0;
    for (int i = 0; i < s->started; i++)
        pthread_join(s->workers[i].thread, NULL);
    free_server(s);
}

void metrics_add(struct metrics_text *t, const char *fmt, ...)
{
    va_list ap;
    if (t->full)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= t->size - t->len)
        t->full = 1;
    else
        t->len += (size_t)n;
}

static uint64_t sum(const struct tk_sinkhole *s, size_t offset)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < s->config.workers; i++) {
        const _Atomic uint64_t *c =
            (const _Atomic uint64_t *)(const void *)((const char *)&s->workers[i].counters + offset);
        total += atomic_load_explicit(c, memory_order_relaxed);
    }
    return total;
}

static void add_metric(struct metrics_text *t, const char *name, const char *type, const char *help,
                       uint64_t value)
{
    metrics_add(t, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help, name, type, name,
        (unsigned long long)value);
}

size_t tk_sinkhole_metrics(struct tk_sinkhole *s, char *buf, size_t size)
{
    static const char *const qtypes[QTYPE_BUCKETS] = {"A", "AAAA", "NS", "SOA", "MX", "TXT",
                                                      "ANY", "other"};
    static const char *const rcodes[RCODE_BUCKETS] = {"NOERROR", "FORMERR", "SERVFAIL",
                                                      "NXDOMAIN", "NOTIMP", "REFUSED",
                                                      "BADVERS", "none"};
    static const char *const transports[2] = {"udp", "tcp"};
    struct metrics_text t = {buf, size, 0, 0};

    metrics_add(&t, "# HELP takedown_sinkhole_queries_total DNS queries by type, response code "
            "(none: no response sent) and transport.\n"
            "# TYPE takedown_sinkhole_queries_total counter\n");
    for (int tr = 0; tr < 2; tr++)
        for (int q = 0; q < QTYPE_BUCKETS; q++)
            for (int r = 0; r < RCODE_BUCKETS; r++) {
                uint64_t v = 0;
                for (unsigned i = 0; i < s->config.workers; i++)
                    v += atomic_load_explicit(&s->workers[i].counters.queries[tr][q][r],
                                              memory_order_relaxed);
                if (v)
                    metrics_add(&t, "takedown_sinkhole_queries_total{qtype=\"%s\",rcode=\"%s\","
                            "transport=\"%s\"} %llu\n",
                        qtypes[q], rcodes[r], transports[tr], (unsigned long long)v);
            }
    metrics_add(&t, "# HELP takedown_sinkhole_hits_total Queries for served names, by the DGA family "
            "of the name's tag.\n# TYPE takedown_sinkhole_hits_total counter\n");
    for (size_t f = 0; f < s->families; f++) {
        uint64_t v = 0;
        for (unsigned i = 0; i < s->config.workers; i++)
            v += atomic_load_explicit(&s->workers[i].counters.hits[f], memory_order_relaxed);
        const char *family = f < tk_family_count() ? tk_family_at(f)->name
                             : f == tk_family_count() ? "other" : "untagged";
        if (v)
            metrics_add(&t, "takedown_sinkhole_hits_total{family=\"%s\"} %llu\n", family,
                (unsigned long long)v);
    }
    add_metric(&t, "takedown_sinkhole_rrl_dropped_total", "counter",
               "UDP responses dropped by rate limiting.",
               sum(s, offsetof(struct worker_counters, rrl_dropped)));
    add_metric(&t, "takedown_sinkhole_rrl_slipped_total", "counter",
               "UDP responses sent truncated by rate limiting (slip).",
               sum(s, offsetof(struct worker_counters, rrl_slipped)));
    add_metric(&t, "takedown_sinkhole_tcp_accepted_total", "counter", "TCP connections accepted.",
               sum(s, offsetof(struct worker_counters, tcp_accepted)));
    add_metric(&t, "takedown_sinkhole_tcp_refused_total", "counter",
               "TCP connections closed at once because every slot was busy.",
               sum(s, offsetof(struct worker_counters, tcp_refused)));
    add_metric(&t, "takedown_sinkhole_tcp_idle_closed_total", "counter",
               "TCP connections closed after the idle timeout.",
               sum(s, offsetof(struct worker_counters, tcp_idle_closed)));
    add_metric(&t, "takedown_sinkhole_tcp_connections", "gauge", "Open TCP connections.",
               sum(s, offsetof(struct worker_counters, tcp_open)));
    add_metric(&t, "takedown_sinkhole_reloads_total", "counter", "Name lists reloaded.",
               atomic_load(&s->reloads));
    add_metric(&t, "takedown_sinkhole_reload_failures_total", "counter",
               "Reloads that failed (the previous lists stayed in service).",
               atomic_load(&s->reload_failures));
    add_metric(&t, "takedown_sinkhole_names", "gauge", "Names and zones served.",
               atomic_load(&s->name_count));
    if (s->config.log) {
        struct tk_event_log_stats st;
        tk_event_log_get_stats(s->config.log, &st);
        add_metric(&t, "takedown_sinkhole_log_written_total", "counter",
                   "Events written to the log files.", st.written);
        add_metric(&t, "takedown_sinkhole_log_dropped_total", "counter",
                   "Events dropped because the log queue was full.", st.dropped);
        add_metric(&t, "takedown_sinkhole_log_backlog", "gauge",
                   "Events waiting in the log queue.", st.backlog);
        add_metric(&t, "takedown_sinkhole_log_rotations_total", "counter", "Log files rotated.",
                   st.rotations);
        add_metric(&t, "takedown_sinkhole_log_write_errors_total", "counter",
                   "Failed writes to the log files.", st.write_errors);
        add_metric(&t, "takedown_sinkhole_log_not_spooled_total", "counter",
                   "Events answered but not logged: the log's disk was full.", st.not_spooled);
    }
    if (s->config.contact_count)
        contact_metrics(s, &t);
    return t.full ? 0 : t.len;
}
