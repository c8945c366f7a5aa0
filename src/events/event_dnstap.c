/* event_dnstap.c - DNS events as dnstap messages, through the protobuf-c code generated
 * from dnstap.proto (see event_dnstap.h). */
#include "events/event_dnstap.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dnstap.pb-c.h"

size_t tk_event_encode_dnstap(const struct tk_event *ev, const char *identity, uint8_t *buf,
                              size_t size)
{
    Dnstap__Dnstap frame;
    Dnstap__Message msg;
    static const char version[] = "takedown";
    char extra[256];
    size_t addr_len = ev->client.family == AF_INET6 ? 16 : 4;

    if (ev->protocol != TK_EVENT_DNS)
        return 0;
    dnstap__dnstap__init(&frame);
    dnstap__message__init(&msg);
    frame.type = DNSTAP__DNSTAP__TYPE__MESSAGE;
    frame.message = &msg;
    if (identity) {
        frame.has_identity = 1;
        frame.identity.data = (uint8_t *)identity;
        frame.identity.len = strlen(identity);
    }
    frame.has_version = 1;
    frame.version.data = (uint8_t *)version;
    frame.version.len = sizeof version - 1;
    if (ev->tag.family[0]) {
        char first[11] = "", last[11] = "";
        if (ev->tag.first || ev->tag.last) {
            tk_day_format(ev->tag.first, first);
            tk_day_format(ev->tag.last, last);
        }
        int n = snprintf(extra, sizeof extra, "family=%.32s;variant=%.32s;seed=%.64s;first=%s;last=%s",
                         ev->tag.family, ev->tag.variant, ev->tag.seed, first, last);
        frame.has_extra = 1;
        frame.extra.data = (uint8_t *)extra;
        frame.extra.len = n < (int)sizeof extra ? (size_t)n : sizeof extra - 1;
    }

    msg.has_socket_family = 1;
    msg.socket_family = ev->client.family == AF_INET6 ? DNSTAP__SOCKET_FAMILY__INET6
                                                      : DNSTAP__SOCKET_FAMILY__INET;
    msg.has_socket_protocol = 1;
    msg.socket_protocol = ev->transport == TK_TRANSPORT_TCP ? DNSTAP__SOCKET_PROTOCOL__TCP
                                                            : DNSTAP__SOCKET_PROTOCOL__UDP;
    msg.has_query_address = 1;
    msg.query_address.data = (uint8_t *)ev->client.addr;
    msg.query_address.len = addr_len;
    msg.has_query_port = 1;
    msg.query_port = ev->client.port;
    msg.has_response_address = 1;
    msg.response_address.data = (uint8_t *)ev->server.addr;
    msg.response_address.len = ev->server.family == AF_INET6 ? 16 : 4;
    msg.has_response_port = 1;
    msg.response_port = ev->server.port;
    msg.has_query_time_sec = 1;
    msg.query_time_sec = (uint64_t)ev->time_sec;
    msg.has_query_time_nsec = 1;
    msg.query_time_nsec = ev->time_nsec;

    if (ev->dns.drop == TK_DROP_NONE) {
        msg.type = DNSTAP__MESSAGE__TYPE__AUTH_RESPONSE;
        msg.has_response_time_sec = 1;
        msg.response_time_sec = (uint64_t)ev->time_sec;
        msg.has_response_time_nsec = 1;
        msg.response_time_nsec = ev->time_nsec;
        msg.has_response_message = 1;
        msg.response_message.data = (uint8_t *)ev->dns.message;
        msg.response_message.len = ev->dns.message_len;
    } else {
        msg.type = DNSTAP__MESSAGE__TYPE__AUTH_QUERY;
        msg.has_query_message = 1;
        msg.query_message.data = (uint8_t *)ev->dns.message;
        msg.query_message.len = ev->dns.message_len;
    }
    size_t need = dnstap__dnstap__get_packed_size(&frame);
    if (need > size)
        return 0;
    return dnstap__dnstap__pack(&frame, buf);
}
