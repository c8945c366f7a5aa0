/* answer.c - the sinkhole's answer to one query (see include/takedown/sinkhole_answer.h).
 * Runs on every packet: it writes into the caller's buffer and never allocates. */
#include "takedown/sinkhole_answer.h"

#include <string.h>
#include <time.h>

#include "util/name_table.h"

#define FLAG_QR 0x8000
#define FLAG_AA 0x0400
#define FLAG_TC 0x0200
#define FLAG_RD 0x0100
#define FLAG_CD 0x0010
#define OPCODE_MASK 0x7800
#define POINTER_TO_QNAME 0xC00C
#define DEFAULT_EDNS_UDP 1232

void tk_sinkhole_answers_defaults(struct tk_sinkhole_answers *a)
{
    memset(a, 0, sizeof *a);
    a->ttl = 300;
    a->negative_ttl = 60;
    a->ns_len = tk_dns_name_to_wire("ns.sinkhole.invalid", a->ns_wire);
    a->mbox_len = tk_dns_name_to_wire("hostmaster.sinkhole.invalid", a->mbox_wire);
    a->serial = (uint32_t)time(NULL);
    a->edns_udp = DEFAULT_EDNS_UDP;
}

/* A bounded writer: once a write does not fit, the buffer is marked full. */
struct out {
    uint8_t *p;
    size_t len, size;
    int full;
};

static void put(struct out *o, const void *data, size_t n)
{
    if (o->full || o->len + n > o->size) {
        o->full = 1;
        return;
    }
    memcpy(o->p + o->len, data, n);
    o->len += n;
}

static void put16(struct out *o, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(o, b, 2);
}

static void put32(struct out *o, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    put(o, b, 4);
}

static void set16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* A record header: owner as a pointer into the question name, type, IN, TTL, RDLENGTH. */
static void put_rr_head(struct out *o, uint16_t owner, uint16_t type, uint32_t ttl,
                        uint16_t rdlen)
{
    put16(o, owner);
    put16(o, type);
    put16(o, TK_DNS_CLASS_IN);
    put32(o, ttl);
    put16(o, rdlen);
}

static void put_soa(struct out *o, const struct tk_sinkhole_answers *a, uint16_t owner,
                    uint32_t ttl)
{
    put_rr_head(o, owner, TK_DNS_TYPE_SOA, ttl, (uint16_t)(a->ns_len + a->mbox_len + 20));
    put(o, a->ns_wire, a->ns_len);
    put(o, a->mbox_wire, a->mbox_len);
    put32(o, a->serial);
    put32(o, 3600);   /* refresh */
    put32(o, 600);    /* retry */
    put32(o, 604800); /* expire */
    put32(o, a->negative_ttl);
}

static void put_opt(struct out *o, const struct tk_sinkhole_answers *a,
                    const struct tk_dns_query *q, uint16_t rcode)
{
    size_t ecs_addr = q->edns.has_ecs ? (size_t)(q->edns.ecs_source + 7) / 8 : 0;
    uint16_t rdlen = q->edns.has_ecs ? (uint16_t)(8 + ecs_addr) : 0;
    uint8_t root = 0;
    put(o, &root, 1);
    put16(o, TK_DNS_TYPE_OPT);
    put16(o, a->edns_udp);
    put32(o, (uint32_t)(rcode >> 4) << 24 | (q->edns.dnssec_ok ? 0x8000u : 0));
    put16(o, rdlen);
    if (q->edns.has_ecs) {
        put16(o, TK_DNS_OPT_ECS);
        put16(o, (uint16_t)(4 + ecs_addr));
        put16(o, q->edns.ecs_family);
        uint8_t prefixes[2] = {q->edns.ecs_source, 0};
        put(o, prefixes, 2);
        put(o, q->edns.ecs_addr, ecs_addr);
    }
}

/* Header only, for packets we could not read (FORMERR) or an opcode we do not do. */
static size_t header_only(const struct tk_dns_query *q, uint16_t rcode, uint8_t *out,
                          size_t size)
{
    if (size < TK_DNS_HEADER)
        return 0;
    memset(out, 0, TK_DNS_HEADER);
    set16(out, q->header.id);
    set16(out + 2,
          (uint16_t)(FLAG_QR | (q->header.flags & (OPCODE_MASK | FLAG_RD)) | (rcode & 0xF)));
    return TK_DNS_HEADER;
}

static int serves_type(const struct tk_sinkhole_answers *a, enum tk_names_result match,
                       uint16_t qtype)
{
    if (qtype == TK_DNS_TYPE_A)
        return a->a_count > 0;
    if (qtype == TK_DNS_TYPE_AAAA)
        return a->aaaa_count > 0;
    return match == TK_NAMES_APEX && (qtype == TK_DNS_TYPE_NS || qtype == TK_DNS_TYPE_SOA);
}

/* The answer section for a served type. */
static void put_answer(struct out *o, const struct tk_sinkhole_answers *a,
                       const struct tk_dns_query *q)
{
    uint32_t pick = tk_name_hash(q->question.name, q->question.name_len);
    switch (q->question.qtype) {
    case TK_DNS_TYPE_A:
        put_rr_head(o, POINTER_TO_QNAME, TK_DNS_TYPE_A, a->ttl, 4);
        put(o, a->a[pick % a->a_count], 4);
        break;
    case TK_DNS_TYPE_AAAA:
        put_rr_head(o, POINTER_TO_QNAME, TK_DNS_TYPE_AAAA, a->ttl, 16);
        put(o, a->aaaa[pick % a->aaaa_count], 16);
        break;
    case TK_DNS_TYPE_NS:
        put_rr_head(o, POINTER_TO_QNAME, TK_DNS_TYPE_NS, a->ttl, (uint16_t)a->ns_len);
        put(o, a->ns_wire, a->ns_len);
        break;
    default:
        put_soa(o, a, POINTER_TO_QNAME, a->ttl);
        break;
    }
}

/* The RCODE; the lookup runs first so that even a refused or BADVERS query of a served
 * name is logged with the name's tag. */
static uint16_t decide(const struct tk_names *names, const struct tk_dns_query *q,
                       struct tk_answer_info *info)
{
    struct tk_names_match m;
    if (!q->question.name_plain)
        return TK_DNS_RCODE_REFUSED;
    tk_names_lookup(names, q->question.name, q->question.name_len, &m);
    info->match = m.result;
    info->tag = m.tag;
    info->apex_offset = m.apex_offset;
    if (q->edns.present && q->edns.version != 0)
        return TK_DNS_RCODE_BADVERS;
    if (q->question.qclass != TK_DNS_CLASS_IN || q->question.qtype == TK_DNS_TYPE_AXFR
        || q->question.qtype == TK_DNS_TYPE_IXFR || q->question.qtype == TK_DNS_TYPE_OPT)
        return TK_DNS_RCODE_REFUSED;
    switch (m.result) {
    case TK_NAMES_MISS: return TK_DNS_RCODE_REFUSED;
    case TK_NAMES_NXDOMAIN: return TK_DNS_RCODE_NXDOMAIN;
    default: return TK_DNS_RCODE_NOERROR;
    }
}

size_t tk_sinkhole_answer(const struct tk_sinkhole_answers *a, const struct tk_names *names,
                          const uint8_t *query, size_t len, int over_tcp, uint8_t *out,
                          size_t size, struct tk_dns_query *q, struct tk_answer_info *info)
{
    info->match = TK_NAMES_MISS;
    info->tag = UINT32_MAX;
    info->apex_offset = 0;
    info->truncated = 0;
    info->parse = tk_dns_parse_query(query, len, q);
    switch (info->parse) {
    case TK_DNS_DROP:
        info->rcode = 0;
        return 0;
    case TK_DNS_FORMERR:
        info->rcode = TK_DNS_RCODE_FORMERR;
        return header_only(q, TK_DNS_RCODE_FORMERR, out, size);
    case TK_DNS_NOTIMP:
        info->rcode = TK_DNS_RCODE_NOTIMP;
        return header_only(q, TK_DNS_RCODE_NOTIMP, out, size);
    case TK_DNS_PARSED:
        break;
    }

    uint16_t rcode = decide(names, q, info);
    info->rcode = rcode;
    size_t limit = size;
    if (!over_tcp) {
        size_t udp = q->edns.present ? q->edns.udp : 512;
        if (udp < 512)
            udp = 512;
        if (q->edns.present && udp > a->edns_udp)
            udp = a->edns_udp;
        if (udp < limit)
            limit = udp;
    }
    struct out o = {out, 0, limit, 0};
    int authoritative = rcode == TK_DNS_RCODE_NOERROR || rcode == TK_DNS_RCODE_NXDOMAIN;
    uint16_t flags = (uint16_t)(FLAG_QR | (q->header.flags & (OPCODE_MASK | FLAG_RD | FLAG_CD))
                                | (authoritative ? FLAG_AA : 0) | (rcode & 0xF));
    uint16_t ancount = 0, nscount = 0;

    put16(&o, q->header.id);
    put16(&o, flags);
    put16(&o, 1);
    put32(&o, 0); /* ANCOUNT and NSCOUNT, set below */
    put16(&o, q->edns.present ? 1 : 0);
    put(&o, query + TK_DNS_HEADER, q->question.len);
    size_t after_question = o.len;

    if (authoritative) {
        if (rcode == TK_DNS_RCODE_NOERROR && serves_type(a, info->match, q->question.qtype)) {
            put_answer(&o, a, q);
            ancount = 1;
        } else {
            /* NODATA or NXDOMAIN: the SOA of the apex, owned by the apex's suffix of the
             * question name (wire and dotted offsets of a label are equal). */
            put_soa(&o, a, (uint16_t)(POINTER_TO_QNAME + info->apex_offset), a->negative_ttl);
            nscount = 1;
        }
    }
    if (q->edns.present)
        put_opt(&o, a, q, rcode);

    if (o.full) {
        /* Too big for the client's buffer: header, question and OPT with TC (RFC 2181 9). */
        o.full = 0;
        o.len = after_question;
        ancount = nscount = 0;
        flags |= FLAG_TC;
        set16(out + 2, flags);
        info->truncated = 1;
        if (q->edns.present)
            put_opt(&o, a, q, rcode);
        if (o.full)
            return header_only(q, TK_DNS_RCODE_SERVFAIL, out, size);
    }
    set16(out + 6, ancount);
    set16(out + 8, nscount);
    return o.len;
}

size_t tk_sinkhole_truncate(uint8_t *response, size_t len, size_t question_len)
{
    size_t keep = TK_DNS_HEADER + question_len;
    if (len < keep)
        return len;
    response[2] |= FLAG_TC >> 8;
    memset(response + 6, 0, 6); /* no answer, authority or additional records */
    return keep;
}
