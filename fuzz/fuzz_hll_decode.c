/* fuzz_hll_decode.c - libFuzzer target for the HyperLogLog byte encoding: whatever decodes
 * must count, merge and encode back to the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/hll.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_hll *h, *merged;
    struct tk_error err = {0};
    uint8_t *again;

    if (tk_hll_decode(data, size, &h, &err))
        return 0;
    if (tk_hll_encoded_size(h) != size || (again = malloc(size)) == NULL)
        __builtin_trap();
    tk_hll_encode(h, again);
    if (memcmp(again, data, size) != 0)
        __builtin_trap();
    free(again);
    merged = tk_hll_new();
    if (merged == NULL || tk_hll_merge(merged, h) || tk_hll_count(merged) != tk_hll_count(h))
        __builtin_trap();
    tk_hll_free(merged);
    tk_hll_free(h);
    return 0;
}
