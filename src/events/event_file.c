/* event_file.c - reading event logs of any format back into records (see
 * include/takedown/event_file.h), plain or compressed (gzip, zstd: tk_input). The Frame
 * Streams container is read by the shared hand-written reader (frame_reader.h). */
#include "takedown/event_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/event_binary.h"
#include "takedown/frame_reader.h"
#include "takedown/input.h"
#include "takedown/lines.h"
#include "takedown/read_note.h"

#define LINE_MAX_BYTES (1u << 20) /* the longest JSON line read */

struct tk_event_file {
    struct tk_input *in;
    char path[4096];
    enum tk_event_file_format format;
    uint64_t position;          /* line or data frame number of the last record */
    int done;
    int truncated;
    char note[4400];
    struct tk_lines *lines;     /* JSON lines */
    struct tk_frame_reader *frames; /* Frame Streams */
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

/* The START frame's content type decides between our binary log and dnstap. */
static int read_start(struct tk_event_file *f, struct tk_error *err)
{
    int rc = tk_frame_reader_open(&f->frames, f->in, err);
    if (rc != TK_OK)
        return rc;
    if (tk_frame_reader_has_type(f->frames, TK_EVENT_BINARY_CONTENT_TYPE)) {
        f->format = TK_EVENT_FILE_BINARY;
        return TK_OK;
    }
    if (tk_frame_reader_has_type(f->frames, "protobuf:dnstap.Dnstap")) {
        f->format = TK_EVENT_FILE_DNSTAP;
        return TK_OK;
    }
    return tk_error_set(err, TK_ERR_DATA,
                        "%s: a Frame Streams file of another content type (expected %s or "
                        "protobuf:dnstap.Dnstap)", f->path, TK_EVENT_BINARY_CONTENT_TYPE);
}

int tk_event_file_open(const char *path, struct tk_event_file **out, struct tk_error *err)
{
    struct tk_input *in;
    int rc = tk_input_open(&in, path, err);
    if (rc != TK_OK)
        return rc;
    return tk_event_file_open_input(in, strcmp(path, "-") == 0 ? "(stdin)" : path, out, err);
}

int tk_event_file_open_input(struct tk_input *in, const char *name, struct tk_event_file **out,
                             struct tk_error *err)
{
    struct tk_event_file *f = calloc(1, sizeof *f);
    const uint8_t *head;
    size_t head_len;
    int rc;
    if (f == NULL) {
        tk_input_close(in);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    snprintf(f->path, sizeof f->path, "%s", name);
    f->in = in;
    if ((rc = tk_input_peek(f->in, &head, &head_len, err)) != TK_OK) {
        tk_event_file_close(f);
        return rc;
    }
    if (tk_frame_sniff(head, head_len, NULL)) { /* a JSON line never starts so */
        rc = read_start(f, err);
    } else {
        f->format = TK_EVENT_FILE_JSONL;
        rc = tk_lines_open(&f->lines, f->in, LINE_MAX_BYTES, err);
    }
    if (rc != TK_OK) {
        tk_event_file_close(f);
        return rc;
    }
    *out = f;
    return TK_OK;
}

static enum tk_event_file_result next_line(struct tk_event_file *f, struct tk_event *ev,
                                           char sensor[64], struct tk_error *err)
{
    for (;;) {
        struct tk_line l;
        int r = tk_lines_next(f->lines, &l, err);
        if (r < 0)
            return TK_EVENT_FILE_FAILED;
        f->position = tk_lines_number(f->lines);
        if (r == 1 && l.too_long) {
            tk_error_set(err, TK_ERR_DATA, "%s:%llu: expected a JSON line under 1 MiB", f->path,
                         (unsigned long long)f->position);
            return TK_EVENT_FILE_BAD;
        }
        if (r == 0) {
            if (tk_read_stream_cut(f->in)) {
                f->truncated = 1;
                snprintf(f->note, sizeof f->note, "%s: %s after line %llu", f->path,
                         tk_read_stream_cut(f->in), (unsigned long long)f->position);
            }
            return TK_EVENT_FILE_END;
        }
        char *line = l.text;
        size_t len = l.len;
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
            len--;
        if (len == 0)
            continue;
        if (tk_event_parse_json(line, len, ev, sensor, err) == TK_OK)
            return TK_EVENT_FILE_EVENT;
        if (l.unterminated) {
            f->truncated = 1;
            snprintf(f->note, sizeof f->note, "%s: cut inside line %llu", f->path,
                     (unsigned long long)f->position);
            return TK_EVENT_FILE_END;
        }
        tk_read_prefix(err, f->path, TK_RECORD_LINE, f->position);
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
    const uint8_t *frame;
    size_t len;
    const char *why;
    switch (tk_frame_reader_next(f->frames, &frame, &len, &why, err)) {
    case TK_FRAME_FAILED:
        return TK_EVENT_FILE_FAILED;
    case TK_FRAME_END:
        return TK_EVENT_FILE_END;
    case TK_FRAME_CUT:
        return cut(f, why);
    case TK_FRAME_DATA:
        break;
    }
    f->position = tk_frame_reader_count(f->frames);
    int rc = f->format == TK_EVENT_FILE_BINARY
                 ? tk_event_decode_binary(frame, len, ev, sensor, err)
                 : tk_event_decode_dnstap(frame, len, ev, sensor, err);
    if (rc == TK_OK)
        return TK_EVENT_FILE_EVENT;
    tk_read_prefix(err, f->path, TK_RECORD_FRAME, f->position);
    return TK_EVENT_FILE_BAD;
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
    tk_input_close(f->in);
    tk_lines_close(f->lines);
    tk_frame_reader_close(f->frames);
    free(f);
}
