/* line_records.h - what the line formats (read_jsonl.c, read_csv.c) share around their
 * parsers: the lines with a scratch buffer for decoded fields, the next line to parse with
 * the reader's counts kept, and a line that does not parse (a cut last line, or a bad
 * record). Private to src/ingest. */
#ifndef TAKEDOWN_INGEST_LINE_RECORDS_H
#define TAKEDOWN_INGEST_LINE_RECORDS_H

#include <stddef.h>

#include "ingest/reader_ops.h"
#include "takedown/lines.h"

#define LINES_MAX (64 * 1024) /* the longest line is one byte shorter */

struct line_records {
    struct tk_lines *lines;
    char *scratch; /* LINES_MAX bytes: the current line's decoded fields */
};

int line_records_open(struct line_records *lr, struct tk_input *in, struct tk_error *err);
void line_records_close(struct line_records *lr);

/* Reads the next line and counts it as a record. Returns 1 when *line holds text to parse;
 * else 0 with *stop set: TK_READ_END, TK_READ_FAILED, or TK_READ_BAD for a line of LINES_MAX
 * bytes or more. */
int line_records_next(struct line_records *lr, struct tk_event_reader *r, struct tk_line *line,
                      enum tk_read_result *stop, struct tk_error *err);

/* A line that does not parse. The last line of a file, cut short, ends the file: it is not
 * counted and the file is marked truncated (TK_READ_END). Any other line is a bad record:
 * "PATH:LINE[:COLUMN]: expected WHAT" (column 0: none) and TK_READ_BAD. */
enum tk_read_result line_records_bad(struct line_records *lr, struct tk_event_reader *r,
                                     const struct tk_line *line, size_t column, const char *what,
                                     struct tk_error *err);

#endif
