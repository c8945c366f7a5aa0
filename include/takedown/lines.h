/* lines.h - the reader layer's one line splitter: lines out of a tk_input (input.h), for
 * every text format read (JSON lines, CSV, query logs, observation files).
 *
 * Lines are returned in place (no copy) without their "\n" or "\r\n", valid until the next
 * call. A line of max bytes or more is skipped and returned without its text, marked
 * too_long. The last line of a stream may lack its newline: it is returned marked
 * unterminated, so the reader can tell a cut record (tk_input_truncated, or a record that
 * does not parse) from a bad one. */
#ifndef TAKEDOWN_LINES_H
#define TAKEDOWN_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/input.h"

struct tk_lines;

struct tk_line {
    char *text;       /* NULL for a line too long */
    size_t len;
    int too_long;
    int unterminated;
};

/* Lines of in (which stays the caller's) shorter than max bytes. */
int tk_lines_open(struct tk_lines **out, struct tk_input *in, size_t max, struct tk_error *err);
/* 1 with a line, 0 at the end; TK_ERR_* (negated) on a read failure, err filled. */
int tk_lines_next(struct tk_lines *l, struct tk_line *line, struct tk_error *err);
/* The number of the line last returned, from 1. */
uint64_t tk_lines_number(const struct tk_lines *l);
void tk_lines_close(struct tk_lines *l);

#endif
