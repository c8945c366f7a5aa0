/* fuzz_events_dnstap.c - libFuzzer target for the reports' dnstap reader: Frame Streams through
 * the reader layer's frame reader, protobuf fields decoded by hand. The input is an events file, read to its end
 * (events_harness.c). */
#include "events_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_events_read(data, size, TK_EVENTS_DNSTAP);
}
