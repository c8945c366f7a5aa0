/* endpoint.c - "ADDR:PORT" and "[IPV6]:PORT" to struct tk_endpoint and back. */
#include "takedown/p2p_obs.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

static const uint8_t v4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static int parse_port(const char *s, size_t len, uint16_t *port)
{
    unsigned value = 0;
    if (len == 0 || len > 5)
        return TK_ERR_DATA;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return TK_ERR_DATA;
        value = value * 10 + (unsigned)(s[i] - '0');
    }
    if (value > 65535)
        return TK_ERR_DATA;
    *port = (uint16_t)value;
    return TK_OK;
}

/* Dotted-quad IPv4 by hand: inet_pton needs a NUL-terminated copy and was a sixth of the
 * time of reading observations. Same rules: four decimal parts of 0..255, no leading
 * zeros. */
static int parse_ipv4(const char *s, size_t len, uint8_t out[4])
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        unsigned value = 0, digits = 0;
        if (part > 0) {
            if (i >= len || s[i] != '.')
                return TK_ERR_DATA;
            i++;
        }
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (digits == 1 && value == 0)
                return TK_ERR_DATA;
            value = value * 10 + (unsigned)(s[i] - '0');
            if (value > 255)
                return TK_ERR_DATA;
            digits++;
            i++;
        }
        if (digits == 0)
            return TK_ERR_DATA;
        out[part] = (uint8_t)value;
    }
    return i == len ? TK_OK : TK_ERR_DATA;
}

int tk_endpoint_parse(const char *text, size_t len, struct tk_endpoint *ep)
{
    char host[INET6_ADDRSTRLEN];
    const char *colon;
    size_t host_len;

    memset(ep, 0, sizeof *ep);
    if (len > 0 && text[0] == '[') {
        const char *close = memchr(text, ']', len);
        if (close == NULL || close + 1 >= text + len || close[1] != ':')
            return TK_ERR_DATA;
        host_len = (size_t)(close - text - 1);
        if (host_len == 0 || host_len >= sizeof host)
            return TK_ERR_DATA;
        memcpy(host, text + 1, host_len);
        host[host_len] = '\0';
        if (inet_pton(AF_INET6, host, ep->addr) != 1)
            return TK_ERR_DATA;
        ep->family = 6;
        /* A dual-stack crawler logs IPv4 peers as ::ffff:a.b.c.d: the same bot as a.b.c.d. */
        if (memcmp(ep->addr, v4_mapped_prefix, sizeof v4_mapped_prefix) == 0) {
            memmove(ep->addr, ep->addr + 12, 4);
            memset(ep->addr + 4, 0, 12);
            ep->family = 4;
        }
        colon = close + 1;
    } else {
        colon = memchr(text, ':', len);
        if (colon == NULL)
            return TK_ERR_DATA;
        if (parse_ipv4(text, (size_t)(colon - text), ep->addr))
            return TK_ERR_DATA;
        ep->family = 4;
    }
    return parse_port(colon + 1, (size_t)(text + len - colon - 1), &ep->port);
}

size_t tk_endpoint_format(const struct tk_endpoint *ep, char *buf, size_t size)
{
    char host[INET6_ADDRSTRLEN];
    int n;
    if (ep->family == 6) {
        inet_ntop(AF_INET6, ep->addr, host, sizeof host);
        n = snprintf(buf, size, "[%s]:%u", host, (unsigned)ep->port);
    } else {
        inet_ntop(AF_INET, ep->addr, host, sizeof host);
        n = snprintf(buf, size, "%s:%u", host, (unsigned)ep->port);
    }
    return n < 0 ? 0 : (size_t)n;
}
