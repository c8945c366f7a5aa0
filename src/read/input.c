/* input.c - plain, gzip and zstd byte streams from files, standard input or memory (see
 * include/takedown/input.h). */
#include "takedown/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define RAW_BUFFER (256 * 1024)

struct tk_input {
    char *path;
    int fd;                    /* -1 for memory */
    const uint8_t *memory;     /* the whole input when reading memory */
    uint8_t *raw;              /* RAW_BUFFER bytes read from fd */
    const uint8_t *next;       /* unconsumed raw bytes */
    size_t avail;
    int raw_eof;
    uint64_t consumed, size;
    enum tk_compression compression;
    int in_unit;               /* inside a gzip member or zstd frame */
    int truncated, finished;
    int failed;                /* corrupt data: reported once what came before it is read */
    struct tk_error failure;
    z_stream zs;
    int zs_ready;
    ZSTD_DCtx *zstd;
    uint8_t peeked[TK_INPUT_PEEK]; /* decompressed bytes handed out again by the next reads */
    size_t peek_len, peek_pos;
    int peek_done;
};

static int fill_raw(struct tk_input *in, struct tk_error *err)
{
    ssize_t n;

    if (in->avail > 0 || in->raw_eof)
        return TK_OK;
    if (in->fd < 0) {
        in->raw_eof = 1;
        return TK_OK;
    }
    do
        n = read(in->fd, in->raw, RAW_BUFFER);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return tk_error_set(err, TK_ERR_IO, "%s: %s", in->path, strerror(errno));
    if (n == 0)
        in->raw_eof = 1;
    in->next = in->raw;
    in->avail = (size_t)n;
    return TK_OK;
}

static void consume(struct tk_input *in, size_t n)
{
    in->next += n;
    in->avail -= n;
    in->consumed += n;
}

/* Looks at the first bytes to choose the decompressor. */
static int sniff(struct tk_input *in, struct tk_error *err)
{
    static const uint8_t gzip_magic[2] = {0x1f, 0x8b}, zstd_magic[4] = {0x28, 0xb5, 0x2f, 0xfd};
    int rc = fill_raw(in, err);

    if (rc)
        return rc;
    if (in->avail >= 2 && memcmp(in->next, gzip_magic, 2) == 0) {
        in->compression = TK_COMPRESSION_GZIP;
        if (inflateInit2(&in->zs, 15 + 32) != Z_OK)
            return tk_error_set(err, TK_ERR_NOMEM, "%s: cannot start zlib", in->path);
        in->zs_ready = 1;
    } else if (in->avail >= 4 && memcmp(in->next, zstd_magic, 4) == 0) {
        in->compression = TK_COMPRESSION_ZSTD;
        if ((in->zstd = ZSTD_createDCtx()) == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "%s: cannot start zstd", in->path);
    }
    return TK_OK;
}

static int start(struct tk_input *in, struct tk_input **out, struct tk_error *err)
{
    int rc = sniff(in, err);
    if (rc) {
        tk_input_close(in);
        return rc;
    }
    *out = in;
    return TK_OK;
}

int tk_input_open(struct tk_input **out, const char *path, struct tk_error *err)
{
    struct tk_input *in = calloc(1, sizeof *in);
    struct stat st;

    *out = NULL;
    if (in == NULL || (in->path = strdup(path)) == NULL || (in->raw = malloc(RAW_BUFFER)) == NULL) {
        tk_input_close(in);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    in->fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (in->fd < 0) {
        int e = errno;
        tk_input_close(in);
        return tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(e));
    }
    if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode))
        in->size = (uint64_t)st.st_size;
    else if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        tk_input_close(in);
        return tk_error_set(err, TK_ERR_IO, "%s: is a directory", path);
    }
    return start(in, out, err);
}

int tk_input_open_memory(struct tk_input **out, const void *data, size_t len, const char *name,
                         struct tk_error *err)
{
    struct tk_input *in = calloc(1, sizeof *in);

    *out = NULL;
    if (in == NULL || (in->path = strdup(name)) == NULL) {
        tk_input_close(in);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    in->fd = -1;
    in->memory = data;
    in->next = data;
    in->avail = len;
    in->size = len;
    return start(in, out, err);
}

void tk_input_close(struct tk_input *in)
{
    if (in == NULL)
        return;
    if (in->fd > STDIN_FILENO)
        close(in->fd);
    if (in->zs_ready)
        inflateEnd(&in->zs);
    ZSTD_freeDCtx(in->zstd);
    free(in->raw);
    free(in->path);
    free(in);
}

static int read_plain(struct tk_input *in, uint8_t *buf, size_t size, size_t *got,
                      struct tk_error *err)
{
    int rc = fill_raw(in, err);
    size_t n;

    if (rc)
        return rc;
    n = in->avail < size ? in->avail : size;
    memcpy(buf, in->next, n);
    consume(in, n);
    *got = n;
    return TK_OK;
}

/* Both decompressors may hold output back when the caller's buffer fills, so at the end of
 * the file they are called once more with no input: only when that yields nothing inside
 * a member or frame is the stream truncated. */
static int read_gzip(struct tk_input *in, uint8_t *buf, size_t size, size_t *got,
                     struct tk_error *err)
{
    int rc;

    in->zs.next_out = buf;
    in->zs.avail_out = (uInt)size;
    while (in->zs.avail_out == size) {
        if ((rc = fill_raw(in, err)))
            return rc;
        if (in->avail == 0 && !in->in_unit)
            break;
        in->zs.next_in = (Bytef *)in->next;
        in->zs.avail_in = (uInt)in->avail;
        rc = inflate(&in->zs, Z_NO_FLUSH);
        consume(in, in->avail - in->zs.avail_in);
        in->in_unit = 1;
        if (rc == Z_STREAM_END) {
            /* A gzip file may hold several members, one after another. */
            inflateReset(&in->zs);
            in->in_unit = 0;
        } else if (rc == Z_BUF_ERROR && in->avail == 0 && in->raw_eof) {
            in->truncated = 1;
            break;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            in->failed = 1;
            tk_error_set(&in->failure, TK_ERR_DATA, "%s: corrupt gzip data near byte %llu: %s",
                         in->path, (unsigned long long)in->consumed,
                         in->zs.msg ? in->zs.msg : "inflate failed");
            break;
        }
    }
    *got = size - in->zs.avail_out;
    return TK_OK;
}

static int read_zstd(struct tk_input *in, uint8_t *buf, size_t size, size_t *got,
                     struct tk_error *err)
{
    ZSTD_outBuffer output = {buf, size, 0};
    int rc;

    while (output.pos == 0) {
        ZSTD_inBuffer input;
        size_t hint;
        if ((rc = fill_raw(in, err)))
            return rc;
        if (in->avail == 0 && !in->in_unit)
            break;
        input.src = in->next;
        input.size = in->avail;
        input.pos = 0;
        hint = ZSTD_decompressStream(in->zstd, &output, &input);
        consume(in, input.pos);
        if (ZSTD_isError(hint)) {
            in->failed = 1;
            tk_error_set(&in->failure, TK_ERR_DATA, "%s: corrupt zstd data near byte %llu: %s",
                         in->path, (unsigned long long)in->consumed, ZSTD_getErrorName(hint));
            break;
        }
        in->in_unit = hint != 0;
        if (in->in_unit && output.pos == 0 && in->avail == 0 && in->raw_eof) {
            in->truncated = 1;
            break;
        }
    }
    *got = output.pos;
    return TK_OK;
}

static int decompress(struct tk_input *in, uint8_t *buf, size_t size, size_t *got,
                      struct tk_error *err)
{
    int rc;

    *got = 0;
    if (in->finished || size == 0)
        return TK_OK;
    if (in->failed) {
        in->finished = 1;
        return tk_error_set(err, in->failure.status, "%s", in->failure.message);
    }
    switch (in->compression) {
    case TK_COMPRESSION_GZIP:
        rc = read_gzip(in, buf, size, got, err);
        break;
    case TK_COMPRESSION_ZSTD:
        rc = read_zstd(in, buf, size, got, err);
        break;
    default:
        rc = read_plain(in, buf, size, got, err);
        break;
    }
    if (rc == TK_OK && *got == 0) {
        in->finished = 1;
        /* Damage before any byte came out (a corrupt header): reported now. */
        if (in->failed)
            return tk_error_set(err, in->failure.status, "%s", in->failure.message);
    }
    return rc;
}

int tk_input_peek(struct tk_input *in, const uint8_t **data, size_t *len, struct tk_error *err)
{
    int rc;

    /* A few bytes are enough to tell formats apart; damage after them is reported by the
     * read that reaches it. */
    while (!in->peek_done && in->peek_len < 64) {
        size_t got;
        if ((rc = decompress(in, in->peeked + in->peek_len, sizeof in->peeked - in->peek_len,
                             &got, err))) {
            if (in->peek_len == 0 || !in->failed)
                return rc;
            in->finished = 0;
            break;
        }
        if (got == 0)
            break;
        in->peek_len += got;
    }
    in->peek_done = 1;
    *data = in->peeked + in->peek_pos;
    *len = in->peek_len - in->peek_pos;
    return TK_OK;
}

int tk_input_read(struct tk_input *in, void *buf, size_t size, size_t *got, struct tk_error *err)
{
    if (in->peek_pos < in->peek_len) {
        size_t n = in->peek_len - in->peek_pos < size ? in->peek_len - in->peek_pos : size;
        memcpy(buf, in->peeked + in->peek_pos, n);
        in->peek_pos += n;
        *got = n;
        return TK_OK;
    }
    in->peek_done = 1;
    return decompress(in, buf, size, got, err);
}

const char *tk_input_path(const struct tk_input *in)
{
    return in->path;
}

enum tk_compression tk_input_compression(const struct tk_input *in)
{
    return in->compression;
}

const char *tk_compression_name(enum tk_compression c)
{
    switch (c) {
    case TK_COMPRESSION_GZIP: return "gzip";
    case TK_COMPRESSION_ZSTD: return "zstd";
    case TK_COMPRESSION_NONE: break;
    }
    return "none";
}

int tk_input_truncated(const struct tk_input *in)
{
    return in->truncated;
}

uint64_t tk_input_consumed(const struct tk_input *in)
{
    return in->consumed;
}

uint64_t tk_input_size(const struct tk_input *in)
{
    return in->size;
}
