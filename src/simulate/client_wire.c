/* client_wire.c - DNS queries with Client Subnet and PROXY protocol headers for simulated
 * bots (see include/takedown/client_wire.h). */
#include "takedown/client_wire.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

size_t tk_dns_build_query(uint8_t *buf, size_t size, uint16_t id, const char *name,
                          uint16_t qtype, const struct tk_address *ecs, int ecs_prefix)
{
    size_t at = 12, name_len = strlen(name);
    if (size < 512 || name_len == 0 || name_len > 253)
        return 0;
    memset(buf, 0, 12);
    put16(buf, id);
    put16(buf + 4, 1);               /* QDCOUNT */
    put16(buf + 10, ecs ? 1 : 0);    /* ARCOUNT: the OPT record */
    for (const char *label = name; *label;) {
        const char *dot = strchr(label, '.');
        size_t len = dot ? (size_t)(dot - label) : strlen(label);
        if (len == 0 || len > 63)
            return 0;
        buf[at++] = (uint8_t)len;
        memcpy(buf + at, label, len);
        at += len;
        label += len + (dot != NULL);
    }
    buf[at++] = 0;
    put16(buf + at, qtype);
    put16(buf + at + 2, 1); /* IN */
    at += 4;
    if (ecs) {
        int full = ecs->family == 4 ? 32 : 128;
        int prefix = ecs_prefix < 0 || ecs_prefix > full ? full : ecs_prefix;
        size_t addr_len = (size_t)(prefix + 7) / 8;
        buf[at++] = 0;               /* root owner */
        put16(buf + at, 41);         /* OPT */
        put16(buf + at + 2, 1232);   /* UDP payload size */
        memset(buf + at + 4, 0, 4);  /* extended RCODE, version 0, flags */
        put16(buf + at + 8, (uint16_t)(4 + 4 + addr_len));
        put16(buf + at + 10, 8);     /* option: client subnet */
        put16(buf + at + 12, (uint16_t)(4 + addr_len));
        put16(buf + at + 14, ecs->family == 4 ? 1 : 2);
        buf[at + 16] = (uint8_t)prefix;
        buf[at + 17] = 0;            /* scope prefix: 0 in queries */
        memcpy(buf + at + 18, ecs->bytes, addr_len);
        if (prefix % 8)              /* bits past the prefix must be zero */
            buf[at + 18 + addr_len - 1] &= (uint8_t)(0xFF << (8 - prefix % 8));
        at += 18 + addr_len;
    }
    return at;
}

const char *tk_address_text(const struct tk_address *a, char *buf, size_t size)
{
    if (inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->bytes, buf, (socklen_t)size) == NULL)
        snprintf(buf, size, "?");
    return buf;
}

size_t tk_proxy_v1_header(char *buf, size_t size, const struct tk_address *client,
                          const struct tk_address *server)
{
    char c[46], s[46];
    int n = snprintf(buf, size, "PROXY %s %s %s %u %u\r\n", client->family == 4 ? "TCP4" : "TCP6",
                     tk_address_text(client, c, sizeof c), tk_address_text(server, s, sizeof s),
                     client->port, server->port);
    return n > 0 && (size_t)n < size ? (size_t)n : 0;
}

size_t tk_proxy_v2_header(uint8_t *buf, size_t size, const struct tk_address *client,
                          const struct tk_address *server)
{
    static const uint8_t signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                          0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    size_t addr_len = client->family == 4 ? 4 : 16;
    size_t body = 2 * addr_len + 4;
    if (size < 16 + body)
        return 0;
    memcpy(buf, signature, 12);
    buf[12] = 0x21;                                   /* version 2, PROXY command */
    buf[13] = client->family == 4 ? 0x11 : 0x21;      /* TCP over IPv4 / IPv6 */
    put16(buf + 14, (uint16_t)body);
    memcpy(buf + 16, client->bytes, addr_len);
    memcpy(buf + 16 + addr_len, server->bytes, addr_len);
    put16(buf + 16 + 2 * addr_len, client->port);
    put16(buf + 18 + 2 * addr_len, server->port);
    return 16 + body;
}

int tk_address_parse(const char *text, struct tk_address *out)
{
    char host[64];
    const char *colon;
    memset(out, 0, sizeof *out);
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (close == NULL || close[1] != ':' || (size_t)(close - text - 1) >= sizeof host)
            return -1;
        memcpy(host, text + 1, (size_t)(close - text - 1));
        host[close - text - 1] = '\0';
        colon = close + 1;
    } else {
        colon = strrchr(text, ':');
        if (colon == NULL || (size_t)(colon - text) >= sizeof host)
            return -1;
        memcpy(host, text, (size_t)(colon - text));
        host[colon - text] = '\0';
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 1 || port > 65535)
        return -1;
    out->port = (uint16_t)port;
    if (inet_pton(AF_INET, host, out->bytes) == 1)
        out->family = 4;
    else if (inet_pton(AF_INET6, host, out->bytes) == 1)
        out->family = 6;
    else
        return -1;
    return 0;
}

int tk_address_is_loopback(const struct tk_address *a)
{
    static const uint8_t v6_loopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (a->family == 4)
        return a->bytes[0] == 127;
    return memcmp(a->bytes, v6_loopback, 16) == 0;
}

int tk_metric_probe(const struct tk_address *server, const char *name, double *value)
{
    struct sockaddr_storage ss;
    socklen_t len;
    char page[16384];
    size_t have = 0, name_len = strlen(name);
    int fd;

    memset(&ss, 0, sizeof ss);
    if (server->family == 4) {
        struct sockaddr_in *in = (struct sockaddr_in *)&ss;
        in->sin_family = AF_INET;
        in->sin_port = htons(server->port);
        memcpy(&in->sin_addr, server->bytes, 4);
        len = sizeof *in;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(server->port);
        memcpy(&in6->sin6_addr, server->bytes, 16);
        len = sizeof *in6;
    }
    if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
        return -1;
    static const char request[] = "GET /metrics HTTP/1.0\r\n\r\n";
    if (connect(fd, (struct sockaddr *)&ss, len) != 0
        || send(fd, request, sizeof request - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof request - 1)) {
        close(fd);
        return -1;
    }
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        ssize_t n;
        if (have == sizeof page - 1 || poll(&p, 1, 1000) != 1
            || (n = recv(fd, page + have, sizeof page - 1 - have, 0)) <= 0)
            break;
        have += (size_t)n;
    }
    close(fd);
    page[have] = '\0';
    for (const char *line = page; *line;) {
        const char *next = strchr(line, '\n');
        if (strncmp(line, name, name_len) == 0 && line[name_len] == ' ') {
            char *end;
            *value = strtod(line + name_len + 1, &end);
            return end == line + name_len + 1 ? -1 : 0;
        }
        if (next == NULL)
            break;
        line = next + 1;
    }
    return -1;
}
