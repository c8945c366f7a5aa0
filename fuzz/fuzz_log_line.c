/* fuzz_log_line.c - libFuzzer target for the text log parsers: plain names, CSV, BIND and
 * Unbound query logs, JSON lines. The first byte picks the format; the rest is fed line by
 * line through one parser state, as a file would be. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum tk_log_format formats[] = {TK_LOG_NAMES, TK_LOG_CSV, TK_LOG_BIND,
                                                 TK_LOG_UNBOUND, TK_LOG_JSONL};
    static struct tk_log_line_state state;
    struct tk_log_record rec;
    struct tk_error err = {0};

    if (size == 0)
        return 0;
    enum tk_log_format format = formats[data[0] % 5];
    const char *text = (const char *)data + 1;
    size_t left = size - 1;
    tk_log_line_state_init(&state);
    while (left > 0) {
        const char *nl = memchr(text, '\n', left);
        size_t len = nl ? (size_t)(nl - text) : left;
        int skip = 0;
        if (tk_log_parse_line(format, text, len, &state, &rec, &skip, &err) == TK_OK && !skip) {
            /* A record points into the line or the state, and names a name. */
            if (rec.name == NULL || rec.name_len == 0 || rec.name_len > 1023
                || (rec.client_len && rec.client == NULL))
                __builtin_trap();
            volatile char first = rec.name[0], last = rec.name[rec.name_len - 1];
            (void)first;
            (void)last;
        }
        text += len + (nl ? 1 : 0);
        left -= len + (nl ? 1 : 0);
    }
    return 0;
}
