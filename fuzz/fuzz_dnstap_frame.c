/* fuzz_dnstap_frame.c - libFuzzer target for one dnstap frame: the protobuf decoding (the
 * reader layer's one dnstap decoder, src/read/dnstap_wire.c) and the DNS question inside it.
 * The first byte says whether responses count. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tk_log_line_state state;
    struct tk_log_record rec;
    struct tk_error err = {0};
    int skip, is_query;

    if (size == 0)
        return 0;
    if (tk_log_parse_dnstap(data + 1, size - 1, data[0] & 1, &state, &rec, &skip, &is_query,
                            &err) == TK_OK && !skip) {
        if (rec.name == NULL || rec.name_len == 0 || rec.name_len >= sizeof state.name_buf
            || strlen(rec.name) != rec.name_len || strlen(rec.client) != rec.client_len)
            __builtin_trap();
    }
    return 0;
}
