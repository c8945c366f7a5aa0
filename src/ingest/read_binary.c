/* read_binary.c - the sinkhole's binary event log (events-*.tkev, docs/EVENTS.md): a Frame
 * Streams file of takedown.Event protobuf messages, decoded by tk_event_decode_binary. Every
 * protocol is a contact; an accepted SMTP message counts one message and brings its
 * recipient hashes (as the 16 hex digits the JSON lines carry, so that distinct recipients
 * from both formats count together). The frames come through the shared Frame Streams
 * reader (frame_reader.c); a file without its STOP frame (the sinkhole was killed) reads to
 * its last whole frame. */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "ingest/reader_ops.h"
#include "takedown/event_binary.h"
#include "takedown/frame_reader.h"
#include "takedown/read_note.h"

struct binary_state {
    struct tk_frame_reader *frames;
    int finished;
    struct tk_event event;
    char sensor[64];
    char hex[TK_EVENT_SMTP_RCPT_MAX][17];
    struct tk_text recipients[TK_EVENT_SMTP_RCPT_MAX];
};

/* A Frame Streams START frame naming our content type, within the first bytes. */
static int binary_sniff(const uint8_t *data, size_t len)
{
    return tk_frame_sniff(data, len, TK_EVENT_BINARY_CONTENT_TYPE);
}

static int binary_open(struct tk_event_reader *r, struct tk_error *err)
{
    struct binary_state *st = r->state;
    return tk_frame_reader_open(&st->frames, r->in, err);
}

static void binary_close(struct tk_event_reader *r)
{
    struct binary_state *st = r->state;
    tk_frame_reader_close(st->frames);
}

static void to_contact(struct binary_state *st, struct tk_contact *c)
{
    const struct tk_event *ev = &st->event;
    memset(c, 0, sizeof *c);
    c->time_sec = ev->time_sec;
    c->time_nsec = ev->time_nsec;
    c->addr_family = ev->client.family == AF_INET6 ? 6 : 4;
    memcpy(c->addr, ev->client.addr, 16);
    c->port = ev->client.port;
    c->protocol = ev->protocol;
    c->authoritative = ev->protocol == TK_EVENT_DNS;
    c->name = (struct tk_text){ev->name, ev->name_len};
    c->family = (struct tk_text){ev->tag.family, strlen(ev->tag.family)};
    c->variant = (struct tk_text){ev->tag.variant, strlen(ev->tag.variant)};
    c->seed = (struct tk_text){ev->tag.seed, strlen(ev->tag.seed)};
    if (ev->protocol == TK_EVENT_DNS && (ev->dns.ecs_family == 1 || ev->dns.ecs_family == 2)) {
        c->ecs_family = ev->dns.ecs_family == 1 ? 4 : 6;
        c->ecs_prefix = ev->dns.ecs_source;
        memcpy(c->ecs_addr, ev->dns.ecs_addr, 16);
    }
    if (ev->protocol != TK_EVENT_SMTP || ev->smtp.result != TK_SMTP_ACCEPTED)
        return;
    unsigned n = ev->smtp.rcpt_count < TK_EVENT_SMTP_RCPT_MAX ? ev->smtp.rcpt_count
                                                             : TK_EVENT_SMTP_RCPT_MAX;
    for (unsigned i = 0; i < n; i++) {
        for (int b = 0; b < 8; b++)
            snprintf(st->hex[i] + 2 * b, 3, "%02x", ev->smtp.rcpt_hash[i][b]);
        st->recipients[i] = (struct tk_text){st->hex[i], 16};
    }
    c->messages = 1;
    c->recipients = st->recipients;
    c->recipient_count = n;
}

static enum tk_read_result end_of_input(struct tk_event_reader *r, struct binary_state *st,
                                        const char *what)
{
    st->finished = 1;
    if (what)
        ingest_reader_truncated(r, "%s after frame %llu", what,
                                (unsigned long long)tk_frame_reader_count(st->frames));
    ingest_reader_check_input_truncated(r);
    return TK_READ_END;
}

static enum tk_read_result binary_next(struct tk_event_reader *r, struct tk_contact *c,
                                       struct tk_error *err)
{
    struct binary_state *st = r->state;
    const uint8_t *frame;
    size_t len;
    const char *why;
    char position[48];
    if (st->finished)
        return TK_READ_END;
    switch (tk_frame_reader_next(st->frames, &frame, &len, &why, err)) {
    case TK_FRAME_FAILED:
        return TK_READ_FAILED;
    case TK_FRAME_END:
        return end_of_input(r, st, NULL);
    case TK_FRAME_CUT:
        return end_of_input(r, st, why);
    case TK_FRAME_DATA:
        break;
    }
    r->stats.records++;
    if (tk_event_decode_binary(frame, len, &st->event, st->sensor, err) != TK_OK) {
        tk_read_position(position, sizeof position, TK_RECORD_FRAME,
                         tk_frame_reader_count(st->frames));
        return ingest_reader_bad(r, err, position, "%s", err->message);
    }
    to_contact(st, c);
    r->stats.contacts++;
    return TK_READ_CONTACT;
}

const struct reader_ops binary_reader_ops = {
    .name = "binary",
    .format = TK_EVENTS_BINARY,
    .state_size = sizeof(struct binary_state),
    .sniff = binary_sniff,
    .open = binary_open,
    .next = binary_next,
    .close = binary_close,
};
