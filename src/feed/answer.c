/* answer.c - what the feed answers to one request, over UDP or TCP: the checks in order
 * (readable, a query for the zone, TSIG, the address list for transfers) and the response,
 * or the transfer to start (see server_internal.h). Every refusal is logged with why. */
#include "feed/server_internal.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void feed_log(struct tk_feed_server *s, enum tk_feed_event event, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    if (s->config.log == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    s->config.log(s->config.log_ctx, event, line);
}

void feed_peer_text(const struct sockaddr_storage *ss, char *out, size_t size)
{
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    if (ss->ss_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
        port = ntohs(a->sin_port);
    } else if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
        port = ntohs(a->sin6_port);
    }
    snprintf(out, size, "%s#%u", host, port);
}

static const char *type_text(uint16_t qtype)
{
    switch (qtype) {
    case TK_DNS_TYPE_SOA: return "SOA";
    case TK_DNS_TYPE_AXFR: return "AXFR";
    case TK_DNS_TYPE_IXFR: return "IXFR";
    case TK_DNS_TYPE_NS: return "NS";
    }
    return "query";
}

static const char *tsig_error_text(int error)
{
    return error == TK_TSIG_BADKEY ? "BADKEY" : error == TK_TSIG_BADSIG ? "BADSIG" : "BADTIME";
}

/* A header-only FORMERR for a request whose question cannot be read. */
static size_t formerr(const uint8_t *req, size_t len, uint8_t *out)
{
    if (len < TK_DNS_HEADER || (req[2] & 0x80))
        return 0;
    memset(out, 0, TK_DNS_HEADER);
    out[0] = req[0];
    out[1] = req[1];
    out[2] = (uint8_t)(0x80 | (req[2] & 0x78));
    out[3] = TK_DNS_RCODE_FORMERR;
    return TK_DNS_HEADER;
}

static size_t refuse(struct tk_feed_server *s, const uint8_t *req,
                     const struct tk_feed_request *r, unsigned rcode, struct feed_message *m,
                     const char *peer, const char *why)
{
    feed_log(s, TK_FEED_LOG_REFUSED, "refused %s %.*s from %s: %s", type_text(r->question.qtype),
             (int)r->question.name_len, r->question.name, peer, why);
    feed_message_start(m, req, r, rcode);
    feed_message_finish(m);
    return m->len;
}

/* The TSIG check: 0 when the request may go on (signed correctly, or unsigned where that is
 * allowed); otherwise the error response is in m and its length returned through *out. */
static int check_tsig(struct tk_feed_server *s, const uint8_t *req, size_t len,
                      const struct tk_feed_request *r, int transfer, struct feed_message *m,
                      const char *peer, size_t *out)
{
    if (!r->has_tsig) {
        if (transfer && s->config.key) {
            *out = refuse(s, req, r, TK_DNS_RCODE_REFUSED, m, peer, "not signed with TSIG");
            return -1;
        }
        return 0;
    }
    int error = s->config.key ? tk_tsig_verify(s->config.key, req, len, &r->tsig,
                                               (uint64_t)time(NULL))
                              : TK_TSIG_BADKEY;
    if (error == 0)
        return 0;
    feed_log(s, TK_FEED_LOG_REFUSED, "refused %s %.*s from %s: TSIG %s",
             type_text(r->question.qtype), (int)r->question.name_len, r->question.name, peer,
             tsig_error_text(error));
    feed_message_start(m, req, r, TK_DNS_RCODE_NOTAUTH);
    feed_message_finish(m);
    if (error == TK_TSIG_BADTIME) {
        struct tk_tsig_stream stream;
        tk_tsig_stream_start(&stream, s->config.key, &r->tsig, TK_TSIG_BADTIME);
        tk_tsig_sign(&stream, m->buf, &m->len, m->cap, (uint64_t)time(NULL));
    } else {
        tk_tsig_append_error(&r->tsig, (uint16_t)error, m->buf, &m->len, m->cap,
                             (uint64_t)time(NULL));
    }
    *out = m->len;
    return -1;
}

static int is_zone(const struct tk_feed_server *s, const struct tk_feed_request *r)
{
    return r->question.name_plain && r->question.name_len == strlen(s->zone_name)
           && memcmp(r->question.name, s->zone_name, r->question.name_len) == 0;
}

/* Starts a transfer into t for request r: AXFR, IXFR from the journal, or the SOA alone. */
static void start_transfer(struct tk_feed_server *s, const struct tk_feed_request *r,
                           struct feed_transfer *t, const char *peer)
{
    uint32_t serial = tk_feed_serial(s->feed);
    const struct tk_feed_history *h = tk_feed_history_of(s->feed);
    if (r->question.qtype == TK_DNS_TYPE_IXFR) {
        /* RFC 1982: a serial equal to or ahead of ours is up to date. */
        if (r->serial == serial || (int32_t)(r->serial - serial) > 0) {
            feed_transfer_soa(t, serial);
            t->kind_text = "IXFR (up to date)";
            return;
        }
        memset(t, 0, sizeof *t);
        int found = tk_feed_history_condense(h, r->serial, &t->removed, &t->added);
        if (found == 1) {
            feed_transfer_ixfr(t, r->serial, serial);
            t->kind_text = "IXFR";
            return;
        }
        feed_transfer_free(t);
        feed_log(s, TK_FEED_LOG_INFO, "IXFR from %s asks for serial %u, which is not in the "
                 "journal: sending AXFR", peer, (unsigned)r->serial);
    }
    feed_transfer_axfr(t, serial);
    t->kind_text = "AXFR";
}

size_t feed_answer(struct tk_feed_server *s, const uint8_t *req, size_t len,
                   const struct sockaddr_storage *from, int tcp, struct feed_message *m,
                   struct feed_session *session)
{
    struct tk_feed_request r;
    char peer[80];
    size_t out = 0;
    feed_peer_text(from, peer, sizeof peer);
    enum tk_feed_request_status status = tk_feed_request_read(req, len, &r);
    if (status == TK_FEED_REQUEST_OK && r.is_response) {
        if (r.opcode == TK_DNS_OPCODE_NOTIFY && !tcp)
            feed_notify_answered(s, &r, from);
        return 0;
    }
    if (status != TK_FEED_REQUEST_OK) {
        feed_log(s, TK_FEED_LOG_REFUSED, "malformed request from %s: %s", peer,
                 tk_feed_request_problem(status));
        if (status == TK_FEED_REQUEST_UNREADABLE)
            return formerr(req, len, m->buf);
        feed_message_start(m, req, &r, TK_DNS_RCODE_FORMERR);
        feed_message_finish(m);
        return m->len;
    }
    if (r.opcode != TK_DNS_OPCODE_QUERY)
        return refuse(s, req, &r, TK_DNS_RCODE_NOTIMP, m, peer, "not a query");
    if (!is_zone(s, &r) || r.question.qclass != TK_DNS_CLASS_IN)
        return refuse(s, req, &r, TK_DNS_RCODE_REFUSED, m, peer, "not this zone");
    int transfer = r.question.qtype == TK_DNS_TYPE_AXFR || r.question.qtype == TK_DNS_TYPE_IXFR;
    if (transfer && !tk_feed_acl_allows(&s->config.acl, from))
        return refuse(s, req, &r, TK_DNS_RCODE_REFUSED, m, peer, "not in --allow-transfer");
    if (check_tsig(s, req, len, &r, transfer, m, peer, &out))
        return out;
    if (transfer && !tcp && r.question.qtype == TK_DNS_TYPE_AXFR)
        return refuse(s, req, &r, TK_DNS_RCODE_FORMERR, m, peer, "AXFR over UDP");
    session->signed_response = r.has_tsig;
    if (r.has_tsig)
        tk_tsig_stream_start(&session->tsig, s->config.key, &r.tsig, 0);
    feed_message_start(m, req, &r, 0);
    if (transfer && tcp) {
        memcpy(session->head, m->buf, m->len);
        session->head_len = m->len;
        start_transfer(s, &r, &session->transfer, peer);
        session->transferring = 1;
        return 0; /* the caller fills the messages */
    }
    if (r.question.qtype == TK_DNS_TYPE_SOA || r.question.qtype == TK_DNS_TYPE_IXFR)
        feed_put_soa(m, &s->zone, tk_feed_serial(s->feed), m->cap);
    else if (r.question.qtype == TK_DNS_TYPE_NS)
        feed_put_ns(m, &s->zone, m->cap);
    feed_message_finish(m);
    if (r.has_tsig)
        tk_tsig_sign(&session->tsig, m->buf, &m->len, m->cap, (uint64_t)time(NULL));
    return m->len;
}
