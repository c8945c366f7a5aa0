/* json_scan.h - a small pull scanner for one JSON text (RFC 8259) held in memory: the
 * reader layer's one way to read JSON (src/read). `report`'s event-line reader walks an
 * object's members with it, takes the values it knows and skips the rest; json_doc.h builds
 * a small tree of a line on it for readers that look members up (`events`).
 *
 * Why by hand: reading JSON lines is the hot path of `takedown report` (tens of millions
 * of lines), and a scanner that never allocates is far faster than a DOM library. Measured
 * (bench/bench_formats.c, 1 million event lines, two runs): `report`'s reader on it, every
 * field parsed, 1.8 to 2.0 M lines/s; jansson's json_loadb with the same members looked up
 * and none parsed, 0.14 to 0.17 M lines/s (11.4x to 12.5x). It is small, and fuzzed (fuzz/fuzz_events_jsonl.c,
 * fuzz/fuzz_event_record.c). */
#ifndef TAKEDOWN_JSON_SCAN_H
#define TAKEDOWN_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/text_span.h"

#define JSCAN_MAX_DEPTH 32

struct jscan {
    const char *start, *p, *end;
    char *scratch;          /* decoded strings with escapes go here */
    size_t scratch_used, scratch_size;
    const char *error;      /* what was expected, when a call failed */
    int allow_nul;          /* 1: a string may hold \u0000 (0, the default, refuses it) */
};

/* scratch must hold at least as many bytes as the text (decoding never grows a string). */
void jscan_init(struct jscan *s, const char *text, size_t len, char *scratch,
                    size_t scratch_size);
/* The column (from 1) where scanning stopped, for messages. */
size_t jscan_column(const struct jscan *s);

/* Each returns 0, or -1 with s->error set. */
int jscan_skip_space(struct jscan *s);
/* Consumes c after optional white space. */
int jscan_expect(struct jscan *s, char c);
/* 1 when the next character (after white space) is c, which is then consumed; else 0. */
int jscan_accept(struct jscan *s, char c);
/* The next value's first character after white space ('\0' at the end). */
char jscan_peek(struct jscan *s);
int jscan_string(struct jscan *s, struct tk_text *out);
/* A number, as its text (for integers and timestamps in seconds). */
int jscan_number(struct jscan *s, struct tk_text *out);
int jscan_skip_value(struct jscan *s);
/* After the end of the top-level value only white space may follow. */
int jscan_end(struct jscan *s);

#endif
