/* frame_reader.c - Frame Streams files read by hand over tk_input (see
 * include/takedown/frame_reader.h). */
#include "takedown/frame_reader.h"

#include <stdlib.h>
#include <string.h>

#define CONTROL_MAX 4096
#define CONTROL_START 2
#define CONTROL_STOP 3
#define FIELD_CONTENT_TYPE 1

struct tk_frame_reader {
    struct tk_input *in;
    uint8_t start[CONTROL_MAX]; /* the START frame */
    uint32_t start_len;
    uint8_t *frame;             /* TK_FRAME_MAX bytes */
    uint64_t count;
    int broken;                 /* the last TK_FRAME_FAILED was the framing, not the input */
};

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads exactly n bytes: 1, 0 at a clean end of file before any byte, -1 when cut, -2 when
 * the input fails (err filled). */
static int read_exact(struct tk_input *in, uint8_t *buf, size_t n, struct tk_error *err)
{
    size_t done = 0, got;
    while (done < n) {
        if (tk_input_read(in, buf + done, n - done, &got, err) != TK_OK)
            return -2;
        if (got == 0)
            return done == 0 ? 0 : -1;
        done += got;
    }
    return 1;
}

/* A control frame after its zero escape word, into buf: 1, -1 when cut, -2 when the input
 * fails, -3 when its length is out of bounds (*len says it). */
static int read_control(struct tk_input *in, uint8_t buf[CONTROL_MAX], uint32_t *len,
                        struct tk_error *err)
{
    uint8_t head[4];
    int r = read_exact(in, head, 4, err);
    if (r != 1)
        return r == 0 ? -1 : r;
    *len = be32(head);
    if (*len < 4 || *len > CONTROL_MAX)
        return -3;
    r = read_exact(in, buf, *len, err);
    return r == 0 ? -1 : r;
}

int tk_frame_reader_open(struct tk_frame_reader **out, struct tk_input *in,
                         struct tk_error *err)
{
    struct tk_frame_reader *r = calloc(1, sizeof *r);
    uint8_t escape[4];
    int rc;
    if (r == NULL || (r->frame = malloc(TK_FRAME_MAX)) == NULL) {
        free(r);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    r->in = in;
    rc = read_exact(in, escape, 4, err);
    if (rc == 1 && be32(escape) == 0)
        rc = read_control(in, r->start, &r->start_len, err);
    else if (rc == 1)
        rc = -1;
    if (rc == 1 && be32(r->start) != CONTROL_START)
        rc = -1;
    if (rc != 1) {
        tk_frame_reader_close(r);
        if (rc == -2)
            return err->status;
        return tk_error_set(err, TK_ERR_DATA, "%s: expected a Frame Streams START frame",
                            tk_input_path(in));
    }
    *out = r;
    return TK_OK;
}

void tk_frame_reader_close(struct tk_frame_reader *r)
{
    if (r == NULL)
        return;
    free(r->frame);
    free(r);
}

int tk_frame_sniff(const uint8_t *head, size_t len, const char *content_type)
{
    if (len < 8 || be32(head) != 0)
        return 0;
    if (content_type == NULL)
        return 1;
    size_t want = strlen(content_type), control = be32(head + 4);
    const uint8_t *end = head + (8 + control < len ? 8 + control : len);
    for (const uint8_t *p = head + 8; p + want <= end; p++)
        if (memcmp(p, content_type, want) == 0)
            return 1;
    return 0;
}

int tk_frame_reader_has_type(const struct tk_frame_reader *r, const char *content_type)
{
    size_t want = strlen(content_type);
    for (uint32_t at = 4; at + 8 <= r->start_len;) {
        uint32_t type = be32(r->start + at), len = be32(r->start + at + 4);
        if (len > r->start_len - at - 8)
            break;
        if (type == FIELD_CONTENT_TYPE && len == want
            && memcmp(r->start + at + 8, content_type, want) == 0)
            return 1;
        at += 8 + len;
    }
    return 0;
}

enum tk_frame_result tk_frame_reader_next(struct tk_frame_reader *r, const uint8_t **data,
                                          size_t *len, const char **why, struct tk_error *err)
{
    for (;;) {
        uint8_t head[4];
        int rc = read_exact(r->in, head, 4, err);
        if (rc == -2)
            return TK_FRAME_FAILED;
        if (rc == 0) {
            *why = "the file ends without a STOP frame (its writer did not close it)";
            return TK_FRAME_CUT;
        }
        if (rc < 0) {
            *why = "the file is cut inside a frame length";
            return TK_FRAME_CUT;
        }
        uint32_t frame_len = be32(head);
        if (frame_len == 0) { /* a control frame: STOP ends the stream, others are skipped */
            uint32_t control_len;
            rc = read_control(r->in, r->frame, &control_len, err);
            if (rc == -2)
                return TK_FRAME_FAILED;
            if (rc == -3) {
                tk_error_set(err, TK_ERR_DATA, "%s: a control frame of %u bytes after frame %llu",
                             tk_input_path(r->in), control_len, (unsigned long long)r->count);
                r->broken = 1;
                return TK_FRAME_FAILED;
            }
            if (rc != 1) {
                *why = "the file is cut inside a control frame";
                return TK_FRAME_CUT;
            }
            if (be32(r->frame) == CONTROL_STOP)
                return TK_FRAME_END;
            continue;
        }
        if (frame_len > TK_FRAME_MAX) {
            tk_error_set(err, TK_ERR_DATA, "%s: frame %llu claims %u bytes: the file is corrupt",
                         tk_input_path(r->in), (unsigned long long)r->count + 1, frame_len);
            r->broken = 1;
            return TK_FRAME_FAILED;
        }
        rc = read_exact(r->in, r->frame, frame_len, err);
        if (rc == -2)
            return TK_FRAME_FAILED;
        if (rc != 1) {
            *why = "the file is cut inside a frame";
            return TK_FRAME_CUT;
        }
        r->count++;
        *data = r->frame;
        *len = frame_len;
        return TK_FRAME_DATA;
    }
}

int tk_frame_reader_broken(const struct tk_frame_reader *r)
{
    return r->broken;
}

uint64_t tk_frame_reader_count(const struct tk_frame_reader *r)
{
    return r->count;
}
