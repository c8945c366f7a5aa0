/* obs_reader.c - streams observation lines out of a plain, gzip or zstd file (the bytes come
 * through tk_input, src/ingest/input.c). */
#include "takedown/p2p_obs.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/input.h"

#define READ_CHUNK (1u << 20)

struct tk_obs_reader {
    struct tk_input *in;
    char *path;
    char *buf;
    size_t cap, start, end;
    uint64_t line;
    int eof;
};

int tk_obs_reader_open(struct tk_obs_reader **out, const char *path, struct tk_error *err)
{
    struct tk_obs_reader *r = calloc(1, sizeof *r);
    int rc;

    *out = NULL;
    if (r == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    r->cap = READ_CHUNK + TK_OBS_LINE_MAX;
    r->buf = malloc(r->cap);
    r->path = strdup(path);
    if (r->buf == NULL || r->path == NULL) {
        tk_obs_reader_close(r);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if ((rc = tk_input_open(&r->in, path, err))) {
        tk_obs_reader_close(r);
        return rc;
    }
    *out = r;
    return TK_OK;
}

/* Fills the buffer after what is left of the current line. Returns TK_OK, or TK_ERR_IO. */
static int refill(struct tk_obs_reader *r, struct tk_error *err)
{
    size_t got;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    /* Corrupt compressed data stops the reading too: it is not one malformed row. */
    if (tk_input_read(r->in, r->buf + r->end, r->cap - r->end, &got, err)) {
        if (err)
            err->status = TK_ERR_IO;
        return TK_ERR_IO;
    }
    if (got == 0 && tk_input_truncated(r->in))
        return tk_error_set(err, TK_ERR_IO, "%s: the %s stream is cut short", r->path,
                            tk_compression_name(tk_input_compression(r->in)));
    if (got == 0)
        r->eof = 1;
    r->end += got;
    return TK_OK;
}

/* The next line in line and len (without its newline); TK_ERR_STOP at the end; TK_ERR_DATA
 * for an overlong line, which is skipped. */
static int next_line(struct tk_obs_reader *r, const char **line, size_t *len,
                     struct tk_error *err)
{
    int rc, overlong = 0;
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
        if (nl != NULL) {
            size_t at = r->start;
            r->start = (size_t)(nl - r->buf) + 1;
            r->line++;
            if (overlong || (size_t)(nl - r->buf) - at > TK_OBS_LINE_MAX)
                return tk_error_set(err, TK_ERR_DATA, "%s:%llu: expected a line of at most %d "
                                    "bytes", r->path, (unsigned long long)r->line,
                                    TK_OBS_LINE_MAX);
            *line = r->buf + at;
            *len = (size_t)(nl - r->buf) - at;
            return TK_OK;
        }
        if (r->eof) {
            if (r->start == r->end && !overlong)
                return TK_ERR_STOP;
            *line = r->buf + r->start;
            *len = r->end - r->start;
            r->start = r->end;
            r->line++;
            if (overlong || *len > TK_OBS_LINE_MAX)
                return tk_error_set(err, TK_ERR_DATA, "%s:%llu: expected a line of at most %d "
                                    "bytes", r->path, (unsigned long long)r->line,
                                    TK_OBS_LINE_MAX);
            return TK_OK;
        }
        if (r->end - r->start >= TK_OBS_LINE_MAX) {
            overlong = 1;
            r->start = r->end;
        }
        if ((rc = refill(r, err)))
            return rc;
    }
}

int tk_obs_reader_next(struct tk_obs_reader *r, struct tk_observation *obs,
                       struct tk_error *err)
{
    const char *line = NULL;
    size_t len = 0;
    int rc, skip;
    for (;;) {
        if ((rc = next_line(r, &line, &len, err)))
            return rc;
        rc = tk_obs_parse_line(line, len, obs, &skip, err);
        if (rc) {
            tk_error_prefix(err, "%s:%llu", r->path, (unsigned long long)r->line);
            return rc;
        }
        if (!skip)
            return TK_OK;
    }
}

uint64_t tk_obs_reader_line(const struct tk_obs_reader *r)
{
    return r->line;
}

uint64_t tk_obs_reader_offset(const struct tk_obs_reader *r)
{
    return tk_input_consumed(r->in);
}

void tk_obs_reader_close(struct tk_obs_reader *r)
{
    if (r == NULL)
        return;
    tk_input_close(r->in);
    free(r->buf);
    free(r->path);
    free(r);
}
