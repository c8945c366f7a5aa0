/* read_note.h - what every reader on the reader layer (src/read) says the same way: where a
 * record is ("PATH:LINE" of a text file, "PATH:frame N" of a Frame Streams file), and that a
 * compressed stream was cut short. Each reader words the rest of its messages itself. */
#ifndef TAKEDOWN_READ_NOTE_H
#define TAKEDOWN_READ_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/input.h"

enum tk_record_unit { TK_RECORD_LINE, TK_RECORD_FRAME };

/* "LINE" or "frame N" into buf. */
void tk_read_position(char *buf, size_t size, enum tk_record_unit unit, uint64_t number);
/* Puts "PATH:LINE" or "PATH:frame N" before err's message: "PATH:LINE: message". */
void tk_read_prefix(struct tk_error *err, const char *path, enum tk_record_unit unit,
                    uint64_t number);
/* At the end of in: "the gzip stream is cut short" (or zstd) when its compressed stream
 * ended inside a member or frame, else NULL. */
const char *tk_read_stream_cut(const struct tk_input *in);

#endif
