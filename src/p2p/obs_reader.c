/* obs_reader.c - streams observation lines out of a plain or gzip file (zlib reads both). */
#include "takedown/p2p_obs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define READ_CHUNK (1u << 20)

struct tk_obs_reader {
    gzFile file;
    char *path;
    char *buf;
    size_t cap, start, end;
    uint64_t line;
    int eof;
};

int tk_obs_reader_open(struct tk_obs_reader **out, const char *path, struct tk_error *err)
{
    struct tk_obs_reader *r = calloc(1, sizeof *r);
    int fd;

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
    fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || (r->file = gzdopen(fd, "rb")) == NULL) {
        int saved = errno;
        if (fd >= 0)
            close(fd);
        tk_obs_reader_close(r);
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(saved));
    }
    gzbuffer(r->file, READ_CHUNK);
    *out = r;
    return TK_OK;
}

/* Fills the buffer after what is left of the current line. Returns TK_OK, or TK_ERR_IO. */
static int refill(struct tk_obs_reader *r, struct tk_error *err)
{
    int got, errnum;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    got = gzread(r->file, r->buf + r->end, (unsigned)(r->cap - r->end));
    if (got < 0) {
        const char *msg = gzerror(r->file, &errnum);
        return tk_error_set(err, TK_ERR_IO, "%s: read error: %s", r->path,
                            errnum == Z_ERRNO ? strerror(errno) : msg);
    }
    if (got == 0)
        r->eof = 1;
    r->end += (size_t)got;
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
    return (uint64_t)gzoffset(r->file);
}

void tk_obs_reader_close(struct tk_obs_reader *r)
{
    if (r == NULL)
        return;
    if (r->file)
        gzclose(r->file);
    free(r->buf);
    free(r->path);
    free(r);
}
