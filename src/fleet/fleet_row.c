/* fleet_row.c - one event as one RowBinary row of the local table, in the column order of
 * fleet_schema.c: the record as it is, then what `takedown report` would derive from it
 * (src/telemetry/scan.c, src/ingest/read_binary.c): the host a contact counts for, its
 * address hash, country and network, the seed key and the spam message. RowBinary is binary
 * and length-prefixed: no value is ever escaped or parsed as SQL. */
#include "takedown/fleet.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "takedown/hash64.h"
#include "takedown/strpool.h"

#define CACHE_BITS 18    /* 256 K places of 24 bytes, as scan.c keeps them */
#define SEED_KEY_MAX 200 /* as scan.c cuts it */
/* The most one row takes: every string at its longest, the DNS message, the kept body and
 * a hundred recipients, with their length prefixes. */
#define ROW_MAX 8192

struct place {
    uint64_t address;
    uint32_t asn;
    uint32_t org;      /* the network's name in the pool; 0 for none */
    char country[3];
    uint8_t valid;
};

struct tk_fleet_rows {
    const struct tk_geo *geo;
    struct place *cache;
    struct tk_strpool *orgs;
};

int tk_fleet_rows_new(struct tk_fleet_rows **out, const struct tk_geo *geo, struct tk_error *err)
{
    struct tk_fleet_rows *r = calloc(1, sizeof *r);
    *out = NULL;
    if (r == NULL || (r->cache = calloc((size_t)1 << CACHE_BITS, sizeof *r->cache)) == NULL
        || (r->orgs = tk_strpool_new()) == NULL) {
        tk_fleet_rows_free(r);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    r->geo = geo;
    *out = r;
    return TK_OK;
}

void tk_fleet_rows_free(struct tk_fleet_rows *r)
{
    if (r == NULL)
        return;
    free(r->cache);
    tk_strpool_free(r->orgs);
    free(r);
}

static int place_of(struct tk_fleet_rows *r, int family, const uint8_t *addr,
                    const struct place **out, struct tk_error *err)
{
    static const struct place nowhere;
    uint64_t address = tk_hash_address(family, addr);
    struct place *p = &r->cache[address & (((uint64_t)1 << CACHE_BITS) - 1)];
    struct tk_geo_result found;
    int rc;

    *out = &nowhere;
    if (r->geo == NULL)
        return TK_OK;
    if (!p->valid || p->address != address) {
        if ((rc = tk_geo_lookup(r->geo, family, addr, &found, err)))
            return rc;
        p->address = address;
        p->asn = found.asn;
        memcpy(p->country, found.country, sizeof p->country);
        size_t org_len = strnlen(found.as_org, sizeof found.as_org);
        p->org = org_len ? tk_strpool_intern(r->orgs, found.as_org, org_len) : 0;
        if (found.as_org[0] && p->org == 0)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        p->valid = 1;
    }
    *out = p;
    return TK_OK;
}

/* ---- RowBinary values ----
 * A row's room (ROW_MAX) is reserved before it is written, so these only store bytes. */

static void put_uint(struct tk_fleet_buf *b, uint64_t v, size_t bytes)
{
    uint8_t *out = b->data + b->len;
    for (size_t i = 0; i < bytes; i++)
        out[i] = (uint8_t)(v >> (8 * i));
    b->len += bytes;
}

static void put_bytes(struct tk_fleet_buf *b, const void *data, size_t len)
{
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

static void put_string(struct tk_fleet_buf *b, const void *text, size_t len)
{
    uint64_t v = len;
    do {
        b->data[b->len++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    put_bytes(b, text, len);
}

static void put_text(struct tk_fleet_buf *b, const char *text, size_t max)
{
    put_string(b, text, strnlen(text, max));
}

static void put_endpoint(struct tk_fleet_buf *b, const struct tk_event_endpoint *e)
{
    int family = e->family == AF_INET6 ? 6 : e->family == AF_INET ? 4 : 0;
    put_uint(b, (uint64_t)family, 1);
    put_bytes(b, e->addr, 16);
    put_uint(b, e->port, 2);
}

/* ---- the record ---- */

static void put_dns(struct tk_fleet_buf *b, const struct tk_event *ev)
{
    static const struct tk_event_dns none;
    const struct tk_event_dns *d = ev->protocol == TK_EVENT_DNS ? &ev->dns : &none;
    size_t message_len = d->message_len < sizeof d->message ? d->message_len : sizeof d->message;
    put_uint(b, d->qtype, 2);
    put_uint(b, d->qclass, 2);
    put_uint(b, d->rcode, 2);
    put_uint(b, d->edns_udp, 2);
    put_uint(b, d->edns_version, 1);
    put_uint(b, d->truncated, 1);
    put_uint(b, d->drop, 1);
    put_uint(b, d->ecs_family, 1);
    put_uint(b, d->ecs_source, 1);
    put_bytes(b, d->ecs_addr, 16);
    put_string(b, d->message, message_len);
}

static void put_fingerprint(struct tk_fleet_buf *b, const struct tk_event_fingerprint *f)
{
    put_uint(b, f->bytes, 8);
    put_uint(b, f->hashed, 2);
    put_bytes(b, f->hash, 16);
}

static void put_http_tcp(struct tk_fleet_buf *b, const struct tk_event *ev)
{
    static const struct tk_event_http no_http;
    static const struct tk_event_tcp no_tcp;
    const struct tk_event_http *h = ev->protocol == TK_EVENT_HTTP ? &ev->http : &no_http;
    const struct tk_event_tcp *t = ev->protocol == TK_EVENT_TCP ? &ev->tcp : &no_tcp;
    const struct tk_event_fingerprint *payload = ev->protocol == TK_EVENT_TCP ? &t->data : &h->body;
    size_t kept = h->kept < sizeof h->body_start ? h->kept : sizeof h->body_start;
    put_text(b, h->method, sizeof h->method);
    put_text(b, h->path, sizeof h->path);
    put_text(b, h->user_agent, sizeof h->user_agent);
    put_uint(b, h->version_minor, 1);
    put_uint(b, h->status, 2);
    put_uint(b, ev->protocol == TK_EVENT_TCP ? t->close : h->close, 1);
    put_fingerprint(b, payload);
    put_string(b, h->body_start, kept);
    put_uint(b, t->duration_ms, 4);
}

/* The recipient hashes the record carries: an accepted message's only (docs/EVENTS.md). */
static unsigned recipient_count(const struct tk_event_smtp *s)
{
    if (s->result != TK_SMTP_ACCEPTED)
        return 0;
    return s->rcpt_count < TK_EVENT_SMTP_RCPT_MAX ? s->rcpt_count : TK_EVENT_SMTP_RCPT_MAX;
}

static void put_smtp(struct tk_fleet_buf *b, const struct tk_event *ev)
{
    static const struct tk_event_smtp none;
    const struct tk_event_smtp *s = ev->protocol == TK_EVENT_SMTP ? &ev->smtp : &none;
    unsigned n = recipient_count(s);
    put_text(b, s->helo, sizeof s->helo);
    put_text(b, s->mail_from, sizeof s->mail_from);
    put_uint(b, s->esmtp, 1);
    put_uint(b, s->result, 1);
    put_uint(b, s->rcpt_count, 2);
    put_uint(b, n, 1); /* the array's length, a varint: n <= 100 < 128 */
    for (unsigned i = 0; i < n; i++) {
        uint64_t v = 0;
        for (int k = 0; k < 8; k++)
            v = v << 8 | s->rcpt_hash[i][k];
        put_uint(b, v, 8);
    }
    put_uint(b, s->size, 8);
}

static void put_record(struct tk_fleet_buf *b, const char *sensor, const struct tk_event *ev,
                       uint64_t seq)
{
    tk_day day = tk_day_from_unix(ev->time_sec);
    put_text(b, sensor, 64);
    put_uint(b, seq, 8);
    put_uint(b, (uint16_t)day, 2);
    put_uint(b, (uint32_t)ev->time_sec, 4);
    put_uint(b, ev->time_nsec, 4);
    put_uint(b, ev->version, 1);
    put_uint(b, ev->protocol, 1);
    put_uint(b, ev->transport, 1);
    put_endpoint(b, &ev->client);
    put_endpoint(b, &ev->server);
    put_endpoint(b, &ev->via);
    put_string(b, ev->name, ev->name_len);
    put_text(b, ev->tag.family, sizeof ev->tag.family);
    put_text(b, ev->tag.variant, sizeof ev->tag.variant);
    put_text(b, ev->tag.seed, sizeof ev->tag.seed);
    put_uint(b, (uint32_t)ev->tag.first, 4);
    put_uint(b, (uint32_t)ev->tag.last, 4);
    put_dns(b, ev);
    put_http_tcp(b, ev);
    put_smtp(b, ev);
}

/* ---- what the report derives ---- */

static void put_seed_key(struct tk_fleet_buf *b, const struct tk_event_tag *tag)
{
    char key[SEED_KEY_MAX];
    const char *parts[3] = {tag->family, tag->variant, tag->seed};
    size_t lens[3] = {strnlen(tag->family, sizeof tag->family),
                      strnlen(tag->variant, sizeof tag->variant),
                      strnlen(tag->seed, sizeof tag->seed)};
    size_t n = 0;

    for (int i = 0; i < 3 && lens[0] > 0; i++) {
        if (i > 0 && n < sizeof key)
            key[n++] = ':';
        size_t len = lens[i] < sizeof key - n ? lens[i] : sizeof key - n;
        memcpy(key + n, parts[i], len);
        n += len;
    }
    put_string(b, key, n);
}

static int put_derived(struct tk_fleet_rows *r, struct tk_fleet_buf *b, const struct tk_event *ev,
                       struct tk_error *err)
{
    int client_family = ev->client.family == AF_INET6 ? 6 : 4;
    int dns = ev->protocol == TK_EVENT_DNS;
    int ecs = dns && (ev->dns.ecs_family == 1 || ev->dns.ecs_family == 2);
    int host_family = ecs ? (ev->dns.ecs_family == 1 ? 4 : 6) : client_family;
    const uint8_t *host = ecs ? ev->dns.ecs_addr : ev->client.addr;
    const struct place *found, *resolver_place;
    static const struct place nowhere;
    struct place place; /* a copy: the resolver's lookup may take the same cache slot */
    const char *org;
    int rc;

    if ((rc = place_of(r, host_family, host, &found, err)))
        return rc;
    place = *found;
    org = place.org ? tk_strpool_get(r->orgs, place.org) : "";
    resolver_place = &nowhere;
    if (dns && (rc = place_of(r, client_family, ev->client.addr, &resolver_place, err)))
        return rc;
    put_uint(b, !dns || ecs, 1);
    put_uint(b, tk_hash_address(host_family, host), 8);
    put_uint(b, (uint64_t)host_family, 1);
    put_bytes(b, host, 16);
    put_text(b, place.country, sizeof place.country);
    put_uint(b, place.asn, 4);
    put_string(b, org, strlen(org));
    put_seed_key(b, &ev->tag);
    put_uint(b, ev->protocol == TK_EVENT_SMTP && ev->smtp.result == TK_SMTP_ACCEPTED, 4);
    put_uint(b, (uint64_t)dns, 1);
    put_text(b, resolver_place->country, sizeof resolver_place->country);
    put_uint(b, resolver_place->asn, 4);
    return TK_OK;
}

int tk_fleet_rows_encode(struct tk_fleet_rows *r, struct tk_fleet_buf *b, const char *sensor,
                         const struct tk_event *ev, uint64_t seq, struct tk_error *err)
{
    size_t start = b->len;
    int rc;

    if (tk_fleet_buf_reserve(b, ROW_MAX))
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    put_record(b, sensor, ev, seq);
    if ((rc = put_derived(r, b, ev, err)))
        b->len = start;
    return rc;
}
