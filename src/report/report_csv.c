/* report_csv.c - the report as one CSV table (RFC 4180, docs/report.md): a row for the
 * total, a row per group of each grouping, then the spam rows:
 *   dimension,key,name,distinct,share,exact,events,messages,recipients */
#include <inttypes.h>

#include "report/report_util.h"
#include "report/text_escape.h"
#include "takedown/report.h"

int tk_report_write_csv(FILE *out, const struct tk_report *r, struct tk_error *err)
{
    const struct tk_distinct *recipients = tk_tally_spam_recipients(r->tally);
    size_t bots = r->top && r->top < r->bot_count ? r->top : r->bot_count;
    char buf[16], address[64];

    fputs("dimension,key,name,distinct,share,exact,events,messages,recipients\n", out);
    fprintf(out, "total,,,%" PRIu64 ",1.000000,%s,%" PRIu64 ",,\n", r->total,
            r->total_exact ? "true" : "false", tk_tally_events(r->tally));
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        if (!(r->dimensions & 1u << d))
            continue;
        for (size_t i = 0; i < tk_report_listed(r, (enum tk_dimension)d); i++) {
            const struct tk_group_count *gc = &r->by[d].groups[i];
            fprintf(out, "%s,", tk_dimension_name((enum tk_dimension)d));
            report_csv_field(out, tk_tally_group_key(r->tally, (enum tk_dimension)d, gc->group, buf));
            putc(',', out);
            report_csv_field(out, tk_report_group_name(r, (enum tk_dimension)d, gc->group));
            fprintf(out, ",%" PRIu64 ",%.6f,%s,%" PRIu64 ",,\n", gc->distinct,
                    tk_report_share(r, gc->distinct), gc->exact ? "true" : "false",
                    gc->group->events);
        }
    }
    if (r->bot_count > 0)
        fprintf(out, "spam_total,,,%zu,,%s,,%" PRIu64 ",%" PRIu64 "\n", r->bot_count,
                tk_distinct_is_exact(recipients) ? "true" : "false",
                tk_tally_spam_messages(r->tally), tk_distinct_count(recipients));
    for (size_t i = 0; i < bots; i++) {
        const struct tk_bot *bot = r->bots[i];
        report_format_address(bot->family, bot->addr, address);
        fprintf(out, "spam_bot,%s,%s,1,,%s,,%" PRIu64 ",%" PRIu64 "\n", address,
                bot->country[0] ? bot->country : "--",
                tk_distinct_is_exact(&bot->recipients) ? "true" : "false", bot->messages,
                tk_distinct_count(&bot->recipients));
    }
    return report_check_stream(out, err);
}
