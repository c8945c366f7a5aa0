/* fuzz_events_jsonl.c - libFuzzer target for the JSON-lines event reader and its JSON scanner.
 * The input is an events file, read to its end (events_harness.c). */
#include "events_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_events_read(data, size, TK_EVENTS_JSONL);
}
