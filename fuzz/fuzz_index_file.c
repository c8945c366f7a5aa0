/* fuzz_index_file.c - libFuzzer target for the attribution index reader: any bytes given as
 * an index file are refused or searched without reading outside them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/index.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the sums of what lookups return go, so that they are really read. */
static volatile uint32_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"a.com", "tnceafs.biz", "x", "example.org"};
    struct tk_index *idx;
    struct tk_error err = {0};
    /* The reader wants the alignment a mapping has; malloc gives it. */
    void *copy = malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    if (tk_index_open_memory(copy, size, &idx, &err) == TK_OK) {
        for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
            struct tk_index_hit hit;
            if (tk_index_lookup(idx, names[i], strlen(names[i]), &hit)) {
                /* Every range of a hit lies inside the data (ASan checks the reads). */
                uint32_t sum = 0;
                for (size_t r = 0; r < hit.range_count; r++)
                    sum += hit.ranges[r].source + (uint32_t)hit.ranges[r].first;
                if (hit.range_count) {
                    struct tk_index_source s = tk_index_source_at(idx, hit.ranges[0].source);
                    sum += (uint32_t)strlen(s.family);
                }
                if (hit.name_len != strlen(names[i]))
                    __builtin_trap();
                sink = sum;
            }
        }
        for (size_t i = 0; i < tk_index_source_count(idx); i++) {
            struct tk_index_source s = tk_index_source_at(idx, i);
            (void)strlen(s.family);
            (void)strlen(s.variant);
            (void)strlen(s.seed);
        }
        tk_index_close(idx);
    }
    free(copy);
    return 0;
}
