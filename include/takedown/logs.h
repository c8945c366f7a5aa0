/* logs.h - read DNS query records (who asked for which name, when) from the logs
 * registries and ISPs keep: plain name lists, CSV with a domain column, BIND query logs,
 * Unbound query logs, JSON lines (takedown's event log and the like) and dnstap files
 * (takedown's, BIND's, Unbound's, Knot's), gzip- or zstd-compressed or not, streamed record
 * by record.
 *
 * A reader never drops a line silently: every line is a record, a line that is not a query
 * (a comment, a header, a resolver's start-up notice: counted as skipped) or a malformed
 * line (counted, and returned as TK_ERR_DATA with "file:line: expected ..."). A file cut
 * short (gzip or zstd without its trailer, dnstap ending mid-frame) yields every whole record and
 * then says so in tk_log_end_note(). */
#ifndef TAKEDOWN_LOGS_H
#define TAKEDOWN_LOGS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/date.h"
#include "takedown/error.h"

enum tk_log_format {
    TK_LOG_AUTO,    /* decided from the first bytes and the first line */
    TK_LOG_NAMES,   /* one name per line */
    TK_LOG_CSV,     /* a header row with a domain, name or qname column */
    TK_LOG_BIND,    /* BIND 9 query log (querylog yes / category queries) */
    TK_LOG_UNBOUND, /* Unbound with log-queries or log-replies */
    TK_LOG_JSONL,   /* one JSON object per line with "qname" or "name" */
    TK_LOG_DNSTAP   /* Frame Streams of dnstap protobuf messages */
};

#define TK_LOG_NO_TIME INT64_MIN

/* One query. Pointers are valid until the next call on the same reader or parser. */
struct tk_log_record {
    const char *name;     /* as logged: any case, maybe a trailing dot */
    size_t name_len;
    const char *client;   /* the querying address as text; "" when the log has none */
    size_t client_len;
    int64_t time;         /* Unix seconds, or TK_LOG_NO_TIME */
    uint16_t qtype;       /* 0 when unknown */
    int rcode; /* DNS response code, or -1 when the log has none */
};

int tk_log_format_parse(const char *text, enum tk_log_format *out, struct tk_error *err);
const char *tk_log_format_name(enum tk_log_format format);

/* ---- line parsers (one line without its newline; also the fuzz targets' entry) ---- */

/* What a parser carries from line to line: the CSV columns found in the header (-1 until
 * the header is read), and room for names and addresses that are not verbatim in the line
 * (unescaped JSON strings, names decoded from DNS messages). */
struct tk_log_line_state {
    int header_read;
    int name_column;
    int time_column;
    int client_column;
    char name_buf[1024];
    char client_buf[64];
};

/* Parses a line of a text format. Returns TK_OK with *skip = 0 and a record, TK_OK with
 * *skip = 1 for a line that holds no query (blank, comment, CSV header, a log line of
 * another kind), or TK_ERR_DATA saying what was expected. */

void tk_log_line_state_init(struct tk_log_line_state *state);
int tk_log_parse_line(enum tk_log_format format, const char *line, size_t len,
                      struct tk_log_line_state *state, struct tk_log_record *rec, int *skip,
                      struct tk_error *err);

/* Guesses a text format from a line (the first that is not blank or a comment). */
enum tk_log_format tk_log_guess_line(const char *line, size_t len);

/* Decodes one dnstap frame (a protobuf Dnstap). TK_OK with *skip = 0 and a record, TK_OK
 * with *skip = 1 for messages that are not a client's query (a resolver's own upstream
 * traffic; responses when take_responses is 0), TK_ERR_DATA otherwise. *is_query tells
 * whether the message was a query (for the caller's responses-only rule). */
int tk_log_parse_dnstap(const uint8_t *frame, size_t len, int take_responses,
                        struct tk_log_line_state *state, struct tk_log_record *rec, int *skip,
                        int *is_query, struct tk_error *err);

/* ---- files ---- */

struct tk_log_reader;

/* Opens path ("-" is standard input), gzip- or zstd-compressed or not (tk_input). */
int tk_log_open(const char *path, enum tk_log_format format, struct tk_log_reader **out,
                struct tk_error *err);
/* TK_OK with a record; TK_ERR_STOP at the end; TK_ERR_DATA for a malformed line or frame
 * (err names file and line or frame; reading may go on); any other status is fatal. */
int tk_log_next(struct tk_log_reader *reader, struct tk_log_record *rec, struct tk_error *err);
void tk_log_close(struct tk_log_reader *reader);

enum tk_log_format tk_log_reader_format(const struct tk_log_reader *reader);
uint64_t tk_log_records(const struct tk_log_reader *reader);   /* queries returned */
uint64_t tk_log_skipped(const struct tk_log_reader *reader);   /* lines with no query */
uint64_t tk_log_malformed(const struct tk_log_reader *reader);
/* NULL, or why reading ended early ("cut short after line 812: gzip stream ends ..."). */
const char *tk_log_end_note(const struct tk_log_reader *reader);

#endif
