/* proxy_header.h - reading the HAProxy PROXY protocol header (version 1, text, and version
 * 2, binary) that a load balancer puts in front of a TCP connection to tell the server who
 * the real client was. Specification: haproxy's doc/proxy-protocol.txt.
 *
 * The parser reads only the bytes it is given and never more than one header; it does not
 * allocate. A listener that expects the header closes a connection whose first bytes are
 * not one (the specification forbids guessing). */
#ifndef TAKEDOWN_PROXY_HEADER_H
#define TAKEDOWN_PROXY_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/event.h"

#define TK_PROXY_V1_MAX 107           /* the longest version 1 line, CRLF included */
#define TK_PROXY_V2_MAX (16 + 1024)   /* the longest version 2 header we accept (TLVs included) */

enum tk_proxy_result {
    TK_PROXY_NEED_MORE = 0, /* a valid beginning: read more bytes */
    TK_PROXY_DONE,          /* a complete header of header_len bytes */
    TK_PROXY_INVALID        /* not a PROXY header, or a malformed one */
};

struct tk_proxy_header {
    int version;            /* 1 or 2 */
    int has_addresses;      /* 0 for v1 UNKNOWN, v2 LOCAL or an unspecified/UNIX family:
                             * the connection's own addresses stand */
    struct tk_event_endpoint source, destination;
    size_t header_len;      /* bytes to skip before the client's own data */
};

enum tk_proxy_result tk_proxy_parse(const uint8_t *data, size_t len, struct tk_proxy_header *out);

#endif
