/* report_json.c - the report as one JSON object (docs/report.md): totals, every group with
 * its key, distinct addresses, share of the total and whether the count is exact, spam
 * per bot, the inputs and the databases. */
#include <inttypes.h>

#include "report/report_util.h"
#include "takedown/json_write.h"
#include "takedown/report.h"

static void write_day_or_null(FILE *out, int has, tk_day day)
{
    char text[11];
    if (!has) {
        fputs("null", out);
        return;
    }
    tk_day_format(day, text);
    tk_json_put_text(out, text);
}

static void write_groups(FILE *out, const struct tk_report *r, enum tk_dimension d)
{
    size_t listed = tk_report_listed(r, d);
    char buf[16];

    fprintf(out, "\"%s\":[", tk_dimension_name(d));
    for (size_t i = 0; i < listed; i++) {
        const struct tk_group_count *gc = &r->by[d].groups[i];
        const char *name = tk_report_group_name(r, d, gc->group);
        fputs(i ? ",\n  {" : "\n  {", out);
        fputs("\"key\":", out);
        tk_json_put_text(out, tk_tally_group_key(r->tally, d, gc->group, buf));
        if (d == TK_BY_ASN)
            fprintf(out, ",\"asn\":%" PRIu64, gc->group->key);
        if (name[0]) {
            fputs(",\"name\":", out);
            tk_json_put_text(out, name);
        }
        fprintf(out, ",\"distinct\":%" PRIu64 ",\"share\":%.6f,\"exact\":%s,\"events\":%" PRIu64 "}",
                gc->distinct, tk_report_share(r, gc->distinct), gc->exact ? "true" : "false",
                gc->group->events);
    }
    fprintf(out, "]");
    if (listed < r->by[d].count)
        fprintf(out, ",\"%s_more\":%zu", tk_dimension_name(d), r->by[d].count - listed);
}

/* The start of the i-th object of a list of located addresses (a bot, a resolver):
 * {"address":...,"country":...,"asn":N, left open for the caller's own members. */
static void write_located(FILE *out, size_t i, int family, const uint8_t *addr,
                          const char *country, uint32_t asn)
{
    char address[64];
    report_format_address(family, addr, address);
    fputs(i ? ",\n  {\"address\":" : "\n  {\"address\":", out);
    tk_json_put_text(out, address);
    fputs(",\"country\":", out);
    tk_json_put_text(out, country[0] ? country : NULL);
    fprintf(out, ",\"asn\":%u", (unsigned)asn);
}

static void write_spam(FILE *out, const struct tk_report *r)
{
    const struct tk_distinct *recipients = tk_tally_spam_recipients(r->tally);
    size_t listed = r->top && r->top < r->bot_count ? r->top : r->bot_count;

    fprintf(out, "\"spam\":{\"messages\":%" PRIu64 ",\"recipients\":%" PRIu64
                 ",\"recipients_exact\":%s,\"bots\":%zu,\"per_bot\":[",
            tk_tally_spam_messages(r->tally), tk_distinct_count(recipients),
            tk_distinct_is_exact(recipients) ? "true" : "false", r->bot_count);
    for (size_t i = 0; i < listed; i++) {
        const struct tk_bot *bot = r->bots[i];
        write_located(out, i, bot->family, bot->addr, bot->country, bot->asn);
        fprintf(out, ",\"messages\":%" PRIu64 ",\"recipients\":%" PRIu64 ",\"exact\":%s}",
                bot->messages, tk_distinct_count(&bot->recipients),
                tk_distinct_is_exact(&bot->recipients) ? "true" : "false");
    }
    fputs("]}", out);
}

static void write_resolvers(FILE *out, const struct tk_report *r)
{
    size_t listed = r->top && r->top < r->resolver_count ? r->top : r->resolver_count;

    fprintf(out, "\"resolvers\":{\"count\":%zu,\"queries\":%" PRIu64 ",\"queries_with_subnet\":%"
                 PRIu64 ",\"list\":[", r->resolver_count, r->resolver_queries,
            r->resolver_queries_subnet);
    for (size_t i = 0; i < listed; i++) {
        const struct tk_resolver *res = r->resolvers[i];
        write_located(out, i, res->family, res->addr, res->country, res->asn);
        fprintf(out, ",\"queries\":%" PRIu64 ",\"with_subnet\":%" PRIu64 "}", res->queries,
                res->with_subnet);
    }
    fputs("]}", out);
}

static void write_inputs(FILE *out, const struct tk_report *r)
{
    fputs("\"inputs\":[", out);
    for (size_t i = 0; i < tk_scan_file_count(r->scan); i++) {
        const struct tk_scan_file *f = tk_scan_file_at(r->scan, i);
        fputs(i ? ",\n  {\"path\":" : "\n  {\"path\":", out);
        tk_json_put_text(out, f->path);
        fputs(",\"format\":", out);
        tk_json_put_text(out, f->format);
        fputs(",\"compression\":", out);
        tk_json_put_text(out, f->compression);
        fprintf(out, ",\"records\":%" PRIu64 ",\"contacts\":%" PRIu64 ",\"bad_records\":%" PRIu64
                     ",\"skipped\":%" PRIu64 ",\"outside_window\":%" PRIu64 ",\"truncated\":%s",
                f->stats.records, f->stats.contacts, f->stats.bad, f->stats.skipped,
                f->outside_window, f->stats.truncated ? "true" : "false");
        if (f->stats.truncated) {
            fputs(",\"truncation\":", out);
            tk_json_put_text(out, f->stats.truncation);
        }
        if (f->failed) {
            fputs(",\"failure\":", out);
            tk_json_put_text(out, f->failure);
        }
        fputs("}", out);
    }
    fputs("],\n\"counts_files\":[", out);
    for (size_t i = 0; i < r->counts_file_count; i++) {
        if (i)
            putc(',', out);
        tk_json_put_text(out, r->counts_files[i]);
    }
    fputs("]", out);
}

static void write_databases(FILE *out, const struct tk_report *r)
{
    char built[11];
    fputs("\"databases\":[", out);
    for (size_t i = 0; i < tk_geo_db_count(r->geo); i++) {
        const struct tk_geo_db_info *db = tk_geo_db(r->geo, i);
        tk_day_format(tk_day_from_unix(db->built), built);
        fputs(i ? ",\n  {\"role\":" : "\n  {\"role\":", out);
        tk_json_put_text(out, db->role);
        fputs(",\"path\":", out);
        tk_json_put_text(out, db->path);
        fputs(",\"type\":", out);
        tk_json_put_text(out, db->type);
        fputs(",\"built\":", out);
        tk_json_put_text(out, built);
        fputs(",\"licence\":", out);
        tk_json_put_text(out, db->licence);
        fputs("}", out);
    }
    fputs("]", out);
}

int tk_report_write_json(FILE *out, const struct tk_report *r, struct tk_error *err)
{
    char stamp[32];

    fputs("{\"generator\":", out);
    tk_json_put_text(out, r->generator);
    report_format_time(r->generated, stamp);
    fputs(",\"generated\":", out);
    tk_json_put_text(out, stamp);
    fputs(",\n\"window\":{\"from\":", out);
    write_day_or_null(out, r->has_from, r->from);
    fputs(",\"to\":", out);
    write_day_or_null(out, r->has_to, r->to);
    fputs("},\"first_event\":", out);
    report_format_time(tk_tally_first_time(r->tally), stamp);
    tk_json_put_text(out, tk_tally_events(r->tally) ? stamp : NULL);
    fputs(",\"last_event\":", out);
    report_format_time(tk_tally_last_time(r->tally), stamp);
    tk_json_put_text(out, tk_tally_events(r->tally) ? stamp : NULL);
    fprintf(out, ",\n\"events\":%" PRIu64 ",\"total\":{\"distinct\":%" PRIu64 ",\"exact\":%s},"
                 "\"exact_limit\":%" PRIu64 ",\"bad_records\":%" PRIu64 ",\n\"groups\":{",
            tk_tally_events(r->tally), r->total, r->total_exact ? "true" : "false",
            tk_tally_exact_limit(r->tally), tk_scan_bad_records(r->scan));
    for (int d = 0, first = 1; d < TK_DIMENSIONS; d++) {
        if (!(r->dimensions & 1u << d))
            continue;
        if (!first)
            fputs(",\n", out);
        first = 0;
        write_groups(out, r, (enum tk_dimension)d);
    }
    fputs("},\n", out);
    write_spam(out, r);
    fputs(",\n", out);
    write_resolvers(out, r);
    fputs(",\n", out);
    write_inputs(out, r);
    fputs(",\n", out);
    write_databases(out, r);
    fputs("}\n", out);
    return report_check_stream(out, err);
}
