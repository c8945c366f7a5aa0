/* event.c - filling event records and writing them as JSON lines (see
 * include/takedown/event.h and docs/EVENTS.md). */
#include "takedown/event.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

void tk_event_init(struct tk_event *ev, enum tk_event_protocol protocol,
                   enum tk_event_transport transport)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    ev->version = TK_EVENT_VERSION;
    ev->protocol = (uint8_t)protocol;
    ev->transport = (uint8_t)transport;
    ev->time_sec = now.tv_sec;
    ev->time_nsec = (uint32_t)now.tv_nsec;
    ev->name_len = 0;
    ev->name[0] = '\0';
    ev->tag.family[0] = '\0';
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

const char *tk_dns_type_name(uint16_t qtype, char buf[16])
{
    static const struct { uint16_t type; const char *name; } types[] = {
        {1, "A"}, {2, "NS"}, {5, "CNAME"}, {6, "SOA"}, {12, "PTR"}, {13, "HINFO"},
        {15, "MX"}, {16, "TXT"}, {28, "AAAA"}, {33, "SRV"}, {35, "NAPTR"}, {43, "DS"},
        {46, "RRSIG"}, {48, "DNSKEY"}, {64, "SVCB"}, {65, "HTTPS"}, {99, "SPF"},
        {251, "IXFR"}, {252, "AXFR"}, {255, "ANY"}, {257, "CAA"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (types[i].type == qtype)
            return types[i].name;
    snprintf(buf, 16, "TYPE%u", qtype);
    return buf;
}

const char *tk_dns_rcode_name(uint16_t rcode, char buf[16])
{
    static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
                                        "NOTIMP", "REFUSED"};
    if (rcode < sizeof names / sizeof names[0])
        return names[rcode];
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

/* A JSON string (RFC 8259): quotes, backslash and control bytes escaped; other bytes as they
 * are (names and tags are ASCII). */
static void put_json_string(struct text *t, const char *s, size_t n)
{
    put(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            put(t, esc, 2);
        } else if (c < 0x20 || c >= 0x7f) {
            printf_text(t, "\\u%04x", c);
        } else {
            put(t, (const char *)&c, 1);
        }
    }
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

size_t tk_event_format_json(const struct tk_event *ev, const char *sensor, char *buf, size_t size)
{
    struct text t = {buf, size, 0, 0};
    struct tm tm;
    time_t sec = (time_t)ev->time_sec;
    char stamp[40];

    gmtime_r(&sec, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    printf_text(&t, "{\"v\":%u,\"time\":\"%s.%06uZ\"", ev->version, stamp, ev->time_nsec / 1000);
    if (sensor) {
        puts_text(&t, ",\"sensor\":");
        put_json_string(&t, sensor, strlen(sensor));
    }
    printf_text(&t, ",\"proto\":\"%s\",\"transport\":\"%s\",\"src\":",
                tk_event_protocol_name(ev->protocol), tk_event_transport_name(ev->transport));
    put_address(&t, ev->client.family, ev->client.addr);
    printf_text(&t, ",\"sport\":%u,\"dst\":", ev->client.port);
    put_address(&t, ev->server.family, ev->server.addr);
    printf_text(&t, ",\"dport\":%u,\"name\":", ev->server.port);
    put_json_string(&t, ev->name, ev->name_len);
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
    puts_text(&t, "}\n");
    return t.full ? 0 : t.len;
}
