/* dns_wire.h - the DNS wire format as the sinkhole needs it: parsing one query (RFC 1035,
 * EDNS(0) per RFC 6891, Client Subnet per RFC 7871) and writing the records of an answer.
 *
 * The header and question are read by the one DNS message reader (dns_message.h), which
 * never follows a compression pointer; the names of the other records are only skipped. So
 * pointer loops cannot exist, and every length is checked against the packet before it is
 * read. */
#ifndef TAKEDOWN_DNS_WIRE_H
#define TAKEDOWN_DNS_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/dns_message.h"

enum {
    TK_DNS_TYPE_A = 1,
    TK_DNS_TYPE_NS = 2,
    TK_DNS_TYPE_SOA = 6,
    TK_DNS_TYPE_AAAA = 28,
    TK_DNS_TYPE_IXFR = 251,
    TK_DNS_TYPE_AXFR = 252,
    TK_DNS_CLASS_IN = 1,
    TK_DNS_RCODE_NOERROR = 0,
    TK_DNS_RCODE_FORMERR = 1,
    TK_DNS_RCODE_SERVFAIL = 2,
    TK_DNS_RCODE_NXDOMAIN = 3,
    TK_DNS_RCODE_NOTIMP = 4,
    TK_DNS_RCODE_REFUSED = 5,
    TK_DNS_RCODE_BADVERS = 16
};

/* What the parser made of a packet. */
enum tk_dns_parse_result {
    TK_DNS_PARSED = 0,   /* a well-formed query: answer it */
    TK_DNS_DROP,         /* not worth a response: shorter than a header, or a response */
    TK_DNS_FORMERR,      /* a query we cannot read: answer FORMERR (header only) */
    TK_DNS_NOTIMP        /* an opcode other than QUERY */
};

struct tk_dns_query {
    struct tk_dns_header header;
    struct tk_dns_question question; /* a name with name_plain 0 cannot be a listed name */
    struct tk_dns_edns edns;         /* a query's Client Subnet has scope 0 */
};

/* Parses packet[0..len) as a query. Fills q as far as it got (the header always, when there
 * is one). */
enum tk_dns_parse_result tk_dns_parse_query(const uint8_t *packet, size_t len,
                                            struct tk_dns_query *q);

/* Converts a dotted name into wire form (labels, root byte). Returns the wire length, or 0
 * when the name is not a valid DNS name. */
size_t tk_dns_name_to_wire(const char *name, uint8_t out[256]);

#endif
