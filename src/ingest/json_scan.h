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

#define JSON_MAX_DEPTH 32

struct json_scan {
    const char *start, *p, *end;
    char *scratch;          /* decoded strings with escapes go here */
    size_t scratch_used, scratch_size;
    const char *error;      /* what was expected, when a call failed */
};

/* scratch must hold at least as many bytes as the text (decoding never grows a string). */
void json_scan_init(struct json_scan *s, const char *text, size_t len, char *scratch,
                    size_t scratch_size);
/* The column (from 1) where scanning stopped, for messages. */
size_t json_scan_column(const struct json_scan *s);

/* Each returns 0, or -1 with s->error set. */
int json_skip_space(struct json_scan *s);
/* Consumes c after optional white space. */
int json_expect(struct json_scan *s, char c);
/* 1 when the next character (after white space) is c, which is then consumed; else 0. */
int json_accept(struct json_scan *s, char c);
/* The next value's first character after white space ('\0' at the end). */
char json_peek(struct json_scan *s);
int json_string(struct json_scan *s, struct tk_text *out);
/* A number, as its text (for integers and timestamps in seconds). */
int json_number(struct json_scan *s, struct tk_text *out);
int json_skip_value(struct json_scan *s);
/* After the end of the top-level value only white space may follow. */
int json_end(struct json_scan *s);

#endif
