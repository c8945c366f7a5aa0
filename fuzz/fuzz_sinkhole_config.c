/* fuzz_sinkhole_config.c - libFuzzer target for the sinkhole's config file: each line is
 * split into key and value and applied to a set of options. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/sinkhole_options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char key[64], value[4096];
    struct tk_sinkhole_options o;
    const char *p = (const char *)data, *end = p + size;

    tk_sinkhole_options_init(&o);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        int skip;
        struct tk_error err = {0};
        if (tk_sinkhole_config_line(p, len, key, value, &skip, &err) == TK_OK && !skip)
            tk_sinkhole_option_set(&o, key, value, &err);
        p += len + 1;
    }
    if (o.server.listen_count > TK_SINKHOLE_MAX_LISTEN
        || o.server.answers.a_count > TK_SINKHOLE_MAX_ADDRESSES)
        __builtin_trap();
    tk_sinkhole_options_free(&o);
    return 0;
}
