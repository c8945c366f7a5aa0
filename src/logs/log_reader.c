/* log_reader.c - stream query records out of log files (see include/takedown/logs.h).
 *
 * Bytes come through tk_input (include/takedown/input.h), the byte layer the event readers
 * share, which reads plain, gzip and zstd files alike. The format is decided from the first
 * bytes (a Frame Streams file starts with a zero escape word) or the first line. Text is
 * cut into lines in a fixed buffer; dnstap frames come from libfstrm, fed by a read
 * function over the same stream, so compressed dnstap works too. */
#include "takedown/logs.h"

#include <fstrm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/input.h"

#define LINE_MAX_BYTES 65536
#define DNSTAP_CONTENT_TYPE "protobuf:dnstap.Dnstap"

struct tk_log_reader {
    char *path;
    struct tk_input *in;
    enum tk_log_format format;
    struct tk_log_line_state state;
    /* text: buf[start..len) holds bytes not yet cut into lines */
    char *buf;
    size_t start, len;
    int at_eof;
    uint64_t line;
    int overlong;
    /* dnstap */
    struct fstrm_reader *frames;
    uint64_t frame;
    int seen_query;
    int stream_cut;
    /* counts */
    uint64_t records, skipped, malformed;
    char cut_reason[160];
    char end_note[256];
};

/* Reads up to want bytes after buf[len]; sets at_eof, and stream_cut with its reason when
 * the stream is cut short or corrupt. Returns the bytes read. */
static size_t fill(struct tk_log_reader *r, size_t want)
{
    struct tk_error failure = {0};
    size_t got = 0;
    if (r->at_eof)
        return 0;
    /* A corrupt stream delivers every byte before the corruption first, then fails. */
    if (tk_input_read(r->in, r->buf + r->len, want, &got, &failure)) {
        r->stream_cut = 1;
        r->at_eof = 1;
        snprintf(r->cut_reason, sizeof r->cut_reason, "%.150s", failure.message);
        return 0;
    }
    r->len += got;
    if (got == 0) {
        r->at_eof = 1;
        if (tk_input_truncated(r->in)) {
            r->stream_cut = 1;
            snprintf(r->cut_reason, sizeof r->cut_reason, "the %s stream ends without its trailer",
                     tk_compression_name(tk_input_compression(r->in)));
        }
    }
    return got;
}

/* At the end of the input: says where and why it ended early, if it did. */
static void note_end(struct tk_log_reader *r)
{
    int dnstap = r->format == TK_LOG_DNSTAP;
    if (r->stream_cut && r->end_note[0] == '\0')
        snprintf(r->end_note, sizeof r->end_note, "cut short after %s %llu (%s): read up to the "
                 "last whole %s", dnstap ? "frame" : "line",
                 (unsigned long long)(dnstap ? r->frame : r->line), r->cut_reason,
                 dnstap ? "frame" : "line");
}

/* ---- dnstap through libfstrm ---- */

static fstrm_res frames_open(void *obj)
{
    (void)obj;
    return fstrm_res_success;
}

static fstrm_res frames_close(void *obj)
{
    (void)obj;
    return fstrm_res_success;
}

/* Serves what format sniffing left in buf first, then the stream. */
static fstrm_res frames_read(void *obj, void *data, size_t count)
{
    struct tk_log_reader *r = obj;
    size_t done = 0;
    while (done < count) {
        if (r->start == r->len) {
            r->start = r->len = 0;
            size_t want = count - done < LINE_MAX_BYTES ? count - done : LINE_MAX_BYTES;
            if (fill(r, want) == 0)
                break;
        }
        size_t n = r->len - r->start < count - done ? r->len - r->start : count - done;
        memcpy((char *)data + done, r->buf + r->start, n);
        r->start += n;
        done += n;
    }
    if (done == count)
        return fstrm_res_success;
    if (done > 0 && !r->stream_cut) {
        r->stream_cut = 1;
        snprintf(r->cut_reason, sizeof r->cut_reason, "the file ends inside a frame");
    }
    return done == 0 && !r->stream_cut ? fstrm_res_stop : fstrm_res_failure;
}

static int open_frames(struct tk_log_reader *r, struct tk_error *err)
{
    struct fstrm_rdwr *rdwr = fstrm_rdwr_init(r);
    struct fstrm_reader_options *options = fstrm_reader_options_init();
    if (rdwr == NULL || options == NULL) {
        if (rdwr)
            fstrm_rdwr_destroy(&rdwr);
        if (options)
            fstrm_reader_options_destroy(&options);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    fstrm_rdwr_set_open(rdwr, frames_open);
    fstrm_rdwr_set_close(rdwr, frames_close);
    fstrm_rdwr_set_read(rdwr, frames_read);
    fstrm_reader_options_add_content_type(options, DNSTAP_CONTENT_TYPE,
                                          strlen(DNSTAP_CONTENT_TYPE));
    r->frames = fstrm_reader_init(options, &rdwr);
    fstrm_reader_options_destroy(&options);
    if (r->frames == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (fstrm_reader_open(r->frames) != fstrm_res_success)
        return tk_error_set(err, TK_ERR_DATA, "%s: not a dnstap file (Frame Streams with "
                            "content type %s)%s%s", r->path, DNSTAP_CONTENT_TYPE,
                            r->stream_cut ? ": " : "", r->stream_cut ? r->cut_reason : "");
    return TK_OK;
}

static int next_frame(struct tk_log_reader *r, struct tk_log_record *rec, struct tk_error *err)
{
    for (;;) {
        const uint8_t *data;
        size_t len;
        fstrm_res res = fstrm_reader_read(r->frames, &data, &len);
        if (res != fstrm_res_success) {
            if (res != fstrm_res_stop && !r->stream_cut) {
                r->stream_cut = 1;
                snprintf(r->cut_reason, sizeof r->cut_reason, "broken Frame Streams data");
            }
            note_end(r);
            return TK_ERR_STOP;
        }
        r->frame++;
        int skip, is_query;
        /* Responses count only in a log that has shown no query so far (responses-only). */
        int rc = tk_log_parse_dnstap(data, len, !r->seen_query, &r->state, rec, &skip,
                                     &is_query, err);
        r->seen_query |= is_query;
        if (rc) {
            r->malformed++;
            tk_error_prefix(err, "%s: frame %llu", r->path, (unsigned long long)r->frame);
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

/* The next line (without newline) or NULL at the end. */
static const char *next_line(struct tk_log_reader *r, size_t *len)
{
    for (;;) {
        char *nl = memchr(r->buf + r->start, '\n', r->len - r->start);
        if (nl) {
            const char *line = r->buf + r->start;
            *len = (size_t)(nl - line);
            r->start = (size_t)(nl - r->buf) + 1;
            r->line++;
            return line;
        }
        if (r->at_eof) {
            if (r->start == r->len)
                return NULL;
            if (r->stream_cut) {
                /* A partial last line of a cut stream is not a whole record. */
                r->start = r->len;
                return NULL;
            }
            const char *line = r->buf + r->start;
            *len = r->len - r->start;
            r->start = r->len;
            r->line++;
            return line;
        }
        if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, r->len - r->start);
            r->len -= r->start;
            r->start = 0;
        }
        if (r->len == LINE_MAX_BYTES) {
            /* No newline in a full buffer: report the line, drop bytes up to its end. */
            r->overlong = 1;
            r->len = 0;
            while (!r->at_eof) {
                fill(r, LINE_MAX_BYTES);
                char *end = memchr(r->buf, '\n', r->len);
                if (end) {
                    r->start = (size_t)(end - r->buf) + 1;
                    break;
                }
                r->len = 0;
            }
            r->line++;
            *len = 0;
            return r->buf;
        }
        fill(r, LINE_MAX_BYTES - r->len);
    }
}

static int next_text(struct tk_log_reader *r, struct tk_log_record *rec, struct tk_error *err)
{
    size_t len;
    const char *line;
    while ((line = next_line(r, &len)) != NULL) {
        int skip, rc;
        if (r->overlong) {
            r->overlong = 0;
            r->malformed++;
            return tk_error_set(err, TK_ERR_DATA, "%s:%llu: line longer than %d bytes", r->path,
                                (unsigned long long)r->line, LINE_MAX_BYTES);
        }
        if (r->format == TK_LOG_AUTO) {
            size_t i = 0;
            while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
                i++;
            if (i == len || line[i] == '#') {
                r->skipped++;
                continue;
            }
            r->format = tk_log_guess_line(line, len);
        }
        rc = tk_log_parse_line(r->format, line, len, &r->state, rec, &skip, err);
        if (rc) {
            r->malformed++;
            tk_error_prefix(err, "%s:%llu", r->path, (unsigned long long)r->line);
            return rc;
        }
        if (!skip) {
            r->records++;
            return TK_OK;
        }
        r->skipped++;
    }
    note_end(r);
    return TK_ERR_STOP;
}

/* ---- opening ---- */

int tk_log_open(const char *path, enum tk_log_format format, struct tk_log_reader **out,
                struct tk_error *err)
{
    struct tk_log_reader *r = calloc(1, sizeof *r);
    int rc = TK_OK;
    if (r == NULL || (r->path = strdup(path)) == NULL || (r->buf = malloc(LINE_MAX_BYTES)) == NULL) {
        tk_log_close(r);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    if ((rc = tk_input_open(&r->in, path, err))) {
        tk_log_close(r);
        return rc;
    }
    tk_log_line_state_init(&r->state);
    r->format = format;

    /* Sniff: four zero bytes open a Frame Streams control frame. */
    fill(r, 4);
    while (r->len < 4 && !r->at_eof)
        fill(r, 4 - r->len);
    if (r->len == 0 && r->stream_cut) {
        rc = tk_error_set(err, TK_ERR_DATA, "%s: %s", path, r->cut_reason);
    } else {
        int looks_fstrm = r->len == 4 && memcmp(r->buf, "\0\0\0\0", 4) == 0;
        if (format == TK_LOG_AUTO && looks_fstrm)
            r->format = TK_LOG_DNSTAP;
        if (r->format == TK_LOG_DNSTAP)
            rc = open_frames(r, err);
        else if (looks_fstrm)
            rc = tk_error_set(err, TK_ERR_USAGE, "%s: this is a Frame Streams (dnstap) file, "
                              "not %s", path, tk_log_format_name(format));
    }
    if (rc) {
        tk_log_close(r);
        return rc;
    }
    *out = r;
    return TK_OK;
}

int tk_log_next(struct tk_log_reader *r, struct tk_log_record *rec, struct tk_error *err)
{
    return r->format == TK_LOG_DNSTAP ? next_frame(r, rec, err) : next_text(r, rec, err);
}

void tk_log_close(struct tk_log_reader *r)
{
    if (r == NULL)
        return;
    if (r->frames)
        fstrm_reader_destroy(&r->frames);
    tk_input_close(r->in);
    free(r->buf);
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
