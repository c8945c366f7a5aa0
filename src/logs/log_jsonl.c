/* log_jsonl.c - JSON lines: one object per line, as takedown's event log writes them
 *
 *   {"v":1,"time":"2026-11-28T15:11:20.123456Z","proto":"dns","src":"192.0.2.7",...,
 *    "name":"example.com","qtype":"A",...}
 *
 * and as other DNS tools export them. The query is the top-level "qname", "query", "name"
 * or "domain" string (in that order of preference); the client "client", "src",
 * "client_ip", "src_ip" or "query_address"; the time "time", "timestamp", "ts" or
 * "@timestamp", as ISO 8601 text or Unix seconds; the response code "rcode", a number or a
 * name ("NXDOMAIN"). An event whose "proto" is not "dns" is not a query and is skipped.
 *
 * Read with the reader layer's JSON scanner (json_scan.h), which checks the whole line's
 * syntax (RFC 8259), nesting up to 32 levels, and builds no tree. */
#include <stdlib.h>
#include <string.h>

#include "logs/log_parsers.h"
#include "logs/log_time.h"
#include "takedown/json_scan.h"

#define SCRATCH 65536 /* the longest line the log reader hands over */

/* Copies a string value into buf (NUL-terminated); 0 when it does not fit. */
static int copy_text(struct tk_text t, char *buf, size_t size, size_t *len)
{
    if (t.len >= size)
        return 0;
    memcpy(buf, t.ptr, t.len);
    buf[t.len] = '\0';
    *len = t.len;
    return 1;
}

/* A number member (qtype, rcode) from 0 to max, else otherwise. */
static long number_in(struct tk_text t, double max, long otherwise)
{
    char text[64];
    size_t n = t.len < sizeof text - 1 ? t.len : sizeof text - 1;
    memcpy(text, t.ptr, n);
    text[n] = '\0';
    double number = strtod(text, NULL);
    return number >= 0 && number <= max ? (long)number : otherwise;
}

static int key_rank(const char *key, const char *const *keys)
{
    for (int i = 0; keys[i]; i++)
        if (strcmp(key, keys[i]) == 0)
            return i;
    return -1;
}

int log_parse_jsonl(const char *line, size_t len, struct tk_log_line_state *st,
                    struct tk_log_record *rec, int *skip, struct tk_error *err)
{
    static const char *const name_keys[] = {"qname", "query", "name", "domain", NULL};
    static const char *const client_keys[] = {"client", "src", "client_ip", "src_ip",
                                              "query_address", NULL};
    static const char *const time_keys[] = {"time", "timestamp", "ts", "@timestamp", NULL};
    char scratch[SCRATCH];
    struct jscan c;
    struct tk_text member, value;
    int name_rank = 99, client_rank = 99, time_rank = 99, not_dns = 0;
    char key[64];
    size_t used;

    jscan_init(&c, line, len, scratch, len < sizeof scratch ? len : sizeof scratch);
    if (jscan_expect(&c, '{'))
        return tk_error_set(err, TK_ERR_DATA, "expected a JSON object");
    int empty = jscan_accept(&c, '}');
    while (!empty) {
        size_t used_scratch = c.scratch_used;
        if (jscan_peek(&c) != '"' || jscan_string(&c, &member))
            return tk_error_set(err, TK_ERR_DATA, "expected a JSON member name at byte %zu",
                                jscan_column(&c));
        /* A key longer than any we look for matches none. */
        if (member.len >= sizeof key)
            member.len = 0;
        memcpy(key, member.ptr, member.len);
        key[member.len] = '\0';
        c.scratch_used = used_scratch;
        if (jscan_expect(&c, ':'))
            return tk_error_set(err, TK_ERR_DATA, "expected ':' after a JSON member name");
        int r;
        char next = jscan_peek(&c);
        if (next == '"' && (r = key_rank(key, name_keys)) >= 0 && r < name_rank) {
            if (jscan_string(&c, &value))
                return tk_error_set(err, TK_ERR_DATA, "bad JSON string in \"%s\"", key);
            if (!copy_text(value, st->name_buf, sizeof st->name_buf, &rec->name_len))
                return tk_error_set(err, TK_ERR_DATA, "the \"%s\" string is too long", key);
            rec->name = st->name_buf;
            name_rank = r;
        } else if (next == '"' && (r = key_rank(key, client_keys)) >= 0 && r < client_rank) {
            if (jscan_string(&c, &value))
                return tk_error_set(err, TK_ERR_DATA, "bad JSON string in \"%s\"", key);
            if (!copy_text(value, st->client_buf, sizeof st->client_buf, &rec->client_len))
                return tk_error_set(err, TK_ERR_DATA, "the \"%s\" string is too long", key);
            rec->client = st->client_buf;
            client_rank = r;
        } else if ((r = key_rank(key, time_keys)) >= 0 && r < time_rank) {
            int ok;
            if (next == '"')
                ok = jscan_string(&c, &value) == 0
                     && log_time_any(value.ptr, value.len, &rec->time, &used);
            else
                ok = jscan_number(&c, &value) == 0
                     && log_time_epoch(value.ptr, value.len, &rec->time, &used);
            if (!ok)
                return tk_error_set(err, TK_ERR_DATA, "expected a time in \"%s\" (ISO 8601 or "
                                    "Unix seconds)", key);
            time_rank = r;
        } else if (strcmp(key, "qtype") == 0 || strcmp(key, "rcode") == 0) {
            /* a name ("AAAA", "NXDOMAIN") or a number; any other value is skipped */
            int name = next == '"', number = next == '-' || (next >= '0' && next <= '9');
            if (name ? jscan_string(&c, &value)
                     : number ? jscan_number(&c, &value) : jscan_skip_value(&c))
                return tk_error_set(err, TK_ERR_DATA, "bad JSON value in \"%s\"", key);
            if (key[0] == 'q' && (name || number))
                rec->qtype = (uint16_t)(name ? log_qtype(value.ptr, value.len)
                                             : number_in(value, 65535, 0));
            else if (name || number)
                rec->rcode = name ? log_rcode(value.ptr, value.len)
                                  : (int)number_in(value, 4095, -1);
        } else if (strcmp(key, "proto") == 0 && next == '"') {
            if (jscan_string(&c, &value))
                return tk_error_set(err, TK_ERR_DATA, "bad JSON string in \"proto\"");
            not_dns = !(value.len == 3 && memcmp(value.ptr, "dns", 3) == 0);
        } else if (jscan_skip_value(&c)) {
            return tk_error_set(err, TK_ERR_DATA, "bad JSON value at byte %zu", jscan_column(&c));
        }
        c.scratch_used = used_scratch;
        if (jscan_accept(&c, '}'))
            break;
        if (jscan_peek(&c) == '\0')
            return tk_error_set(err, TK_ERR_DATA, "the JSON object is not closed");
        if (!jscan_accept(&c, ','))
            return tk_error_set(err, TK_ERR_DATA, "expected ',' or '}' at byte %zu",
                                jscan_column(&c));
    }
    if (jscan_end(&c))
        return tk_error_set(err, TK_ERR_DATA, "unexpected text after the JSON object");
    if (not_dns)
        return TK_OK; /* an HTTP, TCP or SMTP event: not a DNS query */
    if (rec->name == NULL)
        return tk_error_set(err, TK_ERR_DATA, "expected a \"qname\" or \"name\" member");
    if (!log_valid_name(rec->name, rec->name_len))
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name in \"%s\"",
                            name_keys[name_rank]);
    if (rec->client_len && !log_is_address(rec->client, rec->client_len))
        return tk_error_set(err, TK_ERR_DATA, "expected an IP address in \"%s\"",
                            client_keys[client_rank]);
    *skip = 0;
    return TK_OK;
}
