/* report_table.c - the report as text for a terminal: the headline figure, then each
 * grouping ranked with distinct addresses, share and events, the spam per bot, what was
 * read and the databases with their licences. Estimated counts carry a "~". */
#include <inttypes.h>
#include <string.h>

#include "report/report_util.h"
#include "takedown/report.h"

static const char *const headings[TK_DIMENSIONS] = {
    "By country", "By network (ASN)", "By day (UTC)", "By DGA family", "By family, variant and seed",
    "By protocol",
};

static void write_count(FILE *out, uint64_t n, int exact, int width)
{
    char text[32];
    snprintf(text, sizeof text, "%s%" PRIu64, exact ? "" : "~", n);
    fprintf(out, "%*s", width, text);
}

static void write_window(FILE *out, const struct tk_report *r)
{
    char day[11];
    if (!r->has_from && !r->has_to)
        return;
    fputs(", window ", out);
    if (r->has_from) {
        tk_day_format(r->from, day);
        fputs(day, out);
    } else {
        fputs("...", out);
    }
    fputs(" to ", out);
    if (r->has_to) {
        tk_day_format(r->to, day);
        fputs(day, out);
    } else {
        fputs("...", out);
    }
}

static void write_groups(FILE *out, const struct tk_report *r, enum tk_dimension d)
{
    size_t listed = tk_report_listed(r, d);
    char buf[16];

    fprintf(out, "\n%-44s %10s %8s %12s\n", headings[d], "distinct", "share", "events");
    for (size_t i = 0; i < listed; i++) {
        const struct tk_group_count *gc = &r->by[d].groups[i];
        const char *key = tk_tally_group_key(r->tally, d, gc->group, buf);
        const char *name = tk_report_group_name(r, d, gc->group);
        char label[64];
        snprintf(label, sizeof label, "%s%s%s", key[0] ? key : "", key[0] && name[0] ? "  " : "",
                 name);
        fprintf(out, "  %-42.42s ", label);
        write_count(out, gc->distinct, gc->exact, 10);
        fprintf(out, " %6.2f %% %12" PRIu64 "\n", 100.0 * tk_report_share(r, gc->distinct),
                gc->group->events);
    }
    if (listed < r->by[d].count)
        fprintf(out, "  (%zu more; --top 0 lists all)\n", r->by[d].count - listed);
}

static void write_spam(FILE *out, const struct tk_report *r)
{
    const struct tk_distinct *recipients = tk_tally_spam_recipients(r->tally);
    size_t listed = r->top && r->top < r->bot_count ? r->top : r->bot_count;
    char address[64];

    if (r->bot_count == 0)
        return;
    fprintf(out, "\nSpam: %" PRIu64 " messages to ", tk_tally_spam_messages(r->tally));
    write_count(out, tk_distinct_count(recipients), tk_distinct_is_exact(recipients), 0);
    fprintf(out, " distinct recipients from %zu bots\n", r->bot_count);
    fprintf(out, "  %-40s %-7s %10s %12s %10s\n", "bot", "country", "asn", "messages", "recipients");
    for (size_t i = 0; i < listed; i++) {
        const struct tk_bot *bot = r->bots[i];
        report_format_address(bot->family, bot->addr, address);
        fprintf(out, "  %-40s %-7s %10u %12" PRIu64 " ", address,
                bot->country[0] ? bot->country : "--", (unsigned)bot->asn, bot->messages);
        write_count(out, tk_distinct_count(&bot->recipients),
                    tk_distinct_is_exact(&bot->recipients), 10);
        putc('\n', out);
    }
    if (listed < r->bot_count)
        fprintf(out, "  (%zu more bots; --top 0 lists all)\n", r->bot_count - listed);
}

/* DNS sources: resolvers (or bots querying without one), kept out of the infected hosts. */
static void write_resolvers(FILE *out, const struct tk_report *r)
{
    size_t listed = r->top && r->top < r->resolver_count ? r->top : r->resolver_count;
    char address[64];

    if (r->resolver_count == 0)
        return;
    fprintf(out, "\nResolvers seen: %zu, %" PRIu64 " DNS queries (%" PRIu64
                 " with a Client Subnet, counted for its hosts; the rest name no host); not in "
                 "the counts above\n",
            r->resolver_count, r->resolver_queries, r->resolver_queries_subnet);
    fprintf(out, "  %-40s %-7s %10s %12s %14s\n", "resolver", "country", "asn", "queries",
            "client subnet");
    for (size_t i = 0; i < listed; i++) {
        const struct tk_resolver *res = r->resolvers[i];
        report_format_address(res->family, res->addr, address);
        fprintf(out, "  %-40s %-7s %10u %12" PRIu64 " %14" PRIu64 "\n", address,
                res->country[0] ? res->country : "--", (unsigned)res->asn, res->queries,
                res->with_subnet);
    }
    if (listed < r->resolver_count)
        fprintf(out, "  (%zu more resolvers; --top 0 lists all)\n", r->resolver_count - listed);
}

static void write_sources(FILE *out, const struct tk_report *r)
{
    char built[11];

    fputs("\nRead:\n", out);
    for (size_t i = 0; i < tk_scan_file_count(r->scan); i++) {
        const struct tk_scan_file *f = tk_scan_file_at(r->scan, i);
        fprintf(out, "  %s (%s, %s): %" PRIu64 " records, %" PRIu64 " contacts, %" PRIu64
                     " bad, %" PRIu64 " outside the window\n",
                f->path, f->format ? f->format : "?", f->compression ? f->compression : "?",
                f->stats.records, f->stats.contacts, f->stats.bad, f->outside_window);
        if (f->stats.truncated)
            fprintf(out, "    truncated: %s\n", f->stats.truncation);
        if (f->failed)
            fprintf(out, "    failed: %s\n", f->failure);
    }
    for (size_t i = 0; i < r->counts_file_count; i++)
        fprintf(out, "  %s (counts saved by another run)\n", r->counts_files[i]);
    if (tk_geo_db_count(r->geo) == 0) {
        fputs("Places: none (no country or ASN database)\n", out);
        return;
    }
    fputs("Places:\n", out);
    for (size_t i = 0; i < tk_geo_db_count(r->geo); i++) {
        const struct tk_geo_db_info *db = tk_geo_db(r->geo, i);
        tk_day_format(tk_day_from_unix(db->built), built);
        fprintf(out, "  %s: %s (%s, built %s), %s\n", db->role, db->path, db->type, built,
                db->licence);
    }
}

int tk_report_write_table(FILE *out, const struct tk_report *r, struct tk_error *err)
{
    int estimates = !r->total_exact;
    char first[32], last[32];

    fputs("Infected hosts (distinct addresses): ", out);
    write_count(out, r->total, r->total_exact, 0);
    fprintf(out, " in %" PRIu64 " events", tk_tally_events(r->tally));
    if (tk_tally_events(r->tally)) {
        report_format_time(tk_tally_first_time(r->tally), first);
        report_format_time(tk_tally_last_time(r->tally), last);
        fprintf(out, " from %s to %s", first, last);
    }
    write_window(out, r);
    fputs("\n", out);
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        if (!(r->dimensions & 1u << d))
            continue;
        write_groups(out, r, (enum tk_dimension)d);
        for (size_t i = 0; i < r->by[d].count; i++)
            estimates |= !r->by[d].groups[i].exact;
    }
    write_spam(out, r);
    write_resolvers(out, r);
    write_sources(out, r);
    if (estimates)
        fprintf(out, "\n~ estimated with HyperLogLog (standard error 0.81 %%); counts up to "
                     "%" PRIu64 " are exact\n", tk_tally_exact_limit(r->tally));
    return report_check_stream(out, err);
}
