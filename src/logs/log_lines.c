/* log_lines.c - the text formats' dispatcher, format guessing, and the two simplest formats:
 * plain name lists and CSV with a domain column (see include/takedown/logs.h). */
#include "takedown/logs.h"

#include <string.h>
#include <strings.h>

#include "logs/log_parsers.h"
#include "logs/log_time.h"
#include "takedown/csv.h"
#include "takedown/domain.h"

static const struct {
    enum tk_log_format format;
    const char *name;
} format_names[] = {
    {TK_LOG_AUTO, "auto"},       {TK_LOG_NAMES, "names"}, {TK_LOG_CSV, "csv"},
    {TK_LOG_BIND, "bind"},       {TK_LOG_UNBOUND, "unbound"}, {TK_LOG_JSONL, "jsonl"},
    {TK_LOG_DNSTAP, "dnstap"},
};

int tk_log_format_parse(const char *text, enum tk_log_format *out, struct tk_error *err)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (strcmp(text, format_names[i].name) == 0) {
            *out = format_names[i].format;
            return TK_OK;
        }
    return tk_error_set(err, TK_ERR_USAGE, "unknown input format '%s' (expected auto, names, "
                        "csv, bind, unbound, jsonl or dnstap)", text);
}

const char *tk_log_format_name(enum tk_log_format format)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (format_names[i].format == format)
            return format_names[i].name;
    return "?";
}

void tk_log_line_state_init(struct tk_log_line_state *state)
{
    memset(state, 0, sizeof *state);
    state->name_column = state->time_column = state->client_column = -1;
}

const char *log_find(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || n > len)
        return NULL;
    for (size_t i = 0; i + n <= len; i++)
        if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
            return s + i;
    return NULL;
}

int log_valid_name(const char *name, size_t len)
{
    if (len > 1 && name[len - 1] == '.')
        len--;
    return tk_domain_is_valid(name, len);
}

enum tk_log_format tk_log_guess_line(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    if (i < len && line[i] == '{')
        return TK_LOG_JSONL;
    if (log_find(line, len, "query: ") && log_find(line, len, "client "))
        return TK_LOG_BIND;
    if (log_find(line, len, "unbound[") || log_find(line, len, "unbound: ["))
        return TK_LOG_UNBOUND;
    if (memchr(line, ',', len))
        return TK_LOG_CSV;
    return TK_LOG_NAMES;
}

static int blank_or_comment(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
        i++;
    return i == len || line[i] == '#';
}

void log_record_clear(struct tk_log_record *rec)
{
    rec->name = NULL;
    rec->name_len = 0;
    rec->client = "";
    rec->client_len = 0;
    rec->time = TK_LOG_NO_TIME;
    rec->qtype = 0;
    rec->rcode = -1;
}

/* ---- plain names ---- */

static int parse_names(const char *line, size_t len, struct tk_log_record *rec, int *skip,
                       struct tk_error *err)
{
    size_t start = 0, end = len;
    while (start < end && (line[start] == ' ' || line[start] == '\t'))
        start++;
    while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r'))
        end--;
    for (size_t i = start; i < end; i++)
        if (line[i] == ' ' || line[i] == '\t')
            return tk_error_set(err, TK_ERR_DATA, "expected one domain name per line, found "
                                "more than one word");
    if (!log_valid_name(line + start, end - start))
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name, got '%.*s'",
                            (int)(end - start > 80 ? 80 : end - start), line + start);
    rec->name = line + start;
    rec->name_len = end - start;
    *skip = 0;
    return TK_OK;
}

/* ---- CSV (RFC 4180 quoting) ---- */

static int column_is(const char *field, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (strcasecmp(field, names[i]) == 0)
            return 1;
    return 0;
}

/* Reads the header row; 1 when it names a domain column. */
static int csv_header(const char *line, size_t len, struct tk_log_line_state *st)
{
    static const char *const name_columns[] = {"domain", "name", "qname", "query", "fqdn", NULL};
    static const char *const time_columns[] = {"date", "time", "timestamp", "ts", "first_date",
                                               "first_seen", NULL};
    static const char *const client_columns[] = {"client", "src", "client_ip", "src_ip",
                                                 "source", NULL};
    char field[256];
    int found = 0;
    for (int i = 0; i < 256 && tk_csv_field(line, len, i, field, sizeof field) >= 0; i++) {
        if (st->name_column < 0 && column_is(field, name_columns)) {
            st->name_column = i;
            found = 1;
        } else if (st->time_column < 0 && column_is(field, time_columns)) {
            st->time_column = i;
        } else if (st->client_column < 0 && column_is(field, client_columns)) {
            st->client_column = i;
        }
    }
    if (!found)
        st->time_column = st->client_column = -1;
    return found;
}

static int parse_csv(const char *line, size_t len, struct tk_log_line_state *st,
                     struct tk_log_record *rec, int *skip, struct tk_error *err)
{
    if (!st->header_read) {
        st->header_read = 1;
        if (csv_header(line, len, st))
            return TK_OK; /* *skip stays 1 */
        st->name_column = 0; /* no header: the first column holds the names */
    }
    long n = tk_csv_field(line, len, st->name_column, st->name_buf, sizeof st->name_buf);
    if (n < 0)
        return tk_error_set(err, TK_ERR_DATA, "expected a domain in CSV column %d",
                            st->name_column + 1);
    if (!log_valid_name(st->name_buf, (size_t)n))
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name in CSV column %d, got "
                            "'%.80s'", st->name_column + 1, st->name_buf);
    rec->name = st->name_buf;
    rec->name_len = (size_t)n;
    if (st->time_column >= 0) {
        char field[64];
        size_t used;
        long t = tk_csv_field(line, len, st->time_column, field, sizeof field);
        if (t > 0 && !log_time_iso(field, (size_t)t, &rec->time, &used)
            && !log_time_epoch(field, (size_t)t, &rec->time, &used))
            return tk_error_set(err, TK_ERR_DATA, "expected a date or time in CSV column %d, "
                                "got '%s'", st->time_column + 1, field);
    }
    if (st->client_column >= 0) {
        long c = tk_csv_field(line, len, st->client_column, st->client_buf, sizeof st->client_buf);
        if (c > 0) {
            rec->client = st->client_buf;
            rec->client_len = (size_t)c;
        }
    }
    *skip = 0;
    return TK_OK;
}

int tk_log_parse_line(enum tk_log_format format, const char *line, size_t len,
                      struct tk_log_line_state *state, struct tk_log_record *rec, int *skip,
                      struct tk_error *err)
{
    log_record_clear(rec);
    *skip = 1;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (blank_or_comment(line, len))
        return TK_OK;
    switch (format) {
    case TK_LOG_NAMES:
        return parse_names(line, len, rec, skip, err);
    case TK_LOG_CSV:
        return parse_csv(line, len, state, rec, skip, err);
    case TK_LOG_BIND:
        return log_parse_bind(line, len, rec, skip, err);
    case TK_LOG_UNBOUND:
        return log_parse_unbound(line, len, state, rec, skip, err);
    case TK_LOG_JSONL:
        return log_parse_jsonl(line, len, state, rec, skip, err);
    case TK_LOG_AUTO:
    case TK_LOG_DNSTAP:
        break;
    }
    return tk_error_set(err, TK_ERR_USAGE, "format %s has no line parser",
                        tk_log_format_name(format));
}
