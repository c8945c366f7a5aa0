/* event.h - the one event record every takedown sensor writes (DNS sinkhole today; the HTTP,
 * TCP and SMTP contact sinkholes and the reports read the same record).
 *
 * A sensor fills a struct tk_event on its hot path (fixed size, no pointers, no allocation)
 * and hands it to the event log (event_log.h), which writes it as JSON lines and/or dnstap
 * on its own thread. docs/EVENTS.md documents the record and both encodings; any change to
 * the meaning of a field bumps TK_EVENT_VERSION. */
#ifndef TAKEDOWN_EVENT_H
#define TAKEDOWN_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"

#define TK_EVENT_VERSION 1

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

struct tk_event {
    uint16_t version;      /* TK_EVENT_VERSION */
    uint8_t protocol;      /* enum tk_event_protocol */
    uint8_t transport;     /* enum tk_event_transport */
    int64_t time_sec;      /* when the request arrived, UTC */
    uint32_t time_nsec;
    struct tk_event_endpoint client;
    struct tk_event_endpoint server;
    uint8_t name_len;
    char name[256];        /* the queried name or the host asked for, lower case, no dot */
    struct tk_event_tag tag;
    struct tk_event_dns dns; /* protocol == TK_EVENT_DNS */
};

/* Fills the common fields: version, protocol, transport and the current time. */
void tk_event_init(struct tk_event *ev, enum tk_event_protocol protocol,
                   enum tk_event_transport transport);

/* Names for the JSON encoding: "dns", "udp", "A", "NOERROR"; a number as text otherwise
 * (buf must hold 16 bytes). */
const char *tk_event_protocol_name(enum tk_event_protocol protocol);
const char *tk_event_transport_name(enum tk_event_transport transport);
const char *tk_dns_type_name(uint16_t qtype, char buf[16]);
const char *tk_dns_rcode_name(uint16_t rcode, char buf[16]);

/* Writes the event as one JSON object and a newline into buf. Returns the length, or 0 when
 * buf (at least 4096 bytes is always enough) is too small. sensor may be NULL. */
size_t tk_event_format_json(const struct tk_event *ev, const char *sensor, char *buf,
                            size_t size);

#endif
