/* dns_message.c - the one reader of a DNS message's header and question (see
 * include/takedown/dns_message.h).
 *
 * Written by hand: it runs for every packet the sinkhole answers, must not allocate, and
 * must treat every byte as hostile; the general-purpose parsers in Debian (ldns, libknot)
 * allocate per message, and reading one name is one loop over at most 255 bytes. */
#include "takedown/dns_message.h"

#include <stdio.h>

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void read_header(const uint8_t *msg, struct tk_dns_header *h)
{
    h->id = get16(msg);
    h->flags = get16(msg + 2);
    h->qdcount = get16(msg + 4);
    h->ancount = get16(msg + 6);
    h->nscount = get16(msg + 8);
    h->arcount = get16(msg + 10);
}

/* The uncompressed name at *pos into q->name, lower case; *pos moves past it. */
static enum tk_dns_read_status read_name(const uint8_t *p, size_t len, size_t *pos,
                                         struct tk_dns_question *q)
{
    size_t at = *pos, wire = 0, out = 0;
    q->name_plain = 1;
    for (;;) {
        if (at >= len)
            return TK_DNS_READ_NAME_CUT;
        uint8_t label = p[at++];
        wire++;
        if (label == 0)
            break;
        if (label & 0xC0)
            return TK_DNS_READ_LABEL_TYPE;
        if (at + label > len)
            return TK_DNS_READ_NAME_CUT;
        if (wire + label + 1 > 255)
            return TK_DNS_READ_NAME_LONG;
        if (out)
            q->name[out++] = '.';
        for (uint8_t i = 0; i < label; i++) {
            uint8_t c = p[at + i];
            if (c >= 'A' && c <= 'Z')
                c = (uint8_t)(c + ('a' - 'A'));
            else if (c == '.')
                q->name_plain = 0;
            q->name[out++] = (char)c;
        }
        at += label;
        wire += label;
    }
    q->name[out] = '\0';
    q->name_len = (uint8_t)out;
    *pos = at;
    return TK_DNS_READ_OK;
}

enum tk_dns_read_status tk_dns_read_question(const uint8_t *msg, size_t len,
                                             struct tk_dns_header *h,
                                             struct tk_dns_question *q)
{
    q->name[0] = '\0';
    q->name_len = 0;
    q->name_plain = 0;
    q->qtype = q->qclass = 0;
    q->len = 0;
    if (len < TK_DNS_HEADER)
        return TK_DNS_READ_NO_HEADER;
    read_header(msg, h);
    if (h->qdcount == 0)
        return TK_DNS_READ_NO_QUESTION;
    size_t pos = TK_DNS_HEADER;
    enum tk_dns_read_status status = read_name(msg, len, &pos, q);
    if (status == TK_DNS_READ_OK && pos + 4 > len)
        status = TK_DNS_READ_NO_TYPE;
    if (status != TK_DNS_READ_OK) {
        q->name[0] = '\0';
        q->name_len = 0;
        return status;
    }
    q->qtype = get16(msg + pos);
    q->qclass = get16(msg + pos + 2);
    q->len = pos + 4 - TK_DNS_HEADER;
    return TK_DNS_READ_OK;
}

int tk_dns_skip_name(const uint8_t *msg, size_t len, size_t *pos)
{
    size_t at = *pos;
    for (;;) {
        if (at >= len)
            return -1;
        uint8_t label = msg[at];
        if (label == 0) {
            at++;
            break;
        }
        if ((label & 0xC0) == 0xC0) {
            if (at + 2 > len)
                return -1;
            at += 2;
            break;
        }
        if (label & 0xC0)
            return -1;
        at += 1 + (size_t)label;
    }
    *pos = at;
    return 0;
}

const char *tk_dns_read_problem(enum tk_dns_read_status status)
{
    switch (status) {
    case TK_DNS_READ_OK: return "is well formed";
    case TK_DNS_READ_NO_HEADER: return "is shorter than a header";
    case TK_DNS_READ_NO_QUESTION: return "has no question";
    case TK_DNS_READ_NAME_CUT: return "has a question name that runs past its end";
    case TK_DNS_READ_LABEL_TYPE:
        return "has a question name that is compressed or uses an obsolete label type";
    case TK_DNS_READ_NAME_LONG: return "has a question name longer than 255 bytes";
    case TK_DNS_READ_NO_TYPE: return "ends before its question's type and class";
    case TK_DNS_READ_RECORD_CUT: return "has a record that runs past its end";
    case TK_DNS_READ_BAD_OPT: return "has a malformed OPT record";
    }
    return "cannot be read";
}

static int plain_byte(uint8_t b)
{
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-'
           || b == '_';
}

size_t tk_dns_name_text(const uint8_t *msg, const struct tk_dns_question *q,
                        char out[TK_DNS_NAME_TEXT_MAX])
{
    size_t at = TK_DNS_HEADER, n = 0;
    for (uint8_t label = msg[at++]; label != 0; label = msg[at++]) {
        if (n > 0)
            out[n++] = '.';
        for (size_t i = 0; i < label; i++, at++) {
            if (plain_byte(msg[at]))
                out[n++] = (char)msg[at];
            else
                n += (size_t)snprintf(out + n, 5, "\\%03u", msg[at]);
        }
    }
    if (q->name_len == 0)
        out[n++] = '.';
    out[n] = '\0';
    return n;
}

int tk_dns_question(const uint8_t *msg, size_t len, char out[TK_DNS_NAME_TEXT_MAX],
                    size_t *out_len, uint16_t *qtype, struct tk_error *err)
{
    struct tk_dns_header h;
    struct tk_dns_question q;
    enum tk_dns_read_status status = tk_dns_read_question(msg, len, &h, &q);
    if (status != TK_DNS_READ_OK)
        return tk_error_set(err, TK_ERR_DATA, "DNS message of %zu bytes %s", len,
                            tk_dns_read_problem(status));
    *out_len = tk_dns_name_text(msg, &q, out);
    *qtype = q.qtype;
    return TK_OK;
}
