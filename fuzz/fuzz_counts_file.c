/* fuzz_counts_file.c - libFuzzer target for counts files (tk_tally_merge_counts): any
 * input merges or is refused with a message, and what merged saves again. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "takedown/tally.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_tally_options options = {.exact_limit = 64, .dimensions = size ? data[0] & 0x3f : 0};
    struct tk_tally *t;
    struct tk_error err = {0};
    FILE *sink;

    if (size == 0 || tk_tally_new(&t, &options, &err))
        return 0;
    if (tk_tally_merge_counts(t, data + 1, size - 1, "fuzz", &err) == TK_OK
        && (sink = fopen("/dev/null", "w")) != NULL) {
        if (tk_tally_save(t, sink, &err))
            __builtin_trap();
        fclose(sink);
    }
    tk_tally_free(t);
    return 0;
}
