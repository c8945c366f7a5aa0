/* event.h - the one event record every takedown sensor writes (the DNS sinkhole and the
 * HTTP, TCP and SMTP contact sinkholes; the reports read the same record).
 *
 * A sensor fills a struct tk_event on its hot path (fixed size, no pointers, no allocation)
 * and hands it to the event log (event_log.h), which writes it as JSON lines, the binary log
 * and/or dnstap on its own thread. docs/EVENTS.md documents the record and its encodings;
 * any change to the meaning of a field bumps TK_EVENT_VERSION. */
#ifndef TAKEDOWN_EVENT_H
#define TAKEDOWN_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"

#define TK_EVENT_VERSION 2

enum tk_event_protocol {
    TK_EVENT_DNS = 1,
    TK_EVENT_HTTP = 2,
    TK_EVENT_TCP = 3,
    TK_EVENT_SMTP = 4
};

enum tk_event_transport { TK_TRANSPORT_UDP = 1, TK_TRANSPORT_TCP = 2 };

/* An IPv4 or IPv6 endpoint; IPv4 addresses use the first 4 bytes of addr. */
struct tk_event_endpoint {
    uint8_t family; /* AF_INET or AF_INET6 */
    uint8_t addr[16];
    uint16_t port;
};

/* The DGA tag of the name, as its block list carried it. Longer texts are cut (never
 * overrun); an empty family means "no tag". */
struct tk_event_tag {
    char family[32];
    char variant[32];
    char seed[64];
    tk_day first; /* 0 with last 0: no dates */
    tk_day last;
};

/* Why a DNS query got no response on the wire. */
enum tk_dns_drop { TK_DROP_NONE = 0, TK_DROP_RRL = 1, TK_DROP_MALFORMED = 2 };

#define TK_EVENT_DNS_MESSAGE_MAX 512

struct tk_event_dns {
    uint16_t qtype;
    uint16_t qclass;
    uint16_t rcode;        /* 12-bit extended RCODE (16 = BADVERS) */
    uint16_t edns_udp;     /* the client's EDNS buffer size; 0 when the query had no OPT */
    uint8_t edns_version;
    uint8_t truncated;     /* TC was set (answer too big, or RRL slip) */
    uint8_t drop;          /* enum tk_dns_drop */
    uint8_t ecs_family;    /* 0 none, 1 IPv4, 2 IPv6 (RFC 7871 address family numbers) */
    uint8_t ecs_source;    /* source prefix length */
    uint8_t ecs_addr[16];
    uint16_t message_len;  /* the response as sent (the query when dropped), cut to fit */
    uint8_t message[TK_EVENT_DNS_MESSAGE_MAX];
};

/* The first bytes of an HTTP body or of a raw TCP stream: how many there were in all,
 * how many were hashed, and their XXH3-128 hash (canonical, big-endian byte order: the
 * digest `xxhsum -H2` prints). */
struct tk_event_fingerprint {
    uint64_t bytes;        /* bytes the client sent (the body, or the whole stream) */
    uint16_t hashed;       /* the first bytes that were hashed; 0 with no bytes */
    uint8_t hash[16];
};

#define TK_EVENT_BODY_MAX 1024 /* the most of a body kept verbatim (--http-keep-body) */

struct tk_event_http {
    char method[16];       /* cut to fit */
    char path[256];        /* the request target as sent, cut to fit */
    char user_agent[192];  /* cut to fit; "" when absent */
    uint8_t version_minor; /* HTTP/1.x */
    uint16_t status;       /* what we answered: 200, or 400, 408, 413, 431, 501, 505; 0 none */
    uint8_t close;         /* status 0 or 408 (the request was cut off): why, enum tk_tcp_close */
    struct tk_event_fingerprint body;
    uint16_t kept;         /* the first bytes of the body kept in body_start (when asked) */
    uint8_t body_start[TK_EVENT_BODY_MAX];
};

/* Why a raw TCP session ended, or an HTTP request was cut off. */
enum tk_tcp_close { TK_CLOSE_EOF = 0, TK_CLOSE_IDLE = 1, TK_CLOSE_BYTES = 2, TK_CLOSE_TOTAL = 3,
                    TK_CLOSE_ERROR = 4, TK_CLOSE_STOP = 5 };

struct tk_event_tcp {
    struct tk_event_fingerprint data;
    uint32_t duration_ms;
    uint8_t close;         /* enum tk_tcp_close */
};

/* What became of one SMTP message (or of a session that sent none). */
enum tk_smtp_result {
    TK_SMTP_ACCEPTED = 0,  /* 250 after DATA; counted as spam */
    TK_SMTP_TOO_BIG = 1,   /* over the size cap: 552 */
    TK_SMTP_ABORTED = 2,   /* the connection ended during DATA */
    TK_SMTP_NO_MESSAGE = 3 /* a session that ended without completing a message */
};

#define TK_EVENT_SMTP_RCPT_MAX 100 /* RFC 5321 4.5.3.1.8: at least 100 must be accepted */

struct tk_event_smtp {
    char helo[64];         /* the EHLO/HELO argument, cut to fit */
    char mail_from[256];   /* the reverse path without <>; "" for the null sender */
    uint8_t esmtp;         /* 1 after EHLO, 0 after HELO (or none) */
    uint8_t result;        /* enum tk_smtp_result */
    uint16_t rcpt_count;   /* recipients accepted for this message */
    uint8_t rcpt_hash[TK_EVENT_SMTP_RCPT_MAX][8]; /* SipHash-2-4 of each, keyed per sensor */
    uint64_t size;         /* message bytes after dot-unstuffing, final "." line excluded */
};

struct tk_event {
    uint16_t version;      /* TK_EVENT_VERSION */
    uint8_t protocol;      /* enum tk_event_protocol */
    uint8_t transport;     /* enum tk_event_transport */
    int64_t time_sec;      /* when the request arrived, UTC */
    uint32_t time_nsec;
    struct tk_event_endpoint client; /* as presented by a PROXY header when there was one */
    struct tk_event_endpoint server;
    struct tk_event_endpoint via;    /* the PROXY header's sender (a load balancer); family 0
                                      * when the connection had no PROXY header */
    uint8_t name_len;
    char name[256];        /* the queried name, the HTTP Host or the SMTP HELO name, lower
                            * case, no dot; empty for raw TCP and an HTTP request without
                            * a Host (whose JSON record then has no "name") */
    struct tk_event_tag tag;
    union {
        struct tk_event_dns dns;   /* protocol == TK_EVENT_DNS */
        struct tk_event_http http; /* TK_EVENT_HTTP */
        struct tk_event_tcp tcp;   /* TK_EVENT_TCP */
        struct tk_event_smtp smtp; /* TK_EVENT_SMTP */
    };
};

/* Fills the common fields: version, protocol, transport and the current time. */
void tk_event_init(struct tk_event *ev, enum tk_event_protocol protocol,
                   enum tk_event_transport transport);

/* Names for the JSON encoding: "dns", "udp", "A", "NOERROR"; a number as text otherwise
 * (buf must hold 16 bytes). */
/* What an event read from a file lacks, "printable text in tag.family" (a control
 * character or bytes that are not UTF-8 in the tag or sensor, which tables and summaries
 * would pass to a terminal), or NULL. sensor may be NULL. */
const char *tk_event_text_problem(const struct tk_event *ev, const char *sensor);
const char *tk_event_protocol_name(enum tk_event_protocol protocol);
const char *tk_event_transport_name(enum tk_event_transport transport);
const char *tk_tcp_close_name(enum tk_tcp_close close);
const char *tk_smtp_result_name(enum tk_smtp_result result);

/* The reverse: a name as the JSON encoding writes it back to its number. Return 0, or -1
 * when name is not one of them. */
int tk_event_protocol_parse(const char *name, uint8_t *out);
int tk_dns_type_parse(const char *name, uint16_t *out);
int tk_dns_rcode_parse(const char *name, uint16_t *out);
int tk_tcp_close_parse(const char *name, uint8_t *out);
int tk_smtp_result_parse(const char *name, uint8_t *out);
const char *tk_dns_type_name(uint16_t qtype, char buf[16]);
const char *tk_dns_rcode_name(uint16_t rcode, char buf[16]);

/* Writes the event as one JSON object and a newline into buf. Returns the length, or 0 when
 * buf is too small (TK_EVENT_JSON_MAX bytes are always enough). sensor may be NULL. */
#define TK_EVENT_JSON_MAX 8192
size_t tk_event_format_json(const struct tk_event *ev, const char *sensor, char *buf,
                            size_t size);

#endif
