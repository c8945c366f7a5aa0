/* fuzz_fleet_answer.c - libFuzzer target for ClickHouse's tab-separated answers as the fleet
 * reads them (tk_fleet_answer_row): any bytes give rows of the width asked for, or a message
 * naming the line; fields stay inside the answer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/fleet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_fleet_answer a;
    struct tk_error err = {0};
    size_t want = size ? data[0] % 8 + 1 : 1;
    char *text = malloc(size + 1);
    uint64_t number;
    int row;

    if (text == NULL || size == 0) {
        free(text);
        return 0;
    }
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    tk_fleet_answer_init(&a, text, size - 1);
    while ((row = tk_fleet_answer_row(&a, want, &err)) == 1) {
        if (a.field_count != want)
            __builtin_trap();
        for (size_t i = 0; i < want; i++) {
            if (a.fields[i] < text || a.fields[i] > text + size - 1)
                __builtin_trap();
            tk_fleet_answer_u64(&a, i, &number, &err);
        }
    }
    if (row < 0 && strncmp(err.message, "answer line ", 12) != 0)
        __builtin_trap();
    free(text);
    return 0;
}
