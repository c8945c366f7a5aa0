/* event_binary.c - struct tk_event to and from takedown.Event protobuf messages, through the
 * protobuf-c code generated from takedown_event.proto (see include/takedown/event_binary.h). */
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

/* Decoding: every check that the schema cannot express. */

static int get_endpoint(const Takedown__Endpoint *in, struct tk_event_endpoint *e)
{
    memset(e, 0, sizeof *e);
    if (in == NULL || (in->address.len != 4 && in->address.len != 16) || in->port > 65535)
        return -1;
    e->family = in->address.len == 16 ? AF_INET6 : AF_INET;
    memcpy(e->addr, in->address.data, in->address.len);
    e->port = (uint16_t)in->port;
    return 0;
}

static void get_text(char *dst, size_t size, const char *src)
{
    size_t n = src ? strnlen(src, size - 1) : 0;
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

static int get_fingerprint(const Takedown__Fingerprint *in, struct tk_event_fingerprint *f)
{
    memset(f, 0, sizeof *f);
    if (in == NULL)
        return -1;
    f->bytes = in->bytes;
    if (in->has_hashed) {
        if (!in->has_xxh128 || in->xxh128.len != 16 || in->hashed > 65535)
            return -1;
        f->hashed = (uint16_t)in->hashed;
        memcpy(f->hash, in->xxh128.data, 16);
    }
    return 0;
}

static int get_dns(const Takedown__Dns *in, struct tk_event_dns *d)
{
    memset(d, 0, sizeof *d);
    if (in->qtype > 65535 || in->rcode > 4095 || in->qclass > 65535 || in->edns_udp > 65535
        || in->edns_version > 255 || in->drop > 2 || in->ecs_family > 2 || in->ecs_source > 128)
        return -1;
    d->qtype = (uint16_t)in->qtype;
    d->qclass = in->has_qclass ? (uint16_t)in->qclass : 1;
    d->rcode = (uint16_t)in->rcode;
    d->edns_udp = (uint16_t)in->edns_udp;
    d->edns_version = (uint8_t)in->edns_version;
    d->truncated = in->truncated;
    d->drop = (uint8_t)in->drop;
    d->ecs_family = (uint8_t)in->ecs_family;
    d->ecs_source = (uint8_t)in->ecs_source;
    if (in->has_ecs_address) {
        if (in->ecs_address.len > 16)
            return -1;
        memcpy(d->ecs_addr, in->ecs_address.data, in->ecs_address.len);
    }
    if (in->has_message) {
        size_t n = in->message.len < TK_EVENT_DNS_MESSAGE_MAX ? in->message.len
                                                              : TK_EVENT_DNS_MESSAGE_MAX;
        memcpy(d->message, in->message.data, n);
        d->message_len = (uint16_t)n;
    }
    return 0;
}

static int get_http(const Takedown__Http *in, struct tk_event_http *h)
{
    if (in->version_minor > 9 || in->status > 999 || (in->has_close && in->close > TK_CLOSE_STOP))
        return -1;
    h->close = in->has_close ? (uint8_t)in->close : TK_CLOSE_EOF;
    get_text(h->method, sizeof h->method, in->method);
    get_text(h->path, sizeof h->path, in->path);
    get_text(h->user_agent, sizeof h->user_agent, in->user_agent);
    h->version_minor = (uint8_t)in->version_minor;
    h->status = (uint16_t)in->status;
    h->kept = 0;
    if (in->has_body_start) {
        if (in->body_start.len > TK_EVENT_BODY_MAX)
            return -1;
        memcpy(h->body_start, in->body_start.data, in->body_start.len);
        h->kept = (uint16_t)in->body_start.len;
    }
    return get_fingerprint(in->body, &h->body);
}

static int get_smtp(const Takedown__Smtp *in, struct tk_event_smtp *s)
{
    if (in->result > TK_SMTP_NO_MESSAGE || in->rcpt_count > 65535
        || in->n_rcpt_hash > TK_EVENT_SMTP_RCPT_MAX || in->n_rcpt_hash > in->rcpt_count)
        return -1;
    get_text(s->helo, sizeof s->helo, in->helo);
    get_text(s->mail_from, sizeof s->mail_from, in->mail_from);
    s->esmtp = in->esmtp;
    s->result = (uint8_t)in->result;
    s->rcpt_count = (uint16_t)in->rcpt_count;
    s->size = in->size;
    for (size_t i = 0; i < in->n_rcpt_hash; i++)
        for (int b = 0; b < 8; b++)
            s->rcpt_hash[i][b] = (uint8_t)(in->rcpt_hash[i] >> (8 * b));
    return 0;
}

static int get_tag(const Takedown__Tag *in, struct tk_event_tag *t)
{
    memset(t, 0, sizeof *t);
    if (in == NULL)
        return 0;
    if (in->family[0] == '\0')
        return -1;
    get_text(t->family, sizeof t->family, in->family);
    get_text(t->variant, sizeof t->variant, in->variant);
    get_text(t->seed, sizeof t->seed, in->seed);
    t->first = in->first;
    t->last = in->last;
    return 0;
}

static int get_details(const Takedown__Event *m, struct tk_event *ev)
{
    switch (m->protocol) {
    case TK_EVENT_DNS: return m->dns ? get_dns(m->dns, &ev->dns) : -1;
    case TK_EVENT_HTTP: return m->http ? get_http(m->http, &ev->http) : -1;
    case TK_EVENT_TCP:
        if (m->tcp == NULL || m->tcp->close > TK_CLOSE_STOP)
            return -1;
        ev->tcp.duration_ms = m->tcp->duration_ms;
        ev->tcp.close = (uint8_t)m->tcp->close;
        return get_fingerprint(m->tcp->data, &ev->tcp.data);
    case TK_EVENT_SMTP: return m->smtp ? get_smtp(m->smtp, &ev->smtp) : -1;
    default: return -1;
    }
}

int tk_event_decode_binary(const uint8_t *data, size_t len, struct tk_event *ev, char sensor[64],
                           struct tk_error *err)
{
    Takedown__Event *m = takedown__event__unpack(NULL, len, data);
    int rc = TK_OK;
    if (m == NULL)
        return tk_error_set(err, TK_ERR_DATA, "not a takedown.Event protobuf message");
    memset(ev, 0, sizeof *ev);
    ev->version = (uint16_t)(m->version > 65535 ? 0 : m->version);
    ev->protocol = (uint8_t)m->protocol;
    ev->transport = (uint8_t)m->transport;
    ev->time_sec = m->time_sec;
    ev->time_nsec = m->time_nsec;
    get_text(sensor, 64, m->sensor);
    size_t name_len = m->name ? strlen(m->name) : 0;
    if (m->version == 0 || m->version > 65535 || m->transport < 1 || m->transport > 2
        || m->time_nsec >= 1000000000u || name_len > 255
        || get_endpoint(m->client, &ev->client) || get_endpoint(m->server, &ev->server)
        || (m->via && get_endpoint(m->via, &ev->via)) || get_tag(m->tag, &ev->tag)
        || get_details(m, ev)) {
        rc = tk_error_set(err, TK_ERR_DATA, "a takedown.Event with a field out of range");
    } else if (tk_event_text_problem(ev, sensor)) {
        rc = tk_error_set(err, TK_ERR_DATA, "a takedown.Event with %s",
                          tk_event_text_problem(ev, sensor));
    } else {
        memcpy(ev->name, m->name ? m->name : "", name_len + 1);
        ev->name_len = (uint8_t)name_len;
    }
    takedown__event__free_unpacked(m, NULL);
    return rc;
}
