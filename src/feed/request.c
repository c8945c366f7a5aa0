/* request.c - reading the requests the feed answers: SOA queries, AXFR and IXFR (with the
 * SOA an IXFR carries in its authority section), NOTIFY answers, and the TSIG record that
 * must be the last record of a signed message (see include/takedown/feed_wire.h). */
#include "takedown/feed_wire.h"

#include <string.h>

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* The uncompressed name at msg[*pos] (no further than end), lower-cased into out. */
static int read_plain_name(const uint8_t *msg, size_t end, size_t *pos,
                           uint8_t out[TK_DNS_NAME_WIRE_MAX], size_t *out_len)
{
    size_t at = *pos, n = 0;
    for (;;) {
        if (at >= end)
            return -1;
        uint8_t label = msg[at];
        if (label & 0xC0 || n + 1 + label > TK_DNS_NAME_WIRE_MAX || at + 1 + label > end)
            return -1;
        out[n++] = label;
        for (size_t i = 0; i < label; i++) {
            uint8_t c = msg[at + 1 + i];
            out[n++] = (uint8_t)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        at += 1 + (size_t)label;
        if (label == 0)
            break;
    }
    *pos = at;
    *out_len = n;
    return 0;
}

int tk_tsig_record_read(const uint8_t *msg, size_t len, size_t start, size_t rdata,
                        uint16_t rdlength, struct tk_tsig_record *t)
{
    size_t at = start, end = rdata + rdlength;
    memset(t, 0, sizeof *t);
    t->start = start;
    if (end > len || read_plain_name(msg, rdata, &at, t->key_name, &t->key_name_len))
        return -1;
    at = rdata;
    if (read_plain_name(msg, end, &at, t->algorithm, &t->algorithm_len) || at + 10 > end)
        return -1;
    t->time_signed = (uint64_t)get16(msg + at) << 32 | get32(msg + at + 2);
    t->fudge = get16(msg + at + 6);
    t->mac_len = get16(msg + at + 8);
    at += 10;
    if (t->mac_len > TK_TSIG_MAC_MAX || at + t->mac_len + 6 > end)
        return -1;
    t->mac = msg + at;
    at += t->mac_len;
    t->original_id = get16(msg + at);
    t->error = get16(msg + at + 2);
    t->other_len = get16(msg + at + 4);
    at += 6;
    if (at + t->other_len != end)
        return -1;
    t->other = msg + at;
    return 0;
}

/* The records after the question: the SOA of an IXFR's authority section, the TSIG record
 * (only as the very last one). */
static enum tk_feed_request_status read_records(const uint8_t *msg, size_t len,
                                                struct tk_feed_request *r)
{
    size_t pos = TK_DNS_HEADER + r->question.len;
    unsigned total = (unsigned)r->header.ancount + r->header.nscount + r->header.arcount;
    for (unsigned i = 0; i < total; i++) {
        struct tk_dns_record rec;
        if (tk_dns_read_record(msg, len, &pos, &rec))
            return TK_FEED_REQUEST_BAD_RECORD;
        int in_authority = i >= r->header.ancount
                           && i < (unsigned)r->header.ancount + r->header.nscount;
        if (in_authority && rec.type == TK_DNS_TYPE_SOA && !r->has_serial) {
            size_t at = rec.rdata, end = rec.rdata + rec.rdlength;
            if (tk_dns_skip_name(msg, end, &at) || tk_dns_skip_name(msg, end, &at)
                || at + 20 != end)
                return TK_FEED_REQUEST_BAD_SOA;
            r->has_serial = 1;
            r->serial = get32(msg + at);
        } else if (rec.type == TK_DNS_TYPE_TSIG) {
            if (i + 1 != total || i < (unsigned)r->header.ancount + r->header.nscount
                || tk_tsig_record_read(msg, len, rec.start, rec.rdata, rec.rdlength, &r->tsig))
                return TK_FEED_REQUEST_BAD_TSIG;
            r->has_tsig = 1;
        }
    }
    return TK_FEED_REQUEST_OK;
}

enum tk_feed_request_status tk_feed_request_read(const uint8_t *msg, size_t len,
                                                 struct tk_feed_request *r)
{
    memset(r, 0, sizeof *r);
    if (tk_dns_read_question(msg, len, &r->header, &r->question) != TK_DNS_READ_OK
        || r->header.qdcount != 1)
        return TK_FEED_REQUEST_UNREADABLE;
    r->opcode = (r->header.flags >> 11) & 0xF;
    r->is_response = (r->header.flags & 0x8000) != 0;
    enum tk_feed_request_status status = read_records(msg, len, r);
    if (status == TK_FEED_REQUEST_OK && r->question.qtype == TK_DNS_TYPE_IXFR && !r->is_response
        && !r->has_serial)
        status = TK_FEED_REQUEST_BAD_SOA;
    return status;
}

const char *tk_feed_request_problem(enum tk_feed_request_status status)
{
    switch (status) {
    case TK_FEED_REQUEST_OK: return "is well formed";
    case TK_FEED_REQUEST_UNREADABLE: return "has no readable header and single question";
    case TK_FEED_REQUEST_BAD_RECORD: return "has a record that runs past its end";
    case TK_FEED_REQUEST_BAD_SOA: return "is an IXFR without a readable SOA in its authority "
                                         "section";
    case TK_FEED_REQUEST_BAD_TSIG: return "has a malformed TSIG record, or one that is not last";
    }
    return "cannot be read";
}
