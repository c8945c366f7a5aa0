/* sinkhole_answer.h - what the sinkhole answers to one query: the decision and the wire
 * response, without I/O, so that the workers, the tests and the fuzzer share it.
 *
 *   listed name or zone apex   A / AAAA (one sinkhole address per name, picked by the
 *                              name's hash), NS, SOA; other types NODATA with the SOA
 *   below a zone               A / AAAA; other types NODATA
 *   below a listed name        NXDOMAIN with the SOA of the listed name
 *   anything else              REFUSED (never recursion)
 * AA is set on every authoritative answer; the question is copied as received, so the
 * client's 0x20 case survives; EDNS(0) per RFC 6891 (BADVERS for a version above 0, our
 * buffer size, DO copied) and Client Subnet echoed with scope 0 (RFC 7871). */
#ifndef TAKEDOWN_SINKHOLE_ANSWER_H
#define TAKEDOWN_SINKHOLE_ANSWER_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/dns_wire.h"
#include "takedown/sinkhole_names.h"

#define TK_SINKHOLE_MAX_ADDRESSES 16

struct tk_sinkhole_answers {
    uint8_t a[TK_SINKHOLE_MAX_ADDRESSES][4];
    size_t a_count;
    uint8_t aaaa[TK_SINKHOLE_MAX_ADDRESSES][16];
    size_t aaaa_count;
    uint32_t ttl;            /* A, AAAA, NS and SOA answers */
    uint32_t negative_ttl;   /* SOA minimum and the TTL of SOA in negative answers */
    uint8_t ns_wire[256];    /* the NS target and SOA MNAME */
    size_t ns_len;
    uint8_t mbox_wire[256];  /* the SOA RNAME */
    size_t mbox_len;
    uint32_t serial;
    uint16_t edns_udp;       /* our EDNS buffer size (default 1232) */
};

/* Fills defaults: TTL 300, negative TTL 60, NS ns.sinkhole.invalid, RNAME
 * hostmaster.sinkhole.invalid, serial from the clock, EDNS buffer 1232, no addresses. */
void tk_sinkhole_answers_defaults(struct tk_sinkhole_answers *answers);

struct tk_answer_info {
    enum tk_dns_parse_result parse;
    enum tk_names_result match;
    uint32_t tag;            /* the matched entry's tag, or UINT32_MAX */
    size_t apex_offset;      /* where the matched entry starts in the query name */
    uint16_t rcode;          /* extended RCODE of the response */
    int truncated;
};

/* Answers query[0..len). Returns the response length in out (at most size), or 0 when the
 * packet gets no response. over_tcp lifts the UDP size limit. q receives the parse. */
size_t tk_sinkhole_answer(const struct tk_sinkhole_answers *answers, const struct tk_names *names,
                          const uint8_t *query, size_t len, int over_tcp, uint8_t *out,
                          size_t size, struct tk_dns_query *q, struct tk_answer_info *info);

/* Cuts a response down to header and question with TC set (the RRL "slip" answer). */
size_t tk_sinkhole_truncate(uint8_t *response, size_t len, size_t question_len);

#endif
