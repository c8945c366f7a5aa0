/* fuzz_fleet_offsets.c - libFuzzer target for the shipper's offsets file
 * (tk_fleet_offsets_parse): any bytes parse or are refused naming the line, and what parses
 * is a sensor and a file name without spaces or slashes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/fleet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tk_fleet_offsets o;
    struct tk_error err = {0};

    if (tk_fleet_offsets_parse((const char *)data, size, "fuzz", &o, &err) == TK_OK) {
        if (strpbrk(o.sensor, " /\n") || strpbrk(o.file, " /\n")
            || o.first_seq > UINT64_MAX - o.records)
            __builtin_trap();
    } else if (strncmp(err.message, "fuzz:", 5) != 0) {
        __builtin_trap();
    }
    return 0;
}
