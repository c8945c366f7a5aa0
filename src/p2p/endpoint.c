/* endpoint.c - "ADDR:PORT" and "[IPV6]:PORT" to struct tk_endpoint and back. */
#include "takedown/p2p_obs.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

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
        colon = close + 1;
    } else {
        colon = memchr(text, ':', len);
        if (colon == NULL)
            return TK_ERR_DATA;
        host_len = (size_t)(colon - text);
        if (host_len == 0 || host_len >= sizeof host)
            return TK_ERR_DATA;
        memcpy(host, text, host_len);
        host[host_len] = '\0';
        if (inet_pton(AF_INET, host, ep->addr) != 1)
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
