/* json_scan.h - a small pull scanner for one JSON text (RFC 8259) held in memory: the
 * event-line reader walks an object's members with it, takes the values it knows and
 * skips the rest. Private to src/ingest.
 *
 * Why by hand: reading JSON lines is the hot path of `takedown report` (tens of millions
 * of lines), and a scanner that never builds a tree and never allocates is several times
 * faster than a DOM library; it is small, and fuzzed (fuzz/fuzz_event_reader.c). */
#ifndef TAKEDOWN_INGEST_JSON_SCAN_H
#define TAKEDOWN_INGEST_JSON_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/event_reader.h"

#define JSCAN_MAX_DEPTH 32

struct jscan {
    const char *start, *p, *end;
    char *scratch;          /* decoded strings with escapes go here */
    size_t scratch_used, scratch_size;
    const char *error;      /* what was expected, when a call failed */
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
