/* client_wire.h - what a simulated bot puts on the wire: a DNS query with an EDNS Client
 * Subnet option (RFC 7871), and HAProxy PROXY protocol headers, version 1 (text) and 2
 * (binary), that present another client address to a server on loopback. */
#ifndef TAKEDOWN_CLIENT_WIRE_H
#define TAKEDOWN_CLIENT_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* An IPv4 or IPv6 address: family 4 (first 4 bytes used) or 6. */
struct tk_address {
    int family;
    uint8_t bytes[16];
    uint16_t port;
};

/* Writes a query for name/qtype with RD clear and, when ecs is not NULL, an OPT record
 * (UDP size 1232) carrying ecs with the given source prefix length. Returns the length, or
 * 0 when the name is not a valid DNS name or buf (at least 512 bytes) is too small. */
size_t tk_dns_build_query(uint8_t *buf, size_t size, uint16_t id, const char *name,
                          uint16_t qtype, const struct tk_address *ecs, int ecs_prefix);

/* The PROXY header for a TCP connection from client to server (same family). Returns its
 * length, or 0 when buf is too small (108 bytes are always enough). */
size_t tk_proxy_v1_header(char *buf, size_t size, const struct tk_address *client,
                          const struct tk_address *server);
size_t tk_proxy_v2_header(uint8_t *buf, size_t size, const struct tk_address *client,
                          const struct tk_address *server);

/* Formats an address as text ("192.0.2.1", "2001:db8::1") into buf (at least 46 bytes). */
const char *tk_address_text(const struct tk_address *a, char *buf, size_t size);
/* Parses "ADDR:PORT" or "[ADDR6]:PORT". Returns 0 on success. */
int tk_address_parse(const char *text, struct tk_address *out);
/* True for 127.0.0.0/8 and ::1: the only places a simulation may send to. */
int tk_address_is_loopback(const struct tk_address *a);

/* Reads one unlabelled metric (a line "name value") from the Prometheus /metrics page at
 * server over HTTP/1.0, with a one-second timeout. Returns 0 and sets *value, or -1. */
int tk_metric_probe(const struct tk_address *server, const char *name, double *value);

#endif
