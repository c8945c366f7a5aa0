/* input.h - reading an events file as a byte stream, plain or compressed.
 *
 * gzip (zlib, concatenated members too) and zstd (libzstd, several frames too) are
 * recognised by their magic bytes, whatever the file is called; anything else is read as
 * it is. A compressed stream that stops inside a member or frame delivers every byte
 * before the cut and is then marked truncated; corrupt compressed data delivers every
 * byte before it and then fails with the offset. "-" reads standard input. */
#ifndef TAKEDOWN_INPUT_H
#define TAKEDOWN_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"

enum tk_compression { TK_COMPRESSION_NONE, TK_COMPRESSION_GZIP, TK_COMPRESSION_ZSTD };

struct tk_input;

int tk_input_open(struct tk_input **out, const char *path, struct tk_error *err);
/* Reads the bytes at data (not copied: they must outlive the input), for tests and fuzzing;
 * name stands for the path in messages. */
int tk_input_open_memory(struct tk_input **out, const void *data, size_t len, const char *name,
                         struct tk_error *err);
void tk_input_close(struct tk_input *in);

/* The first decompressed bytes (up to TK_INPUT_PEEK), without consuming them: the next
 * reads return them again. *len is smaller only for a shorter stream. */
#define TK_INPUT_PEEK 4096
int tk_input_peek(struct tk_input *in, const uint8_t **data, size_t *len, struct tk_error *err);

/* Up to size decompressed bytes into buf; *got is 0 at the end of the stream. TK_ERR_DATA
 * for corrupt compressed data, TK_ERR_IO when the system refuses; err names the file. */
int tk_input_read(struct tk_input *in, void *buf, size_t size, size_t *got, struct tk_error *err);

const char *tk_input_path(const struct tk_input *in);
enum tk_compression tk_input_compression(const struct tk_input *in);
const char *tk_compression_name(enum tk_compression c);
/* After the end: 1 when the compressed stream was cut inside a member or frame. */
int tk_input_truncated(const struct tk_input *in);
/* Bytes of the file consumed so far, and its size (0 when unknown: a pipe), for progress. */
uint64_t tk_input_consumed(const struct tk_input *in);
uint64_t tk_input_size(const struct tk_input *in);

#endif
