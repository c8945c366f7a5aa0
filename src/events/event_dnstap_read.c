/* event_dnstap_read.c - a dnstap message back into a DNS event (see
 * include/takedown/event_file.h): addresses, ports, transport and time from the dnstap
 * fields, name, type, class, rcode and TC from the DNS message (the response when there is
 * one, else the query), the sensor from the identity and the tag from our "extra" field.
 * A query logged without a response reads as dropped by rate limiting when it is well
 * formed, as malformed otherwise. The frame is decoded by the reader layer's dnstap decoder
 * (dnstap_wire.h). */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "takedown/dns_message.h"
#include "takedown/dnstap_wire.h"
#include "takedown/event_file.h"

/* The question of a DNS message (name, type and class) into ev; the header into h. */
static int read_question(const uint8_t *m, size_t len, struct tk_dns_header *h,
                         struct tk_event *ev)
{
    struct tk_dns_question q;
    if (tk_dns_read_question(m, len, h, &q) != TK_DNS_READ_OK)
        return -1;
    memcpy(ev->name, q.name, (size_t)q.name_len + 1);
    ev->name_len = q.name_len;
    ev->dns.qtype = q.qtype;
    ev->dns.qclass = q.qclass;
    return 0;
}

/* "family=F;variant=V;seed=S;first=D;last=D" */
static void read_extra(const struct tk_dnstap_bytes *extra, struct tk_event_tag *tag)
{
    char text[512];
    size_t n = extra->len < sizeof text - 1 ? extra->len : sizeof text - 1;
    memcpy(text, extra->data, n);
    text[n] = '\0';
    for (char *save = NULL, *item = strtok_r(text, ";", &save); item;
         item = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(item, '=');
        if (eq == NULL)
            continue;
        *eq = '\0';
        const char *value = eq + 1;
        if (strcmp(item, "family") == 0)
            snprintf(tag->family, sizeof tag->family, "%s", value);
        else if (strcmp(item, "variant") == 0)
            snprintf(tag->variant, sizeof tag->variant, "%s", value);
        else if (strcmp(item, "seed") == 0)
            snprintf(tag->seed, sizeof tag->seed, "%s", value);
        else if (strcmp(item, "first") == 0 && value[0])
            tk_day_parse(value, &tag->first, NULL);
        else if (strcmp(item, "last") == 0 && value[0])
            tk_day_parse(value, &tag->last, NULL);
    }
}

static int endpoint(int has_address, const struct tk_dnstap_bytes *address, int has_port,
                    uint32_t port, struct tk_event_endpoint *e)
{
    memset(e, 0, sizeof *e);
    if (!has_address)
        return 0;
    if (address->len != 4 && address->len != 16)
        return -1;
    e->family = address->len == 16 ? AF_INET6 : AF_INET;
    memcpy(e->addr, address->data, address->len);
    e->port = has_port && port <= 65535 ? (uint16_t)port : 0;
    return 0;
}

int tk_event_decode_dnstap(const uint8_t *data, size_t len, struct tk_event *ev,
                           char sensor[64], struct tk_error *err)
{
    struct tk_dnstap frame;
    const struct tk_dnstap *d = &frame;
    const char *what;
    sensor[0] = '\0';
    if (tk_dnstap_decode(data, len, &frame, &what))
        return tk_error_set(err, TK_ERR_DATA, "not a dnstap protobuf message (expected %s)",
                            what);
    memset(ev, 0, sizeof *ev);
    const struct tk_dnstap_message *m = d->message;
    if (d->type != TK_DNSTAP_TYPE_MESSAGE || m == NULL
        || (!m->has_response_message && !m->has_query_message))
        return tk_error_set(err, TK_ERR_DATA, "a dnstap frame without a DNS message");
    ev->version = TK_EVENT_VERSION;
    ev->protocol = TK_EVENT_DNS;
    ev->transport = m->has_socket_protocol && m->socket_protocol != TK_DNSTAP_UDP
                        ? TK_TRANSPORT_TCP : TK_TRANSPORT_UDP;
    if (endpoint(m->has_query_address, &m->query_address, m->has_query_port, m->query_port,
                 &ev->client)
        || endpoint(m->has_response_address, &m->response_address, m->has_response_port,
                    m->response_port, &ev->server))
        return tk_error_set(err, TK_ERR_DATA, "a dnstap address of the wrong length");
    ev->time_sec = (int64_t)(m->has_query_time_sec ? m->query_time_sec : m->response_time_sec);
    ev->time_nsec = m->has_query_time_nsec ? m->query_time_nsec : m->response_time_nsec;
    if (ev->time_nsec >= 1000000000u)
        ev->time_nsec = 0;
    if (d->has_identity)
        snprintf(sensor, 64, "%.*s", (int)(d->identity.len < 63 ? d->identity.len : 63),
                 (const char *)d->identity.data);
    if (d->has_extra)
        read_extra(&d->extra, &ev->tag);
    if (tk_event_text_problem(ev, sensor))
        return tk_error_set(err, TK_ERR_DATA, "a dnstap frame with %s",
                            tk_event_text_problem(ev, sensor));
    const struct tk_dnstap_bytes *msg = m->has_response_message ? &m->response_message
                                                             : &m->query_message;
    struct tk_dns_header header;
    int question = read_question(msg->data, msg->len, &header, ev);
    if (m->has_response_message) {
        if (question != 0)
            return tk_error_set(err, TK_ERR_DATA, "a DNS response without a readable question");
        ev->dns.rcode = header.flags & 0x0F;
        ev->dns.truncated = (header.flags & 0x0200) != 0;
    } else {
        ev->dns.drop = question == 0 ? TK_DROP_RRL : TK_DROP_MALFORMED;
    }
    size_t n = msg->len < TK_EVENT_DNS_MESSAGE_MAX ? msg->len : TK_EVENT_DNS_MESSAGE_MAX;
    memcpy(ev->dns.message, msg->data, n);
    ev->dns.message_len = (uint16_t)n;
    return TK_OK;
}
