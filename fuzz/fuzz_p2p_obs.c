/* fuzz_p2p_obs.c - libFuzzer target for the P2P observation line parser (CSV and JSON). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/p2p_obs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_observation obs;
    struct tk_error err = {0};
    char text[TK_ENDPOINT_TEXT_MAX];
    int skip;

    /* The reader hands the parser one line at a time, without its newline. */
    const char *nl = memchr(data, '\n', size);
    size_t len = nl ? (size_t)(nl - (const char *)data) : size;
    if (tk_obs_parse_line((const char *)data, len, &obs, &skip, &err) == TK_OK && !skip) {
        /* What was parsed must print and parse back to the same endpoint. */
        struct tk_endpoint again;
        size_t n = tk_endpoint_format(&obs.reporter, text, sizeof text);
        if (n == 0 || n >= sizeof text || tk_endpoint_parse(text, n, &again) != TK_OK
            || memcmp(&again, &obs.reporter, sizeof again) != 0)
            __builtin_trap();
    }
    return 0;
}
