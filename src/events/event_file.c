/* event_file.c - reading event logs of any format back into records (see
 * include/takedown/event_file.h).
 *
 * The Frame Streams container is read by hand, not with libfstrm's reader: that reader
 * cannot tell a file cut inside a frame from one whose writer was killed between frames
 * (a sinkhole's SIGKILL leaves no STOP frame), and it does not read standard input. The
 * format is a few big-endian lengths (fstrm's protocol description). */
#include "takedown/event_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/event_binary.h"

#define FRAME_MAX (1u << 20)    /* the longest data frame read: far above what writers send */
#define CONTROL_MAX 4096
#define CONTROL_START 2
#define CONTROL_STOP 3
#define FIELD_CONTENT_TYPE 1

struct tk_event_file {
    FILE *in;
    int owns_in;
    char path[4096];
    enum tk_event_file_format format;
    uint64_t position;          /* line or data frame number of the last record */
    int done;
    int truncated;
    char note[4400];
    char *line;                 /* JSON lines: getline's buffer */
    size_t line_cap;
    uint8_t *frame;             /* Frame Streams: FRAME_MAX bytes */
};

const char *tk_event_file_format_name(enum tk_event_file_format format)
{
    switch (format) {
    case TK_EVENT_FILE_JSONL: return "jsonl";
    case TK_EVENT_FILE_BINARY: return "binary";
    case TK_EVENT_FILE_DNSTAP: return "dnstap";
    }
    return "unknown";
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads exactly n bytes: 1, 0 at a clean end of file before any byte, -1 when cut. */
static int read_exact(FILE *in, uint8_t *buf, size_t n)
{
    size_t got = fread(buf, 1, n, in);
    if (got == n)
        return 1;
    return got == 0 ? 0 : -1;
}

/* The START frame's content type decides between our binary log and dnstap. */
static int read_start(struct tk_event_file *f, struct tk_error *err)
{
    uint8_t head[8], control[CONTROL_MAX];
    if (read_exact(f->in, head, 8) != 1 || be32(head) != 0 || be32(head + 4) < 4
        || be32(head + 4) > CONTROL_MAX)
        return tk_error_set(err, TK_ERR_DATA, "%s: expected a Frame Streams START frame", f->path);
    uint32_t len = be32(head + 4);
    if (read_exact(f->in, control, len) != 1 || be32(control) != CONTROL_START)
        return tk_error_set(err, TK_ERR_DATA, "%s: expected a Frame Streams START frame", f->path);
    for (uint32_t at = 4; at + 8 <= len;) {
        uint32_t type = be32(control + at), flen = be32(control + at + 4);
        if (flen > len - at - 8)
            break;
        const char *value = (const char *)control + at + 8;
        if (type == FIELD_CONTENT_TYPE) {
            if (flen == strlen(TK_EVENT_BINARY_CONTENT_TYPE)
                && memcmp(value, TK_EVENT_BINARY_CONTENT_TYPE, flen) == 0) {
                f->format = TK_EVENT_FILE_BINARY;
                return TK_OK;
            }
            if (flen == 22 && memcmp(value, "protobuf:dnstap.Dnstap", 22) == 0) {
                f->format = TK_EVENT_FILE_DNSTAP;
                return TK_OK;
            }
        }
        at += 8 + flen;
    }
    return tk_error_set(err, TK_ERR_DATA,
                        "%s: a Frame Streams file of another content type (expected %s or "
                        "protobuf:dnstap.Dnstap)", f->path, TK_EVENT_BINARY_CONTENT_TYPE);
}

int tk_event_file_open(const char *path, struct tk_event_file **out, struct tk_error *err)
{
    struct tk_event_file *f = calloc(1, sizeof *f);
    if (f == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    snprintf(f->path, sizeof f->path, "%s", strcmp(path, "-") == 0 ? "(stdin)" : path);
    f->in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    f->owns_in = f->in != stdin;
    if (f->in == NULL) {
        int rc = tk_error_set(err, TK_ERR_IO, "%s: %s", path, strerror(errno));
        free(f);
        return rc;
    }
    int first = getc(f->in);
    if (first == 0) { /* a Frame Streams escape; a JSON line never starts with NUL */
        ungetc(first, f->in);
        f->frame = malloc(FRAME_MAX);
        int rc = f->frame ? read_start(f, err) : tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        if (rc != TK_OK) {
            tk_event_file_close(f);
            return rc;
        }
    } else {
        if (first != EOF)
            ungetc(first, f->in);
        f->format = TK_EVENT_FILE_JSONL;
    }
    *out = f;
    return TK_OK;
}

static enum tk_event_file_result next_line(struct tk_event_file *f, struct tk_event *ev,
                                           char sensor[64], struct tk_error *err)
{
    for (;;) {
        ssize_t n = getline(&f->line, &f->line_cap, f->in);
        if (n < 0 && ferror(f->in)) {
            tk_error_set(err, TK_ERR_IO, "%s: %s", f->path, strerror(errno));
            return TK_EVENT_FILE_FAILED;
        }
        if (n < 0)
            return TK_EVENT_FILE_END;
        f->position++;
        int complete = n > 0 && f->line[n - 1] == '\n';
        size_t len = (size_t)n;
        while (len && (f->line[len - 1] == '\n' || f->line[len - 1] == '\r'
                       || f->line[len - 1] == ' '))
            len--;
        if (len == 0)
            continue;
        if (tk_event_parse_json(f->line, len, ev, sensor, err) == TK_OK)
            return TK_EVENT_FILE_EVENT;
        if (!complete) {
            f->truncated = 1;
            snprintf(f->note, sizeof f->note, "%s: cut inside line %llu", f->path,
                     (unsigned long long)f->position);
            return TK_EVENT_FILE_END;
        }
        tk_error_prefix(err, "%s:%llu", f->path, (unsigned long long)f->position);
        return TK_EVENT_FILE_BAD;
    }
}

static enum tk_event_file_result cut(struct tk_event_file *f, const char *what)
{
    f->truncated = 1;
    snprintf(f->note, sizeof f->note, "%s: %s after frame %llu", f->path, what,
             (unsigned long long)f->position);
    return TK_EVENT_FILE_END;
}

static enum tk_event_file_result next_frame(struct tk_event_file *f, struct tk_event *ev,
                                            char sensor[64], struct tk_error *err)
{
    for (;;) {
        uint8_t head[4];
        int r = read_exact(f->in, head, 4);
        if (r == 0)
            return cut(f, "ends without a STOP frame (its writer did not close it)");
        if (r < 0)
            return cut(f, "cut inside a frame length");
        uint32_t len = be32(head);
        if (len == 0) { /* a control frame: STOP ends the stream, others are skipped */
            uint8_t control[CONTROL_MAX];
            if (read_exact(f->in, head, 4) != 1)
                return cut(f, "cut inside a control frame");
            uint32_t clen = be32(head);
            if (clen < 4 || clen > CONTROL_MAX) {
                tk_error_set(err, TK_ERR_DATA, "%s: a control frame of %u bytes after frame %llu",
                             f->path, clen, (unsigned long long)f->position);
                return TK_EVENT_FILE_FAILED;
            }
            if (read_exact(f->in, control, clen) != 1)
                return cut(f, "cut inside a control frame");
            if (be32(control) == CONTROL_STOP)
                return TK_EVENT_FILE_END;
            continue;
        }
        if (len > FRAME_MAX) {
            tk_error_set(err, TK_ERR_DATA, "%s: frame %llu claims %u bytes: the file is corrupt",
                         f->path, (unsigned long long)f->position + 1, len);
            return TK_EVENT_FILE_FAILED;
        }
        if (read_exact(f->in, f->frame, len) != 1)
            return cut(f, "cut inside a frame");
        f->position++;
        int rc = f->format == TK_EVENT_FILE_BINARY
                     ? tk_event_decode_binary(f->frame, len, ev, sensor, err)
                     : tk_event_decode_dnstap(f->frame, len, ev, sensor, err);
        if (rc == TK_OK)
            return TK_EVENT_FILE_EVENT;
        tk_error_prefix(err, "%s: frame %llu", f->path, (unsigned long long)f->position);
        return TK_EVENT_FILE_BAD;
    }
}

enum tk_event_file_result tk_event_file_next(struct tk_event_file *f, struct tk_event *ev,
                                             char sensor[64], struct tk_error *err)
{
    if (f->done)
        return TK_EVENT_FILE_END;
    enum tk_event_file_result r = f->format == TK_EVENT_FILE_JSONL ? next_line(f, ev, sensor, err)
                                                                   : next_frame(f, ev, sensor, err);
    f->done = r == TK_EVENT_FILE_END || r == TK_EVENT_FILE_FAILED;
    return r;
}

enum tk_event_file_format tk_event_file_format(const struct tk_event_file *f)
{
    return f->format;
}

int tk_event_file_truncated(const struct tk_event_file *f, const char **note)
{
    *note = f->note;
    return f->truncated;
}

void tk_event_file_close(struct tk_event_file *f)
{
    if (f == NULL)
        return;
    if (f->owns_in)
        fclose(f->in);
    free(f->line);
    free(f->frame);
    free(f);
}
