/* fuzz_http_request.c - libFuzzer target for the HTTP sinkhole's request parser: the head
 * of whatever arrives, then the rest as a chunked body fed in two pieces. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/http_request.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads both ends of each span, so ASan sees any span reaching outside the input. */
static void count(void *ctx, const uint8_t *data, size_t n)
{
    size_t *total = ctx;
    volatile uint8_t ends = n ? (uint8_t)(data[0] ^ data[n - 1]) : 0;
    (void)ends;
    *total += n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_http_request req;
    enum tk_http_parse r = tk_http_parse_request((const char *)data, size, &req);
    if (r == TK_HTTP_COMPLETE) {
        if (req.head_len > size || req.method.len == 0)
            __builtin_trap();
        if (req.host.len && (req.host.ptr < (const char *)data
                             || req.host.ptr + req.host.len > (const char *)data + size))
            __builtin_trap();
    }
    struct tk_http_chunked chunks;
    size_t half = size / 2, used, total = 0;
    tk_http_chunked_init(&chunks);
    if (tk_http_chunked_feed(&chunks, data, half, &used, count, &total) == TK_CHUNKED_MORE) {
        if (used != half)
            __builtin_trap();
        tk_http_chunked_feed(&chunks, data + half, size - half, &used, count, &total);
    }
    if (total > size)
        __builtin_trap();
    return 0;
}
