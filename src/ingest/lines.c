/* lines.c - splitting a byte stream into lines (see lines.h). */
#include "ingest/lines.h"

#include <stdlib.h>
#include <string.h>

#define LINES_BUFFER (4 * LINES_MAX)

int ingest_lines_init(struct lines *l, struct tk_input *in, struct tk_error *err)
{
    memset(l, 0, sizeof *l);
    l->in = in;
    if ((l->buf = malloc(LINES_BUFFER)) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return TK_OK;
}

void ingest_lines_free(struct lines *l)
{
    free(l->buf);
    l->buf = NULL;
}

/* Moves unread bytes to the front and reads more after them. */
static int refill(struct lines *l, struct tk_error *err)
{
    size_t got;
    int rc;

    if (l->start > 0) {
        memmove(l->buf, l->buf + l->start, l->end - l->start);
        l->end -= l->start;
        l->start = 0;
    }
    if ((rc = tk_input_read(l->in, l->buf + l->end, LINES_BUFFER - l->end, &got, err)))
        return rc;
    if (got == 0)
        l->eof = 1;
    l->end += got;
    return TK_OK;
}

/* Skips the rest of an overlong line, up to and including its newline. */
static int skip_rest(struct lines *l, struct tk_error *err)
{
    for (;;) {
        char *nl = memchr(l->buf + l->start, '\n', l->end - l->start);
        int rc;
        if (nl) {
            l->start = (size_t)(nl - l->buf) + 1;
            return TK_OK;
        }
        l->start = l->end;
        if (l->eof)
            return TK_OK;
        if ((rc = refill(l, err)))
            return rc;
    }
}

int ingest_lines_next(struct lines *l, struct line *line, struct tk_error *err)
{
    size_t scanned = 0;
    int rc;

    for (;;) {
        char *from = l->buf + l->start + scanned;
        char *nl = memchr(from, '\n', l->end - l->start - scanned);
        size_t len;
        if (nl || l->eof || l->end - l->start >= LINES_MAX) {
            if (!nl && l->start == l->end)
                return 0;
            len = nl ? (size_t)(nl - (l->buf + l->start)) : l->end - l->start;
            l->number++;
            line->too_long = len >= LINES_MAX;
            line->unterminated = !nl && !line->too_long;
            if (line->too_long) {
                line->text = NULL;
                line->len = 0;
                return (rc = skip_rest(l, err)) ? -rc : 1;
            }
            line->text = l->buf + l->start;
            l->start += len + (nl != NULL);
            if (len > 0 && line->text[len - 1] == '\r')
                len--;
            line->len = len;
            return 1;
        }
        scanned = l->end - l->start;
        if ((rc = refill(l, err)))
            return -rc;
    }
}
