/* obs_reader.c - streams observation lines out of a plain, gzip or zstd file, through the
 * reader layer (src/read: tk_input for the bytes, tk_lines for the lines). */
#include "takedown/p2p_obs.h"

#include <stdlib.h>
#include <string.h>

#include "takedown/input.h"
#include "takedown/lines.h"
#include "takedown/read_note.h"

struct tk_obs_reader {
    struct tk_input *in;
    struct tk_lines *lines;
    char *path;
};

int tk_obs_reader_open(struct tk_obs_reader **out, const char *path, struct tk_error *err)
{
    struct tk_obs_reader *r = calloc(1, sizeof *r);
    int rc;

    *out = NULL;
    if (r == NULL || (r->path = strdup(path)) == NULL) {
        tk_obs_reader_close(r);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if ((rc = tk_input_open(&r->in, path, err))
        || (rc = tk_lines_open(&r->lines, r->in, TK_OBS_LINE_MAX + 1, err))) {
        tk_obs_reader_close(r);
        return rc;
    }
    *out = r;
    return TK_OK;
}

/* The next line in line and len (without its newline); TK_ERR_STOP at the end; TK_ERR_DATA
 * for an overlong line, which is skipped; TK_ERR_IO when the stream is cut or corrupt
 * (it is not one malformed row). */
static int next_line(struct tk_obs_reader *r, const char **line, size_t *len,
                     struct tk_error *err)
{
    struct tk_line l;
    int got = tk_lines_next(r->lines, &l, err);
    if (got < 0) {
        if (err)
            err->status = TK_ERR_IO;
        return TK_ERR_IO;
    }
    if ((got == 0 || l.unterminated) && tk_read_stream_cut(r->in))
        return tk_error_set(err, TK_ERR_IO, "%s: %s", r->path, tk_read_stream_cut(r->in));
    if (got == 0)
        return TK_ERR_STOP;
    if (l.too_long)
        return tk_error_set(err, TK_ERR_DATA, "%s:%llu: expected a line of at most %d bytes",
                            r->path, (unsigned long long)tk_lines_number(r->lines),
                            TK_OBS_LINE_MAX);
    *line = l.text;
    *len = l.len;
    return TK_OK;
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
            tk_read_prefix(err, r->path, TK_RECORD_LINE, tk_lines_number(r->lines));
            return rc;
        }
        if (!skip)
            return TK_OK;
    }
}

uint64_t tk_obs_reader_line(const struct tk_obs_reader *r)
{
    return tk_lines_number(r->lines);
}

uint64_t tk_obs_reader_offset(const struct tk_obs_reader *r)
{
    return tk_input_consumed(r->in);
}

void tk_obs_reader_close(struct tk_obs_reader *r)
{
    if (r == NULL)
        return;
    tk_lines_close(r->lines);
    tk_input_close(r->in);
    free(r->path);
    free(r);
}
