/* fuzz_list_line.c - libFuzzer target for the saved-list line parser (plain and CSV). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "takedown/list_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct tk_list_entry entry;
    struct tk_error err = {0};
    enum tk_list_kind kind = size && (data[0] & 1) ? TK_LIST_CSV : TK_LIST_PLAIN;
    int skip;

    if (size == 0)
        return 0;
    /* The reader hands the parser one line at a time, without its newline. */
    const char *line = (const char *)data + 1;
    size_t len = size - 1;
    const char *nl = memchr(line, '\n', len);
    if (nl)
        len = (size_t)(nl - line);
    if (tk_list_parse_line(line, len, &kind, data[0] & 2, &entry, &skip, &err) == TK_OK && !skip) {
        if (entry.name_len == 0 || entry.name_len >= sizeof entry.name)
            __builtin_trap();
    }
    return 0;
}
