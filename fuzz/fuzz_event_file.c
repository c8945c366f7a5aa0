/* fuzz_event_file.c - libFuzzer target for reading whole event logs: the input as a file
 * (JSON lines, or Frame Streams framing of binary or dnstap records, possibly compressed),
 * every record read to the end; a reader must stop by itself and never read out of bounds. */
#include <stddef.h>
#include <stdint.h>

#include "takedown/event_file.h"
#include "takedown/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tk_event ev;
    struct tk_input *in;
    struct tk_event_file *f;
    struct tk_error err;
    char sensor[64];
    if (tk_input_open_memory(&in, data, size, "fuzz", &err) != TK_OK)
        return 0;
    if (tk_event_file_open_input(in, "fuzz", &f, &err) != TK_OK)
        return 0;
    /* A reader that stops advancing shows as a hang (the test runs with -timeout). Records
     * are not bounded by the input's size: 942 gzip bytes can hold 1,802 lines. */
    enum tk_event_file_result r;
    do
        r = tk_event_file_next(f, &ev, sensor, &err);
    while (r == TK_EVENT_FILE_EVENT || r == TK_EVENT_FILE_BAD);
    tk_event_file_close(f);
    return 0;
}
