/* event_binary.c - struct tk_event to takedown.Event protobuf messages, through the
 * protobuf-c code generated from takedown_event.proto (see include/takedown/event_binary.h);
 * they are read back by hand (event_binary_read.c). */
#include "takedown/event_binary.h"

#include <string.h>
#include <sys/socket.h>

#include "takedown_event.pb-c.h"

static ProtobufCBinaryData bytes(const void *data, size_t len)
{
    return (ProtobufCBinaryData){len, (uint8_t *)(uintptr_t)data};
}

static char *text(const char *s)
{
    return (char *)(uintptr_t)s;
}

static void put_endpoint(Takedown__Endpoint *out, const struct tk_event_endpoint *e)
{
    takedown__endpoint__init(out);
    out->address = bytes(e->addr, e->family == AF_INET6 ? 16 : 4);
    out->port = e->port;
}

static void put_fingerprint(Takedown__Fingerprint *out, const struct tk_event_fingerprint *f)
{
    takedown__fingerprint__init(out);
    out->bytes = f->bytes;
    if (f->hashed) {
        out->has_hashed = out->has_xxh128 = 1;
        out->hashed = f->hashed;
        out->xxh128 = bytes(f->hash, sizeof f->hash);
    }
}

/* Every sub-message lives here, on the encoder's stack. */
struct parts {
    Takedown__Event event;
    Takedown__Endpoint client, server, via;
    Takedown__Tag tag;
    Takedown__Dns dns;
    Takedown__Http http;
    Takedown__Tcp tcp;
    Takedown__Smtp smtp;
    Takedown__Fingerprint fingerprint;
    uint64_t rcpt[TK_EVENT_SMTP_RCPT_MAX];
};

static void put_dns(struct parts *p, const struct tk_event_dns *d)
{
    Takedown__Dns *m = &p->dns;
    takedown__dns__init(m);
    m->qtype = d->qtype;
    m->rcode = d->rcode;
    m->has_qclass = d->qclass != 1;
    m->qclass = d->qclass;
    if (d->edns_udp) {
        m->has_edns_udp = m->has_edns_version = 1;
        m->edns_udp = d->edns_udp;
        m->edns_version = d->edns_version;
    }
    m->has_truncated = d->truncated != 0;
    m->truncated = d->truncated != 0;
    m->has_drop = d->drop != 0;
    m->drop = d->drop;
    if (d->ecs_family == 1 || d->ecs_family == 2) {
        m->has_ecs_family = m->has_ecs_source = m->has_ecs_address = 1;
        m->ecs_family = d->ecs_family;
        m->ecs_source = d->ecs_source;
        m->ecs_address = bytes(d->ecs_addr, d->ecs_family == 2 ? 16 : 4);
    }
    if (d->message_len) {
        m->has_message = 1;
        m->message = bytes(d->message, d->message_len < TK_EVENT_DNS_MESSAGE_MAX
                                           ? d->message_len : TK_EVENT_DNS_MESSAGE_MAX);
    }
    p->event.dns = m;
}

static void put_http(struct parts *p, const struct tk_event_http *h)
{
    Takedown__Http *m = &p->http;
    takedown__http__init(m);
    m->method = text(h->method);
    m->path = text(h->path);
    m->version_minor = h->version_minor;
    if (h->user_agent[0])
        m->user_agent = text(h->user_agent);
    m->status = h->status;
    if (h->status == 0 || h->status == 408) {
        m->has_close = 1;
        m->close = h->close;
    }
    put_fingerprint(&p->fingerprint, &h->body);
    m->body = &p->fingerprint;
    if (h->kept) {
        m->has_body_start = 1;
        m->body_start = bytes(h->body_start, h->kept < TK_EVENT_BODY_MAX ? h->kept
                                                                           : TK_EVENT_BODY_MAX);
    }
    p->event.http = m;
}

static void put_tcp(struct parts *p, const struct tk_event_tcp *t)
{
    Takedown__Tcp *m = &p->tcp;
    takedown__tcp__init(m);
    put_fingerprint(&p->fingerprint, &t->data);
    m->data = &p->fingerprint;
    m->duration_ms = t->duration_ms;
    m->close = t->close;
    p->event.tcp = m;
}

static void put_smtp(struct parts *p, const struct tk_event_smtp *s)
{
    Takedown__Smtp *m = &p->smtp;
    size_t n = s->rcpt_count < TK_EVENT_SMTP_RCPT_MAX ? s->rcpt_count : TK_EVENT_SMTP_RCPT_MAX;
    takedown__smtp__init(m);
    if (s->helo[0])
        m->helo = text(s->helo);
    m->esmtp = s->esmtp != 0;
    m->result = s->result;
    if (s->result != TK_SMTP_NO_MESSAGE) {
        m->mail_from = text(s->mail_from);
        m->has_size = 1;
        m->size = s->size;
    }
    m->rcpt_count = s->rcpt_count;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = 0;
        for (int b = 7; b >= 0; b--)
            v = v << 8 | s->rcpt_hash[i][b];
        p->rcpt[i] = v;
    }
    m->n_rcpt_hash = n;
    m->rcpt_hash = p->rcpt;
    p->event.smtp = m;
}

size_t tk_event_encode_binary(const struct tk_event *ev, const char *sensor, uint8_t *buf,
                              size_t size)
{
    struct parts p;
    Takedown__Event *m = &p.event;
    takedown__event__init(m);
    m->version = ev->version;
    m->protocol = ev->protocol;
    m->transport = ev->transport;
    m->time_sec = ev->time_sec;
    m->time_nsec = ev->time_nsec;
    if (sensor && sensor[0])
        m->sensor = text(sensor);
    put_endpoint(&p.client, &ev->client);
    put_endpoint(&p.server, &ev->server);
    m->client = &p.client;
    m->server = &p.server;
    if (ev->via.family) {
        put_endpoint(&p.via, &ev->via);
        m->via = &p.via;
    }
    char name[257];
    memcpy(name, ev->name, ev->name_len);
    name[ev->name_len] = '\0';
    if (ev->name_len)
        m->name = name;
    if (ev->tag.family[0]) {
        takedown__tag__init(&p.tag);
        p.tag.family = text(ev->tag.family);
        p.tag.variant = text(ev->tag.variant);
        p.tag.seed = text(ev->tag.seed);
        if (ev->tag.first || ev->tag.last) {
            p.tag.has_first = p.tag.has_last = 1;
            p.tag.first = (int32_t)ev->tag.first;
            p.tag.last = (int32_t)ev->tag.last;
        }
        m->tag = &p.tag;
    }
    if (ev->protocol == TK_EVENT_DNS)
        put_dns(&p, &ev->dns);
    else if (ev->protocol == TK_EVENT_HTTP)
        put_http(&p, &ev->http);
    else if (ev->protocol == TK_EVENT_TCP)
        put_tcp(&p, &ev->tcp);
    else if (ev->protocol == TK_EVENT_SMTP)
        put_smtp(&p, &ev->smtp);
    /* TK_EVENT_BINARY_MAX holds the largest record (a 1 KiB kept body, 100 recipient
     * hashes, every string full), so a buffer that size skips the measuring pass. */
    if (size < TK_EVENT_BINARY_MAX && takedown__event__get_packed_size(m) > size)
        return 0;
    return takedown__event__pack(m, buf);
}
