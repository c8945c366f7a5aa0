/* event.c - filling event records and writing them as JSON lines (see
 * include/takedown/event.h and docs/EVENTS.md). */
#include "takedown/event.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "takedown/event_clock.h"
#include "takedown/json_write.h"
#include "takedown/text.h"

void tk_event_init(struct tk_event *ev, enum tk_event_protocol protocol,
                   enum tk_event_transport transport)
{
    ev->version = TK_EVENT_VERSION;
    ev->protocol = (uint8_t)protocol;
    ev->transport = (uint8_t)transport;
    tk_event_clock_now(&ev->time_sec, &ev->time_nsec);
    ev->name_len = 0;
    ev->name[0] = '\0';
    ev->tag.family[0] = '\0';
    ev->via.family = 0;
}

const char *tk_event_protocol_name(enum tk_event_protocol protocol)
{
    switch (protocol) {
    case TK_EVENT_DNS: return "dns";
    case TK_EVENT_HTTP: return "http";
    case TK_EVENT_TCP: return "tcp";
    case TK_EVENT_SMTP: return "smtp";
    }
    return "unknown";
}

const char *tk_event_transport_name(enum tk_event_transport transport)
{
    return transport == TK_TRANSPORT_TCP ? "tcp" : "udp";
}

static const struct { uint16_t type; const char *name; } dns_types[] = {
    {1, "A"}, {2, "NS"}, {5, "CNAME"}, {6, "SOA"}, {12, "PTR"}, {13, "HINFO"},
    {15, "MX"}, {16, "TXT"}, {28, "AAAA"}, {33, "SRV"}, {35, "NAPTR"}, {43, "DS"},
    {46, "RRSIG"}, {48, "DNSKEY"}, {64, "SVCB"}, {65, "HTTPS"}, {99, "SPF"},
    {251, "IXFR"}, {252, "AXFR"}, {255, "ANY"}, {257, "CAA"},
};

static const char *const rcode_names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                          "NOTIMP", "REFUSED"};

/* "PREFIXnnn" with nnn at most max. */
static int parse_numbered(const char *name, const char *prefix, unsigned long max,
                          unsigned long *out)
{
    size_t n = strlen(prefix);
    unsigned long v = 0;
    if (strncmp(name, prefix, n) != 0 || name[n] == '\0' || strlen(name + n) > 5)
        return -1;
    for (const char *p = name + n; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

int tk_event_protocol_parse(const char *name, uint8_t *out)
{
    for (uint8_t p = TK_EVENT_DNS; p <= TK_EVENT_SMTP; p++)
        if (strcmp(name, tk_event_protocol_name((enum tk_event_protocol)p)) == 0) {
            *out = p;
            return 0;
        }
    return -1;
}

int tk_dns_type_parse(const char *name, uint16_t *out)
{
    unsigned long v;
    for (size_t i = 0; i < sizeof dns_types / sizeof dns_types[0]; i++)
        if (strcmp(dns_types[i].name, name) == 0) {
            *out = dns_types[i].type;
            return 0;
        }
    if (parse_numbered(name, "TYPE", 65535, &v) != 0)
        return -1;
    *out = (uint16_t)v;
    return 0;
}

int tk_dns_rcode_parse(const char *name, uint16_t *out)
{
    unsigned long v;
    for (size_t i = 0; i < sizeof rcode_names / sizeof rcode_names[0]; i++)
        if (strcmp(rcode_names[i], name) == 0) {
            *out = (uint16_t)i;
            return 0;
        }
    if (strcmp(name, "BADVERS") == 0) {
        *out = 16;
        return 0;
    }
    if (parse_numbered(name, "RCODE", 4095, &v) != 0)
        return -1;
    *out = (uint16_t)v;
    return 0;
}

int tk_tcp_close_parse(const char *name, uint8_t *out)
{
    for (uint8_t c = TK_CLOSE_EOF; c <= TK_CLOSE_STOP; c++)
        if (strcmp(name, tk_tcp_close_name((enum tk_tcp_close)c)) == 0) {
            *out = c;
            return 0;
        }
    return -1;
}

int tk_smtp_result_parse(const char *name, uint8_t *out)
{
    for (uint8_t r = TK_SMTP_ACCEPTED; r <= TK_SMTP_NO_MESSAGE; r++)
        if (strcmp(name, tk_smtp_result_name((enum tk_smtp_result)r)) == 0) {
            *out = r;
            return 0;
        }
    return -1;
}

const char *tk_tcp_close_name(enum tk_tcp_close close)
{
    static const char *const names[] = {"eof", "idle", "bytes", "total", "error", "stop"};
    return (unsigned)close < sizeof names / sizeof names[0] ? names[close] : "unknown";
}

const char *tk_smtp_result_name(enum tk_smtp_result result)
{
    static const char *const names[] = {"accepted", "too-big", "aborted", "no-message"};
    return (unsigned)result < sizeof names / sizeof names[0] ? names[result] : "unknown";
}

const char *tk_dns_type_name(uint16_t qtype, char buf[16])
{
    for (size_t i = 0; i < sizeof dns_types / sizeof dns_types[0]; i++)
        if (dns_types[i].type == qtype)
            return dns_types[i].name;
    snprintf(buf, 16, "TYPE%u", qtype);
    return buf;
}

const char *tk_dns_rcode_name(uint16_t rcode, char buf[16])
{
    if (rcode < sizeof rcode_names / sizeof rcode_names[0])
        return rcode_names[rcode];
    if (rcode == 16)
        return "BADVERS";
    snprintf(buf, 16, "RCODE%u", rcode);
    return buf;
}

/* A bounded string builder: once full it stays full, and the caller sees 0. */
struct text {
    char *buf;
    size_t size, len;
    int full;
};

static void put(struct text *t, const char *s, size_t n)
{
    if (t->full || t->len + n >= t->size) {
        t->full = 1;
        return;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
}

static void puts_text(struct text *t, const char *s)
{
    put(t, s, strlen(s));
}

static void printf_text(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void printf_text(struct text *t, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        put(t, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A decimal number, without printf: the log writer formats every field of every event. */
static void put_uint(struct text *t, uint64_t v)
{
    char digits[20];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(t, digits + sizeof digits - n, n);
}

/* ,"KEY":N */
static void put_member_uint(struct text *t, const char *key, uint64_t v)
{
    puts_text(t, key);
    put_uint(t, v);
}

/* A JSON string (RFC 8259) with every byte outside printable ASCII as \u00XX, so that the
 * line is valid JSON whatever a client sent and a reader gets the bytes back; runs of plain
 * bytes are copied at once. */
static void put_json_string(struct text *t, const char *s, size_t n)
{
    size_t run = 0;
    put(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (tk_json_plain((unsigned char)s[i]))
            continue;
        char esc[6];
        size_t used;
        put(t, s + run, i - run);
        put(t, esc, tk_json_escape_char(s + i, n - i, TK_JSON_BYTES, esc, &used));
        run = i + 1;
    }
    put(t, s + run, n - run);
    put(t, "\"", 1);
}

/* "2026-11-28T15:21:12.187742Z": the date and time part is kept per thread for the second
 * it was made for, since events come many to a second. */
static void put_time(struct text *t, int64_t sec, uint32_t nsec)
{
    static _Thread_local int64_t cached_sec = INT64_MIN;
    static _Thread_local char cached[24];
    if (sec != cached_sec) {
        struct tm tm;
        time_t when = (time_t)sec;
        gmtime_r(&when, &tm);
        strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S.", &tm);
        cached_sec = sec;
    }
    char micro[8];
    uint32_t us = nsec / 1000 % 1000000;
    for (int i = 5; i >= 0; i--) {
        micro[i] = (char)('0' + us % 10);
        us /= 10;
    }
    micro[6] = 'Z';
    put(t, "\"", 1);
    puts_text(t, cached);
    put(t, micro, 7);
    put(t, "\"", 1);
}

static void put_address(struct text *t, uint8_t family, const uint8_t *addr)
{
    char text[INET6_ADDRSTRLEN];
    if (inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, addr, text, sizeof text) == NULL)
        strcpy(text, "?");
    put_json_string(t, text, strlen(text));
}

static void put_dns(struct text *t, const struct tk_event_dns *dns)
{
    char buf[16];
    puts_text(t, ",\"qtype\":");
    const char *name = tk_dns_type_name(dns->qtype, buf);
    put_json_string(t, name, strlen(name));
    name = tk_dns_rcode_name(dns->rcode, buf);
    puts_text(t, ",\"rcode\":");
    put_json_string(t, name, strlen(name));
    if (dns->qclass != 1)
        printf_text(t, ",\"qclass\":%u", dns->qclass);
    if (dns->edns_udp)
        printf_text(t, ",\"edns\":{\"version\":%u,\"udp\":%u}", dns->edns_version, dns->edns_udp);
    if (dns->ecs_family == 1 || dns->ecs_family == 2) {
        char text[INET6_ADDRSTRLEN + 8];
        if (inet_ntop(dns->ecs_family == 2 ? AF_INET6 : AF_INET, dns->ecs_addr, text,
                      INET6_ADDRSTRLEN) == NULL)
            strcpy(text, "?");
        snprintf(text + strlen(text), 8, "/%u", dns->ecs_source);
        puts_text(t, ",\"ecs\":");
        put_json_string(t, text, strlen(text));
    }
    if (dns->truncated)
        puts_text(t, ",\"tc\":true");
    if (dns->drop == TK_DROP_RRL)
        puts_text(t, ",\"dropped\":\"rrl\"");
    else if (dns->drop == TK_DROP_MALFORMED)
        puts_text(t, ",\"dropped\":\"malformed\"");
}

static void put_hex(struct text *t, const uint8_t *bytes, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char hex[64];
    put(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[bytes[i] >> 4];
        hex[2 * i + 1] = digits[bytes[i] & 15];
    }
    put(t, hex, 2 * n);
    put(t, "\"", 1);
}

static void put_field(struct text *t, const char *key, const char *s, size_t max)
{
    puts_text(t, key);
    put_json_string(t, s, strnlen(s, max));
}

/* "KEY_bytes":N,"KEY_hashed":N,"KEY_xxh128":"..." (the hash only when bytes were hashed). */
static void put_fingerprint(struct text *t, const char *key, const struct tk_event_fingerprint *f)
{
    put(t, ",\"", 2);
    puts_text(t, key);
    put_member_uint(t, "_bytes\":", f->bytes);
    if (f->hashed) {
        put(t, ",\"", 2);
        puts_text(t, key);
        put_member_uint(t, "_hashed\":", f->hashed);
        put(t, ",\"", 2);
        puts_text(t, key);
        puts_text(t, "_xxh128\":");
        put_hex(t, f->hash, sizeof f->hash);
    }
}

/* What was received is written, what was not is left out: a request cut off before its
 * request line has no method, path or version. */
static void put_http(struct text *t, const struct tk_event_http *http)
{
    puts_text(t, ",\"http\":{");
    if (http->method[0]) {
        put_field(t, "\"method\":", http->method, sizeof http->method);
        put_field(t, ",\"path\":", http->path, sizeof http->path);
        put_member_uint(t, ",\"version\":\"1.", http->version_minor % 10);
        puts_text(t, "\",");
    }
    if (http->user_agent[0]) {
        put_field(t, "\"ua\":", http->user_agent, sizeof http->user_agent);
        puts_text(t, ",");
    }
    put_member_uint(t, "\"status\":", http->status);
    if (http->status == 0 || http->status == 408)
        printf_text(t, ",\"close\":\"%s\"", tk_tcp_close_name(http->close));
    put_fingerprint(t, "body", &http->body);
    if (http->kept && http->kept <= TK_EVENT_BODY_MAX) {
        char b64[TK_EVENT_BODY_MAX / 3 * 4 + 8];
        int n = EVP_EncodeBlock((unsigned char *)b64, http->body_start, http->kept);
        puts_text(t, ",\"body_b64\":\"");
        put(t, b64, (size_t)n);
        puts_text(t, "\"");
    }
    puts_text(t, "}");
}

static void put_tcp(struct text *t, const struct tk_event_tcp *tcp)
{
    puts_text(t, ",\"tcp\":{");
    printf_text(t, "\"duration_ms\":%u,\"close\":\"%s\"", tcp->duration_ms,
                tk_tcp_close_name(tcp->close));
    put_fingerprint(t, "data", &tcp->data);
    puts_text(t, "}");
}

static void put_smtp(struct text *t, const struct tk_event_smtp *smtp)
{
    int accepted = smtp->result == TK_SMTP_ACCEPTED;
    put_field(t, ",\"smtp\":{\"helo\":", smtp->helo, sizeof smtp->helo);
    printf_text(t, ",\"esmtp\":%s,\"result\":\"%s\",\"messages\":%d",
                smtp->esmtp ? "true" : "false", tk_smtp_result_name(smtp->result), accepted);
    if (smtp->result != TK_SMTP_NO_MESSAGE) {
        put_field(t, ",\"from\":", smtp->mail_from, sizeof smtp->mail_from);
        printf_text(t, ",\"size\":%llu", (unsigned long long)smtp->size);
    }
    printf_text(t, ",\"rcpt_count\":%u", smtp->rcpt_count);
    if (accepted) {
        unsigned n = smtp->rcpt_count < TK_EVENT_SMTP_RCPT_MAX ? smtp->rcpt_count
                                                               : TK_EVENT_SMTP_RCPT_MAX;
        puts_text(t, ",\"rcpt\":[");
        for (unsigned i = 0; i < n; i++) {
            if (i)
                put(t, ",", 1);
            put_hex(t, smtp->rcpt_hash[i], 8);
        }
        puts_text(t, "]");
    }
    puts_text(t, "}");
}

size_t tk_event_format_json(const struct tk_event *ev, const char *sensor, char *buf, size_t size)
{
    struct text t = {buf, size, 0, 0};

    put_member_uint(&t, "{\"v\":", ev->version);
    puts_text(&t, ",\"time\":");
    put_time(&t, ev->time_sec, ev->time_nsec);
    if (sensor) {
        puts_text(&t, ",\"sensor\":");
        put_json_string(&t, sensor, strlen(sensor));
    }
    puts_text(&t, ",\"proto\":\"");
    puts_text(&t, tk_event_protocol_name(ev->protocol));
    puts_text(&t, "\",\"transport\":\"");
    puts_text(&t, tk_event_transport_name(ev->transport));
    puts_text(&t, "\",\"src\":");
    put_address(&t, ev->client.family, ev->client.addr);
    put_member_uint(&t, ",\"sport\":", ev->client.port);
    puts_text(&t, ",\"dst\":");
    put_address(&t, ev->server.family, ev->server.addr);
    put_member_uint(&t, ",\"dport\":", ev->server.port);
    if (ev->via.family) {
        puts_text(&t, ",\"via\":");
        put_address(&t, ev->via.family, ev->via.addr);
        put_member_uint(&t, ",\"vport\":", ev->via.port);
    }
    if (ev->name_len || ev->protocol != TK_EVENT_HTTP) {
        puts_text(&t, ",\"name\":");
        put_json_string(&t, ev->name, ev->name_len);
    }
    if (ev->tag.family[0]) {
        char first[11], last[11];
        puts_text(&t, ",\"tag\":{\"family\":");
        put_json_string(&t, ev->tag.family, strnlen(ev->tag.family, sizeof ev->tag.family));
        puts_text(&t, ",\"variant\":");
        put_json_string(&t, ev->tag.variant, strnlen(ev->tag.variant, sizeof ev->tag.variant));
        puts_text(&t, ",\"seed\":");
        put_json_string(&t, ev->tag.seed, strnlen(ev->tag.seed, sizeof ev->tag.seed));
        if (ev->tag.first || ev->tag.last) {
            tk_day_format(ev->tag.first, first);
            tk_day_format(ev->tag.last, last);
            printf_text(&t, ",\"first\":\"%s\",\"last\":\"%s\"", first, last);
        }
        puts_text(&t, "}");
    }
    if (ev->protocol == TK_EVENT_DNS)
        put_dns(&t, &ev->dns);
    else if (ev->protocol == TK_EVENT_HTTP)
        put_http(&t, &ev->http);
    else if (ev->protocol == TK_EVENT_TCP)
        put_tcp(&t, &ev->tcp);
    else if (ev->protocol == TK_EVENT_SMTP)
        put_smtp(&t, &ev->smtp);
    puts_text(&t, "}\n");
    return t.full ? 0 : t.len;
}

const char *tk_event_text_problem(const struct tk_event *ev, const char *sensor)
{
    const struct tk_event_tag *tag = &ev->tag;
    if (!tk_text_is_printable(tag->family, strlen(tag->family)))
        return "printable text in tag.family";
    if (!tk_text_is_printable(tag->variant, strlen(tag->variant)))
        return "printable text in tag.variant";
    if (!tk_text_is_printable(tag->seed, strlen(tag->seed)))
        return "printable text in tag.seed";
    if (sensor && !tk_text_is_printable(sensor, strlen(sensor)))
        return "printable text in sensor";
    return NULL;
}
