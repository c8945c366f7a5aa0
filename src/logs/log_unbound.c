/* log_unbound.c - Unbound query log lines (`log-queries: yes`, `log-replies: yes`):
 *
 *   [1732806680] unbound[4242:0] info: 192.0.2.7 example.com. A IN
 *   Nov 28 15:11:20 unbound[4242:0] info: 192.0.2.7 example.com. A IN NOERROR 0.000 0 45
 *   Nov 28 15:11:20 host unbound: [4242:0] info: 192.0.2.7 example.com. A IN
 *
 * (the second with `log-time-ascii: yes` and `log-replies: yes`, whose response code is
 * kept; the third through syslog). Unbound's other lines
 * (start-up notices, statistics, "info: generate keytag query") are not queries and are
 * skipped. */
#include <string.h>

#include "logs/log_parsers.h"
#include "logs/log_time.h"

static size_t token_end(const char *s, size_t len, size_t at)
{
    while (at < len && s[at] != ' ')
        at++;
    return at;
}

int log_parse_unbound(const char *line, size_t len, struct tk_log_line_state *state,
                      struct tk_log_record *rec, int *skip, struct tk_error *err)
{
    const char *daemon = log_find(line, len, "unbound");
    const char *info = daemon ? log_find(daemon, len - (size_t)(daemon - line), " info: ") : NULL;
    size_t used;

    (void)state;
    if (info == NULL)
        return TK_OK; /* a notice, warning, error or debug line */
    if (line[0] == '[') {
        if (!log_time_epoch(line + 1, len - 1, &rec->time, &used))
            rec->time = TK_LOG_NO_TIME;
    } else if (!log_time_any(line, len, &rec->time, &used)) {
        rec->time = TK_LOG_NO_TIME;
    }

    size_t at = (size_t)(info - line) + 7;
    size_t end = token_end(line, len, at);
    if (!log_is_address(line + at, end - at))
        return TK_OK; /* an info line that is not a query */
    rec->client = line + at;
    rec->client_len = end - at;

    at = end + 1;
    end = at < len ? token_end(line, len, at) : at;
    if (end == at || !log_valid_name(line + at, end - at))
        return tk_error_set(err, TK_ERR_DATA, "expected a domain name after the client address");
    rec->name = line + at;
    rec->name_len = end - at;

    size_t type_at = end + 1, type_end = type_at < len ? token_end(line, len, type_at) : type_at;
    size_t class_at = type_end + 1;
    if (type_end == type_at || class_at >= len || token_end(line, len, class_at) == class_at)
        return tk_error_set(err, TK_ERR_DATA, "expected TYPE CLASS after the queried name");
    rec->qtype = log_qtype(line + type_at, type_end - type_at);
    size_t rcode_at = token_end(line, len, class_at) + 1;
    if (rcode_at < len) /* log-replies: the response code follows the class */
        rec->rcode = log_rcode(line + rcode_at, token_end(line, len, rcode_at) - rcode_at);
    *skip = 0;
    return TK_OK;
}
