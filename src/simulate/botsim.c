/* botsim.c - simulated bots against a loopback sinkhole (see include/takedown/botsim.h). */
#include "takedown/botsim.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define IO_TIMEOUT_MS 3000

struct shared {
    const struct tk_population *population;
    const struct tk_botsim_options *o;
    atomic_size_t next_bot;
    double start;
    uint8_t *contacted;          /* per bot: 1 when an HTTP or SMTP contact was accepted */
    _Atomic uint8_t *recipients; /* per pool index: 1 when a message to it was accepted */
    pthread_mutex_t lock;
    struct tk_botsim_truth *truth;
};

/* One connection's receive buffer. */
struct conn {
    int fd;
    char buf[8192];
    size_t len;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static socklen_t to_sockaddr(const struct tk_address *a, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (a->family == 4) {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_port = htons(a->port);
        memcpy(&in->sin_addr, a->bytes, 4);
        return sizeof *in;
    }
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(a->port);
    memcpy(&in6->sin6_addr, a->bytes, 16);
    return sizeof *in6;
}

static int wait_for(int fd, short events)
{
    struct pollfd p = {fd, events, 0};
    return poll(&p, 1, IO_TIMEOUT_MS) == 1 ? 0 : -1;
}

static int tcp_connect(const struct tk_address *a)
{
    struct sockaddr_storage ss;
    socklen_t len = to_sockaddr(a, &ss);
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1, soerr = 0;
    socklen_t elen = sizeof soerr;
    if (fd < 0)
        return -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&ss, len) != 0
        && (errno != EINPROGRESS || wait_for(fd, POLLOUT) != 0
            || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &elen) != 0 || soerr != 0)) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (wait_for(fd, POLLOUT) != 0)
                return -1;
            continue;
        }
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads until the buffer holds a full line; returns its length with the "\r\n", or -1. */
static long read_line(struct conn *c)
{
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl)
            return nl - c->buf + 1;
        if (c->len == sizeof c->buf || wait_for(c->fd, POLLIN) != 0)
            return -1;
        ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (n <= 0)
            return -1;
        c->len += (size_t)n;
    }
}

static void consume(struct conn *c, size_t n)
{
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
}

/* Reads an SMTP reply (possibly multi-line) and returns its code, or -1. */
static int smtp_reply(struct conn *c)
{
    for (;;) {
        long n = read_line(c);
        if (n < 4)
            return -1;
        int code = atoi(c->buf);
        int last = c->buf[3] != '-';
        consume(c, (size_t)n);
        if (last)
            return code;
    }
}

/* Reads one HTTP response (headers and a Content-Length body); returns the status or -1. */
static int http_response(struct conn *c)
{
    long n = read_line(c);
    if (n < 12 || strncmp(c->buf, "HTTP/1.", 7) != 0)
        return -1;
    int status = atoi(c->buf + 9);
    size_t body = 0;
    consume(c, (size_t)n);
    for (;;) {
        n = read_line(c);
        if (n < 0)
            return -1;
        if (n <= 2) {
            consume(c, (size_t)n);
            break;
        }
        if (strncasecmp(c->buf, "Content-Length:", 15) == 0)
            body = (size_t)strtoul(c->buf + 15, NULL, 10);
        consume(c, (size_t)n);
    }
    while (c->len < body) {
        if (wait_for(c->fd, POLLIN) != 0)
            return -1;
        ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (r <= 0)
            return -1;
        c->len += (size_t)r;
        if (c->len == sizeof c->buf && c->len < body) {
            body -= c->len;
            c->len = 0;
        }
    }
    consume(c, body);
    return status;
}

/* Opens a TCP connection that presents the bot's address with a PROXY header. */
static int open_proxied(const struct tk_address *server, const struct tk_bot *bot, int v2)
{
    uint8_t header[128];
    size_t len;
    int fd = tcp_connect(server);
    if (fd < 0)
        return -1;
    if (v2)
        len = tk_proxy_v2_header(header, sizeof header, &bot->address, server);
    else
        len = tk_proxy_v1_header((char *)header, sizeof header, &bot->address, server);
    if (len == 0 || send_all(fd, header, len) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

struct bot_counts {
    uint64_t dns_queries, dns_answers, dns_timeouts, http_requests, http_ok, smtp_messages,
        smtp_recipients;
};

static void resolve(int udp, const struct tk_bot *bot, const struct tk_botsim_options *o,
                    uint64_t *rng, uint16_t *id, struct bot_counts *k)
{
    uint8_t query[512], answer[1500];
    for (int q = 0; q < o->queries_per_bot; q++) {
        const char *name = o->names[tk_sim_random(rng) % o->name_count];
        size_t len = tk_dns_build_query(query, sizeof query, ++*id, name, 1, &bot->address,
                                        o->ecs_prefix);
        if (len == 0)
            continue;
        k->dns_queries++;
        if (send(udp, query, len, 0) < 0 || wait_for(udp, POLLIN) != 0) {
            k->dns_timeouts++;
            continue;
        }
        ssize_t n = recv(udp, answer, sizeof answer, 0);
        if (n >= 12 && answer[0] == query[0] && answer[1] == query[1])
            k->dns_answers++;
        else
            k->dns_timeouts++; /* refused by the network, or not our answer */
    }
}

static int check_in(const struct tk_bot *bot, size_t index, const struct tk_botsim_options *o,
                    uint64_t *rng, struct bot_counts *k)
{
    struct conn c = {.fd = open_proxied(o->http, bot, index % 2)};
    int accepted = 0;
    if (c.fd < 0)
        return 0;
    for (int r = 0; r < o->checkins_per_bot; r++) {
        char request[1024], body[64];
        const char *host = o->names[tk_sim_random(rng) % o->name_count];
        int blen = snprintf(body, sizeof body, "id=%016llx&r=%d",
                            (unsigned long long)tk_sim_random(rng), r);
        int n = snprintf(request, sizeof request,
                         "POST /gate.php HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/4.0 "
                         "(compatible; MSIE 8.0; Windows NT 6.1)\r\nContent-Type: "
                         "application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s",
                         host, blen, body);
        k->http_requests++;
        if (n <= 0 || (size_t)n >= sizeof request || send_all(c.fd, request, (size_t)n) != 0)
            break;
        int status = http_response(&c);
        if (status < 0)
            break;
        if (status >= 200 && status < 300) {
            k->http_ok++;
            accepted = 1;
        }
    }
    close(c.fd);
    return accepted;
}

static int smtp_command(struct conn *c, const char *line, int expect)
{
    return send_all(c->fd, line, strlen(line)) == 0 && smtp_reply(c) == expect ? 0 : -1;
}

static int send_spam(const struct tk_bot *bot, size_t index, struct shared *s, uint64_t *rng,
                     struct bot_counts *k)
{
    const struct tk_botsim_options *o = s->o;
    struct conn c = {.fd = open_proxied(o->smtp, bot, (index / 2) % 2)};
    char line[512], ip[46];
    uint64_t picked[256];
    int accepted = 0;

    if (c.fd < 0)
        return 0;
    tk_address_text(&bot->address, ip, sizeof ip);
    snprintf(line, sizeof line, "EHLO [%s]\r\n", ip);
    if (smtp_reply(&c) != 220 || smtp_command(&c, line, 250) != 0)
        goto done;
    for (int m = 0; m < o->messages_per_spammer; m++) {
        int rcpts = o->recipients_per_message > 256 ? 256 : o->recipients_per_message, good = 0;
        snprintf(line, sizeof line, "MAIL FROM:<promo-%zu@example.com>\r\n", index);
        if (smtp_command(&c, line, 250) != 0)
            goto done;
        for (int r = 0; r < rcpts; r++) {
            char to[96];
            picked[good] = tk_sim_random(rng) % o->recipient_pool;
            tk_botsim_recipient(picked[good], to, sizeof to);
            snprintf(line, sizeof line, "RCPT TO:<%s>\r\n", to);
            if (smtp_command(&c, line, 250) == 0)
                good++;
        }
        if (good == 0 || smtp_command(&c, "DATA\r\n", 354) != 0)
            goto done;
        snprintf(line, sizeof line, "From: <promo-%zu@example.com>\r\nSubject: Invoice %llu\r\n"
                 "\r\nPlease find the invoice attached.\r\n.\r\n", index,
                 (unsigned long long)tk_sim_random(rng) % 100000);
        if (send_all(c.fd, line, strlen(line)) != 0 || smtp_reply(&c) != 250)
            goto done;
        k->smtp_messages++;
        k->smtp_recipients += (uint64_t)good;
        for (int r = 0; r < good; r++)
            atomic_store(&s->recipients[picked[r]], 1);
        accepted = 1;
    }
    smtp_command(&c, "QUIT\r\n", 221);
done:
    close(c.fd);
    return accepted;
}

static void *bot_worker(void *arg)
{
    struct shared *s = arg;
    const struct tk_botsim_options *o = s->o;
    struct bot_counts k = {0};
    uint16_t id = 0;
    int udp = -1;

    if (o->dns) {
        struct sockaddr_storage ss;
        socklen_t len = to_sockaddr(o->dns, &ss);
        udp = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (udp >= 0 && connect(udp, (struct sockaddr *)&ss, len) != 0) {
            close(udp);
            udp = -1;
        }
    }
    for (;;) {
        size_t i = atomic_fetch_add(&s->next_bot, 1);
        if (i >= s->population->count || (o->stop && *o->stop))
            break;
        double due = o->rate > 0 ? s->start + (double)i / o->rate : s->start;
        double t = now();
        if (o->deadline > 0 && (due > s->start + o->deadline || t > s->start + o->deadline))
            break;
        if (due > t) {
            struct timespec ts = {(time_t)(due - t), (long)((due - t - (double)(time_t)(due - t)) * 1e9)};
            nanosleep(&ts, NULL);
        }
        const struct tk_bot *bot = &s->population->bots[i];
        uint64_t rng = o->seed ^ (0x9E3779B97F4A7C15ull * (i + 1));
        int contacted = 0;
        if (udp >= 0)
            resolve(udp, bot, o, &rng, &id, &k);
        if (o->http)
            contacted |= check_in(bot, i, o, &rng, &k);
        if (o->smtp && bot->spammer)
            contacted |= send_spam(bot, i, s, &rng, &k);
        s->contacted[i] = (uint8_t)(contacted ? 1 : 2); /* 2: started, no contact accepted */
    }
    if (udp >= 0)
        close(udp);
    pthread_mutex_lock(&s->lock);
    s->truth->dns_queries += k.dns_queries;
    s->truth->dns_answers += k.dns_answers;
    s->truth->dns_timeouts += k.dns_timeouts;
    s->truth->http_requests += k.http_requests;
    s->truth->http_ok += k.http_ok;
    s->truth->smtp_messages += k.smtp_messages;
    s->truth->smtp_recipients += k.smtp_recipients;
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void tally(const struct tk_population *p, const struct shared *s,
                  struct tk_botsim_truth *truth)
{
    for (size_t i = 0; i < p->count; i++) {
        const struct tk_bot *bot = &p->bots[i];
        if (s->contacted[i] == 0)
            continue;
        truth->bots_started++;
        truth->spam_bots += bot->spammer;
        if (s->contacted[i] != 1)
            continue;
        truth->bots_contacted++;
        size_t c = 0;
        while (c < truth->country_count && strcmp(truth->countries[c].code, bot->country) != 0)
            c++;
        if (c == truth->country_count && c < 256) {
            memcpy(truth->countries[c].code, bot->country, 3);
            truth->country_count++;
        }
        if (c < 256)
            truth->countries[c].bots++;
    }
    for (size_t r = 0; r < s->o->recipient_pool; r++)
        truth->distinct_recipients += s->recipients[r];
}

void tk_botsim_recipient(uint64_t i, char *buf, size_t size)
{
    snprintf(buf, size, "victim-%llu@example.net", (unsigned long long)i);
}

int tk_botsim_run(const struct tk_population *population, const struct tk_botsim_options *o,
                  struct tk_botsim_truth *truth, struct tk_error *err)
{
    const struct tk_address *targets[] = {o->dns, o->http, o->smtp};
    struct shared s = {.population = population, .o = o, .truth = truth,
                       .lock = PTHREAD_MUTEX_INITIALIZER};
    pthread_t tids[64];
    int threads = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads, started = 0;

    memset(truth, 0, sizeof *truth);
    for (size_t i = 0; i < 3; i++)
        if (targets[i] && !tk_address_is_loopback(targets[i]))
            return tk_error_set(err, TK_ERR_USAGE, "simulated bots only talk to loopback "
                                "(127.0.0.0/8 or ::1)");
    if (o->name_count == 0 && (o->dns || o->http))
        return tk_error_set(err, TK_ERR_USAGE, "the bots need names to look up");
    if (o->smtp && (o->recipient_pool == 0 || o->recipients_per_message < 1))
        return tk_error_set(err, TK_ERR_USAGE, "spam needs recipients");
    s.contacted = calloc(population->count ? population->count : 1, 1);
    s.recipients = calloc(o->recipient_pool ? o->recipient_pool : 1, 1);
    if (s.contacted == NULL || s.recipients == NULL) {
        free(s.contacted);
        free((void *)s.recipients);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    s.start = now();
    for (int t = 0; t < threads; t++, started++)
        if (pthread_create(&tids[t], NULL, bot_worker, &s) != 0)
            break;
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    truth->seconds = now() - s.start;
    tally(population, &s, truth);
    free(s.contacted);
    free((void *)s.recipients);
    if (started == 0)
        return tk_error_set(err, TK_ERR_NOMEM, "cannot start a thread");
    return TK_OK;
}
