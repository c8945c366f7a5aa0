/* read_csv.c - contacts as CSV (RFC 4180) from any other tool: time,address[,tag].
 *
 * Without a header the columns are positional: time, address, then an optional tag
 * "family[:variant[:seed]]". With a header (a first record whose time does not parse),
 * columns are found by name, so Shadowserver-style files and our own notify bundles read
 * as they are: time|timestamp|date, address|ip|src|source|client, port|sport|src_port,
 * tag, family, variant, seed. '#' lines are comments. */
#include <string.h>
#include <strings.h>

#include "ingest/fields.h"
#include "ingest/line_records.h"

#define CSV_MAX_FIELDS 64

enum column { COL_TIME, COL_ADDRESS, COL_PORT, COL_TAG, COL_FAMILY, COL_VARIANT, COL_SEED,
              COL_COUNT };

struct csv_state {
    struct line_records src;        /* its scratch: the fields that had quotes, unquoted */
    struct tk_text fields[CSV_MAX_FIELDS];
    int column[COL_COUNT];          /* field index of each column, -1 when absent */
    int header_checked;
};

static int csv_sniff(const uint8_t *data, size_t len)
{
    (void)data;
    (void)len;
    return 1;
}

static int csv_open(struct tk_event_reader *r, struct tk_error *err)
{
    struct csv_state *st = r->state;
    int rc;

    if ((rc = line_records_open(&st->src, r->in, err)))
        return rc;
    for (int i = 0; i < COL_COUNT; i++)
        st->column[i] = -1;
    st->column[COL_TIME] = 0;
    st->column[COL_ADDRESS] = 1;
    st->column[COL_TAG] = 2;
    return TK_OK;
}

static void csv_close(struct tk_event_reader *r)
{
    struct csv_state *st = r->state;
    line_records_close(&st->src);
}

static struct tk_text trim(struct tk_text t)
{
    while (t.len > 0 && (t.ptr[0] == ' ' || t.ptr[0] == '\t')) {
        t.ptr++;
        t.len--;
    }
    while (t.len > 0 && (t.ptr[t.len - 1] == ' ' || t.ptr[t.len - 1] == '\t'))
        t.len--;
    return t;
}

/* Splits a line into fields; quoted fields lose their quotes (and "" becomes "). Returns
 * the number of fields, or -1 with *what set. */
static int split(struct csv_state *st, const char *p, size_t len, const char **what)
{
    const char *end = p + len;
    char *out = st->src.scratch;
    int n = 0;

    for (;;) {
        struct tk_text field;
        if (n == CSV_MAX_FIELDS) {
            *what = "at most 64 fields";
            return -1;
        }
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p < end && *p == '"') {
            field.ptr = out;
            for (p++;; p++) {
                if (p >= end) {
                    *what = "a closing quote";
                    return -1;
                }
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"')
                        p++;
                    else
                        break;
                }
                *out++ = *p;
            }
            field.len = (size_t)(out - field.ptr);
            p++;
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            if (p < end && *p != ',') {
                *what = "',' after a quoted field";
                return -1;
            }
        } else {
            const char *comma = memchr(p, ',', (size_t)(end - p));
            field.ptr = p;
            field.len = (size_t)((comma ? comma : end) - p);
            p += field.len;
            field = trim(field);
        }
        st->fields[n++] = field;
        if (p >= end)
            return n;
        p++; /* the comma */
    }
}

static int name_is(struct tk_text t, const char *const *names)
{
    for (; *names; names++)
        if (t.len == strlen(*names) && strncasecmp(t.ptr, *names, t.len) == 0)
            return 1;
    return 0;
}

/* Takes the column names of a header record. Returns 0, or -1 when time or address is
 * missing. */
static int read_header(struct csv_state *st, int count)
{
    static const char *const time_names[] = {"time", "timestamp", "date", "datetime", NULL};
    static const char *const address_names[] = {"address", "ip", "src", "source", "client",
                                                "src_ip", "source_ip", "client_ip", NULL};
    static const char *const port_names[] = {"port", "sport", "src_port", "source_port", NULL};
    static const char *const tag_names[] = {"tag", NULL};
    static const char *const family_names[] = {"family", "infection", NULL};
    static const char *const variant_names[] = {"variant", NULL};
    static const char *const seed_names[] = {"seed", NULL};
    static const char *const *const names[COL_COUNT] = {
        time_names, address_names, port_names, tag_names, family_names, variant_names, seed_names,
    };

    for (int c = 0; c < COL_COUNT; c++) {
        st->column[c] = -1;
        for (int i = 0; i < count && st->column[c] < 0; i++)
            if (name_is(st->fields[i], names[c]))
                st->column[c] = i;
    }
    return st->column[COL_TIME] >= 0 && st->column[COL_ADDRESS] >= 0 ? 0 : -1;
}

static struct tk_text field(const struct csv_state *st, int count, enum column c)
{
    static const struct tk_text empty = {"", 0};
    int i = st->column[c];
    return i >= 0 && i < count ? st->fields[i] : empty;
}

static enum tk_read_result csv_next(struct tk_event_reader *r, struct tk_contact *c,
                                    struct tk_error *err)
{
    struct csv_state *st = r->state;
    struct tk_line line;
    enum tk_read_result stop;
    const char *what = NULL;
    struct tk_text t;
    int count;

    for (;;) {
        if (!line_records_next(&st->src, r, &line, &stop, err))
            return stop;
        t = trim((struct tk_text){line.text, line.len});
        if (t.len == 0 || t.ptr[0] == '#') {
            r->stats.skipped++;
            continue;
        }
        if ((count = split(st, line.text, line.len, &what)) < 0)
            goto bad;
        ingest_contact_clear(c);
        t = field(st, count, COL_TIME);
        if (ingest_parse_timestamp(t.ptr, t.len, &c->time_sec, &c->time_nsec)) {
            if (!st->header_checked) {
                st->header_checked = 1;
                if (read_header(st, count) == 0) {
                    r->stats.skipped++;
                    continue;
                }
                what = "a header naming a time and an address column, or a time in the "
                       "first column";
                goto bad;
            }
            what = "a time (RFC 3339 UTC or Unix seconds)";
            goto bad;
        }
        st->header_checked = 1;
        t = field(st, count, COL_ADDRESS);
        if (ingest_parse_address(t.ptr, t.len, &c->addr_family, c->addr)) {
            what = "an IPv4 or IPv6 address";
            goto bad;
        }
        t = field(st, count, COL_PORT);
        if (t.len > 0) {
            unsigned long port = 0;
            for (size_t i = 0; i < t.len && port <= 65535; i++)
                port = t.ptr[i] >= '0' && t.ptr[i] <= '9' ? port * 10 + (unsigned long)(t.ptr[i] - '0')
                                                        : 65536;
            if (port > 65535) {
                what = "a port number (0 to 65535)";
                goto bad;
            }
            c->port = (uint16_t)port;
        }
        ingest_reader_split_tag(field(st, count, COL_TAG), c);
        if (st->column[COL_FAMILY] >= 0)
            c->family = field(st, count, COL_FAMILY);
        if (st->column[COL_VARIANT] >= 0)
            c->variant = field(st, count, COL_VARIANT);
        if (st->column[COL_SEED] >= 0)
            c->seed = field(st, count, COL_SEED);
        if ((what = ingest_contact_text_problem(c)) != NULL)
            goto bad;
        r->stats.contacts++;
        return TK_READ_CONTACT;
    bad:
        return line_records_bad(&st->src, r, &line, 0, what, err);
    }
}

const struct reader_ops csv_reader_ops = {
    .name = "csv",
    .format = TK_EVENTS_CSV,
    .state_size = sizeof(struct csv_state),
    .sniff = csv_sniff,
    .open = csv_open,
    .next = csv_next,
    .close = csv_close,
};
