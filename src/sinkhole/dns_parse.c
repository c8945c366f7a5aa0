/* dns_parse.c - reading one DNS query off the wire (see include/takedown/dns_wire.h): the
 * header, question and EDNS(0) record through the one DNS message reader (src/dns), and what
 * makes it a query the sinkhole answers.
 *
 * Written by hand: it runs for every packet, must not allocate, and must treat every byte
 * as hostile; the general-purpose parsers in Debian (ldns, libknot) allocate per message. */
#include "takedown/dns_wire.h"

#include <string.h>

enum tk_dns_parse_result tk_dns_parse_query(const uint8_t *p, size_t len, struct tk_dns_query *q)
{
    memset(&q->edns, 0, sizeof q->edns);
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
    status = tk_dns_read_edns(p, len, TK_DNS_HEADER + q->question.len, h->arcount, &q->edns);
    if (status != TK_DNS_READ_OK || (q->edns.has_ecs && q->edns.ecs_scope != 0))
        return TK_DNS_FORMERR; /* a query's Client Subnet has scope 0 (RFC 7871 6) */
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
