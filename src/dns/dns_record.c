/* dns_record.c - one resource record after a DNS message's question, for the readers of
 * zone transfer requests (see include/takedown/dns_message.h). */
#include "takedown/dns_message.h"

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

int tk_dns_read_record(const uint8_t *msg, size_t len, size_t *pos, struct tk_dns_record *r)
{
    size_t at = *pos;
    r->start = at;
    if (tk_dns_skip_name(msg, len, &at) != 0 || at + 10 > len)
        return -1;
    r->type = get16(msg + at);
    r->rclass = get16(msg + at + 2);
    r->ttl = (uint32_t)get16(msg + at + 4) << 16 | get16(msg + at + 6);
    r->rdlength = get16(msg + at + 8);
    r->rdata = at + 10;
    if (r->rdata + r->rdlength > len)
        return -1;
    *pos = r->rdata + r->rdlength;
    return 0;
}
