/* log_bind.c - BIND 9 query log lines (category queries, or `querylog yes`):
 *
 *   28-Nov-2026 15:11:20.123 queries: info: client @0x7f8b2c01a568 192.0.2.7#40577
 *       (example.com): query: example.com IN A +E(0)K (192.0.2.53)
 *
 * with or without the time, category and severity prefixes, the client object address
 * (BIND 9.11 and later), a view ("view internal: query: ..."), or a syslog prefix. Lines of
 * other categories are not queries and are skipped. */
#include <string.h>

#include "logs/log_parsers.h"
#include "logs/log_time.h"

static size_t token_end(const char *s, size_t len, size_t at)
{
    while (at < len && s[at] != ' ' && s[at] != '\t')
        at++;
    return at;
}

int log_parse_bind(const char *line, size_t len, struct tk_log_record *rec, int *skip,
                   struct tk_error *err)
{
    const char *client = log_find(line, len, "client ");
    const char *query = client ? log_find(client, len - (size_t)(client - line), "query: ")
                               : log_find(line, len, "query: ");
    size_t used;

    if (query == NULL)
        return TK_OK; /* another kind of BIND log line: not a query */
    if (client == NULL)
        return tk_error_set(err, TK_ERR_DATA, "expected 'client ADDRESS#PORT' before 'query:'");
    if (!log_time_any(line, len, &rec->time, &used))
        rec->time = TK_LOG_NO_TIME;

    size_t at = (size_t)(client - line) + 7;
    if (at + 1 < len && line[at] == '@') {
        at = token_end(line, len, at);
        while (at < len && line[at] == ' ')
            at++;
    }
    size_t hash = at;
    while (hash < len && line[hash] != '#' && line[hash] != ' ')
        hash++;
    if (hash >= len || line[hash] != '#' || !log_is_address(line + at, hash - at))
        return tk_error_set(err, TK_ERR_DATA, "expected the client as ADDRESS#PORT after "
                            "'client'");
    rec->client = line + at;
    rec->client_len = hash - at;

    at = (size_t)(query - line) + 7;
    size_t end = token_end(line, len, at);
    if (end == at || !log_valid_name(line + at, end - at))
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name after 'query:'");
    rec->name = line + at;
    rec->name_len = end - at;
    /* Then the class and the type: "IN A". */
    size_t class_at = end + 1, class_end = token_end(line, len, class_at);
    size_t type_at = class_end + 1, type_end = token_end(line, len, type_at);
    if (class_at >= len || class_end == class_at || type_at >= len || type_end == type_at)
        return tk_error_set(err, TK_ERR_DATA, "expected CLASS TYPE after the queried name");
    rec->qtype = log_qtype(line + type_at, type_end - type_at);
    *skip = 0;
    return TK_OK;
}
