/* event_binary_read.c - one takedown.Event protobuf message (takedown_event.proto) back into
 * a struct tk_event (see include/takedown/event_binary.h), decoded by hand with the reader
 * layer's protobuf reader (protobuf_wire.h), as every protobuf the readers take is: no
 * allocation per record. Every field keeps the range checks the schema cannot express; a
 * required field missing, or a field of the wrong wire type, makes the message invalid. */
#include "takedown/event_binary.h"

#include <string.h>
#include <sys/socket.h>

#include "takedown/protobuf_wire.h"

#define FIELDS 16 /* every message of the schema numbers its fields below 16 */

/* The fields of one message by number, the last of each kept; numbers of later versions
 * are skipped. */
struct msg {
    struct pb_field f[FIELDS];
    unsigned have;
};

static int msg_read(const uint8_t *p, size_t len, struct msg *m)
{
    const uint8_t *end = p + len;
    struct pb_field f;
    int rc;
    m->have = 0;
    while ((rc = pb_next_field(&p, end, &f)) == 1)
        if (f.number < FIELDS) {
            m->f[f.number] = f;
            m->have |= 1u << f.number;
        }
    return rc;
}

static int has(const struct msg *m, unsigned n)
{
    return (m->have >> n) & 1;
}

/* A varint field into *out (0 when absent); -1 when it is of another wire type, or absent
 * and required. */
static int varint(const struct msg *m, unsigned n, int required, uint64_t *out)
{
    *out = 0;
    if (!has(m, n))
        return required ? -1 : 0;
    if (m->f[n].type != PB_VARINT)
        return -1;
    *out = m->f[n].value;
    return 0;
}

/* A uint32 field, cut to 32 bits as protobuf-c reads it. */
static int u32(const struct msg *m, unsigned n, int required, uint32_t *out)
{
    uint64_t v;
    int rc = varint(m, n, required, &v);
    *out = (uint32_t)v;
    return rc;
}

/* A bytes, string or sub-message field: its bytes (len 0 when absent). */
static int bytes(const struct msg *m, unsigned n, int required, const uint8_t **data,
                 size_t *len)
{
    *data = (const uint8_t *)"";
    *len = 0;
    if (!has(m, n))
        return required ? -1 : 0;
    if (m->f[n].type != PB_BYTES)
        return -1;
    *data = m->f[n].data;
    *len = m->f[n].len;
    return 0;
}

/* A string field into dst, cut at a NUL or to fit, as protobuf-c's C string would be. */
static int text(const struct msg *m, unsigned n, int required, char *dst, size_t size)
{
    const uint8_t *data;
    size_t len;
    if (bytes(m, n, required, &data, &len))
        return -1;
    len = strnlen((const char *)data, len < size - 1 ? len : size - 1);
    memcpy(dst, data, len);
    dst[len] = '\0';
    return 0;
}

/* A sub-message field into sub; -1 when absent and required, or malformed. */
static int sub(const struct msg *m, unsigned n, int required, struct msg *out, int *present)
{
    const uint8_t *data;
    size_t len;
    *present = has(m, n);
    if (bytes(m, n, required, &data, &len))
        return -1;
    return *present && msg_read(data, len, out) < 0 ? -1 : 0;
}

static int get_endpoint(const struct msg *m, unsigned n, int required,
                        struct tk_event_endpoint *e)
{
    struct msg ep;
    const uint8_t *addr;
    size_t len;
    uint32_t port;
    int present;
    memset(e, 0, sizeof *e);
    if (sub(m, n, required, &ep, &present))
        return -1;
    if (!present)
        return 0;
    if (bytes(&ep, 1, 1, &addr, &len) || u32(&ep, 2, 1, &port) || (len != 4 && len != 16)
        || port > 65535)
        return -1;
    e->family = len == 16 ? AF_INET6 : AF_INET;
    memcpy(e->addr, addr, len);
    e->port = (uint16_t)port;
    return 0;
}

static int get_fingerprint(const struct msg *m, unsigned n, struct tk_event_fingerprint *f)
{
    struct msg fp;
    const uint8_t *hash;
    size_t len;
    uint32_t hashed;
    int present;
    memset(f, 0, sizeof *f);
    if (sub(m, n, 1, &fp, &present) || varint(&fp, 1, 1, &f->bytes) || u32(&fp, 2, 0, &hashed)
        || bytes(&fp, 3, 0, &hash, &len))
        return -1;
    if (has(&fp, 2)) {
        if (!has(&fp, 3) || len != 16 || hashed > 65535)
            return -1;
        f->hashed = (uint16_t)hashed;
        memcpy(f->hash, hash, 16);
    }
    return 0;
}

static int get_dns(const struct msg *in, struct tk_event_dns *d)
{
    uint32_t qtype, qclass, rcode, udp, version, drop, family, source;
    uint64_t tc;
    const uint8_t *ecs, *message;
    size_t ecs_len, message_len;
    memset(d, 0, sizeof *d);
    if (u32(in, 1, 1, &qtype) || u32(in, 2, 0, &qclass) || u32(in, 3, 1, &rcode)
        || u32(in, 4, 0, &udp) || u32(in, 5, 0, &version) || varint(in, 6, 0, &tc)
        || u32(in, 7, 0, &drop) || u32(in, 8, 0, &family) || u32(in, 9, 0, &source)
        || bytes(in, 10, 0, &ecs, &ecs_len) || bytes(in, 11, 0, &message, &message_len))
        return -1;
    if (qtype > 65535 || rcode > 4095 || qclass > 65535 || udp > 65535 || version > 255
        || drop > 2 || family > 2 || source > 128 || ecs_len > 16)
        return -1;
    d->qtype = (uint16_t)qtype;
    d->qclass = has(in, 2) ? (uint16_t)qclass : 1;
    d->rcode = (uint16_t)rcode;
    d->edns_udp = (uint16_t)udp;
    d->edns_version = (uint8_t)version;
    d->truncated = tc != 0;
    d->drop = (uint8_t)drop;
    d->ecs_family = (uint8_t)family;
    d->ecs_source = (uint8_t)source;
    memcpy(d->ecs_addr, ecs, ecs_len);
    d->message_len = (uint16_t)(message_len < TK_EVENT_DNS_MESSAGE_MAX ? message_len
                                                                        : TK_EVENT_DNS_MESSAGE_MAX);
    memcpy(d->message, message, d->message_len);
    return 0;
}

static int get_http(const struct msg *in, struct tk_event_http *h)
{
    uint32_t minor, status, close;
    const uint8_t *start;
    size_t start_len;
    if (text(in, 1, 1, h->method, sizeof h->method) || text(in, 2, 1, h->path, sizeof h->path)
        || u32(in, 3, 1, &minor) || text(in, 4, 0, h->user_agent, sizeof h->user_agent)
        || u32(in, 5, 1, &status) || bytes(in, 7, 0, &start, &start_len)
        || u32(in, 8, 0, &close))
        return -1;
    if (minor > 9 || status > 999 || close > TK_CLOSE_STOP || start_len > TK_EVENT_BODY_MAX)
        return -1;
    h->close = has(in, 8) ? (uint8_t)close : TK_CLOSE_EOF;
    h->version_minor = (uint8_t)minor;
    h->status = (uint16_t)status;
    memcpy(h->body_start, start, start_len);
    h->kept = (uint16_t)start_len;
    return get_fingerprint(in, 6, &h->body);
}

static int get_tcp(const struct msg *in, struct tk_event_tcp *t)
{
    uint32_t close;
    if (u32(in, 2, 1, &t->duration_ms) || u32(in, 3, 1, &close) || close > TK_CLOSE_STOP)
        return -1;
    t->close = (uint8_t)close;
    return get_fingerprint(in, 1, &t->data);
}

/* The recipients' hashes: field 6, packed fixed64 (or, as protobuf-c also takes, one
 * fixed64 per field), little-endian bytes; at most max of them. */
static int get_hashes(const uint8_t *p, size_t len, struct tk_event_smtp *s, size_t max,
                      size_t *count)
{
    const uint8_t *end = p + len;
    struct pb_field f;
    int rc;
    *count = 0;
    while ((rc = pb_next_field(&p, end, &f)) == 1) {
        if (f.number != 6)
            continue;
        if (f.type == PB_FIXED64) {
            if (*count == max)
                return -1;
            for (int b = 0; b < 8; b++)
                s->rcpt_hash[*count][b] = (uint8_t)(f.value >> (8 * b));
            ++*count;
        } else if (f.type == PB_BYTES && f.len % 8 == 0 && f.len / 8 <= max - *count) {
            for (size_t i = 0; i < f.len; i += 8, ++*count)
                memcpy(s->rcpt_hash[*count], f.data + i, 8);
        } else {
            return -1;
        }
    }
    return rc;
}

static int get_smtp(const struct msg *in, const uint8_t *data, size_t len,
                    struct tk_event_smtp *s)
{
    uint64_t esmtp;
    uint32_t result, rcpt_count;
    size_t hashes;
    if (text(in, 1, 0, s->helo, sizeof s->helo) || varint(in, 2, 1, &esmtp)
        || u32(in, 3, 1, &result) || text(in, 4, 0, s->mail_from, sizeof s->mail_from)
        || u32(in, 5, 1, &rcpt_count) || varint(in, 7, 0, &s->size))
        return -1;
    if (result > TK_SMTP_NO_MESSAGE || rcpt_count > 65535
        || get_hashes(data, len, s, TK_EVENT_SMTP_RCPT_MAX, &hashes) || hashes > rcpt_count)
        return -1;
    s->esmtp = esmtp != 0;
    s->result = (uint8_t)result;
    s->rcpt_count = (uint16_t)rcpt_count;
    return 0;
}

static int get_tag(const struct msg *m, struct tk_event_tag *t)
{
    struct msg tag;
    uint64_t first, last;
    int present;
    memset(t, 0, sizeof *t);
    if (sub(m, 11, 0, &tag, &present))
        return -1;
    if (!present)
        return 0;
    if (text(&tag, 1, 1, t->family, sizeof t->family) || t->family[0] == '\0'
        || text(&tag, 2, 0, t->variant, sizeof t->variant)
        || text(&tag, 3, 0, t->seed, sizeof t->seed) || varint(&tag, 4, 0, &first)
        || varint(&tag, 5, 0, &last))
        return -1;
    t->first = (int32_t)first;
    t->last = (int32_t)last;
    return 0;
}

/* The protocol's own message: field 12 (dns), 13 (http), 14 (tcp) or 15 (smtp). */
static int get_details(const struct msg *m, struct tk_event *ev)
{
    static const unsigned field[] = {0, 12, 13, 14, 15};
    const uint8_t *data;
    size_t len;
    struct msg in;
    if (ev->protocol < TK_EVENT_DNS || ev->protocol > TK_EVENT_SMTP
        || bytes(m, field[ev->protocol], 1, &data, &len) || msg_read(data, len, &in) < 0)
        return -1;
    switch (ev->protocol) {
    case TK_EVENT_DNS: return get_dns(&in, &ev->dns);
    case TK_EVENT_HTTP: return get_http(&in, &ev->http);
    case TK_EVENT_TCP: return get_tcp(&in, &ev->tcp);
    default: return get_smtp(&in, data, len, &ev->smtp);
    }
}

/* The fields of Event itself; -1 when one is missing or out of range. */
static int get_event(const struct msg *m, struct tk_event *ev, char sensor[64])
{
    uint32_t version, protocol, transport, nsec;
    uint64_t sec;
    const uint8_t *name;
    size_t name_len;
    if (u32(m, 1, 1, &version) || u32(m, 2, 1, &protocol) || u32(m, 3, 1, &transport)
        || varint(m, 4, 1, &sec) || u32(m, 5, 1, &nsec) || text(m, 6, 0, sensor, 64)
        || bytes(m, 10, 0, &name, &name_len))
        return -1;
    name_len = strnlen((const char *)name, name_len);
    ev->version = (uint16_t)(version > 65535 ? 0 : version);
    ev->protocol = (uint8_t)protocol;
    ev->transport = (uint8_t)transport;
    ev->time_sec = (int64_t)sec;
    ev->time_nsec = nsec;
    if (version == 0 || version > 65535 || transport < 1 || transport > 2 || nsec >= 1000000000u
        || name_len > 255 || protocol > 255 || get_endpoint(m, 7, 1, &ev->client)
        || get_endpoint(m, 8, 1, &ev->server) || get_endpoint(m, 9, 0, &ev->via)
        || get_tag(m, &ev->tag) || get_details(m, ev))
        return -1;
    memcpy(ev->name, name, name_len);
    ev->name[name_len] = '\0';
    ev->name_len = (uint8_t)name_len;
    return 0;
}

int tk_event_decode_binary(const uint8_t *data, size_t len, struct tk_event *ev, char sensor[64],
                           struct tk_error *err)
{
    struct msg m;
    memset(ev, 0, sizeof *ev);
    sensor[0] = '\0';
    if (msg_read(data, len, &m) < 0)
        return tk_error_set(err, TK_ERR_DATA, "not a takedown.Event protobuf message");
    if (get_event(&m, ev, sensor))
        return tk_error_set(err, TK_ERR_DATA, "a takedown.Event with a field out of range");
    if (tk_event_text_problem(ev, sensor))
        return tk_error_set(err, TK_ERR_DATA, "a takedown.Event with %s",
                            tk_event_text_problem(ev, sensor));
    return TK_OK;
}
