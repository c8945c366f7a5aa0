/* dns_parse.c - reading one DNS query off the wire (see include/takedown/dns_wire.h): the
 * header and question through the one DNS message reader (src/dns/dns_message.c), then what
 * makes it a query the sinkhole answers, and its EDNS(0) record.
 *
 * Written by hand: it runs for every packet, must not allocate, and must treat every byte
 * as hostile; the general-purpose parsers in Debian (ldns, libknot) allocate per message. */
#include "takedown/dns_wire.h"

#include <string.h>

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static int read_ecs(const uint8_t *opt, uint16_t optlen, struct tk_dns_query *q)
{
    if (optlen < 4)
        return -1;
    uint16_t family = get16(opt);
    uint8_t source = opt[2], scope = opt[3];
    size_t addr_len = (size_t)(optlen - 4);
    if ((family != 1 && family != 2) || scope != 0)
        return -1;
    if (source > (family == 1 ? 32 : 128) || addr_len != (size_t)(source + 7) / 8)
        return -1;
    q->has_ecs = 1;
    q->ecs_family = (uint8_t)family;
    q->ecs_source = source;
    memset(q->ecs_addr, 0, sizeof q->ecs_addr);
    memcpy(q->ecs_addr, opt + 4, addr_len);
    return 0;
}

static int read_opt(const uint8_t *p, size_t len, size_t owner, size_t at,
                    struct tk_dns_query *q)
{
    if (q->has_edns || p[owner] != 0 || at - owner != 1)
        return -1; /* a second OPT, or one whose owner is not the root */
    uint16_t udp = get16(p + at + 2);
    uint8_t version = p[at + 5];
    uint16_t ttl_low = get16(p + at + 6);
    uint16_t rdlen = get16(p + at + 8);
    size_t o = at + 10, end = o + rdlen;
    if (end > len)
        return -1;
    q->has_edns = 1;
    q->edns_udp = udp;
    q->edns_version = version;
    q->edns_do = (ttl_low & 0x8000) != 0;
    while (o < end) {
        if (o + 4 > end)
            return -1;
        uint16_t code = get16(p + o), optlen = get16(p + o + 2);
        if (o + 4 + optlen > end)
            return -1;
        if (code == TK_DNS_OPT_ECS && read_ecs(p + o + 4, optlen, q) != 0)
            return -1;
        o += 4 + (size_t)optlen;
    }
    return 0;
}

enum tk_dns_parse_result tk_dns_parse_query(const uint8_t *p, size_t len, struct tk_dns_query *q)
{
    q->has_edns = 0;
    q->has_ecs = 0;
    q->edns_udp = 0;
    q->edns_version = 0;
    q->edns_do = 0;
    enum tk_dns_read_status status = tk_dns_read_question(p, len, &q->header, &q->question);
    if (status == TK_DNS_READ_NO_HEADER)
        return TK_DNS_DROP;
    const struct tk_dns_header *h = &q->header;
    if (h->flags & 0x8000)
        return TK_DNS_DROP; /* a response: answering it would make a loop */
    if (((h->flags >> 11) & 0xF) != 0)
        return TK_DNS_NOTIMP;
    if (h->qdcount != 1 || h->ancount != 0 || h->nscount != 0 || status != TK_DNS_READ_OK)
        return TK_DNS_FORMERR;

    size_t pos = TK_DNS_HEADER + q->question.len;
    for (uint16_t i = 0; i < h->arcount; i++) {
        size_t owner = pos;
        if (tk_dns_skip_name(p, len, &pos) != 0 || pos + 10 > len)
            return TK_DNS_FORMERR;
        uint16_t type = get16(p + pos), rdlen = get16(p + pos + 8);
        if (pos + 10 + rdlen > len)
            return TK_DNS_FORMERR;
        if (type == TK_DNS_TYPE_OPT && read_opt(p, len, owner, pos, q) != 0)
            return TK_DNS_FORMERR;
        pos += 10 + (size_t)rdlen;
    }
    return TK_DNS_PARSED;
}

size_t tk_dns_name_to_wire(const char *name, uint8_t out[256])
{
    size_t len = strlen(name), o = 0;
    if (len && name[len - 1] == '.')
        len--;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && name[j] != '.')
            j++;
        size_t label = j - i;
        if (label == 0 || label > 63 || o + label + 2 > 255)
            return 0;
        out[o++] = (uint8_t)label;
        memcpy(out + o, name + i, label);
        o += label;
        i = j + 1;
        if (j + 1 == len)
            return 0; /* "a..": empty last label */
    }
    out[o++] = 0;
    return o;
}
