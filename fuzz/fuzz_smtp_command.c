/* fuzz_smtp_command.c - libFuzzer target for the SMTP trap's parsers: every line of the
 * input as a command, then the whole input as message content after DATA. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/smtp_command.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        struct tk_smtp_command cmd;
        tk_smtp_parse_command(p, len, &cmd);
        if (cmd.path_len && (cmd.path < p || cmd.path + cmd.path_len > p + len))
            __builtin_trap();
        if (cmd.arg_len && (cmd.arg < p || cmd.arg + cmd.arg_len > p + len))
            __builtin_trap();
        p += len + 1;
    }
    struct tk_smtp_data content;
    int done;
    tk_smtp_data_init(&content);
    size_t used = tk_smtp_data_feed(&content, data, size, &done);
    if (used > size || content.size > size || (!done && used != size))
        __builtin_trap();
    return 0;
}
