/* lines.h - lines out of a tk_input, for the text formats (JSON lines, CSV). Private to
 * src/ingest.
 *
 * Lines are returned in place (no copy) without their "\n" or "\r\n", valid until the next
 * call. A line of LINES_MAX bytes or more is skipped and returned without its text, marked
 * too_long. The last line of a file may lack its newline: it is returned marked
 * unterminated, so the reader can tell a cut record from a bad one. */
#ifndef TAKEDOWN_INGEST_LINES_H
#define TAKEDOWN_INGEST_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/input.h"

#define LINES_MAX (64 * 1024)

struct lines {
    struct tk_input *in;
    char *buf;          /* LINES_BUFFER bytes */
    size_t start, end;  /* unread bytes are buf[start..end) */
    int eof;
    uint64_t number;    /* of the line last returned, from 1 */
};

struct line {
    char *text;
    size_t len;
    int too_long;
    int unterminated;
};

int ingest_lines_init(struct lines *l, struct tk_input *in, struct tk_error *err);
/* 1 with a line, 0 at the end; TK_ERR_* (negated) on a read failure, err filled. */
int ingest_lines_next(struct lines *l, struct line *line, struct tk_error *err);
void ingest_lines_free(struct lines *l);

#endif
