/* fuzz_dns_question.c - libFuzzer target for the one DNS message reader (src/dns): the
 * header and question of any message, as the sinkhole reads queries and report, match and
 * events read the DNS messages inside dnstap records, the name's presentation form, the
 * OPT record with its Client Subnet, and skipping the names of the records after it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/dns_message.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The text form read back: \DDD to its byte, then lower case. */
static size_t unescape_lower(const char *text, char *out)
{
    size_t n = 0;
    for (size_t i = 0; text[i]; i++) {
        char c = text[i];
        if (c == '\\') {
            c = (char)((text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0'));
            i += 3;
        }
        out[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_dns_header h;
    struct tk_dns_question q;
    char text[TK_DNS_NAME_TEXT_MAX], back[TK_DNS_NAME_TEXT_MAX];

    if (tk_dns_read_question(data, size, &h, &q) != TK_DNS_READ_OK) {
        if (q.name_len != 0 || q.name[0] != '\0' || q.len != 0)
            __builtin_trap();
        return 0;
    }
    if (q.name_len > 253 || q.name[q.name_len] != '\0' || q.len > size - TK_DNS_HEADER)
        __builtin_trap();
    if (h.qdcount == 0 || q.len != (size_t)q.name_len + (q.name_len ? 2 : 1) + 4)
        __builtin_trap(); /* the name on the wire is its text plus a length and a root byte */
    for (size_t i = 0; i < q.name_len; i++)
        if (q.name[i] >= 'A' && q.name[i] <= 'Z')
            __builtin_trap();
    size_t n = tk_dns_name_text(data, &q, text);
    if (n == 0 || n >= sizeof text || strlen(text) != n)
        __builtin_trap();
    int spelled = q.name_len == 0 ? strcmp(text, ".") == 0
                                  : unescape_lower(text, back) == q.name_len
                                        && memcmp(back, q.name, q.name_len) == 0;
    if (!spelled)
        __builtin_trap(); /* the text form spells the name that was read */
    struct tk_dns_edns e;
    tk_dns_read_edns(data, size, TK_DNS_HEADER + q.len, h.arcount, &e);
    if (e.has_ecs) {
        size_t used = (size_t)(e.ecs_source + 7) / 8;
        if (!e.present || (e.ecs_family != 1 && e.ecs_family != 2)
            || e.ecs_source > (e.ecs_family == 1 ? 32 : 128))
            __builtin_trap();
        for (size_t i = used; i < sizeof e.ecs_addr; i++)
            if (e.ecs_addr[i] != 0)
                __builtin_trap(); /* the address is zero-padded past what was sent */
    }
    for (size_t at = TK_DNS_HEADER + q.len, was = at;
         at < size && tk_dns_skip_name(data, size, &at) == 0; was = at)
        if (at > size || at <= was)
            __builtin_trap(); /* names after the question are skipped within the message */
    return 0;
}
