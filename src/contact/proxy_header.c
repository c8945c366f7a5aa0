/* proxy_header.c - the PROXY protocol header, versions 1 and 2 (see
 * include/takedown/proxy_header.h). Written by hand: no maintained C library parses it
 * outside of the load balancers themselves, and it is a few dozen lines. */
#include "takedown/proxy_header.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

static const uint8_t v2_signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                         0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

/* A decimal port, 0-65535, without sign or leading zeros. */
static int parse_port(const char *s, size_t len, uint16_t *port)
{
    unsigned long v = 0;
    if (len == 0 || len > 5 || (len > 1 && s[0] == '0'))
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    if (v > 65535)
        return -1;
    *port = (uint16_t)v;
    return 0;
}

static int parse_address(const char *s, size_t len, int family, struct tk_event_endpoint *e)
{
    char text[48];
    if (len == 0 || len >= sizeof text)
        return -1;
    memcpy(text, s, len);
    text[len] = '\0';
    memset(e->addr, 0, sizeof e->addr);
    if (inet_pton(family, text, e->addr) != 1)
        return -1;
    e->family = (uint8_t)family;
    return 0;
}

/* "PROXY TCP4 src dst sport dport\r\n", "PROXY TCP6 ...", "PROXY UNKNOWN ...\r\n". */
static enum tk_proxy_result parse_v1(const uint8_t *data, size_t len, struct tk_proxy_header *out)
{
    const char *line = (const char *)data;
    const char *end = memchr(line, '\n', len < TK_PROXY_V1_MAX ? len : TK_PROXY_V1_MAX);
    if (end == NULL)
        return len >= TK_PROXY_V1_MAX ? TK_PROXY_INVALID : TK_PROXY_NEED_MORE;
    if (end == line || end[-1] != '\r')
        return TK_PROXY_INVALID;
    out->version = 1;
    out->header_len = (size_t)(end - line) + 1;
    size_t n = (size_t)(end - line) - 1; /* without CRLF */
    if (n >= 13 && memcmp(line, "PROXY UNKNOWN", 13) == 0 && (n == 13 || line[13] == ' ')) {
        out->has_addresses = 0; /* the rest of the line is ignored */
        return TK_PROXY_DONE;
    }

    const char *field[6];
    size_t field_len[6], count = 0, at = 0;
    while (at < n) {
        if (count == 6)
            return TK_PROXY_INVALID;
        size_t start = at;
        while (at < n && line[at] != ' ')
            at++;
        field[count] = line + start;
        field_len[count++] = at - start;
        if (at < n)
            at++; /* exactly one space between fields */
        if (at < n && line[at] == ' ')
            return TK_PROXY_INVALID;
    }
    if (count < 2 || field_len[0] != 5 || memcmp(field[0], "PROXY", 5) != 0)
        return TK_PROXY_INVALID;
    int family;
    if (field_len[1] == 4 && memcmp(field[1], "TCP4", 4) == 0)
        family = AF_INET;
    else if (field_len[1] == 4 && memcmp(field[1], "TCP6", 4) == 0)
        family = AF_INET6;
    else
        return TK_PROXY_INVALID;
    if (count != 6 || parse_address(field[2], field_len[2], family, &out->source) != 0
        || parse_address(field[3], field_len[3], family, &out->destination) != 0
        || parse_port(field[4], field_len[4], &out->source.port) != 0
        || parse_port(field[5], field_len[5], &out->destination.port) != 0)
        return TK_PROXY_INVALID;
    out->has_addresses = 1;
    return TK_PROXY_DONE;
}

static void take_endpoint(const uint8_t *addr, size_t addr_len, const uint8_t *port, int family,
                          struct tk_event_endpoint *e)
{
    memset(e->addr, 0, sizeof e->addr);
    memcpy(e->addr, addr, addr_len);
    e->family = (uint8_t)family;
    e->port = (uint16_t)(port[0] << 8 | port[1]);
}

static enum tk_proxy_result parse_v2(const uint8_t *data, size_t len, struct tk_proxy_header *out)
{
    if (len < 16)
        return TK_PROXY_NEED_MORE;
    uint8_t version = data[12] >> 4, command = data[12] & 0x0F;
    uint8_t family = data[13] >> 4, transport = data[13] & 0x0F;
    size_t body = (size_t)data[14] << 8 | data[15];
    if (version != 2 || command > 1 || family > 3 || transport > 2 || 16 + body > TK_PROXY_V2_MAX)
        return TK_PROXY_INVALID;
    if (len < 16 + body)
        return TK_PROXY_NEED_MORE;
    out->version = 2;
    out->header_len = 16 + body;
    out->has_addresses = 0;
    if (command == 0 || transport == 0) /* LOCAL, or UNSPEC: the connection's own addresses */
        return TK_PROXY_DONE;
    const uint8_t *a = data + 16;
    if (family == 1) {
        if (body < 12)
            return TK_PROXY_INVALID;
        take_endpoint(a, 4, a + 8, AF_INET, &out->source);
        take_endpoint(a + 4, 4, a + 10, AF_INET, &out->destination);
        out->has_addresses = 1;
    } else if (family == 2) {
        if (body < 36)
            return TK_PROXY_INVALID;
        take_endpoint(a, 16, a + 32, AF_INET6, &out->source);
        take_endpoint(a + 16, 16, a + 34, AF_INET6, &out->destination);
        out->has_addresses = 1;
    } else if (family == 3 && body < 216) {
        return TK_PROXY_INVALID; /* UNIX sockets: nothing we can record as an address */
    }
    return TK_PROXY_DONE;
}

enum tk_proxy_result tk_proxy_parse(const uint8_t *data, size_t len, struct tk_proxy_header *out)
{
    memset(out, 0, sizeof *out);
    if (len == 0)
        return TK_PROXY_NEED_MORE;
    if (data[0] == 'P') {
        size_t n = len < 6 ? len : 6;
        if (memcmp(data, "PROXY ", n) != 0)
            return TK_PROXY_INVALID;
        return len < 6 ? TK_PROXY_NEED_MORE : parse_v1(data, len, out);
    }
    if (data[0] == v2_signature[0]) {
        size_t n = len < 12 ? len : 12;
        if (memcmp(data, v2_signature, n) != 0)
            return TK_PROXY_INVALID;
        return len < 12 ? TK_PROXY_NEED_MORE : parse_v2(data, len, out);
    }
    return TK_PROXY_INVALID;
}
