/* fuzz_event_record.c - libFuzzer target for the event-log readers: the input as one JSON
 * line (the reader layer's JSON tree, src/read/json_doc.c, on its scanner), as one binary
 * takedown.Event and as one dnstap message (src/read/dnstap_wire.c); whatever decodes must
 * encode again. */
#include <stddef.h>
#include <stdint.h>

#include "takedown/event_binary.h"
#include "takedown/event_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void reencode(const struct tk_event *ev, const char *sensor)
{
    static char line[TK_EVENT_JSON_MAX];
    static uint8_t frame[TK_EVENT_BINARY_MAX];
    if (tk_event_format_json(ev, sensor, line, sizeof line) == 0)
        __builtin_trap();
    if (tk_event_encode_binary(ev, sensor, frame, sizeof frame) == 0)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tk_event ev;
    char sensor[64];
    struct tk_error err;
    if (tk_event_parse_json((const char *)data, size, &ev, sensor, &err) == TK_OK)
        reencode(&ev, sensor);
    if (tk_event_decode_binary(data, size, &ev, sensor, &err) == TK_OK)
        reencode(&ev, sensor);
    if (tk_event_decode_dnstap(data, size, &ev, sensor, &err) == TK_OK)
        reencode(&ev, sensor);
    return 0;
}
