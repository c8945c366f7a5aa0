/* fuzz_proxy_header.c - libFuzzer target for the PROXY protocol header parser (v1 and v2),
 * on the whole input and on every prefix length a slow client could send. */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "takedown/proxy_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_proxy_header h;
    enum tk_proxy_result whole = tk_proxy_parse(data, size, &h);
    if (whole == TK_PROXY_DONE) {
        if (h.header_len == 0 || h.header_len > size)
            __builtin_trap();
        if (h.has_addresses && h.source.family != AF_INET && h.source.family != AF_INET6)
            __builtin_trap();
    }
    for (size_t n = 0; n < size && n < 64; n++)
        if (tk_proxy_parse(data, n, &h) == TK_PROXY_DONE && h.header_len > n)
            __builtin_trap();
    return 0;
}
