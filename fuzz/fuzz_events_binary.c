/* fuzz_events_binary.c - libFuzzer target for the reports' reader of the sinkhole's binary log:
 * Frame Streams framing read by hand, takedown.Event records decoded. The input is an events
 * file, read to its end (events_harness.c). */
#include "events_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_events_read(data, size, TK_EVENTS_BINARY);
}
