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
    int day;                     /* the wave running */
    const size_t *order;         /* bots in the order waves take them: busiest spam bots first */
    atomic_size_t next_bot;      /* the next place in order the wave looks at */
    atomic_size_t bot_days;      /* bot-days of the wave started */
    atomic_int workers_left;
    atomic_int hold;             /* 1 while the sinkhole's log catches up */
    double start, wave_start;
    uint32_t *seen_days;         /* per bot: bit d when the sinkhole saw it on day d */
    uint32_t *spam_sent;         /* per bot: messages accepted */
    uint64_t *spam_rcpts;        /* per bot: recipients accepted */
    size_t top_planned;          /* the bot planned to send the most spam */
    _Atomic uint8_t *recipients; /* per pool index: bit 0 when a message to it was accepted,
                                  * bit 1 when the planned top spam bot's was */
    _Atomic uint8_t resolver_seen[256];
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
static int open_proxied(const struct tk_address *server, const struct tk_address *bot, int v2)
{
    uint8_t header[128];
    size_t len;
    int fd = tcp_connect(server);
    if (fd < 0)
        return -1;
    if (v2)
        len = tk_proxy_v2_header(header, sizeof header, bot, server);
    else
        len = tk_proxy_v1_header((char *)header, sizeof header, bot, server);
    if (len == 0 || send_all(fd, header, len) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

struct bot_counts {
    uint64_t dns_queries, dns_answers, dns_timeouts, dns_answers_ecs, dns_answers_plain,
        http_requests, http_ok, smtp_messages, smtp_recipients;
};

/* One worker's sockets: a UDP socket per simulated resolver, connected to the sinkhole. */
struct resolvers {
    int fd[256];
    int count;
};

static void resolvers_open(struct resolvers *r, const struct tk_botsim_options *o)
{
    r->count = o->dns ? o->resolvers : 0;
    for (int i = 0; i < r->count; i++) {
        struct sockaddr_storage ss, local;
        socklen_t len = to_sockaddr(o->dns, &ss);
        r->fd[i] = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (r->fd[i] < 0)
            continue;
        /* Over IPv4 each resolver has its own loopback address; over IPv6 only ::1. */
        if (o->dns->family == 4) {
            struct tk_address self = {.family = 4, .bytes = {127, 0, 0, (uint8_t)(10 + i)}};
            socklen_t llen = to_sockaddr(&self, &local);
            if (bind(r->fd[i], (struct sockaddr *)&local, llen) != 0) {
                close(r->fd[i]);
                r->fd[i] = -1;
                continue;
            }
        }
        if (connect(r->fd[i], (struct sockaddr *)&ss, len) != 0) {
            close(r->fd[i]);
            r->fd[i] = -1;
        }
    }
}

static void resolvers_close(struct resolvers *r)
{
    for (int i = 0; i < r->count; i++)
        if (r->fd[i] >= 0)
            close(r->fd[i]);
}

/* The bot's lookups of the day through its resolver; 1 when an answered query carried the
 * bot's address. */
static int resolve(const struct resolvers *rs, const struct tk_bot_plan *bot, struct shared *s,
                   uint64_t *rng, uint16_t *id, struct bot_counts *k)
{
    const struct tk_botsim_options *o = s->o;
    uint8_t query[512], answer[1500];
    int udp = rs->fd[bot->resolver % rs->count], ecs = bot->resolver < o->ecs_resolvers, seen = 0;
    if (udp < 0)
        return 0;
    for (int q = 0; q < o->queries_per_day; q++) {
        const char *name = o->names[tk_sim_random(rng) % o->name_count];
        size_t len = tk_dns_build_query(query, sizeof query, ++*id, name, 1,
                                        ecs ? &bot->address : NULL, o->ecs_prefix);
        if (len == 0)
            continue;
        k->dns_queries++;
        if (send(udp, query, len, 0) < 0 || wait_for(udp, POLLIN) != 0) {
            k->dns_timeouts++;
            continue;
        }
        ssize_t n = recv(udp, answer, sizeof answer, 0);
        if (n < 12 || answer[0] != query[0] || answer[1] != query[1]) {
            k->dns_timeouts++; /* refused by the network, or not our answer */
            continue;
        }
        k->dns_answers++;
        atomic_store(&s->resolver_seen[bot->resolver], 1);
        if (ecs) {
            k->dns_answers_ecs++;
            seen = 1;
        } else {
            k->dns_answers_plain++;
        }
    }
    return seen;
}

static int check_in(const struct tk_bot_plan *bot, size_t index, const struct tk_botsim_options *o,
                    uint64_t *rng, struct bot_counts *k)
{
    struct conn c = {.fd = open_proxied(o->http, &bot->address, index % 2)};
    int accepted = 0;
    if (c.fd < 0)
        return 0;
    for (int r = 0; r < o->checkins_per_day; r++) {
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

/* Messages a spam bot sends on day: its total spread evenly over its days switched on. */
static uint32_t messages_today(const struct tk_bot_plan *bot, int day)
{
    uint32_t on = (uint32_t)__builtin_popcount(bot->days);
    uint32_t before = (uint32_t)__builtin_popcount(bot->days & ((1u << day) - 1));
    return bot->spam_messages / on + (before < bot->spam_messages % on);
}

/* One message, pipelined (RFC 2920): MAIL, every RCPT and DATA in one write, then the
 * replies in order. Returns the recipients accepted, 0 when the message was not. */
static int spam_message(struct conn *c, size_t index, int rcpts, struct shared *s, int top,
                        uint64_t *rng)
{
    char batch[12288], to[96];
    uint64_t picked[128];
    size_t n = (size_t)snprintf(batch, sizeof batch, "MAIL FROM:<promo-%zu@example.com>\r\n",
                                index);
    int good = 0, ok = 1;
    for (int r = 0; r < rcpts; r++) {
        picked[r] = tk_sim_random(rng) % s->o->recipient_pool;
        tk_botsim_recipient(picked[r], to, sizeof to);
        n += (size_t)snprintf(batch + n, sizeof batch - n, "RCPT TO:<%s>\r\n", to);
    }
    n += (size_t)snprintf(batch + n, sizeof batch - n, "DATA\r\n");
    if (send_all(c->fd, batch, n) != 0 || smtp_reply(c) != 250)
        return -1;
    uint8_t accepted[128];
    for (int r = 0; r < rcpts; r++) {
        int code = smtp_reply(c);
        if (code < 0)
            return -1;
        accepted[r] = code == 250;
        good += accepted[r];
    }
    if (smtp_reply(c) != 354)
        return good ? -1 : 0; /* DATA refused: nothing to send */
    n = (size_t)snprintf(batch, sizeof batch, "From: <promo-%zu@example.com>\r\nSubject: "
                         "Invoice %llu\r\n\r\nPlease find the invoice attached.\r\n.\r\n", index,
                         (unsigned long long)tk_sim_random(rng) % 100000);
    if (send_all(c->fd, batch, n) != 0 || smtp_reply(c) != 250)
        ok = 0;
    if (!ok)
        return -1;
    for (int r = 0; r < rcpts; r++)
        if (accepted[r])
            atomic_fetch_or(&s->recipients[picked[r]], (uint8_t)(top ? 3 : 1));
    return good;
}

static int send_spam(const struct tk_bot_plan *bot, size_t index, struct shared *s,
                     uint64_t *rng, struct bot_counts *k)
{
    const struct tk_botsim_options *o = s->o;
    uint32_t messages = messages_today(bot, s->day);
    struct conn c;
    char line[128], ip[46];
    int accepted = 0;

    if (messages == 0)
        return 0;
    c.fd = open_proxied(o->smtp, &bot->address, (index / 2) % 2);
    c.len = 0;
    if (c.fd < 0)
        return 0;
    tk_address_text(&bot->address, ip, sizeof ip);
    snprintf(line, sizeof line, "EHLO [%s]\r\n", ip);
    if (smtp_reply(&c) != 220 || smtp_command(&c, line, 250) != 0)
        goto done;
    for (uint32_t m = 0; m < messages; m++) {
        int mean = o->recipients_per_message;
        int rcpts = 1 + (int)(tk_sim_random(rng) % (uint64_t)(2 * mean - 1));
        int good = spam_message(&c, index, rcpts > 100 ? 100 : rcpts, s, index == s->top_planned,
                                rng);
        if (good < 0)
            goto done;
        if (good == 0)
            continue;
        k->smtp_messages++;
        k->smtp_recipients += (uint64_t)good;
        s->spam_sent[index]++;
        s->spam_rcpts[index] += (uint64_t)good;
        accepted = 1;
    }
    smtp_command(&c, "QUIT\r\n", 221);
done:
    close(c.fd);
    return accepted;
}

static void wait_until(double due)
{
    double t = now();
    if (due > t) {
        double wait = due - t;
        struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

static void *bot_worker(void *arg)
{
    struct shared *s = arg;
    const struct tk_botsim_options *o = s->o;
    struct bot_counts k = {0};
    struct resolvers rs;
    uint16_t id = 0;
    uint32_t bit = 1u << s->day;

    resolvers_open(&rs, o);
    for (;;) {
        while (atomic_load(&s->hold) && !(o->stop && *o->stop)) {
            struct timespec pause = {0, 2000000L};
            nanosleep(&pause, NULL);
        }
        size_t next = atomic_fetch_add(&s->next_bot, 1);
        if (next >= s->population->count || (o->stop && *o->stop))
            break;
        size_t i = s->order[next];
        const struct tk_bot_plan *bot = &s->population->bots[i];
        if (!(bot->days & bit))
            continue;
        size_t started = atomic_fetch_add(&s->bot_days, 1);
        if (o->rate > 0)
            wait_until(s->wave_start + (double)started / o->rate);
        if (o->deadline > 0 && now() > s->start + o->deadline)
            break;
        uint64_t rng = o->seed ^ (0x9E3779B97F4A7C15ull * (i + 1)) ^ ((uint64_t)s->day << 56);
        int seen = 0;
        if (rs.count)
            seen |= resolve(&rs, bot, s, &rng, &id, &k);
        if (o->http)
            seen |= check_in(bot, i, o, &rng, &k);
        if (o->smtp && bot->spam_messages)
            seen |= send_spam(bot, i, s, &rng, &k);
        if (seen)
            s->seen_days[i] |= bit;
        s->seen_days[i] |= 1u << 31; /* started */
    }
    resolvers_close(&rs);
    pthread_mutex_lock(&s->lock);
    s->truth->dns_queries += k.dns_queries;
    s->truth->dns_answers += k.dns_answers;
    s->truth->dns_timeouts += k.dns_timeouts;
    s->truth->dns_answers_ecs += k.dns_answers_ecs;
    s->truth->dns_answers_plain += k.dns_answers_plain;
    s->truth->http_requests += k.http_requests;
    s->truth->http_ok += k.http_ok;
    s->truth->smtp_messages += k.smtp_messages;
    s->truth->smtp_recipients += k.smtp_recipients;
    pthread_mutex_unlock(&s->lock);
    atomic_fetch_sub(&s->workers_left, 1);
    return NULL;
}

static void count_country(struct tk_botsim_truth *truth, const char *code)
{
    size_t c = 0;
    while (c < truth->country_count && strcmp(truth->countries[c].code, code) != 0)
        c++;
    if (c == truth->country_count && c < 256) {
        memcpy(truth->countries[c].code, code, 3);
        truth->country_count++;
    }
    if (c < 256)
        truth->countries[c].bots++;
}

static void tally(const struct tk_population *p, const struct shared *s,
                  struct tk_botsim_truth *truth)
{
    size_t top = SIZE_MAX;
    for (size_t i = 0; i < p->count; i++) {
        const struct tk_bot_plan *bot = &p->bots[i];
        uint32_t seen = s->seen_days[i] & ~(1u << 31);
        if (s->seen_days[i] == 0)
            continue;
        truth->bots_started++;
        truth->spam_bots += s->spam_sent[i] > 0;
        if (s->spam_sent[i] > 0 && (top == SIZE_MAX || s->spam_sent[i] > s->spam_sent[top]))
            top = i;
        if (seen == 0)
            continue;
        truth->bots_seen++;
        for (int d = 0; d < p->days; d++)
            truth->bots_seen_day[d] += (seen >> d) & 1;
        count_country(truth, bot->country);
    }
    for (size_t r = 0; r < s->o->recipient_pool; r++) {
        truth->distinct_recipients += s->recipients[r] & 1;
        truth->top_spam_distinct += (s->recipients[r] >> 1) & 1;
    }
    if (top != SIZE_MAX) {
        truth->top_spam_bot = p->bots[top].address;
        memcpy(truth->top_spam_country, p->bots[top].country, 3);
        truth->top_spam_messages = s->spam_sent[top];
        truth->top_spam_recipients = s->spam_rcpts[top];
        if (top != s->top_planned)
            truth->top_spam_distinct = UINT64_MAX; /* not tracked for this bot */
    }
    for (int r = 0; r < 256; r++)
        truth->resolvers_seen += s->resolver_seen[r];
}

/* The order waves take bots in: spam bots by messages, most first (a wave lasts at least as
 * long as its busiest bot), then the others as they are. */
static size_t *wave_order(const struct tk_population *p)
{
    size_t *order = malloc((p->count ? p->count : 1) * sizeof *order), n = 0;
    if (order == NULL)
        return NULL;
    for (size_t i = 0; i < p->count; i++)
        if (p->bots[i].spam_messages)
            order[n++] = i;
    /* Counting sort would need the range; a shell sort of the spam bots is enough. */
    for (size_t gap = n / 2; gap > 0; gap /= 2)
        for (size_t i = gap; i < n; i++)
            for (size_t j = i; j >= gap && p->bots[order[j - gap]].spam_messages
                                               < p->bots[order[j]].spam_messages; j -= gap) {
                size_t t = order[j];
                order[j] = order[j - gap];
                order[j - gap] = t;
            }
    for (size_t i = 0; i < p->count; i++)
        if (!p->bots[i].spam_messages)
            order[n++] = i;
    return order;
}

void tk_botsim_recipient(uint64_t i, char *buf, size_t size)
{
    snprintf(buf, size, "victim-%llu@example.net", (unsigned long long)i);
}

/* Runs one day's wave on o->threads workers; the calling thread reports progress. */
static int run_wave(struct shared *s, int threads)
{
    pthread_t tids[64];
    int started = 0;
    size_t total = 0;
    uint32_t bit = 1u << s->day;

    for (size_t i = 0; i < s->population->count; i++)
        total += (s->population->bots[i].days & bit) != 0;
    atomic_store(&s->next_bot, 0);
    atomic_store(&s->bot_days, 0);
    atomic_store(&s->workers_left, threads);
    s->wave_start = now();
    for (int t = 0; t < threads; t++, started++)
        if (pthread_create(&tids[t], NULL, bot_worker, s) != 0)
            break;
    atomic_fetch_sub(&s->workers_left, threads - started);
    for (int tick = 0; atomic_load(&s->workers_left) > 0; tick++) {
        struct timespec pause = {0, 20000000L};
        double backlog;
        if (s->o->progress && tick % 5 == 0)
            s->o->progress(s->o->arg, s->day, atomic_load(&s->bot_days), total);
        if (s->o->metrics)
            atomic_store(&s->hold, tk_metric_probe(s->o->metrics, "takedown_sinkhole_log_backlog",
                                                   &backlog) == 0
                                       && backlog > s->o->log_backlog_max);
        nanosleep(&pause, NULL);
    }
    atomic_store(&s->hold, 0);
    for (int t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    if (s->o->progress)
        s->o->progress(s->o->arg, s->day, total, total);
    s->truth->bot_days += atomic_load(&s->bot_days) < total ? atomic_load(&s->bot_days) : total;
    return started;
}

int tk_botsim_run(const struct tk_population *population, const struct tk_botsim_options *o,
                  struct tk_botsim_truth *truth, struct tk_error *err)
{
    const struct tk_address *targets[] = {o->dns, o->http, o->smtp};
    struct shared s = {.population = population, .o = o, .truth = truth,
                       .lock = PTHREAD_MUTEX_INITIALIZER};
    int threads = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads, rc = TK_OK;
    size_t n = population->count ? population->count : 1;

    memset(truth, 0, sizeof *truth);
    truth->days = population->days;
    for (size_t i = 0; i < 3; i++)
        if (targets[i] && !tk_address_is_loopback(targets[i]))
            return tk_error_set(err, TK_ERR_USAGE, "simulated bots only talk to loopback "
                                "(127.0.0.0/8 or ::1)");
    if (o->name_count == 0 && (o->dns || o->http))
        return tk_error_set(err, TK_ERR_USAGE, "the bots need names to look up");
    if (o->smtp && (o->recipient_pool == 0 || o->recipients_per_message < 1))
        return tk_error_set(err, TK_ERR_USAGE, "spam needs recipients");
    if (o->dns && (o->resolvers < 1 || o->resolvers > 255))
        return tk_error_set(err, TK_ERR_USAGE, "resolvers: expected 1 to 255");
    s.seen_days = calloc(n, sizeof *s.seen_days);
    s.spam_sent = calloc(n, sizeof *s.spam_sent);
    s.spam_rcpts = calloc(n, sizeof *s.spam_rcpts);
    s.recipients = calloc(o->recipient_pool ? o->recipient_pool : 1, 1);
    s.order = wave_order(population);
    if (s.order == NULL || s.seen_days == NULL || s.spam_sent == NULL || s.spam_rcpts == NULL
        || s.recipients == NULL) {
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < population->count; i++)
        if (population->bots[i].spam_messages > population->bots[s.top_planned].spam_messages)
            s.top_planned = i;
    s.start = now();
    for (s.day = 0; s.day < population->days; s.day++) {
        if (o->stop && *o->stop)
            break;
        if (s.day > 0 && o->next_day && o->next_day(o->arg, s.day))
            break;
        if (run_wave(&s, threads) == 0) {
            rc = tk_error_set(err, TK_ERR_NOMEM, "cannot start a thread");
            goto out;
        }
    }
    truth->seconds = now() - s.start;
    tally(population, &s, truth);
out:
    free((void *)s.order);
    free(s.seen_days);
    free(s.spam_sent);
    free(s.spam_rcpts);
    free((void *)s.recipients);
    return rc;
}
