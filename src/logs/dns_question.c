/* dns_question.c - the question name of a wire-format DNS message (RFC 1035 4.1.2), for
 * dnstap records. Written by hand: it is one loop over at most 255 bytes per record, and
 * pulling in a resolver library to read one name would cost more than the read. */
#include <stdio.h>

#include "takedown/logs.h"

static int plain_byte(uint8_t b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-'
           || b == '_';
}

int tk_dns_question(const uint8_t *msg, size_t len, char *out, size_t *out_len, uint16_t *qtype,
                    struct tk_error *err)
{
    size_t at = 12, n = 0, wire = 0;
    if (len < 12)
        return tk_error_set(err, TK_ERR_DATA, "DNS message of %zu bytes has no header", len);
    if (((unsigned)msg[4] << 8 | msg[5]) == 0)
        return tk_error_set(err, TK_ERR_DATA, "DNS message has no question");
    for (;;) {
        if (at >= len)
            return tk_error_set(err, TK_ERR_DATA, "DNS question name runs past the message");
        uint8_t label = msg[at++];
        wire += (size_t)label + 1;
        if (label == 0)
            break;
        if (label & 0xC0)
            return tk_error_set(err, TK_ERR_DATA, "DNS question name is compressed or uses "
                                "label type 0x%02x", label & 0xC0);
        if (wire > 255)
            return tk_error_set(err, TK_ERR_DATA, "DNS question name exceeds 255 bytes");
        if (label > len - at)
            return tk_error_set(err, TK_ERR_DATA, "DNS question label runs past the message");
        if (n > 0)
            out[n++] = '.';
        for (size_t i = 0; i < label; i++) {
            uint8_t b = msg[at + i];
            if (plain_byte(b))
                out[n++] = (char)b;
            else
                n += (size_t)snprintf(out + n, 5, "\\%03u", b);
        }
        at += label;
    }
    if (len - at < 4)
        return tk_error_set(err, TK_ERR_DATA, "DNS question lacks its type and class");
    if (n == 0)
        out[n++] = '.';
    out[n] = '\0';
    *out_len = n;
    *qtype = (uint16_t)((unsigned)msg[at] << 8 | msg[at + 1]);
    return TK_OK;
}
