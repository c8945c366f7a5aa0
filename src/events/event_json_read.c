/* event_json_read.c - one JSON line of the event log back into a struct tk_event (see
 * include/takedown/event_file.h and docs/EVENTS.md), through the reader layer's JSON tree
 * (json_doc.h, on the hand scanner json_scan.h). Members this version does not know are
 * skipped, so later versions' extra members still read. */
#include <arpa/inet.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "takedown/event_file.h"
#include "takedown/hex.h"
#include "takedown/json_doc.h"

/* The first member that failed, for the message. */
struct reading {
    char bad[48];
    const struct tk_json_doc *doc;
};

static int fail(struct reading *r, const char *member)
{
    if (r->bad[0] == '\0')
        snprintf(r->bad, sizeof r->bad, "%s", member);
    return -1;
}

/* A JSON string back into the bytes the writer escaped: characters up to U+00FF become one
 * byte each (the writer wrote every byte outside printable ASCII as \u00XX), others stay
 * UTF-8. Cut to fit size (NUL included). */
static int get_bytes(const struct tk_json_node *value, char *dst, size_t size, size_t *out_len)
{
    if (value == NULL || value->kind != TK_JSON_STRING)
        return -1;
    const unsigned char *s = (const unsigned char *)value->text.ptr;
    size_t n = value->text.len, o = 0;
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        if (s[i] >= 0xC2 && s[i] <= 0xC3 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            dst[o++] = (char)((s[i] & 0x03) << 6 | (s[i + 1] & 0x3F));
            i++;
        } else {
            dst[o++] = (char)s[i];
        }
    }
    dst[o] = '\0';
    if (out_len)
        *out_len = o;
    return 0;
}

static const struct tk_json_node *member(const struct reading *r, const struct tk_json_node *obj,
                                         const char *key)
{
    return tk_json_get(r->doc, obj, key);
}

static int get_text(const struct tk_json_node *obj, const char *key, char *dst, size_t size, int required,
                    struct reading *r)
{
    const struct tk_json_node *v = member(r, obj, key);
    dst[0] = '\0';
    if (v == NULL)
        return required ? fail(r, key) : 0;
    return get_bytes(v, dst, size, NULL) == 0 ? 0 : fail(r, key);
}

static int get_uint(const struct tk_json_node *obj, const char *key, uint64_t max, uint64_t *out, int required,
                    struct reading *r)
{
    const struct tk_json_node *v = member(r, obj, key);
    if (v == NULL) {
        *out = 0;
        return required ? fail(r, key) : 0;
    }
    return tk_json_uint(v, max, out) == 0 ? 0 : fail(r, key);
}

static int get_bool(const struct tk_json_node *obj, const char *key, uint8_t *out, struct reading *r)
{
    const struct tk_json_node *v = member(r, obj, key);
    *out = 0;
    if (v == NULL)
        return 0;
    if (v->kind != TK_JSON_TRUE && v->kind != TK_JSON_FALSE)
        return fail(r, key);
    *out = v->kind == TK_JSON_TRUE;
    return 0;
}

static int get_address(const struct tk_json_node *obj, const char *addr_key, const char *port_key,
                       struct tk_event_endpoint *e, struct reading *r)
{
    char text[64];
    uint64_t port;
    memset(e, 0, sizeof *e);
    if (get_text(obj, addr_key, text, sizeof text, 1, r) != 0)
        return -1;
    if (inet_pton(AF_INET, text, e->addr) == 1)
        e->family = AF_INET;
    else if (inet_pton(AF_INET6, text, e->addr) == 1)
        e->family = AF_INET6;
    else
        return fail(r, addr_key);
    if (get_uint(obj, port_key, 65535, &port, 1, r) != 0)
        return -1;
    e->port = (uint16_t)port;
    return 0;
}

/* "2026-11-28T15:21:12.187742Z" */
static int get_time(const struct tk_json_node *obj, struct tk_event *ev, struct reading *r)
{
    char text[40];
    int y, mo, d, h, mi, s, used = 0;
    if (get_text(obj, "time", text, sizeof text, 1, r) != 0)
        return -1;
    if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &used) != 6
        || used != 19 || mo < 1 || mo > 12 || d < 1 || d > tk_days_in_month(y, mo) || h > 23
        || mi > 59 || s > 60)
        return fail(r, "time");
    uint32_t nsec = 0, scale = 100000000;
    const char *p = text + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return fail(r, "time");
        for (; *p >= '0' && *p <= '9'; p++) {
            nsec += (uint32_t)(*p - '0') * scale;
            scale /= 10;
        }
    }
    if (strcmp(p, "Z") != 0)
        return fail(r, "time");
    ev->time_sec = tk_day_to_unix(tk_day_from_civil(y, mo, d)) + h * 3600 + mi * 60 + s;
    ev->time_nsec = nsec;
    return 0;
}

static int get_tag(const struct tk_json_node *obj, struct tk_event_tag *tag, struct reading *r)
{
    const struct tk_json_node *t = member(r, obj, "tag");
    char day[16];
    memset(tag, 0, sizeof *tag);
    if (t == NULL)
        return 0;
    if (t->kind != TK_JSON_OBJECT || get_text(t, "family", tag->family, sizeof tag->family, 1, r)
        || get_text(t, "variant", tag->variant, sizeof tag->variant, 0, r)
        || get_text(t, "seed", tag->seed, sizeof tag->seed, 0, r))
        return fail(r, "tag");
    if (get_text(t, "first", day, sizeof day, 0, r) != 0
        || (day[0] && tk_day_parse(day, &tag->first, NULL) != TK_OK))
        return fail(r, "tag.first");
    if (get_text(t, "last", day, sizeof day, 0, r) != 0
        || (day[0] && tk_day_parse(day, &tag->last, NULL) != TK_OK))
        return fail(r, "tag.last");
    return 0;
}

static int get_dns(const struct tk_json_node *obj, struct tk_event_dns *dns, struct reading *r)
{
    char text[64];
    uint64_t v;
    memset(dns, 0, sizeof *dns);
    if (get_text(obj, "qtype", text, sizeof text, 1, r) || tk_dns_type_parse(text, &dns->qtype))
        return fail(r, "qtype");
    if (get_text(obj, "rcode", text, sizeof text, 1, r) || tk_dns_rcode_parse(text, &dns->rcode))
        return fail(r, "rcode");
    if (get_uint(obj, "qclass", 65535, &v, 0, r))
        return -1;
    dns->qclass = member(r, obj, "qclass") ? (uint16_t)v : 1;
    const struct tk_json_node *edns = member(r, obj, "edns");
    if (edns) {
        if (edns->kind != TK_JSON_OBJECT || get_uint(edns, "version", 255, &v, 1, r))
            return fail(r, "edns");
        dns->edns_version = (uint8_t)v;
        if (get_uint(edns, "udp", 65535, &v, 1, r))
            return fail(r, "edns");
        dns->edns_udp = (uint16_t)v;
    }
    if (get_text(obj, "ecs", text, sizeof text, 0, r))
        return -1;
    if (text[0]) {
        char *slash = strchr(text, '/');
        unsigned prefix;
        int family = strchr(text, ':') ? AF_INET6 : AF_INET;
        if (slash == NULL || sscanf(slash + 1, "%3u", &prefix) != 1
            || prefix > (family == AF_INET6 ? 128u : 32u))
            return fail(r, "ecs");
        *slash = '\0';
        if (inet_pton(family, text, dns->ecs_addr) != 1)
            return fail(r, "ecs");
        dns->ecs_family = family == AF_INET6 ? 2 : 1;
        dns->ecs_source = (uint8_t)prefix;
    }
    if (get_bool(obj, "tc", &dns->truncated, r) || get_text(obj, "dropped", text, 16, 0, r))
        return -1;
    if (strcmp(text, "rrl") == 0)
        dns->drop = TK_DROP_RRL;
    else if (strcmp(text, "malformed") == 0)
        dns->drop = TK_DROP_MALFORMED;
    else if (text[0])
        return fail(r, "dropped");
    return 0;
}

/* A string of exactly 2n hex digits (the writer's are lower case) into n bytes. */
static int parse_hex(const struct tk_json_node *value, uint8_t *out, size_t n)
{
    char text[40];
    if (get_bytes(value, text, sizeof text, NULL) != 0 || strlen(text) != 2 * n)
        return -1;
    return tk_hex_decode(text, n, out);
}

static int get_hash(const struct tk_json_node *obj, const char *key, uint8_t *out, size_t n, struct reading *r)
{
    const struct tk_json_node *v = member(r, obj, key);
    return v && parse_hex(v, out, n) == 0 ? 0 : fail(r, key);
}

/* "PREFIX_bytes", "PREFIX_hashed", "PREFIX_xxh128". */
static int get_fingerprint(const struct tk_json_node *obj, const char *prefix, struct tk_event_fingerprint *f,
                           struct reading *r)
{
    char key[3][32];
    uint64_t v;
    memset(f, 0, sizeof *f);
    snprintf(key[0], sizeof key[0], "%s_bytes", prefix);
    snprintf(key[1], sizeof key[1], "%s_hashed", prefix);
    snprintf(key[2], sizeof key[2], "%s_xxh128", prefix);
    if (get_uint(obj, key[0], UINT64_MAX >> 1, &f->bytes, 1, r)
        || get_uint(obj, key[1], 65535, &v, 0, r))
        return -1;
    f->hashed = (uint16_t)v;
    return f->hashed ? get_hash(obj, key[2], f->hash, sizeof f->hash, r) : 0;
}

static int get_http(const struct tk_json_node *obj, struct tk_event_http *h, struct reading *r)
{
    const struct tk_json_node *o = member(r, obj, "http");
    char version[8], close[16], b64[TK_EVENT_BODY_MAX / 3 * 4 + 8];
    uint64_t v;
    if (o == NULL || o->kind != TK_JSON_OBJECT)
        return fail(r, "http");
    /* method, path and version are absent from a request cut off before its first line */
    int line = member(r, o, "method") != NULL;
    if (get_text(o, "method", h->method, sizeof h->method, 0, r)
        || get_text(o, "path", h->path, sizeof h->path, line, r)
        || get_text(o, "ua", h->user_agent, sizeof h->user_agent, 0, r)
        || get_text(o, "version", version, sizeof version, line, r)
        || get_uint(o, "status", 999, &v, 1, r)
        || get_text(o, "close", close, sizeof close, 0, r))
        return -1;
    if (!line)
        strcpy(version, "1.1");
    if (strlen(version) != 3 || version[0] != '1' || version[1] != '.' || version[2] < '0'
        || version[2] > '9')
        return fail(r, "http.version");
    h->version_minor = (uint8_t)(version[2] - '0');
    h->status = (uint16_t)v;
    h->close = TK_CLOSE_EOF;
    if (close[0] && tk_tcp_close_parse(close, &h->close))
        return fail(r, "http.close");
    if (get_fingerprint(o, "body", &h->body, r) || get_text(o, "body_b64", b64, sizeof b64, 0, r))
        return -1;
    h->kept = 0;
    size_t n = strlen(b64);
    if (n) {
        uint8_t raw[TK_EVENT_BODY_MAX + 3];
        int got = n % 4 == 0 ? EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n) : -1;
        if (got < 0)
            return fail(r, "http.body_b64");
        got -= (n >= 1 && b64[n - 1] == '=') + (n >= 2 && b64[n - 2] == '=');
        if (got > TK_EVENT_BODY_MAX)
            return fail(r, "http.body_b64");
        memcpy(h->body_start, raw, (size_t)got);
        h->kept = (uint16_t)got;
    }
    return 0;
}

static int get_tcp(const struct tk_json_node *obj, struct tk_event_tcp *t, struct reading *r)
{
    const struct tk_json_node *o = member(r, obj, "tcp");
    char close[16];
    uint64_t v;
    if (o == NULL || o->kind != TK_JSON_OBJECT)
        return fail(r, "tcp");
    if (get_uint(o, "duration_ms", UINT32_MAX, &v, 1, r)
        || get_text(o, "close", close, sizeof close, 1, r))
        return -1;
    t->duration_ms = (uint32_t)v;
    if (tk_tcp_close_parse(close, &t->close))
        return fail(r, "tcp.close");
    return get_fingerprint(o, "data", &t->data, r);
}

static int get_smtp(const struct tk_json_node *obj, struct tk_event_smtp *s, struct reading *r)
{
    const struct tk_json_node *o = member(r, obj, "smtp");
    char result[16];
    uint64_t v;
    if (o == NULL || o->kind != TK_JSON_OBJECT)
        return fail(r, "smtp");
    if (get_text(o, "helo", s->helo, sizeof s->helo, 0, r)
        || get_bool(o, "esmtp", &s->esmtp, r)
        || get_text(o, "result", result, sizeof result, 1, r))
        return -1;
    if (tk_smtp_result_parse(result, &s->result))
        return fail(r, "smtp.result");
    if (get_text(o, "from", s->mail_from, sizeof s->mail_from, 0, r)
        || get_uint(o, "size", UINT64_MAX >> 1, &s->size, 0, r)
        || get_uint(o, "rcpt_count", 65535, &v, 1, r))
        return -1;
    s->rcpt_count = (uint16_t)v;
    const struct tk_json_node *list = member(r, o, "rcpt");
    if (list == NULL)
        return 0;
    if (list->kind != TK_JSON_ARRAY || list->count > TK_EVENT_SMTP_RCPT_MAX
        || list->count > s->rcpt_count)
        return fail(r, "smtp.rcpt");
    for (size_t i = 0; i < list->count; i++)
        if (parse_hex(tk_json_at(r->doc, list, i), s->rcpt_hash[i], 8) != 0)
            return fail(r, "smtp.rcpt");
    return 0;
}

static int read_event(const struct tk_json_node *obj, struct tk_event *ev, char sensor[64], struct reading *r)
{
    char text[16];
    uint64_t v;
    size_t name_len;
    memset(ev, 0, sizeof *ev);
    if (obj->kind != TK_JSON_OBJECT)
        return fail(r, "the line (a JSON object)");
    /* A record without "v" (a hand-made or another tool's) is read as version 1. */
    if (get_uint(obj, "v", 65535, &v, 0, r))
        return -1;
    if (member(r, obj, "v") == NULL)
        v = 1;
    else if (v == 0)
        return fail(r, "v");
    ev->version = (uint16_t)v;
    if (get_time(obj, ev, r) || get_text(obj, "sensor", sensor, 64, 0, r))
        return -1;
    if (get_text(obj, "proto", text, sizeof text, 1, r) || tk_event_protocol_parse(text, &ev->protocol))
        return fail(r, "proto");
    if (get_text(obj, "transport", text, sizeof text, 1, r)
        || (strcmp(text, "udp") != 0 && strcmp(text, "tcp") != 0))
        return fail(r, "transport");
    ev->transport = text[0] == 'u' ? TK_TRANSPORT_UDP : TK_TRANSPORT_TCP;
    if (get_address(obj, "src", "sport", &ev->client, r) || get_address(obj, "dst", "dport", &ev->server, r))
        return -1;
    if (member(r, obj, "via") && get_address(obj, "via", "vport", &ev->via, r))
        return -1;
    const struct tk_json_node *name = member(r, obj, "name");
    name_len = 0;
    if (name ? get_bytes(name, ev->name, sizeof ev->name, &name_len) != 0
             : ev->protocol != TK_EVENT_HTTP)
        return fail(r, "name"); /* absent only from an HTTP request without a Host */
    ev->name_len = (uint8_t)name_len;
    if (get_tag(obj, &ev->tag, r))
        return -1;
    switch (ev->protocol) {
    case TK_EVENT_DNS: return get_dns(obj, &ev->dns, r);
    case TK_EVENT_HTTP: return get_http(obj, &ev->http, r);
    case TK_EVENT_TCP: return get_tcp(obj, &ev->tcp, r);
    default: return get_smtp(obj, &ev->smtp, r);
    }
}

int tk_event_parse_json(const char *line, size_t len, struct tk_event *ev, char sensor[64],
                        struct tk_error *err)
{
    struct tk_json_doc doc;
    char small[TK_EVENT_JSON_MAX]; /* what our writer writes; longer lines of other writers
                                      decode on the heap */
    char *scratch = len <= sizeof small ? small : malloc(len);
    struct reading r = {"", &doc};
    sensor[0] = '\0';
    if (scratch == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    int rc = tk_json_doc_parse(&doc, line, len, scratch, 1);
    if (rc == 0)
        rc = read_event(&doc.nodes[0], ev, sensor, &r);
    if (scratch != small)
        free(scratch);
    if (rc && r.bad[0] == '\0' && doc.scan.error)
        return tk_error_set(err, TK_ERR_DATA, "column %zu: expected JSON: %s",
                            jscan_column(&doc.scan), doc.scan.error);
    if (rc)
        return tk_error_set(err, TK_ERR_DATA, "expected a valid \"%s\" (docs/EVENTS.md)",
                            r.bad[0] ? r.bad : "event");
    const char *problem = tk_event_text_problem(ev, sensor);
    if (problem)
        return tk_error_set(err, TK_ERR_DATA, "expected %s", problem);
    return TK_OK;
}
