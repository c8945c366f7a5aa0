/* fuzz_rpz_line.c - libFuzzer target for the RPZ reader: the input is a zone file, fed
 * line by line with the reader's state carried across lines. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/domain.h"
#include "takedown/rpz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_rpz_state state = {"", 0, 0};
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char name[256];
        size_t name_len = 0;
        int subtree, skip;
        struct tk_error err = {0};
        if (tk_rpz_parse_line(&state, p, len, name, &name_len, &subtree, &skip, &err) == TK_OK
            && !skip && (name_len == 0 || name_len > 253 || !tk_domain_is_valid(name, name_len)))
            __builtin_trap();
        p += len + 1;
    }
    return 0;
}
