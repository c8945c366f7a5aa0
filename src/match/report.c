/* report.c - the outputs of `takedown match`: a table for people, CSV (one row per name
 * and source, or per client and family) and one JSON document (docs/match.md; see
 * include/takedown/match_report.h). */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "takedown/csv.h"
#include "takedown/json_write.h"
#include "takedown/match_report.h"

/* "2026-11-28T15:11:20Z", or "" when no time was logged. */
static const char *time_text(int64_t t, char buf[32])
{
    if (t == INT64_MIN) {
        buf[0] = '\0';
        return buf;
    }
    char day[11];
    tk_day_format(tk_day_from_unix(t), day);
    int64_t s = t - tk_day_to_unix(tk_day_from_unix(t));
    snprintf(buf, 32, "%sT%02d:%02d:%02dZ", day, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
    return buf;
}

/* The ranges of one source: hit->ranges[start..*end). */
static size_t source_group_end(const struct tk_hunt_name *n, size_t start)
{
    size_t end = start + 1;
    while (end < n->range_count && n->ranges[end].source == n->ranges[start].source)
        end++;
    return end;
}

/* "2017-07-04..2017-07-07 2018-01-01..2018-01-03", or "any" for an undated family. */
static void dates_text(const struct tk_hunt_name *n, size_t start, size_t end, int dated,
                       char *buf, size_t size)
{
    size_t used = 0;
    if (!dated) {
        snprintf(buf, size, "any");
        return;
    }
    buf[0] = '\0';
    for (size_t i = start; i < end && used + 24 < size; i++) {
        char a[11], b[11];
        tk_day_format(n->ranges[i].first, a);
        tk_day_format(n->ranges[i].last, b);
        used += (size_t)snprintf(buf + used, size - used, "%s%s..%s", i > start ? " " : "", a, b);
    }
    if (end - start > 0 && used + 24 >= size)
        snprintf(buf + used, size - used, " ...");
}

static int is_domain_mode(const struct tk_match_report *r)
{
    return r->domains != NULL;
}

/* ---- table ---- */

static void table_name_rows(FILE *out, const struct tk_match_report *r,
                            const struct tk_hunt_name *n)
{
    char first[32], last[32], dates[256];
    time_text(n->first_seen, first);
    time_text(n->last_seen, last);
    if (n->ranges == NULL) {
        char score[32];
        snprintf(score, sizeof score, "score %.3f", n->score);
        fprintf(out, "%-34.*s %-22s %-10s %-12s %-24s", (int)n->name_len, n->name,
                TK_HUNT_UNKNOWN_FAMILY, "-", "-", score);
        if (!is_domain_mode(r))
            fprintf(out, " %8" PRIu64 " %7" PRIu64 " %-20s %s", n->queries, n->clients,
                    *first ? first : "-", *last ? last : "-");
        fputc('\n', out);
        return;
    }
    for (size_t start = 0; start < n->range_count;) {
        size_t end = source_group_end(n, start);
        struct tk_index_source s = tk_index_source_at(r->index, n->ranges[start].source);
        dates_text(n, start, end, s.dated, dates, sizeof dates);
        fprintf(out, "%-34.*s %-22s %-10s %-12s %-24s", (int)n->name_len, n->name, s.family,
                s.variant, *s.seed ? s.seed : "-", dates);
        if (!is_domain_mode(r))
            fprintf(out, " %8" PRIu64 " %7" PRIu64 " %-20s %s", n->queries, n->clients,
                    *first ? first : "-", *last ? last : "-");
        fputc('\n', out);
        start = end;
    }
}

static int hunt_has(const struct tk_hunt *h, const char *name)
{
    for (size_t i = 0; i < tk_hunt_name_count(h); i++) {
        const struct tk_hunt_name *n = tk_hunt_name_at(h, i);
        if (n->name_len == strlen(name) && memcmp(n->name, name, n->name_len) == 0)
            return 1;
    }
    return 0;
}

void tk_match_write_table(FILE *out, const struct tk_match_report *r)
{
    char a[11], b[11];
    tk_day_format(r->from, a);
    tk_day_format(r->to, b);
    size_t names = tk_hunt_name_count(r->hunt);
    if (is_domain_mode(r)) {
        fprintf(out, "%-34s %-22s %-10s %-12s %s\n", "NAME", "FAMILY", "VARIANT", "SEED", "DATES");
        for (size_t i = 0; i < names; i++)
            table_name_rows(out, r, tk_hunt_name_at(r->hunt, i));
        for (size_t i = 0; i < r->domain_count; i++) {
            if (r->domain_excluded[i])
                fprintf(out, "%-34s on the exclude list (a popular registered domain, or --exclude):"
                        " never attributed\n", r->domains[i]);
            else if (!hunt_has(r->hunt, r->domains[i]))
                fprintf(out, "%-34s no family or known seed generates it from %s to %s\n",
                        r->domains[i], a, b);
        }
        return;
    }
    const struct tk_match_counts *n = &r->counts;
    fprintf(out, "%" PRIu64 " queries read, %" PRIu64 " attributed to a family, %" PRIu64
            " to an unknown DGA; %zu names (window %s to %s)\n", n->queries, n->matched,
            n->unknown, names, a, b);
    if (n->off_days || n->excluded)
        fprintf(out, "not attributed: %" PRIu64 " queries of indexed names more than %d days "
                "from the days that generate them, %" PRIu64 " of excluded names\n", n->off_days,
                r->date_slack, n->excluded);
    fputc('\n', out);
    if (names) {
        fprintf(out, "%-34s %-22s %-10s %-12s %-24s %8s %7s %-20s %s\n", "NAME", "FAMILY",
                "VARIANT", "SEED", "DATES", "QUERIES", "CLIENTS", "FIRST SEEN", "LAST SEEN");
        for (size_t i = 0; i < names; i++)
            table_name_rows(out, r, tk_hunt_name_at(r->hunt, i));
    }
    size_t clients = tk_hunt_client_count(r->hunt);
    if (clients) {
        fprintf(out, "\n%-40s %-22s %7s %8s %-20s %s\n", "CLIENT", "FAMILY", "NAMES", "QUERIES",
                "FIRST SEEN", "LAST SEEN");
        for (size_t i = 0; i < clients; i++) {
            const struct tk_hunt_client *c = tk_hunt_client_at(r->hunt, i);
            char first[32], last[32];
            time_text(c->first_seen, first);
            time_text(c->last_seen, last);
            fprintf(out, "%-40s %-22s %7" PRIu64 " %8" PRIu64 " %-20s %s\n", c->client, c->family,
                    c->names, c->queries, *first ? first : "-", *last ? last : "-");
        }
    }
}

/* ---- CSV (RFC 4180) ---- */

static void csv_name_rows(FILE *out, const struct tk_match_report *r, const struct tk_hunt_name *n)
{
    char first[32], last[32];
    time_text(n->first_seen, first);
    time_text(n->last_seen, last);
    if (n->ranges == NULL) {
        tk_csv_put_field(out, n->name, n->name_len);
        fprintf(out, ",%s,,,,,%" PRIu64 ",%" PRIu64 ",%s,%s,%.4f\n", TK_HUNT_UNKNOWN_FAMILY,
                n->queries, n->clients, first, last, n->score);
        return;
    }
    for (size_t i = 0; i < n->range_count; i++) {
        struct tk_index_source s = tk_index_source_at(r->index, n->ranges[i].source);
        char a[11] = "", b[11] = "";
        if (s.dated) {
            tk_day_format(n->ranges[i].first, a);
            tk_day_format(n->ranges[i].last, b);
        }
        tk_csv_put_field(out, n->name, n->name_len);
        putc(',', out);
        tk_csv_put_text(out, s.family);
        putc(',', out);
        tk_csv_put_text(out, s.variant);
        putc(',', out);
        tk_csv_put_text(out, s.seed);
        fprintf(out, ",%s,%s,%" PRIu64 ",%" PRIu64 ",%s,%s,\n", a, b, n->queries, n->clients,
                first, last);
    }
}

void tk_match_write_csv(FILE *out, const struct tk_match_report *r, int by_client)
{
    if (by_client) {
        fputs("client,family,names,queries,first_seen,last_seen\n", out);
        for (size_t i = 0; i < tk_hunt_client_count(r->hunt); i++) {
            const struct tk_hunt_client *c = tk_hunt_client_at(r->hunt, i);
            char first[32], last[32];
            tk_csv_put_text(out, c->client);
            putc(',', out);
            tk_csv_put_text(out, c->family);
            fprintf(out, ",%" PRIu64 ",%" PRIu64 ",%s,%s\n", c->names, c->queries,
                    time_text(c->first_seen, first), time_text(c->last_seen, last));
        }
        return;
    }
    fputs("domain,family,variant,seed,first_date,last_date,queries,clients,first_seen,"
          "last_seen,score\n", out);
    for (size_t i = 0; i < tk_hunt_name_count(r->hunt); i++)
        csv_name_rows(out, r, tk_hunt_name_at(r->hunt, i));
}

/* ---- JSON ---- */

static void json_time(FILE *out, int64_t t)
{
    char buf[32];
    if (t == INT64_MIN)
        fputs("null", out);
    else
        tk_json_put_text(out, time_text(t, buf));
}

/* ,"first_seen":...,"last_seen":... */
static void json_seen(FILE *out, int64_t first, int64_t last)
{
    fputs(",\"first_seen\":", out);
    json_time(out, first);
    fputs(",\"last_seen\":", out);
    json_time(out, last);
}

void tk_match_write_source_json(FILE *out, const struct tk_index_source *source)
{
    fputs("\"family\":", out);
    tk_json_put_text(out, source->family);
    fputs(",\"variant\":", out);
    tk_json_put_text(out, source->variant);
    fputs(",\"seed\":", out);
    tk_json_put_text(out, source->seed);
}

static void json_matches(FILE *out, const struct tk_match_report *r, const struct tk_hunt_name *n)
{
    fputs("\"matches\":[", out);
    if (n->ranges == NULL) {
        fprintf(out, "{\"family\":\"%s\",\"score\":%.4f}]", TK_HUNT_UNKNOWN_FAMILY, n->score);
        return;
    }
    for (size_t start = 0; start < n->range_count;) {
        size_t end = source_group_end(n, start);
        struct tk_index_source s = tk_index_source_at(r->index, n->ranges[start].source);
        fputs(start ? ",{" : "{", out);
        tk_match_write_source_json(out, &s);
        fputs(",\"dates\":", out);
        if (!s.dated) {
            fputs("null", out);
        } else {
            putc('[', out);
            for (size_t i = start; i < end; i++) {
                char a[11], b[11];
                tk_day_format(n->ranges[i].first, a);
                tk_day_format(n->ranges[i].last, b);
                fprintf(out, "%s{\"first\":\"%s\",\"last\":\"%s\"}", i > start ? "," : "", a, b);
            }
            putc(']', out);
        }
        putc('}', out);
        start = end;
    }
    putc(']', out);
}

void tk_match_write_json(FILE *out, const struct tk_match_report *r)
{
    char a[11], b[11];
    tk_day_format(r->from, a);
    tk_day_format(r->to, b);
    fprintf(out, "{\"window\":{\"from\":\"%s\",\"to\":\"%s\"}", a, b);
    if (!is_domain_mode(r)) {
        fputs(",\"index\":", out);
        tk_json_put_text(out, r->index_path);
        fputs(",\"inputs\":[", out);
        for (size_t i = 0; i < r->input_count; i++) {
            const struct tk_match_input *in = &r->inputs[i];
            fprintf(out, "%s{\"file\":", i ? "," : "");
            tk_json_put_text(out, in->path);
            fprintf(out, ",\"format\":\"%s\",\"records\":%" PRIu64 ",\"skipped\":%" PRIu64
                    ",\"malformed\":%" PRIu64 ",\"failed\":%s,\"note\":",
                    tk_log_format_name(in->format), in->records, in->skipped, in->malformed,
                    in->failed ? "true" : "false");
            tk_json_put_text(out, in->note[0] ? in->note : NULL);
            putc('}', out);
        }
        fprintf(out, "],\"queries\":%" PRIu64 ",\"matched\":%" PRIu64 ",\"off_days\":%" PRIu64
                ",\"excluded\":%" PRIu64 ",\"unknown\":%" PRIu64 ",\"date_slack\":%d",
                r->counts.queries, r->counts.matched, r->counts.off_days, r->counts.excluded,
                r->counts.unknown, r->date_slack);
        if (r->detect)
            fprintf(out, ",\"threshold\":%.4f", r->threshold);
    }
    fputs(",\"names\":[", out);
    size_t written = 0;
    for (size_t i = 0; i < tk_hunt_name_count(r->hunt); i++, written++) {
        const struct tk_hunt_name *n = tk_hunt_name_at(r->hunt, i);
        fputs(written ? ",{\"name\":" : "{\"name\":", out);
        tk_json_put_string(out, n->name, n->name_len);
        putc(',', out);
        json_matches(out, r, n);
        if (!is_domain_mode(r)) {
            fprintf(out, ",\"queries\":%" PRIu64 ",\"clients\":%" PRIu64, n->queries,
                    n->clients);
            json_seen(out, n->first_seen, n->last_seen);
        }
        putc('}', out);
    }
    for (size_t i = 0; i < r->domain_count; i++) {
        if (hunt_has(r->hunt, r->domains[i]))
            continue;
        fputs(written++ ? ",{\"name\":" : "{\"name\":", out);
        tk_json_put_text(out, r->domains[i]);
        fputs(r->domain_excluded[i] ? ",\"matches\":[],\"excluded\":true}" : ",\"matches\":[]}",
              out);
    }
    putc(']', out);
    if (!is_domain_mode(r)) {
        fputs(",\"clients\":[", out);
        for (size_t i = 0; i < tk_hunt_client_count(r->hunt); i++) {
            const struct tk_hunt_client *c = tk_hunt_client_at(r->hunt, i);
            fputs(i ? ",{\"client\":" : "{\"client\":", out);
            tk_json_put_text(out, c->client);
            fputs(",\"family\":", out);
            tk_json_put_text(out, c->family);
            fprintf(out, ",\"names\":%" PRIu64 ",\"queries\":%" PRIu64, c->names, c->queries);
            json_seen(out, c->first_seen, c->last_seen);
            putc('}', out);
        }
        putc(']', out);
    }
    fputs("}\n", out);
}
