/* lines.c - splitting a byte stream into lines (see include/takedown/lines.h). */
#include "takedown/lines.h"

#include <stdlib.h>
#include <string.h>

struct tk_lines {
    struct tk_input *in;
    size_t max;         /* the longest line is max - 1 bytes */
    char *buf;          /* 4 * max bytes */
    size_t size;
    size_t start, end;  /* unread bytes are buf[start..end) */
    int eof;
    uint64_t number;
};

int tk_lines_open(struct tk_lines **out, struct tk_input *in, size_t max, struct tk_error *err)
{
    struct tk_lines *l = calloc(1, sizeof *l);

    *out = NULL;
    if (l == NULL || (l->buf = malloc(4 * max)) == NULL) {
        free(l);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    l->in = in;
    l->max = max;
    l->size = 4 * max;
    *out = l;
    return TK_OK;
}

void tk_lines_close(struct tk_lines *l)
{
    if (l == NULL)
        return;
    free(l->buf);
    free(l);
}

uint64_t tk_lines_number(const struct tk_lines *l)
{
    return l->number;
}

/* Moves unread bytes to the front and reads more after them. */
static int refill(struct tk_lines *l, struct tk_error *err)
{
    size_t got;
    int rc;

    if (l->start > 0) {
        memmove(l->buf, l->buf + l->start, l->end - l->start);
        l->end -= l->start;
        l->start = 0;
    }
    if ((rc = tk_input_read(l->in, l->buf + l->end, l->size - l->end, &got, err)))
        return rc;
    if (got == 0)
        l->eof = 1;
    l->end += got;
    return TK_OK;
}

/* Skips the rest of an overlong line, up to and including its newline. */
static int skip_rest(struct tk_lines *l, struct tk_error *err)
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

int tk_lines_next(struct tk_lines *l, struct tk_line *line, struct tk_error *err)
{
    size_t scanned = 0;
    int rc;

    for (;;) {
        char *from = l->buf + l->start + scanned;
        char *nl = memchr(from, '\n', l->end - l->start - scanned);
        size_t len;
        if (nl || l->eof || l->end - l->start >= l->max) {
            if (!nl && l->start == l->end)
                return 0;
            len = nl ? (size_t)(nl - (l->buf + l->start)) : l->end - l->start;
            l->number++;
            line->too_long = len >= l->max;
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
