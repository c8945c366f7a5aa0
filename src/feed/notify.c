/* notify.c - NOTIFY (RFC 1996) to the secondaries after each slide: one message per
 * secondary from the feed's own UDP socket (so that its source is the primary's address),
 * sent again after 1, 2, 4 and 8 seconds until the secondary answers with the same ID. */
#include "feed/server_internal.h"

#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/random.h>

static uint16_t random_id(void)
{
    uint16_t id = 0;
    if (getrandom(&id, sizeof id, 0) != sizeof id)
        id = (uint16_t)rand();
    return id;
}

static socklen_t length_of(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

/* NOTIFY for the zone with its SOA in the answer section (RFC 1996 3.7). */
static size_t build(struct tk_feed_server *s, const struct feed_notify *n, uint8_t *buf,
                    size_t cap)
{
    struct feed_message m = {buf, 0, cap, 0};
    uint8_t *p = buf;
    unsigned flags = TK_DNS_OPCODE_NOTIFY << 11 | 0x0400;
    memset(p, 0, TK_DNS_HEADER);
    p[0] = (uint8_t)(n->id >> 8);
    p[1] = (uint8_t)n->id;
    p[2] = (uint8_t)(flags >> 8);
    p[3] = (uint8_t)flags;
    p[5] = 1;
    m.len = TK_DNS_HEADER;
    memcpy(buf + m.len, s->zone.apex, s->zone.apex_len);
    m.len += s->zone.apex_len;
    uint8_t type_class[4] = {0, TK_DNS_TYPE_SOA, 0, TK_DNS_CLASS_IN};
    memcpy(buf + m.len, type_class, 4);
    m.len += 4;
    feed_put_soa(&m, &s->zone, n->serial, cap);
    feed_message_finish(&m);
    return m.len;
}

static void send_one(struct tk_feed_server *s, struct feed_notify *n, time_t now)
{
    uint8_t buf[512];
    char peer[80];
    size_t len = build(s, n, buf, sizeof buf);
    feed_peer_text(&n->to, peer, sizeof peer);
    sendto(s->udp, buf, len, 0, (const struct sockaddr *)&n->to, length_of(&n->to));
    n->tries++;
    n->next = now + (1 << (n->tries - 1));
    feed_log(s, TK_FEED_LOG_NOTIFY, "notify %s serial %u sent (try %d)", peer,
             (unsigned)n->serial, n->tries);
}

void feed_notify_all(struct tk_feed_server *s)
{
    time_t now = time(NULL);
    for (size_t i = 0; i < s->config.notify_count; i++) {
        struct feed_notify *n = &s->notify[i];
        n->to = s->config.notify[i];
        n->id = random_id();
        n->serial = tk_feed_serial(s->feed);
        n->tries = 0;
        send_one(s, n, now);
    }
}

void feed_notify_due(struct tk_feed_server *s, time_t now)
{
    char peer[80];
    for (size_t i = 0; i < s->config.notify_count; i++) {
        struct feed_notify *n = &s->notify[i];
        if (n->tries == 0 || now < n->next)
            continue;
        if (n->tries < FEED_NOTIFY_TRIES) {
            send_one(s, n, now);
            continue;
        }
        feed_peer_text(&n->to, peer, sizeof peer);
        feed_log(s, TK_FEED_LOG_NOTIFY, "notify %s serial %u not answered after %d tries; "
                 "it will poll at the SOA refresh", peer, (unsigned)n->serial, n->tries);
        n->tries = 0;
    }
}

static int same_address(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    return a->ss_family == b->ss_family && memcmp(a, b, length_of(a)) == 0;
}

void feed_notify_answered(struct tk_feed_server *s, const struct tk_feed_request *r,
                          const struct sockaddr_storage *from)
{
    char peer[80];
    for (size_t i = 0; i < s->config.notify_count; i++) {
        struct feed_notify *n = &s->notify[i];
        if (n->tries == 0 || n->id != r->header.id || !same_address(&n->to, from))
            continue;
        feed_peer_text(from, peer, sizeof peer);
        feed_log(s, TK_FEED_LOG_NOTIFY, "notify %s serial %u answered (rcode %u)", peer,
                 (unsigned)n->serial, (unsigned)(r->header.flags & 0xF));
        n->tries = 0;
    }
}
