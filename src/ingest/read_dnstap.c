/* read_dnstap.c - dnstap files (https://dnstap.info): Frame Streams, read by the reader
 * layer's frame reader (frame_reader.h), of dnstap protobuf messages, decoded in place by
 * its dnstap decoder (dnstap_wire.h).
 *
 * A contact is a message a server logged about a client: AUTH_QUERY and AUTH_RESPONSE (an
 * authoritative server such as our sinkhole, Knot or NSD) and CLIENT_QUERY and
 * CLIENT_RESPONSE (a resolver such as BIND or Unbound). The source is the query address,
 * the time the query time (else the response time), the name the question of the DNS
 * message and the Client Subnet its OPT record's (both read by src/dns). Messages about a
 * server's own upstream traffic (RESOLVER_*, FORWARDER_*, ...) are skipped. The takedown
 * sinkhole puts the name's tag in the frame's "extra" field as
 * "family=F;variant=V;seed=S;first=D;last=D". */
#include <stdio.h>
#include <string.h>

#include "ingest/fields.h"
#include "ingest/reader_ops.h"
#include "takedown/dns_message.h"
#include "takedown/dnstap_wire.h"
#include "takedown/frame_reader.h"
#include "takedown/read_note.h"

#define DNSTAP_CONTENT_TYPE "protobuf:dnstap.Dnstap"

struct dnstap_state {
    struct tk_frame_reader *frames;
    int finished;
    struct tk_dns_question question; /* the name the last contact points at */
};

/* Any Frame Streams file (binary logs are sniffed before). */
static int dnstap_sniff(const uint8_t *data, size_t len)
{
    return tk_frame_sniff(data, len, NULL);
}

static int dnstap_open(struct tk_event_reader *r, struct tk_error *err)
{
    struct dnstap_state *st = r->state;
    int rc = tk_frame_reader_open(&st->frames, r->in, err);

    if (rc == TK_OK && !tk_frame_reader_has_type(st->frames, DNSTAP_CONTENT_TYPE))
        rc = TK_ERR_DATA;
    if (rc == TK_ERR_DATA)
        rc = tk_error_set(err, TK_ERR_DATA, "%s: not a dnstap file (expected a Frame Streams "
                          "START frame for " DNSTAP_CONTENT_TYPE ")", tk_input_path(r->in));
    if (rc != TK_OK) {
        tk_frame_reader_close(st->frames);
        st->frames = NULL;
    }
    return rc;
}

static void dnstap_close(struct tk_event_reader *r)
{
    struct dnstap_state *st = r->state;
    tk_frame_reader_close(st->frames);
}

/* "family=F;variant=V;seed=S;..." from the frame's extra field. */
static void read_extra_tag(const uint8_t *data, size_t len, struct tk_contact *c)
{
    const char *p = (const char *)data, *end = p + len;

    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p)), *stop = semi ? semi : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        if (eq) {
            struct tk_text value = {eq + 1, (size_t)(stop - eq - 1)};
            size_t key_len = (size_t)(eq - p);
            if (key_len == 6 && memcmp(p, "family", 6) == 0)
                c->family = value;
            else if (key_len == 7 && memcmp(p, "variant", 7) == 0)
                c->variant = value;
            else if (key_len == 4 && memcmp(p, "seed", 4) == 0)
                c->seed = value;
        }
        p = stop + 1;
    }
}

/* The EDNS Client Subnet (RFC 7871) of a DNS message with header h into c, if it has one;
 * a message too short or malformed to walk simply has none. */
static void client_subnet(const uint8_t *m, size_t len, const struct tk_dns_header *h,
                          struct tk_contact *c)
{
    size_t at = TK_DNS_HEADER;
    struct tk_dns_edns edns;
    for (unsigned q = 0; q < h->qdcount; q++)
        if (tk_dns_skip_name(m, len, &at) || (at += 4) > len)
            return;
    tk_dns_read_edns(m, len, at, (unsigned)h->ancount + h->nscount + h->arcount, &edns);
    if (edns.has_ecs) {
        c->ecs_family = edns.ecs_family == 1 ? 4 : 6;
        c->ecs_prefix = edns.ecs_source;
        memcpy(c->ecs_addr, edns.ecs_addr, sizeof c->ecs_addr);
    }
}

/* Decodes one frame. Returns 1 for a contact, 0 for a message that is not one, -1 with
 * *what set for a malformed frame. */
static int decode_frame(struct dnstap_state *st, const uint8_t *data, size_t len,
                        struct tk_contact *c, const char **what)
{
    struct tk_dnstap d;
    const struct tk_dnstap_message *m;
    struct tk_dns_header header;

    ingest_contact_clear(c);
    c->protocol = TK_CONTACT_DNS;
    if (tk_dnstap_decode(data, len, &d, what))
        return -1;
    if (d.has_extra)
        read_extra_tag(d.extra.data, d.extra.len, c);
    if ((*what = ingest_contact_text_problem(c)) != NULL)
        return -1;
    if (d.type != TK_DNSTAP_TYPE_MESSAGE || d.message == NULL)
        return 0;
    m = d.message;
    if (m->type != TK_DNSTAP_AUTH_QUERY && m->type != TK_DNSTAP_AUTH_RESPONSE
        && m->type != TK_DNSTAP_CLIENT_QUERY && m->type != TK_DNSTAP_CLIENT_RESPONSE)
        return 0;
    c->authoritative = m->type == TK_DNSTAP_AUTH_QUERY || m->type == TK_DNSTAP_AUTH_RESPONSE;
    if (m->query_address.len == 4 || m->query_address.len == 16) {
        c->addr_family = m->query_address.len == 4 ? 4 : 6;
        memcpy(c->addr, m->query_address.data, m->query_address.len);
    } else {
        *what = "a query_address of 4 or 16 bytes";
        return -1;
    }
    c->port = m->query_port <= 65535 ? (uint16_t)m->query_port : 0;
    if (m->has_query_time_sec) {
        c->time_sec = (int64_t)m->query_time_sec;
        c->time_nsec = m->query_time_nsec;
    } else if (m->has_response_time_sec) {
        c->time_sec = (int64_t)m->response_time_sec;
        c->time_nsec = m->response_time_nsec;
    } else {
        *what = "a query_time or response_time";
        return -1;
    }
    if (c->time_sec < 0 || c->time_nsec >= 1000000000u) {
        *what = "a time in range";
        return -1;
    }
    /* The question is the same in query and response; take the query's when both come. */
    const struct tk_dnstap_bytes *dns = m->has_query_message ? &m->query_message
                                        : m->has_response_message ? &m->response_message
                                                                  : NULL;
    if (dns == NULL)
        return 1;
    enum tk_dns_read_status status = tk_dns_read_question(dns->data, dns->len, &header,
                                                          &st->question);
    if (status == TK_DNS_READ_OK) {
        c->name.ptr = st->question.name;
        c->name.len = st->question.name_len;
    }
    if (status != TK_DNS_READ_NO_HEADER && c->authoritative)
        client_subnet(dns->data, dns->len, &header, c);
    return 1;
}

/* The end of the frames: a STOP frame, a file cut short, or broken framing. */
static enum tk_read_result dnstap_end(struct tk_event_reader *r, struct dnstap_state *st,
                                      enum tk_frame_result res, const char *why,
                                      struct tk_error *err)
{
    unsigned long long frames = (unsigned long long)r->stats.records;
    char position[48];

    st->finished = 1;
    if (res == TK_FRAME_FAILED && !tk_frame_reader_broken(st->frames))
        return TK_READ_FAILED;
    if (res == TK_FRAME_FAILED) {
        tk_read_position(position, sizeof position, TK_RECORD_FRAME, frames + 1);
        ingest_reader_truncated(r, "Frame Streams framing broken after frame %llu; read up to "
                                "there", frames);
        return ingest_reader_bad(r, err, position, "expected a Frame Streams frame (the rest "
                                 "of the file is unreadable): %s", err->message);
    }
    if (res == TK_FRAME_CUT && strstr(why, "STOP"))
        ingest_reader_truncated(r, "ends after frame %llu without a Frame Streams STOP frame "
                                "(the writer was still running or was killed); every whole "
                                "frame was read", frames);
    else if (res == TK_FRAME_CUT)
        ingest_reader_truncated(r, "%s after frame %llu; read to the last whole frame", why,
                                frames);
    ingest_reader_check_input_truncated(r);
    return TK_READ_END;
}

static enum tk_read_result dnstap_next(struct tk_event_reader *r, struct tk_contact *c,
                                       struct tk_error *err)
{
    struct dnstap_state *st = r->state;
    const uint8_t *data;
    size_t len;
    char position[48];
    const char *what = NULL, *why = NULL;

    while (!st->finished) {
        enum tk_frame_result res = tk_frame_reader_next(st->frames, &data, &len, &why, err);
        int rc;
        if (res != TK_FRAME_DATA)
            return dnstap_end(r, st, res, why, err);
        r->stats.records++;
        rc = decode_frame(st, data, len, c, &what);
        if (rc == 1) {
            r->stats.contacts++;
            return TK_READ_CONTACT;
        }
        if (rc == 0) {
            r->stats.skipped++;
            continue;
        }
        tk_read_position(position, sizeof position, TK_RECORD_FRAME, r->stats.records);
        return ingest_reader_bad(r, err, position, "expected %s", what);
    }
    return TK_READ_END;
}

const struct reader_ops dnstap_reader_ops = {
    .name = "dnstap",
    .format = TK_EVENTS_DNSTAP,
    .state_size = sizeof(struct dnstap_state),
    .sniff = dnstap_sniff,
    .open = dnstap_open,
    .next = dnstap_next,
    .close = dnstap_close,
};
