/* frame_reader.h - a Frame Streams file (the fstrm container of dnstap and of the
 * sinkhole's binary log) read by hand over a tk_input: its START frame's content types, then
 * data frame after data frame until the STOP frame.
 *
 * By hand, not with libfstrm's reader: that reader cannot tell a file cut inside a frame
 * from one whose writer was killed between frames (a sinkhole's SIGKILL leaves no STOP
 * frame), and it does not read standard input; it is no faster either (bench/bench_formats.c:
 * 1.0x to 1.1x libfstrm counting 1 million frames). The format is a few big-endian lengths
 * (fstrm's protocol description). Part of the reader layer (src/read): every reader of
 * Frame Streams reads through it: `report`'s (src/ingest/read_dnstap.c, read_binary.c),
 * `match`'s (src/logs/log_reader.c) and `events`' (src/events/event_file.c). */
#ifndef TAKEDOWN_FRAME_READER_H
#define TAKEDOWN_FRAME_READER_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/input.h"

#define TK_FRAME_MAX (1u << 20) /* the longest data frame read: far above what writers send */

struct tk_frame_reader;

/* Reads the START frame from in (which stays the caller's). TK_ERR_DATA when the input does
 * not open with one; TK_ERR_IO or TK_ERR_DATA from in. Messages start with in's path. */
int tk_frame_reader_open(struct tk_frame_reader **out, struct tk_input *in,
                         struct tk_error *err);
void tk_frame_reader_close(struct tk_frame_reader *r);

/* Sniffing, on the first bytes of a stream (tk_input_peek): 1 when they open a Frame Streams
 * file (a zero escape word, then a control frame), and, unless content_type is NULL, its
 * START frame names content_type. */
int tk_frame_sniff(const uint8_t *head, size_t len, const char *content_type);

/* 1 when the START frame names content_type (e.g. "protobuf:dnstap.Dnstap"). */
int tk_frame_reader_has_type(const struct tk_frame_reader *r, const char *content_type);

enum tk_frame_result {
    TK_FRAME_DATA,   /* *data and *len hold the next data frame, valid until the next call */
    TK_FRAME_END,    /* the STOP frame */
    TK_FRAME_CUT,    /* the file ends early: *why says how ("the file is cut inside a frame") */
    TK_FRAME_FAILED  /* err says why: corrupt framing, or in failed */
};

enum tk_frame_result tk_frame_reader_next(struct tk_frame_reader *r, const uint8_t **data,
                                          size_t *len, const char **why, struct tk_error *err);

/* After TK_FRAME_FAILED: 1 when the framing is broken (a length out of bounds), 0 when the
 * input failed (I/O, corrupt compression). */
int tk_frame_reader_broken(const struct tk_frame_reader *r);

/* Data frames returned so far. */
uint64_t tk_frame_reader_count(const struct tk_frame_reader *r);

#endif
