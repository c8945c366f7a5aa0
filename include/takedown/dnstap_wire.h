/* dnstap_wire.h - the reader layer's one decoder of a dnstap frame (a dnstap.Dnstap
 * protobuf message, src/events/dnstap.proto), by hand over protobuf_wire.h, without
 * allocating: every bytes field points into the frame. `report`, `match` and `events` read
 * dnstap through it, each taking the fields it needs.
 *
 * The fields are named as protobuf-c names them (has_X beside X), so that a reader written
 * on protobuf-c's structs reads the same. Numbers of the Type enumerations are those of
 * dnstap.proto. */
#ifndef TAKEDOWN_DNSTAP_WIRE_H
#define TAKEDOWN_DNSTAP_WIRE_H

#include <stddef.h>
#include <stdint.h>

struct tk_dnstap_bytes {
    const uint8_t *data;
    size_t len;
};

/* dnstap.Message.Type */
enum tk_dnstap_message_type {
    TK_DNSTAP_AUTH_QUERY = 1, TK_DNSTAP_AUTH_RESPONSE, TK_DNSTAP_RESOLVER_QUERY,
    TK_DNSTAP_RESOLVER_RESPONSE, TK_DNSTAP_CLIENT_QUERY, TK_DNSTAP_CLIENT_RESPONSE,
    TK_DNSTAP_FORWARDER_QUERY, TK_DNSTAP_FORWARDER_RESPONSE, TK_DNSTAP_STUB_QUERY,
    TK_DNSTAP_STUB_RESPONSE, TK_DNSTAP_TOOL_QUERY, TK_DNSTAP_TOOL_RESPONSE,
    TK_DNSTAP_UPDATE_QUERY, TK_DNSTAP_UPDATE_RESPONSE
};

#define TK_DNSTAP_UDP 1 /* dnstap.SocketProtocol */

/* dnstap.Message, the fields any reader takes. */
struct tk_dnstap_message {
    uint32_t type;                 /* required: enum tk_dnstap_message_type */
    int has_socket_protocol;
    uint32_t socket_protocol;
    int has_query_address, has_response_address;
    struct tk_dnstap_bytes query_address, response_address;
    int has_query_port, has_response_port;
    uint32_t query_port, response_port;
    int has_query_time_sec, has_query_time_nsec;
    uint64_t query_time_sec;
    uint32_t query_time_nsec;
    int has_response_time_sec, has_response_time_nsec;
    uint64_t response_time_sec;
    uint32_t response_time_nsec;
    int has_query_message, has_response_message;
    struct tk_dnstap_bytes query_message, response_message;
};

#define TK_DNSTAP_TYPE_MESSAGE 1

/* dnstap.Dnstap. */
struct tk_dnstap {
    uint32_t type;                     /* required: TK_DNSTAP_TYPE_MESSAGE */
    int has_identity, has_extra;
    struct tk_dnstap_bytes identity, extra;
    const struct tk_dnstap_message *message; /* NULL when the frame has none */
    struct tk_dnstap_message message_fields; /* where message points */
};

/* Decodes frame into d. 0, or -1 with *what saying what was expected: a well-formed
 * protobuf message, its required type, a field of the wire type dnstap.proto gives it. */
int tk_dnstap_decode(const uint8_t *frame, size_t len, struct tk_dnstap *d, const char **what);

#endif
