/* event_writer.c - event records to a stream in any event-log format (see
 * include/takedown/event_writer.h). Frame Streams framing is libfstrm's, on an rdwr that
 * writes to the caller's stream. */
#include "takedown/event_writer.h"

#include <errno.h>
#include <fstrm.h>
#include <stdlib.h>
#include <string.h>

#include "events/event_dnstap.h"
#include "takedown/event_binary.h"

struct tk_event_writer {
    FILE *out;
    enum tk_event_file_format format;
    struct fstrm_writer *frames;
    uint64_t skipped;
    int failed;
};

static fstrm_res stream_open(void *obj)
{
    (void)obj;
    return fstrm_res_success;
}

static fstrm_res stream_close(void *obj)
{
    (void)obj;
    return fstrm_res_success;
}

static fstrm_res stream_write(void *obj, const struct iovec *iov, int iovcnt)
{
    struct tk_event_writer *w = obj;
    for (int i = 0; i < iovcnt; i++)
        if (fwrite(iov[i].iov_base, 1, iov[i].iov_len, w->out) != iov[i].iov_len) {
            w->failed = 1;
            return fstrm_res_failure;
        }
    return fstrm_res_success;
}

int tk_event_writer_open(FILE *out, enum tk_event_file_format format,
                         struct tk_event_writer **writer, struct tk_error *err)
{
    struct tk_event_writer *w = calloc(1, sizeof *w);
    if (w == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    w->out = out;
    w->format = format;
    if (format != TK_EVENT_FILE_JSONL) {
        const char *type = format == TK_EVENT_FILE_BINARY ? TK_EVENT_BINARY_CONTENT_TYPE
                                                          : TK_DNSTAP_CONTENT_TYPE;
        struct fstrm_writer_options *wopt = fstrm_writer_options_init();
        struct fstrm_rdwr *rdwr = fstrm_rdwr_init(w);
        if (wopt == NULL || rdwr == NULL) {
            free(w);
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        }
        fstrm_writer_options_add_content_type(wopt, type, strlen(type));
        fstrm_rdwr_set_open(rdwr, stream_open);
        fstrm_rdwr_set_close(rdwr, stream_close);
        fstrm_rdwr_set_write(rdwr, stream_write);
        w->frames = fstrm_writer_init(wopt, &rdwr);
        fstrm_writer_options_destroy(&wopt);
        if (w->frames == NULL || fstrm_writer_open(w->frames) != fstrm_res_success) {
            if (w->frames)
                fstrm_writer_destroy(&w->frames);
            else
                fstrm_rdwr_destroy(&rdwr);
            free(w);
            return tk_error_set(err, TK_ERR_IO, "cannot start the output: %s", strerror(errno));
        }
    }
    *writer = w;
    return TK_OK;
}

int tk_event_writer_write(struct tk_event_writer *w, const struct tk_event *ev,
                          const char *sensor, struct tk_error *err)
{
    uint8_t buf[TK_EVENT_JSON_MAX];
    size_t n;
    if (sensor && sensor[0] == '\0')
        sensor = NULL;
    switch (w->format) {
    case TK_EVENT_FILE_JSONL:
        n = tk_event_format_json(ev, sensor, (char *)buf, sizeof buf);
        if (n && fwrite(buf, 1, n, w->out) != n)
            w->failed = 1;
        break;
    case TK_EVENT_FILE_BINARY:
        n = tk_event_encode_binary(ev, sensor, buf, sizeof buf);
        if (n && fstrm_writer_write(w->frames, buf, n) != fstrm_res_success)
            w->failed = 1;
        break;
    case TK_EVENT_FILE_DNSTAP:
        n = tk_event_encode_dnstap(ev, sensor, buf, sizeof buf);
        if (n && fstrm_writer_write(w->frames, buf, n) != fstrm_res_success)
            w->failed = 1;
        break;
    }
    if (n == 0)
        w->skipped++;
    if (w->failed)
        return tk_error_set(err, TK_ERR_IO, "cannot write the output: %s", strerror(errno));
    return TK_OK;
}

uint64_t tk_event_writer_skipped(const struct tk_event_writer *w)
{
    return w->skipped;
}

int tk_event_writer_close(struct tk_event_writer *w, struct tk_error *err)
{
    if (w->frames) {
        if (fstrm_writer_close(w->frames) != fstrm_res_success)
            w->failed = 1;
        fstrm_writer_destroy(&w->frames);
    }
    int failed = w->failed;
    free(w);
    if (failed)
        return tk_error_set(err, TK_ERR_IO, "cannot write the output: %s", strerror(errno));
    return TK_OK;
}
