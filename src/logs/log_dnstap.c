/* log_dnstap.c - one dnstap frame (a protobuf Dnstap message of src/events/dnstap.proto,
 * the schema the sinkhole's dnstap log is written with, decoded by the reader layer's
 * dnstap decoder, dnstap_wire.h) to a query record.
 *
 * Who asked: the query_address of the message types that see a client's question (AUTH_,
 * CLIENT_, STUB_ and TOOL_QUERY; their responses when a log holds only responses). The
 * server's own upstream traffic (RESOLVER_, FORWARDER_*) and dynamic updates are skipped:
 * the asker there is the server, not an infected host. A response's record carries the
 * RCODE of its DNS header. */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "logs/log_parsers.h"
#include "takedown/dns_message.h"
#include "takedown/dnstap_wire.h"
#include "takedown/logs.h"

enum kind { KIND_SKIP, KIND_QUERY, KIND_RESPONSE };

static enum kind kind_of(uint32_t type)
{
    switch (type) {
    case TK_DNSTAP_AUTH_QUERY:
    case TK_DNSTAP_CLIENT_QUERY:
    case TK_DNSTAP_STUB_QUERY:
    case TK_DNSTAP_TOOL_QUERY:
        return KIND_QUERY;
    case TK_DNSTAP_AUTH_RESPONSE:
    case TK_DNSTAP_CLIENT_RESPONSE:
    case TK_DNSTAP_STUB_RESPONSE:
    case TK_DNSTAP_TOOL_RESPONSE:
        return KIND_RESPONSE;
    default:
        return KIND_SKIP;
    }
}

/* The RCODE of a DNS response's header, or -1 when the message has none. */
static int response_code(const uint8_t *msg, size_t len)
{
    struct tk_dns_header h;
    struct tk_dns_question q;
    if (tk_dns_read_question(msg, len, &h, &q) == TK_DNS_READ_NO_HEADER)
        return -1;
    return h.flags & 0x000f;
}

static int decode(const struct tk_dnstap *d, int take_responses,
                  struct tk_log_line_state *st, struct tk_log_record *rec, int *skip,
                  int *is_query, struct tk_error *err)
{
    const struct tk_dnstap_message *m = d->message;
    if (d->type != TK_DNSTAP_TYPE_MESSAGE || m == NULL)
        return tk_error_set(err, TK_ERR_DATA, "dnstap frame holds no message");
    enum kind kind = kind_of(m->type);
    *is_query = kind == KIND_QUERY;
    if (kind == KIND_SKIP || (kind == KIND_RESPONSE && !take_responses))
        return TK_OK;

    const struct tk_dnstap_bytes *wire = NULL;
    if (kind == KIND_QUERY && m->has_query_message)
        wire = &m->query_message;
    else if (m->has_response_message)
        wire = &m->response_message;
    else if (m->has_query_message)
        wire = &m->query_message;
    if (wire == NULL)
        return tk_error_set(err, TK_ERR_DATA, "dnstap message carries no DNS message");
    int rc = tk_dns_question(wire->data, wire->len, st->name_buf, &rec->name_len, &rec->qtype,
                             err);
    if (rc)
        return rc;
    rec->name = st->name_buf;
    if (wire == &m->response_message)
        rec->rcode = response_code(wire->data, wire->len);

    if (m->has_query_address) {
        int family = m->query_address.len == 4 ? AF_INET : m->query_address.len == 16 ? AF_INET6 : 0;
        if (family == 0)
            return tk_error_set(err, TK_ERR_DATA, "dnstap query_address of %zu bytes (expected "
                                "4 or 16)", m->query_address.len);
        inet_ntop(family, m->query_address.data, st->client_buf, sizeof st->client_buf);
        rec->client = st->client_buf;
        rec->client_len = strlen(st->client_buf);
    }
    if (m->has_query_time_sec && m->query_time_sec <= INT64_MAX)
        rec->time = (int64_t)m->query_time_sec;
    else if (m->has_response_time_sec && m->response_time_sec <= INT64_MAX)
        rec->time = (int64_t)m->response_time_sec;
    *skip = 0;
    return TK_OK;
}

int tk_log_parse_dnstap(const uint8_t *frame, size_t len, int take_responses,
                        struct tk_log_line_state *state, struct tk_log_record *rec, int *skip,
                        int *is_query, struct tk_error *err)
{
    log_record_clear(rec);
    *skip = 1;
    *is_query = 0;
    struct tk_dnstap d;
    const char *what;
    if (tk_dnstap_decode(frame, len, &d, &what))
        return tk_error_set(err, TK_ERR_DATA, "dnstap frame is not a valid Dnstap protobuf "
                            "(expected %s)", what);
    return decode(&d, take_responses, state, rec, skip, is_query, err);
}
