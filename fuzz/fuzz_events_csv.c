/* fuzz_events_csv.c - libFuzzer target for the CSV event reader (time,address[,tag], or
 * columns by header name). The input is an events file, read to its end (events_harness.c). */
#include "events_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_events_read(data, size, TK_EVENTS_CSV);
}
