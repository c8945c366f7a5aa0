/* event_reader.c - opening an events file with the reader of its format, and what the
 * readers share (see include/takedown/event_reader.h). */
#include "takedown/event_reader.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/read_ahead.h"
#include "ingest/reader_ops.h"
#include "takedown/read_note.h"

/* In sniffing order: the binary formats first, CSV last because it takes anything. */
static const struct reader_ops *const formats[] = {
    &binary_reader_ops, /* before dnstap: both are Frame Streams, told apart by content type */
    &dnstap_reader_ops,
    &jsonl_reader_ops,
    &csv_reader_ops,
};
#define FORMAT_COUNT (sizeof formats / sizeof formats[0])

int tk_event_format_parse(const char *name, enum tk_event_format *out, struct tk_error *err)
{
    if (strcmp(name, "auto") == 0) {
        *out = TK_EVENTS_AUTO;
        return TK_OK;
    }
    for (size_t i = 0; i < FORMAT_COUNT; i++) {
        if (strcmp(name, formats[i]->name) == 0) {
            *out = formats[i]->format;
            return TK_OK;
        }
    }
    return tk_error_set(err, TK_ERR_USAGE,
                        "unknown input format '%s' (expected auto, jsonl, csv, dnstap or binary)",
                        name);
}

int tk_event_reader_open(struct tk_event_reader **out, const char *path,
                         enum tk_event_format format, struct tk_error *err)
{
    struct tk_input *in;
    int rc;

    *out = NULL;
    if ((rc = tk_input_open(&in, path, err)))
        return rc;
    return tk_event_reader_open_input(out, in, format, err);
}

int tk_event_reader_open_input(struct tk_event_reader **out, struct tk_input *in,
                               enum tk_event_format format, struct tk_error *err)
{
    struct tk_event_reader *r = calloc(1, sizeof *r);
    const uint8_t *head;
    size_t head_len;
    int rc;

    *out = NULL;
    if (r == NULL) {
        tk_input_close(in);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    r->in = in;
    if ((rc = tk_input_peek(in, &head, &head_len, err))) {
        tk_event_reader_close(r);
        return rc;
    }
    for (size_t i = 0; i < FORMAT_COUNT && r->ops == NULL; i++)
        if (format == formats[i]->format
            || (format == TK_EVENTS_AUTO && formats[i]->sniff(head, head_len)))
            r->ops = formats[i];
    if ((r->state = calloc(1, r->ops->state_size)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    else
        rc = r->ops->open(r, err);
    if (rc) {
        r->ops = NULL; /* a failed open releases what it took */
        tk_event_reader_close(r);
        return rc;
    }
    *out = r;
    return TK_OK;
}

enum tk_read_result tk_event_reader_next(struct tk_event_reader *r, struct tk_contact *contact,
                                         struct tk_error *err)
{
    return r->ahead ? read_ahead_next(r->ahead, contact, err) : r->ops->next(r, contact, err);
}

int tk_event_reader_read_ahead(struct tk_event_reader *r, struct tk_error *err)
{
    return r->ahead ? TK_OK : read_ahead_start(&r->ahead, r, err);
}

uint64_t tk_event_reader_consumed(const struct tk_event_reader *r)
{
    return r->ahead ? read_ahead_consumed(r->ahead) : tk_input_consumed(r->in);
}

const struct tk_event_reader_stats *tk_event_reader_stats(const struct tk_event_reader *r)
{
    return r->ahead ? read_ahead_stats(r->ahead) : &r->stats;
}

const char *tk_event_reader_format(const struct tk_event_reader *r)
{
    return r->ops->name;
}

const struct tk_input *tk_event_reader_input(const struct tk_event_reader *r)
{
    return r->in;
}

void tk_event_reader_close(struct tk_event_reader *r)
{
    if (r == NULL)
        return;
    read_ahead_stop(r->ahead);
    if (r->ops)
        r->ops->close(r);
    free(r->state);
    tk_input_close(r->in);
    free(r);
}

enum tk_read_result ingest_reader_bad(struct tk_event_reader *r, struct tk_error *err,
                               const char *position, const char *fmt, ...)
{
    char what[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    r->stats.bad++;
    tk_error_set(err, TK_ERR_DATA, "%s:%s: %s", tk_input_path(r->in), position, what);
    return TK_READ_BAD;
}

void ingest_reader_truncated(struct tk_event_reader *r, const char *fmt, ...)
{
    va_list ap;

    r->stats.truncated = 1;
    va_start(ap, fmt);
    vsnprintf(r->stats.truncation, sizeof r->stats.truncation, fmt, ap);
    va_end(ap);
}

void ingest_reader_check_input_truncated(struct tk_event_reader *r)
{
    char record[sizeof r->stats.truncation];
    const char *cut = tk_read_stream_cut(r->in);

    if (cut == NULL || strstr(r->stats.truncation, cut))
        return;
    if (r->stats.truncated) {
        snprintf(record, sizeof record, "%s", r->stats.truncation);
        ingest_reader_truncated(r, "%s: %.200s", cut, record);
    } else {
        ingest_reader_truncated(r, "%s; read to the last whole record", cut);
    }
}

void ingest_contact_clear(struct tk_contact *c)
{
    static const struct tk_text empty = {"", 0};
    memset(c, 0, sizeof *c);
    c->name = c->family = c->variant = c->seed = empty;
}

void ingest_reader_split_tag(struct tk_text tag, struct tk_contact *c)
{
    const char *colon = tag.len ? memchr(tag.ptr, ':', tag.len) : NULL, *second;

    c->family = tag;
    c->variant.ptr = c->seed.ptr = "";
    c->variant.len = c->seed.len = 0;
    if (colon == NULL)
        return;
    c->family.len = (size_t)(colon - tag.ptr);
    c->variant.ptr = colon + 1;
    c->variant.len = tag.len - c->family.len - 1;
    second = memchr(c->variant.ptr, ':', c->variant.len);
    if (second == NULL)
        return;
    c->variant.len = (size_t)(second - c->variant.ptr);
    c->seed.ptr = second + 1;
    c->seed.len = tag.len - c->family.len - c->variant.len - 2;
}
