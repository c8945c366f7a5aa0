/* log_reader.c - stream query records out of log files (see include/takedown/logs.h).
 *
 * Through the reader layer (src/read): bytes from tk_input (plain, gzip, zstd, standard
 * input), then lines from tk_lines or frames from tk_frame_reader, then the format's parser
 * (log_lines.c and the formats beside it, log_dnstap.c). The format is decided from the
 * first bytes (a Frame Streams file starts with a zero escape word) or the first line. */
#include "takedown/logs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/frame_reader.h"
#include "takedown/input.h"
#include "takedown/lines.h"
#include "takedown/read_note.h"

#define LINE_MAX_BYTES 65536
#define DNSTAP_CONTENT_TYPE "protobuf:dnstap.Dnstap"

struct tk_log_reader {
    char *path;
    struct tk_input *in;
    enum tk_log_format format;
    struct tk_log_line_state state;
    struct tk_lines *lines;         /* text */
    struct tk_frame_reader *frames; /* dnstap */
    int seen_query;
    int ended;
    int dropped_last;               /* the cut last line, not counted */
    /* counts */
    uint64_t records, skipped, malformed;
    char end_note[256];
};

static uint64_t position(const struct tk_log_reader *r)
{
    return r->frames ? tk_frame_reader_count(r->frames) : tk_lines_number(r->lines);
}

/* At the end of the input: says where and why it ended early (why: NULL when it did not). */
static int end(struct tk_log_reader *r, const char *why)
{
    int dnstap = r->frames != NULL;
    char reason[160];
    r->ended = 1;
    if (tk_read_stream_cut(r->in))
        snprintf(reason, sizeof reason, "%s", tk_read_stream_cut(r->in));
    else if (why)
        snprintf(reason, sizeof reason, "%.150s", why);
    else
        return TK_ERR_STOP;
    snprintf(r->end_note, sizeof r->end_note, "cut short after %s %llu (%s): read up to the "
             "last whole %s", dnstap ? "frame" : "line",
             (unsigned long long)(position(r) - (uint64_t)r->dropped_last), reason,
             dnstap ? "frame" : "line");
    return TK_ERR_STOP;
}

/* ---- dnstap ---- */

static int open_frames(struct tk_log_reader *r, struct tk_error *err)
{
    int rc = tk_frame_reader_open(&r->frames, r->in, err);
    if (rc == TK_OK && !tk_frame_reader_has_type(r->frames, DNSTAP_CONTENT_TYPE))
        rc = TK_ERR_DATA;
    if (rc == TK_ERR_DATA)
        return tk_error_set(err, TK_ERR_DATA, "%s: not a dnstap file (Frame Streams with "
                            "content type %s)", r->path, DNSTAP_CONTENT_TYPE);
    return rc;
}

static int next_frame(struct tk_log_reader *r, struct tk_log_record *rec, struct tk_error *err)
{
    for (;;) {
        const uint8_t *data;
        size_t len;
        const char *why = NULL;
        struct tk_error failure = {0};
        switch (tk_frame_reader_next(r->frames, &data, &len, &why, &failure)) {
        case TK_FRAME_FAILED: /* corrupt framing or compression: what came before stands */
            return end(r, failure.message);
        case TK_FRAME_END:
            return end(r, NULL);
        case TK_FRAME_CUT: /* a missing STOP frame loses nothing: the writer was stopped */
            return end(r, strstr(why, "STOP") ? NULL
                          : strcmp(why, "the file is cut inside a frame") == 0
                              ? "the file ends inside a frame" : why);
        case TK_FRAME_DATA:
            break;
        }
        int skip, is_query;
        /* Responses count only in a log that has shown no query so far (responses-only). */
        int rc = tk_log_parse_dnstap(data, len, !r->seen_query, &r->state, rec, &skip,
                                     &is_query, err);
        r->seen_query |= is_query;
        if (rc) {
            r->malformed++;
            tk_read_prefix(err, r->path, TK_RECORD_FRAME, position(r));
            return rc;
        }
        if (!skip) {
            r->records++;
            return TK_OK;
        }
        r->skipped++;
    }
}

/* ---- text lines ---- */

static int next_text(struct tk_log_reader *r, struct tk_log_record *rec, struct tk_error *err)
{
    struct tk_line line;
    struct tk_error failure = {0};
    int got;
    while ((got = tk_lines_next(r->lines, &line, &failure)) == 1) {
        int skip, rc;
        if (line.too_long) {
            r->malformed++;
            return tk_error_set(err, TK_ERR_DATA, "%s:%llu: line longer than %d bytes", r->path,
                                (unsigned long long)position(r), LINE_MAX_BYTES);
        }
        if (line.unterminated && tk_input_truncated(r->in)) {
            r->dropped_last = 1; /* a partial last line of a cut stream is not a whole record */
            break;
        }
        if (r->format == TK_LOG_AUTO) {
            size_t i = 0;
            while (i < line.len && (line.text[i] == ' ' || line.text[i] == '\t'))
                i++;
            if (i == line.len || line.text[i] == '#') {
                r->skipped++;
                continue;
            }
            r->format = tk_log_guess_line(line.text, line.len);
        }
        rc = tk_log_parse_line(r->format, line.text, line.len, &r->state, rec, &skip, err);
        if (rc) {
            r->malformed++;
            tk_read_prefix(err, r->path, TK_RECORD_LINE, position(r));
            return rc;
        }
        if (!skip) {
            r->records++;
            return TK_OK;
        }
        r->skipped++;
    }
    return end(r, got < 0 ? failure.message : NULL);
}

/* ---- opening ---- */

int tk_log_open(const char *path, enum tk_log_format format, struct tk_log_reader **out,
                struct tk_error *err)
{
    struct tk_log_reader *r = calloc(1, sizeof *r);
    const uint8_t *head;
    size_t head_len;
    int rc;
    if (r == NULL || (r->path = strdup(path)) == NULL) {
        tk_log_close(r);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if ((rc = tk_input_open(&r->in, path, err)) || (rc = tk_input_peek(r->in, &head, &head_len, err))) {
        tk_log_close(r);
        return rc;
    }
    tk_log_line_state_init(&r->state);
    r->format = format;
    int looks_fstrm = tk_frame_sniff(head, head_len, NULL);
    if (format == TK_LOG_AUTO && looks_fstrm)
        r->format = TK_LOG_DNSTAP;
    if (r->format == TK_LOG_DNSTAP)
        rc = open_frames(r, err);
    else if (looks_fstrm)
        rc = tk_error_set(err, TK_ERR_USAGE, "%s: this is a Frame Streams (dnstap) file, "
                          "not %s", path, tk_log_format_name(format));
    else
        rc = tk_lines_open(&r->lines, r->in, LINE_MAX_BYTES, err);
    if (rc) {
        tk_log_close(r);
        return rc;
    }
    *out = r;
    return TK_OK;
}

int tk_log_next(struct tk_log_reader *r, struct tk_log_record *rec, struct tk_error *err)
{
    if (r->ended)
        return TK_ERR_STOP;
    return r->frames ? next_frame(r, rec, err) : next_text(r, rec, err);
}

void tk_log_close(struct tk_log_reader *r)
{
    if (r == NULL)
        return;
    tk_frame_reader_close(r->frames);
    tk_lines_close(r->lines);
    tk_input_close(r->in);
    free(r->path);
    free(r);
}

enum tk_log_format tk_log_reader_format(const struct tk_log_reader *r)
{
    return r->format;
}

uint64_t tk_log_records(const struct tk_log_reader *r)
{
    return r->records;
}

uint64_t tk_log_skipped(const struct tk_log_reader *r)
{
    return r->skipped;
}

uint64_t tk_log_malformed(const struct tk_log_reader *r)
{
    return r->malformed;
}

const char *tk_log_end_note(const struct tk_log_reader *r)
{
    return r->end_note[0] ? r->end_note : NULL;
}
