/* message.c - writing the feed's responses: header, the request's question, and the zone's
 * records (SOA, NS, one CNAME policy record per name). Owner names under the apex are written
 * as their labels followed by a compression pointer to the question name at offset 12, which
 * is the apex, so a record of a 16-byte name takes about 30 bytes. */
#include "feed/feed_internal.h"

#include <string.h>

#define POINTER_TO_QUESTION 0xC00C

static void put16(struct feed_message *m, unsigned v)
{
    m->buf[m->len++] = (uint8_t)(v >> 8);
    m->buf[m->len++] = (uint8_t)v;
}

static void put32(struct feed_message *m, uint32_t v)
{
    put16(m, v >> 16);
    put16(m, v & 0xFFFF);
}

static void put_bytes(struct feed_message *m, const void *p, size_t n)
{
    memcpy(m->buf + m->len, p, n);
    m->len += n;
}

void feed_message_start(struct feed_message *m, const uint8_t *req,
                        const struct tk_feed_request *r, unsigned rcode)
{
    unsigned flags = 0x8000 | (r->opcode << 11) | 0x0400 | (r->header.flags & 0x0100) | rcode;
    m->len = 0;
    m->answers = 0;
    put16(m, r->header.id);
    put16(m, flags);
    put16(m, 1);
    put16(m, 0);
    put16(m, 0);
    put16(m, 0);
    put_bytes(m, req + TK_DNS_HEADER, r->question.len);
}

void feed_message_finish(struct feed_message *m)
{
    m->buf[6] = (uint8_t)(m->answers >> 8);
    m->buf[7] = (uint8_t)m->answers;
}

/* The type, class, TTL and length of a record whose data is rdlength bytes. */
static void put_record_head(struct feed_message *m, const struct feed_zone *z, unsigned type,
                            size_t rdlength)
{
    put16(m, type);
    put16(m, TK_DNS_CLASS_IN);
    put32(m, z->ttl);
    put16(m, (unsigned)rdlength);
    m->answers++;
}

int feed_put_soa(struct feed_message *m, const struct feed_zone *z, uint32_t serial,
                 size_t limit)
{
    static const uint8_t mname[] = "\x09localhost";      /* with the root label: 11 bytes */
    static const uint8_t rname[] = "\x0ahostmaster";     /* then a pointer to the apex */
    size_t rdlength = 11 + 11 + 2 + 20;
    if (m->len + 2 + 10 + rdlength > limit)
        return -1;
    put16(m, POINTER_TO_QUESTION);
    put_record_head(m, z, TK_DNS_TYPE_SOA, rdlength);
    put_bytes(m, mname, 11);
    put_bytes(m, rname, 11);
    put16(m, POINTER_TO_QUESTION);
    put32(m, serial);
    put32(m, 3600);   /* refresh: NOTIFY tells secondaries sooner */
    put32(m, 300);    /* retry */
    put32(m, 1209600); /* expire: two weeks without the primary */
    put32(m, z->ttl); /* negative caching */
    return 0;
}

int feed_put_ns(struct feed_message *m, const struct feed_zone *z, size_t limit)
{
    static const uint8_t localhost[] = "\x09localhost";
    if (m->len + 2 + 10 + 11 > limit)
        return -1;
    put16(m, POINTER_TO_QUESTION);
    put_record_head(m, z, TK_DNS_TYPE_NS, 11);
    put_bytes(m, localhost, 11);
    return 0;
}

/* One CNAME record owned by name under the apex, with star: *.name. */
static void put_cname(struct feed_message *m, const struct feed_zone *z, const char *name,
                      size_t len, int star)
{
    size_t i = 0;
    if (star) {
        m->buf[m->len++] = 1;
        m->buf[m->len++] = '*';
    }
    while (i < len) {
        size_t start = i;
        while (i < len && name[i] != '.')
            i++;
        m->buf[m->len++] = (uint8_t)(i - start);
        put_bytes(m, name + start, i - start);
        i++;
    }
    put16(m, POINTER_TO_QUESTION);
    put_record_head(m, z, TK_DNS_TYPE_CNAME, z->target_len);
    put_bytes(m, z->target, z->target_len);
}

int feed_put_policy(struct feed_message *m, const struct feed_zone *z, const char *name,
                    size_t len, size_t limit)
{
    size_t one = len + 1 + 2 + 10 + z->target_len;
    if (m->len + one + (z->wildcard ? one + 2 : 0) > limit)
        return -1;
    put_cname(m, z, name, len, 0);
    if (z->wildcard)
        put_cname(m, z, name, len, 1);
    return 0;
}
