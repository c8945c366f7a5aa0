/* fuzz_asn_csv.c - libFuzzer target for the ASN range CSV line parser. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/geo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_asn_range range;
    struct tk_error err = {0};
    int skip;
    const char *nl = memchr(data, '\n', size);
    size_t len = nl ? (size_t)(nl - (const char *)data) : size;
    if (tk_asn_csv_parse_line((const char *)data, len, &range, &skip, &err) == TK_OK && !skip) {
        if ((range.family != 4 && range.family != 6) || memcmp(range.first, range.last, 16) > 0
            || memchr(range.organisation, '\0', sizeof range.organisation) == NULL)
            __builtin_trap();
    }
    return 0;
}
