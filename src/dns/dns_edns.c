/* dns_edns.c - the EDNS(0) OPT record (RFC 6891) and its Client Subnet option (RFC 7871)
 * among the records after a DNS message's question (see include/takedown/dns_message.h).
 * The sinkhole reads the queries it answers with it, report the DNS messages of dnstap
 * records. */
#include "takedown/dns_message.h"

#include <string.h>

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* A Client Subnet option's optlen bytes at opt into e. */
static enum tk_dns_read_status read_ecs(const uint8_t *opt, uint16_t optlen,
                                        struct tk_dns_edns *e)
{
    if (optlen < 4)
        return TK_DNS_READ_BAD_OPT;
    uint16_t family = get16(opt);
    uint8_t source = opt[2];
    size_t addr_len = (size_t)(optlen - 4);
    if (family != 1 && family != 2)
        return TK_DNS_READ_BAD_OPT;
    if (source > (family == 1 ? 32 : 128) || addr_len != (size_t)(source + 7) / 8)
        return TK_DNS_READ_BAD_OPT;
    e->has_ecs = 1;
    e->ecs_family = (uint8_t)family;
    e->ecs_source = source;
    e->ecs_scope = opt[3];
    memset(e->ecs_addr, 0, sizeof e->ecs_addr);
    memcpy(e->ecs_addr, opt + 4, addr_len);
    return TK_DNS_READ_OK;
}

/* The OPT record whose owner name starts at msg[owner] and whose type field is at msg[at]
 * (its rdata is within the message). */
static enum tk_dns_read_status read_opt(const uint8_t *msg, size_t owner, size_t at,
                                        struct tk_dns_edns *e)
{
    if (e->present || msg[owner] != 0 || at - owner != 1)
        return TK_DNS_READ_BAD_OPT; /* a second OPT, or one whose owner is not the root */
    size_t o = at + 10, end = o + get16(msg + at + 8);
    e->present = 1;
    e->udp = get16(msg + at + 2);
    e->version = msg[at + 5];
    e->dnssec_ok = (get16(msg + at + 6) & 0x8000) != 0;
    while (o < end) {
        if (o + 4 > end)
            return TK_DNS_READ_BAD_OPT;
        uint16_t code = get16(msg + o), optlen = get16(msg + o + 2);
        if (o + 4 + optlen > end)
            return TK_DNS_READ_BAD_OPT;
        if (code == TK_DNS_OPT_ECS && read_ecs(msg + o + 4, optlen, e) != TK_DNS_READ_OK)
            return TK_DNS_READ_BAD_OPT;
        o += 4 + (size_t)optlen;
    }
    return TK_DNS_READ_OK;
}

enum tk_dns_read_status tk_dns_read_edns(const uint8_t *msg, size_t len, size_t pos,
                                         unsigned count, struct tk_dns_edns *e)
{
    memset(e, 0, sizeof *e);
    for (unsigned i = 0; i < count; i++) {
        size_t owner = pos;
        if (tk_dns_skip_name(msg, len, &pos) != 0 || pos + 10 > len)
            return TK_DNS_READ_RECORD_CUT;
        uint16_t type = get16(msg + pos), rdlen = get16(msg + pos + 8);
        if (pos + 10 + rdlen > len)
            return TK_DNS_READ_RECORD_CUT;
        if (type == TK_DNS_TYPE_OPT) {
            enum tk_dns_read_status status = read_opt(msg, owner, pos, e);
            if (status != TK_DNS_READ_OK)
                return status;
        }
        pos += 10 + (size_t)rdlen;
    }
    return TK_DNS_READ_OK;
}
