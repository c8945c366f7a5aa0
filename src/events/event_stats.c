/* event_stats.c - summarising event records (see include/takedown/event_stats.h). */
#include "takedown/event_stats.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static void set_init(struct tk_stats_set *set, size_t width)
{
    memset(set, 0, sizeof *set);
    set->width = width;
}

static uint64_t key_hash(const uint8_t *key, size_t width)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < width; i++)
        h = (h ^ key[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static int is_zero(const uint8_t *key, size_t width)
{
    for (size_t i = 0; i < width; i++)
        if (key[i])
            return 0;
    return 1;
}

/* Inserts without growing; returns 1 when the key is new. */
static int place(struct tk_stats_set *set, const uint8_t *key)
{
    size_t mask = set->cap - 1, i = (size_t)key_hash(key, set->width) & mask;
    for (;; i = (i + 1) & mask) {
        uint8_t *slot = set->keys + i * set->width;
        if (is_zero(slot, set->width)) {
            memcpy(slot, key, set->width);
            return 1;
        }
        if (memcmp(slot, key, set->width) == 0)
            return 0;
    }
}

static int set_add(struct tk_stats_set *set, const uint8_t *key, struct tk_error *err)
{
    if (is_zero(key, set->width)) {
        set->count += !set->has_zero;
        set->has_zero = 1;
        return TK_OK;
    }
    if ((set->count + 1) * 4 > set->cap * 3) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        struct tk_stats_set grown = {calloc(cap, set->width), set->width, cap, 0, 0};
        if (grown.keys == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory for distinct counts");
        for (size_t i = 0; i < set->cap; i++)
            if (!is_zero(set->keys + i * set->width, set->width))
                place(&grown, set->keys + i * set->width);
        free(set->keys);
        set->keys = grown.keys;
        set->cap = cap;
    }
    set->count += (size_t)place(set, key);
    return TK_OK;
}

void tk_event_stats_init(struct tk_event_stats *s)
{
    memset(s, 0, sizeof *s);
    s->first_sec = INT64_MAX;
    s->last_sec = INT64_MIN;
    set_init(&s->clients, 17);
    set_init(&s->smtp_clients, 17);
    set_init(&s->recipients, 8);
}

void tk_event_stats_free(struct tk_event_stats *s)
{
    free(s->clients.keys);
    free(s->smtp_clients.keys);
    free(s->recipients.keys);
}

static void count_family(struct tk_event_stats *s, const char *family)
{
    for (size_t i = 0; i < s->family_count; i++)
        if (strcmp(s->families[i].name, family) == 0) {
            s->families[i].events++;
            return;
        }
    if (s->family_count == TK_STATS_FAMILIES) {
        s->families[TK_STATS_FAMILIES].events++;
        strcpy(s->families[TK_STATS_FAMILIES].name, "other");
        return;
    }
    struct tk_event_stats_family *f = &s->families[s->family_count++];
    memcpy(f->name, family, sizeof f->name - 1);
    f->name[sizeof f->name - 1] = '\0';
    f->events = 1;
}

static void count_http(struct tk_event_stats *s, const struct tk_event_http *h)
{
    if (h->status == 0)
        s->http_status_none++;
    else if (h->status < 300)
        s->http_status_2xx++;
    else if (h->status < 500)
        s->http_status_4xx++;
    else
        s->http_status_5xx++;
    s->http_body_bytes += h->body.bytes;
}

static int count_smtp(struct tk_event_stats *s, const struct tk_event *ev, const uint8_t *client,
                      struct tk_error *err)
{
    const struct tk_event_smtp *m = &ev->smtp;
    if (m->result == TK_SMTP_NO_MESSAGE) {
        s->smtp_sessions_without_message++;
        return TK_OK;
    }
    if (m->result != TK_SMTP_ACCEPTED) {
        s->smtp_rejected++;
        return TK_OK;
    }
    s->smtp_accepted++;
    s->smtp_recipients += m->rcpt_count;
    s->smtp_bytes += m->size;
    int rc = set_add(&s->smtp_clients, client, err);
    unsigned n = m->rcpt_count < TK_EVENT_SMTP_RCPT_MAX ? m->rcpt_count : TK_EVENT_SMTP_RCPT_MAX;
    for (unsigned i = 0; rc == TK_OK && i < n; i++)
        rc = set_add(&s->recipients, m->rcpt_hash[i], err);
    return rc;
}

int tk_event_stats_add(struct tk_event_stats *s, const struct tk_event *ev, struct tk_error *err)
{
    uint8_t client[17];
    client[0] = ev->client.family;
    memcpy(client + 1, ev->client.addr, 16);
    if (ev->client.family != AF_INET6)
        memset(client + 5, 0, 12);
    s->events++;
    if (ev->protocol >= 1 && ev->protocol <= 4)
        s->by_protocol[ev->protocol]++;
    if (ev->time_sec < s->first_sec)
        s->first_sec = ev->time_sec;
    if (ev->time_sec > s->last_sec)
        s->last_sec = ev->time_sec;
    s->proxied += ev->via.family != 0;
    count_family(s, ev->tag.family);
    switch (ev->protocol) {
    case TK_EVENT_DNS:
        if (ev->dns.drop)
            s->dns_dropped++;
        else if (ev->dns.rcode < 6)
            s->dns_rcode[ev->dns.rcode]++;
        break;
    case TK_EVENT_HTTP:
        count_http(s, &ev->http);
        break;
    case TK_EVENT_TCP:
        s->tcp_sessions++;
        s->tcp_bytes += ev->tcp.data.bytes;
        break;
    case TK_EVENT_SMTP: {
        int rc = count_smtp(s, ev, client, err);
        if (rc)
            return rc;
        break;
    }
    default:
        break;
    }
    return set_add(&s->clients, client, err);
}
