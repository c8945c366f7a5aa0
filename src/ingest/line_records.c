/* line_records.c - the line formats' reading around their parsers (see line_records.h). */
#include "ingest/line_records.h"

#include <stdio.h>
#include <stdlib.h>

#include "takedown/read_note.h"

int line_records_open(struct line_records *lr, struct tk_input *in, struct tk_error *err)
{
    int rc;
    if ((lr->scratch = malloc(LINES_MAX)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if ((rc = tk_lines_open(&lr->lines, in, LINES_MAX, err))) {
        free(lr->scratch);
        return rc;
    }
    return TK_OK;
}

void line_records_close(struct line_records *lr)
{
    tk_lines_close(lr->lines);
    free(lr->scratch);
}

int line_records_next(struct line_records *lr, struct tk_event_reader *r, struct tk_line *line,
                      enum tk_read_result *stop, struct tk_error *err)
{
    int rc = tk_lines_next(lr->lines, line, err);
    if (rc < 0) {
        *stop = TK_READ_FAILED;
        return 0;
    }
    if (rc == 0) {
        ingest_reader_check_input_truncated(r);
        *stop = TK_READ_END;
        return 0;
    }
    r->stats.records++;
    if (line->too_long) {
        char position[32];
        tk_read_position(position, sizeof position, TK_RECORD_LINE, tk_lines_number(lr->lines));
        *stop = ingest_reader_bad(r, err, position, "line longer than %d bytes", LINES_MAX);
        return 0;
    }
    return 1;
}

enum tk_read_result line_records_bad(struct line_records *lr, struct tk_event_reader *r,
                                     const struct tk_line *line, size_t column, const char *what,
                                     struct tk_error *err)
{
    char position[48];
    if (line->unterminated) {
        r->stats.records--;
        ingest_reader_truncated(r, "the last line (%llu) is cut short; read to the line before it",
                                (unsigned long long)tk_lines_number(lr->lines));
        ingest_reader_check_input_truncated(r);
        return TK_READ_END;
    }
    if (column)
        snprintf(position, sizeof position, "%llu:%zu", (unsigned long long)tk_lines_number(lr->lines),
                 column);
    else
        tk_read_position(position, sizeof position, TK_RECORD_LINE, tk_lines_number(lr->lines));
    return ingest_reader_bad(r, err, position, "expected %s", what);
}
