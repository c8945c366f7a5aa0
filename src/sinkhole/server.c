/* server.c - the sinkhole server's life cycle: binding, workers, atomic reload, draining
 * stop and the Prometheus counters (see include/takedown/sinkhole.h). */
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
}

static socklen_t address_length(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

static uint16_t get_port(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)(const void *)ss)->sin6_port);
    return ntohs(((const struct sockaddr_in *)(const void *)ss)->sin_port);
}

/* One socket bound to addr with SO_REUSEPORT, so that every worker has its own. */
static int bind_socket(struct sockaddr_storage *addr, int type, struct tk_error *err)
{
    char where[80];
    int one = 1;
    int fd = socket(addr->ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    tk_format_socket_address(addr, where, sizeof where);
    if (fd < 0)
        return -tk_error_set(err, TK_ERR_IO, "%s: socket: %s", where, strerror(errno));
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (type == SOCK_STREAM)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (addr->ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (type == SOCK_DGRAM) {
        int size = 4 << 20;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    }
    if (bind(fd, (struct sockaddr *)addr, address_length(addr)) != 0
        || (type == SOCK_STREAM && listen(fd, 1024) != 0)) {
        int e = errno;
        close(fd);
        return -tk_error_set(err, TK_ERR_IO, "cannot listen on %s (%s): %s", where,
                             type == SOCK_STREAM ? "tcp" : "udp", strerror(e));
    }
    if (get_port(addr) == 0) {
        socklen_t len = sizeof *addr;
        getsockname(fd, (struct sockaddr *)addr, &len);
    }
    return fd;
}

static void free_server(struct tk_sinkhole *s)
{
    if (s->workers) {
        for (unsigned i = 0; i < s->config.workers; i++) {
            struct worker *w = &s->workers[i];
            for (size_t l = 0; l < s->config.listen_count; l++) {
                if (w->udp_fd[l] >= 0)
                    close(w->udp_fd[l]);
                if (w->tcp_fd[l] >= 0)
                    close(w->tcp_fd[l]);
            }
            if (w->epfd >= 0)
                close(w->epfd);
            free(w->conns);
            free((void *)w->counters.hits);
        }
        free(s->workers);
    }
    if (s->stop_fd >= 0)
        close(s->stop_fd);
    tk_rrl_free(s->rrl);
    tk_names_free(atomic_load(&s->names));
    free(s);
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
        int fd = bind_socket(&s->bound[l], SOCK_DGRAM, err);
        if (fd < 0)
            return -fd;
        w->udp_fd[l] = fd;
        fd = bind_socket(&s->bound[l], SOCK_STREAM, err);
        if (fd < 0)
            return -fd;
        w->tcp_fd[l] = fd;
        ev.data.u64 = (uint64_t)1 << 32 | l;
        epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->udp_fd[l], &ev);
        ev.data.u64 = (uint64_t)2 << 32 | l;
        epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->tcp_fd[l], &ev);
    }
    return TK_OK;
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
        for (size_t l = 0; l < TK_SINKHOLE_MAX_LISTEN; l++)
            w->udp_fd[l] = w->tcp_fd[l] = -1;
    }
    if (config->rrl_rate && (s->rrl = tk_rrl_new(config->rrl_rate, config->rrl_slip)) == NULL) {
        free_server(s);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
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

int tk_sinkhole_start(struct tk_sinkhole *s, struct tk_error *err)
{
    for (unsigned i = 0; i < s->config.workers; i++) {
        if (pthread_create(&s->workers[i].thread, NULL, worker_main, &s->workers[i]) != 0) {
            atomic_store(&s->stopping, 1);
            uint64_t one = 1;
            if (write(s->stop_fd, &one, sizeof one) < 0)
                one = 0;
            for (unsigned j = 0; j < i; j++)
                pthread_join(s->workers[j].thread, NULL);
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

/* Prometheus text: a bounded appender. */
struct text {
    char *buf;
    size_t size, len;
    int full;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
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

static void add_metric(struct text *t, const char *name, const char *type, const char *help,
                       uint64_t value)
{
    add(t, "# HELP %s %s\n# TYPE %s %s\n%s %llu\n", name, help, name, type, name,
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
    struct text t = {buf, size, 0, 0};

    add(&t, "# HELP takedown_sinkhole_queries_total DNS queries by type, response code "
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
                    add(&t, "takedown_sinkhole_queries_total{qtype=\"%s\",rcode=\"%s\","
                            "transport=\"%s\"} %llu\n",
                        qtypes[q], rcodes[r], transports[tr], (unsigned long long)v);
            }
    add(&t, "# HELP takedown_sinkhole_hits_total Queries for served names, by the DGA family "
            "of the name's tag.\n# TYPE takedown_sinkhole_hits_total counter\n");
    for (size_t f = 0; f < s->families; f++) {
        uint64_t v = 0;
        for (unsigned i = 0; i < s->config.workers; i++)
            v += atomic_load_explicit(&s->workers[i].counters.hits[f], memory_order_relaxed);
        const char *family = f < tk_family_count() ? tk_family_at(f)->name
                             : f == tk_family_count() ? "other" : "untagged";
        if (v)
            add(&t, "takedown_sinkhole_hits_total{family=\"%s\"} %llu\n", family,
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
    }
    return t.full ? 0 : t.len;
}
