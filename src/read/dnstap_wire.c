/* dnstap_wire.c - one dnstap frame decoded by hand (see include/takedown/dnstap_wire.h). */
#include "takedown/dnstap_wire.h"

#include <string.h>

#include "takedown/protobuf_wire.h"

/* Field numbers of dnstap.proto. */
enum { DNSTAP_IDENTITY = 1, DNSTAP_EXTRA = 3, DNSTAP_MESSAGE = 14, DNSTAP_TYPE = 15 };
enum {
    MSG_TYPE = 1, MSG_SOCKET_PROTOCOL = 3, MSG_QUERY_ADDRESS = 4, MSG_RESPONSE_ADDRESS = 5,
    MSG_QUERY_PORT = 6, MSG_RESPONSE_PORT = 7, MSG_QUERY_TIME_SEC = 8, MSG_QUERY_TIME_NSEC = 9,
    MSG_QUERY_MESSAGE = 10, MSG_RESPONSE_TIME_SEC = 12, MSG_RESPONSE_TIME_NSEC = 13,
    MSG_RESPONSE_MESSAGE = 14
};

/* A bytes field into *out; -1 when the field has another wire type. */
static int take_bytes(const struct pb_field *f, int *has, struct tk_dnstap_bytes *out)
{
    if (f->type != PB_BYTES)
        return -1;
    *has = 1;
    out->data = f->data;
    out->len = f->len;
    return 0;
}

/* A varint field into *out, cut to 32 bits as protobuf-c does for uint32 and enums. */
static int take_u32(const struct pb_field *f, int *has, uint32_t *out)
{
    if (f->type != PB_VARINT)
        return -1;
    *has = 1;
    *out = (uint32_t)f->value;
    return 0;
}

static int take_u64(const struct pb_field *f, int *has, uint64_t *out)
{
    if (f->type != PB_VARINT)
        return -1;
    *has = 1;
    *out = f->value;
    return 0;
}

static int take_fixed32(const struct pb_field *f, int *has, uint32_t *out)
{
    if (f->type != PB_FIXED32)
        return -1;
    *has = 1;
    *out = (uint32_t)f->value;
    return 0;
}

static int message_field(const struct pb_field *f, struct tk_dnstap_message *m, int *has_type)
{
    switch (f->number) {
    case MSG_TYPE: return take_u32(f, has_type, &m->type);
    case MSG_SOCKET_PROTOCOL: return take_u32(f, &m->has_socket_protocol, &m->socket_protocol);
    case MSG_QUERY_ADDRESS: return take_bytes(f, &m->has_query_address, &m->query_address);
    case MSG_RESPONSE_ADDRESS:
        return take_bytes(f, &m->has_response_address, &m->response_address);
    case MSG_QUERY_PORT: return take_u32(f, &m->has_query_port, &m->query_port);
    case MSG_RESPONSE_PORT: return take_u32(f, &m->has_response_port, &m->response_port);
    case MSG_QUERY_TIME_SEC: return take_u64(f, &m->has_query_time_sec, &m->query_time_sec);
    case MSG_QUERY_TIME_NSEC:
        return take_fixed32(f, &m->has_query_time_nsec, &m->query_time_nsec);
    case MSG_QUERY_MESSAGE: return take_bytes(f, &m->has_query_message, &m->query_message);
    case MSG_RESPONSE_TIME_SEC:
        return take_u64(f, &m->has_response_time_sec, &m->response_time_sec);
    case MSG_RESPONSE_TIME_NSEC:
        return take_fixed32(f, &m->has_response_time_nsec, &m->response_time_nsec);
    case MSG_RESPONSE_MESSAGE:
        return take_bytes(f, &m->has_response_message, &m->response_message);
    default:
        return 0; /* socket_family, query_zone and fields of later versions */
    }
}

static int decode_message(const uint8_t *p, const uint8_t *end, struct tk_dnstap_message *m,
                          const char **what)
{
    struct pb_field f;
    int rc, has_type = 0;

    memset(m, 0, sizeof *m);
    while ((rc = pb_next_field(&p, end, &f)) == 1)
        if (message_field(&f, m, &has_type)) {
            *what = "a dnstap Message field of the type dnstap.proto gives it";
            return -1;
        }
    if (rc < 0) {
        *what = "a dnstap Message";
        return -1;
    }
    if (!has_type) {
        *what = "a Message type";
        return -1;
    }
    return 0;
}

int tk_dnstap_decode(const uint8_t *frame, size_t len, struct tk_dnstap *d, const char **what)
{
    const uint8_t *p = frame, *end = frame + len;
    struct tk_dnstap_bytes message = {NULL, 0};
    struct pb_field f;
    int rc, has_type = 0, has_message = 0, bad = 0;

    memset(d, 0, sizeof *d);
    while ((rc = pb_next_field(&p, end, &f)) == 1) {
        if (f.number == DNSTAP_TYPE)
            bad |= take_u32(&f, &has_type, &d->type);
        else if (f.number == DNSTAP_MESSAGE)
            bad |= take_bytes(&f, &has_message, &message);
        else if (f.number == DNSTAP_EXTRA)
            bad |= take_bytes(&f, &d->has_extra, &d->extra);
        else if (f.number == DNSTAP_IDENTITY)
            bad |= take_bytes(&f, &d->has_identity, &d->identity);
    }
    if (rc < 0 || bad) {
        *what = "a dnstap protobuf message";
        return -1;
    }
    if (!has_type) {
        *what = "a Dnstap type";
        return -1;
    }
    if (!has_message)
        return 0;
    if (decode_message(message.data, message.data + message.len, &d->message_fields, what))
        return -1;
    d->message = &d->message_fields;
    return 0;
}
