/* read_jsonl.c - the JSON-lines event log of the takedown sinkholes (docs/EVENTS.md): one
 * object per line with at least "time" and "src"; "sport", "proto", "name", "tag", "ecs"
 * and "smtp" are read when present, every other member is skipped, so records of later
 * versions with more members still read. */
#include <string.h>

#include "ingest/fields.h"
#include "takedown/json_scan.h"
#include "ingest/line_records.h"

struct jsonl_state {
    struct line_records src; /* its scratch: the decoded strings of the current line */
    struct tk_text recipients[TK_CONTACT_MAX_RECIPIENTS];
};

static int text_is(struct tk_text t, const char *word)
{
    size_t n = strlen(word);
    return t.len == n && memcmp(t.ptr, word, n) == 0;
}

static int jsonl_sniff(const uint8_t *data, size_t len)
{
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    return i < len && data[i] == '{';
}

static int jsonl_open(struct tk_event_reader *r, struct tk_error *err)
{
    struct jsonl_state *st = r->state;
    return line_records_open(&st->src, r->in, err);
}

static void jsonl_close(struct tk_event_reader *r)
{
    struct jsonl_state *st = r->state;
    line_records_close(&st->src);
}

/* An unsigned integer no larger than max. */
static int parse_uint(struct tk_text t, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (t.len == 0 || t.len > 20)
        return -1;
    for (size_t i = 0; i < t.len; i++) {
        if (t.ptr[i] < '0' || t.ptr[i] > '9')
            return -1;
        v = v * 10 + (uint64_t)(t.ptr[i] - '0');
        if (v > max)
            return -1;
    }
    *out = v;
    return 0;
}

static uint8_t protocol_of(struct tk_text t)
{
    if (text_is(t, "dns"))
        return TK_CONTACT_DNS;
    if (text_is(t, "http"))
        return TK_CONTACT_HTTP;
    if (text_is(t, "tcp"))
        return TK_CONTACT_TCP;
    if (text_is(t, "smtp"))
        return TK_CONTACT_SMTP;
    return TK_CONTACT_UNKNOWN;
}

static int read_tag(struct jscan *s, struct tk_contact *c)
{
    struct tk_text key, value;

    if (jscan_expect(s, '{'))
        return -1;
    if (jscan_accept(s, '}'))
        return 0;
    do {
        if (jscan_string(s, &key) || jscan_expect(s, ':'))
            return -1;
        if (text_is(key, "family") || text_is(key, "variant") || text_is(key, "seed")) {
            if (jscan_string(s, &value))
                return -1;
            if (key.ptr[0] == 'f')
                c->family = value;
            else if (key.ptr[0] == 'v')
                c->variant = value;
            else
                c->seed = value;
        } else if (jscan_skip_value(s)) {
            return -1;
        }
    } while (jscan_accept(s, ','));
    return jscan_expect(s, '}');
}

static int read_recipients(struct jscan *s, struct jsonl_state *st, struct tk_contact *c)
{
    struct tk_text value;

    if (jscan_expect(s, '['))
        return -1;
    if (jscan_accept(s, ']'))
        return 0;
    do {
        if (jscan_string(s, &value))
            return -1;
        if (c->recipient_count == TK_CONTACT_MAX_RECIPIENTS) {
            s->error = "at most 1024 recipients in one record";
            return -1;
        }
        st->recipients[c->recipient_count++] = value;
    } while (jscan_accept(s, ','));
    return jscan_expect(s, ']');
}

/* "smtp": {"messages": N, "rcpt": ["a@example", ...]}; N defaults to 1. */
static int read_smtp(struct jscan *s, struct jsonl_state *st, struct tk_contact *c)
{
    struct tk_text key, value;
    uint64_t messages = 1;

    if (jscan_expect(s, '{'))
        return -1;
    if (!jscan_accept(s, '}')) {
        do {
            if (jscan_string(s, &key) || jscan_expect(s, ':'))
                return -1;
            if (text_is(key, "messages")) {
                if (jscan_number(s, &value) || parse_uint(value, UINT32_MAX, &messages)) {
                    s->error = "a message count (0 to 4294967295)";
                    return -1;
                }
            } else if (text_is(key, "rcpt")) {
                if (read_recipients(s, st, c))
                    return -1;
            } else if (jscan_skip_value(s)) {
                return -1;
            }
        } while (jscan_accept(s, ','));
        if (jscan_expect(s, '}'))
            return -1;
    }
    c->messages = (uint32_t)messages;
    c->recipients = st->recipients;
    return 0;
}

static int read_time(struct jscan *s, struct tk_contact *c)
{
    struct tk_text value;
    int rc = jscan_peek(s) == '"' ? jscan_string(s, &value) : jscan_number(s, &value);
    if (rc)
        return -1;
    if (ingest_parse_timestamp(value.ptr, value.len, &c->time_sec, &c->time_nsec)) {
        s->error = "\"time\" as RFC 3339 UTC (2020-03-01T12:00:00Z) or Unix seconds";
        return -1;
    }
    return 0;
}

/* The members a contact is made of; every other member is skipped. */
enum member { MEMBER_OTHER, MEMBER_TIME, MEMBER_SRC, MEMBER_SPORT, MEMBER_PROTO, MEMBER_NAME,
              MEMBER_TAG, MEMBER_SMTP, MEMBER_ECS };

static enum member member_of(struct tk_text key)
{
    /* By length first: most keys of a line are told apart without a comparison. */
    switch (key.len) {
    case 3:
        return memcmp(key.ptr, "src", 3) == 0 ? MEMBER_SRC
               : memcmp(key.ptr, "tag", 3) == 0 ? MEMBER_TAG
               : memcmp(key.ptr, "ecs", 3) == 0 ? MEMBER_ECS : MEMBER_OTHER;
    case 4:
        return memcmp(key.ptr, "time", 4) == 0 ? MEMBER_TIME
               : memcmp(key.ptr, "name", 4) == 0 ? MEMBER_NAME
               : memcmp(key.ptr, "smtp", 4) == 0 ? MEMBER_SMTP : MEMBER_OTHER;
    case 5:
        return memcmp(key.ptr, "sport", 5) == 0 ? MEMBER_SPORT
               : memcmp(key.ptr, "proto", 5) == 0 ? MEMBER_PROTO : MEMBER_OTHER;
    default:
        return MEMBER_OTHER;
    }
}

static int read_member(struct jscan *s, struct jsonl_state *st, struct tk_text key,
                       struct tk_contact *c, int *have)
{
    struct tk_text value;
    uint64_t port;

    switch (member_of(key)) {
    case MEMBER_TIME:
        *have |= 1;
        return read_time(s, c);
    case MEMBER_SRC:
        *have |= 2;
        if (jscan_string(s, &value))
            return -1;
        if (ingest_parse_address(value.ptr, value.len, &c->addr_family, c->addr)) {
            s->error = "\"src\" as an IPv4 or IPv6 address";
            return -1;
        }
        return 0;
    case MEMBER_SPORT:
        if (jscan_number(s, &value) || parse_uint(value, 65535, &port)) {
            s->error = "\"sport\" as a port number (0 to 65535)";
            return -1;
        }
        c->port = (uint16_t)port;
        return 0;
    case MEMBER_PROTO:
        if (jscan_string(s, &value))
            return -1;
        c->protocol = protocol_of(value);
        c->authoritative = c->protocol == TK_CONTACT_DNS; /* the sinkhole answers as authority */
        return 0;
    case MEMBER_NAME:
        return jscan_string(s, &c->name);
    case MEMBER_TAG:
        return read_tag(s, c);
    case MEMBER_SMTP:
        return read_smtp(s, st, c);
    case MEMBER_ECS:
        if (jscan_string(s, &value))
            return -1;
        if (ingest_parse_subnet(value.ptr, value.len, &c->ecs_family, c->ecs_addr,
                                &c->ecs_prefix)) {
            s->error = "\"ecs\" as ADDRESS/PREFIX (198.51.100.0/24)";
            return -1;
        }
        return 0;
    case MEMBER_OTHER:
        break;
    }
    return jscan_skip_value(s);
}

/* Parses one line into c; -1 with s->error set when it is not a contact. */
static int parse_line(struct jscan *s, struct jsonl_state *st, struct tk_contact *c)
{
    struct tk_text key;
    int have = 0;

    ingest_contact_clear(c);
    if (jscan_expect(s, '{'))
        return -1;
    if (!jscan_accept(s, '}')) {
        do {
            if (jscan_string(s, &key) || jscan_expect(s, ':') || read_member(s, st, key, c, &have))
                return -1;
        } while (jscan_accept(s, ','));
        if (jscan_expect(s, '}'))
            return -1;
    }
    if (jscan_end(s))
        return -1;
    if ((have & 1) == 0) {
        s->error = "a \"time\" member";
        return -1;
    }
    if ((have & 2) == 0) {
        s->error = "a \"src\" member";
        return -1;
    }
    if ((s->error = ingest_contact_text_problem(c)) != NULL)
        return -1;
    return 0;
}

static enum tk_read_result jsonl_next(struct tk_event_reader *r, struct tk_contact *c,
                                      struct tk_error *err)
{
    struct jsonl_state *st = r->state;
    struct jscan scan;
    struct tk_line line;
    enum tk_read_result stop;

    for (;;) {
        if (!line_records_next(&st->src, r, &line, &stop, err))
            return stop;
        jscan_init(&scan, line.text, line.len, st->src.scratch, LINES_MAX);
        if (jscan_peek(&scan) == '\0' || jscan_peek(&scan) == '#') {
            r->stats.skipped++;
            continue;
        }
        if (parse_line(&scan, st, c) == 0) {
            r->stats.contacts++;
            return TK_READ_CONTACT;
        }
        return line_records_bad(&st->src, r, &line, jscan_column(&scan), scan.error, err);
    }
}

const struct reader_ops jsonl_reader_ops = {
    .name = "jsonl",
    .format = TK_EVENTS_JSONL,
    .state_size = sizeof(struct jsonl_state),
    .sniff = jsonl_sniff,
    .open = jsonl_open,
    .next = jsonl_next,
    .close = jsonl_close,
};
