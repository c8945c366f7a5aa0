/* read_note.c - record positions and cut streams, worded once (see
 * include/takedown/read_note.h). */
#include "takedown/read_note.h"

#include <stdio.h>

void tk_read_position(char *buf, size_t size, enum tk_record_unit unit, uint64_t number)
{
    snprintf(buf, size, "%s%llu", unit == TK_RECORD_FRAME ? "frame " : "",
             (unsigned long long)number);
}

void tk_read_prefix(struct tk_error *err, const char *path, enum tk_record_unit unit,
                    uint64_t number)
{
    char position[32];
    tk_read_position(position, sizeof position, unit, number);
    tk_error_prefix(err, "%s:%s", path, position);
}

const char *tk_read_stream_cut(const struct tk_input *in)
{
    if (!tk_input_truncated(in))
        return NULL;
    return tk_input_compression(in) == TK_COMPRESSION_ZSTD ? "the zstd stream is cut short"
                                                           : "the gzip stream is cut short";
}
