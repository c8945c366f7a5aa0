/* report_html.c - the report as one self-contained HTML page: inline CSS and inline SVG
 * charts (infected hosts per day, ranked countries, networks and families, spam per bot),
 * the figures as tables, what was read and the databases with their attributions. No
 * script, no font, no image, no link: opening it makes no network request. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_util.h"
#include "takedown/svg_chart.h"
#include "report/text_escape.h"
#include "takedown/country.h"
#include "takedown/report.h"

#define CHART_BARS 20

static const char style[] =
"body{font-family:sans-serif;margin:2em auto;max-width:1000px;color:#1d2733;background:#fff}"
"h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccd}"
".lead{font-size:1.15em}.figures{display:flex;gap:1em;flex-wrap:wrap;margin:1em 0}"
".figure{background:#eef3f8;padding:.8em 1.2em;border-radius:4px}"
".figure b{display:block;font-size:1.6em}"
"table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .7em;text-align:right}"
"td:first-child,th:first-child,td.text,th.text{text-align:left}tr:nth-child(even){background:#f5f7fa}"
".chart .bar{fill:#2f6ea5}.chart .label,.chart .value,.chart .axis{font-size:12px;fill:#1d2733}"
".chart .grid{stroke:#dde;stroke-width:1}.note{color:#556;font-size:.9em}";

/* 1234567 as "1,234,567", with "~" in front of an estimate. */
static void format_count(uint64_t n, int exact, char *buf, size_t size)
{
    char digits[32], *p = buf;
    int len = snprintf(digits, sizeof digits, "%" PRIu64, n);
    if (!exact)
        *p++ = '~';
    for (int i = 0; i < len && (size_t)(p - buf) + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            *p++ = ',';
        *p++ = digits[i];
    }
    *p = '\0';
}

static void write_head(FILE *out, const struct tk_report *r)
{
    char total[40], first[32], last[32], day[11];

    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width\">"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\"><title>takedown report</title><style>", out);
    fputs(style, out);
    fputs("</style></head><body>\n", out);
    format_count(r->total, r->total_exact, total, sizeof total);
    fprintf(out, "<h1>Infected hosts: <span id=\"total\">%s</span> distinct addresses</h1>\n",
            total);
    fputs("<p class=\"lead\">", out);
    if (tk_tally_events(r->tally)) {
        report_format_time(tk_tally_first_time(r->tally), first);
        report_format_time(tk_tally_last_time(r->tally), last);
        fprintf(out, "%" PRIu64 " events from %s to %s", tk_tally_events(r->tally), first, last);
    } else {
        fputs("No events", out);
    }
    if (r->has_from || r->has_to) {
        fputs(", window ", out);
        if (r->has_from) {
            tk_day_format(r->from, day);
            fputs(day, out);
        }
        fputs(" to ", out);
        if (r->has_to) {
            tk_day_format(r->to, day);
            fputs(day, out);
        }
    }
    fputs(" (UTC).</p>\n", out);
}

/* The headline: each of the largest countries as a share of the total. */
static void write_figures(FILE *out, const struct tk_report *r)
{
    const struct tk_report_groups *countries = &r->by[TK_BY_COUNTRY];
    char buf[40];

    fputs("<div class=\"figures\">", out);
    format_count(tk_tally_events(r->tally), 1, buf, sizeof buf);
    fprintf(out, "<div class=\"figure\"><b>%s</b>events</div>", buf);
    format_count(r->by[TK_BY_COUNTRY].count, 1, buf, sizeof buf);
    fprintf(out, "<div class=\"figure\"><b>%s</b>countries</div>", buf);
    format_count(r->by[TK_BY_ASN].count, 1, buf, sizeof buf);
    fprintf(out, "<div class=\"figure\"><b>%s</b>networks</div>", buf);
    for (size_t i = 0; i < countries->count && i < 3; i++) {
        const struct tk_group_count *gc = &countries->groups[i];
        fprintf(out, "<div class=\"figure\"><b>%.2f %%</b>in ",
                100.0 * tk_report_share(r, gc->distinct));
        report_html_text(out, tk_report_group_name(r, TK_BY_COUNTRY, gc->group));
        fputs("</div>", out);
    }
    fputs("</div>\n", out);
}

static void write_days(FILE *out, const struct tk_report *r)
{
    const struct tk_report_groups *days = &r->by[TK_BY_DAY];
    const char **labels;
    double *values;
    char (*text)[16];

    if (days->count == 0)
        return;
    labels = malloc(days->count * sizeof *labels);
    values = malloc(days->count * sizeof *values);
    text = malloc(days->count * sizeof *text);
    if (labels && values && text) {
        for (size_t i = 0; i < days->count; i++) {
            labels[i] = tk_tally_group_key(r->tally, TK_BY_DAY, days->groups[i].group, text[i]);
            values[i] = (double)days->groups[i].distinct;
        }
        fputs("<h2>Infected hosts per day</h2>\n", out);
        tk_svg_column_chart(out, "Distinct infected addresses per day (UTC)", labels, values,
                         days->count);
    }
    free(labels);
    free(values);
    free(text);
}

/* A ranked chart of one grouping, then its table. */
static void write_ranking(FILE *out, const struct tk_report *r, enum tk_dimension d,
                          const char *heading)
{
    const struct tk_report_groups *g = &r->by[d];
    size_t bars = g->count < CHART_BARS ? g->count : CHART_BARS;
    struct tk_chart_bar *chart;
    char (*labels)[96], (*texts)[64], key[16], count[40];

    if (g->count == 0)
        return;
    chart = malloc(bars * sizeof *chart);
    labels = malloc(bars * sizeof *labels);
    texts = malloc(bars * sizeof *texts);
    fputs("<h2>", out);
    report_html_text(out, heading);
    fputs("</h2>\n", out);
    if (chart && labels && texts) {
        for (size_t i = 0; i < bars; i++) {
            const struct tk_group_count *gc = &g->groups[i];
            const char *k = tk_tally_group_key(r->tally, d, gc->group, key);
            const char *name = tk_report_group_name(r, d, gc->group);
            snprintf(labels[i], sizeof labels[i], "%s%s%.60s", k, k[0] && name[0] ? " " : "", name);
            format_count(gc->distinct, gc->exact, count, sizeof count);
            snprintf(texts[i], sizeof texts[i], "%s (%.2f %%)", count,
                     100.0 * tk_report_share(r, gc->distinct));
            chart[i].label = labels[i];
            chart[i].value = (double)gc->distinct;
            chart[i].text = texts[i];
        }
        tk_svg_bar_chart(out, heading, chart, bars);
    }
    free(chart);
    free(labels);
    free(texts);
    fprintf(out, "<table class=\"%s\"><tr><th>%s</th><th class=\"text\">name</th><th>distinct addresses</th>"
                 "<th>share</th><th>events</th></tr>\n",
            tk_dimension_name(d), tk_dimension_name(d));
    for (size_t i = 0; i < tk_report_listed(r, d); i++) {
        const struct tk_group_count *gc = &g->groups[i];
        fputs("<tr><td>", out);
        report_html_text(out, tk_tally_group_key(r->tally, d, gc->group, key));
        fputs("</td><td class=\"text\">", out);
        report_html_text(out, tk_report_group_name(r, d, gc->group));
        format_count(gc->distinct, gc->exact, count, sizeof count);
        fprintf(out, "</td><td>%s</td><td>%.2f %%</td><td>%" PRIu64 "</td></tr>\n", count,
                100.0 * tk_report_share(r, gc->distinct), gc->group->events);
    }
    fputs("</table>\n", out);
    if (tk_report_listed(r, d) < g->count)
        fprintf(out, "<p class=\"note\">%zu more not listed.</p>\n", g->count - tk_report_listed(r, d));
}

static void write_spam(FILE *out, const struct tk_report *r)
{
    const struct tk_distinct *recipients = tk_tally_spam_recipients(r->tally);
    size_t bars = r->bot_count < CHART_BARS ? r->bot_count : CHART_BARS;
    struct tk_chart_bar *chart;
    char (*labels)[80], (*texts)[120], messages[40], count[40];

    if (r->bot_count == 0)
        return;
    fputs("<h2>Spam per bot</h2>\n", out);
    format_count(tk_tally_spam_messages(r->tally), 1, messages, sizeof messages);
    format_count(tk_distinct_count(recipients), tk_distinct_is_exact(recipients), count,
                 sizeof count);
    fprintf(out, "<p><span id=\"spam-messages\">%s</span> messages to "
                 "<span id=\"spam-recipients\">%s</span> distinct recipients from %zu bots.</p>\n",
            messages, count, r->bot_count);
    chart = malloc(bars * sizeof *chart);
    labels = malloc(bars * sizeof *labels);
    texts = malloc(bars * sizeof *texts);
    if (chart && labels && texts) {
        for (size_t i = 0; i < bars; i++) {
            const struct tk_bot *bot = r->bots[i];
            char address[64];
            report_format_address(bot->family, bot->addr, address);
            snprintf(labels[i], sizeof labels[i], "%s %s", address,
                     bot->country[0] ? bot->country : "--");
            format_count(bot->messages, 1, messages, sizeof messages);
            format_count(tk_distinct_count(&bot->recipients),
                         tk_distinct_is_exact(&bot->recipients), count, sizeof count);
            snprintf(texts[i], sizeof texts[i], "%s messages, %s recipients", messages, count);
            chart[i].label = labels[i];
            chart[i].value = (double)bot->messages;
            chart[i].text = texts[i];
        }
        tk_svg_bar_chart(out, "Messages per bot", chart, bars);
    }
    free(chart);
    free(labels);
    free(texts);
}

static void write_resolvers(FILE *out, const struct tk_report *r)
{
    size_t listed = r->top && r->top < r->resolver_count ? r->top : r->resolver_count;
    char address[64];

    if (r->resolver_count == 0)
        return;
    fprintf(out, "<h2>Resolvers seen</h2>\n<p><span id=\"resolvers\">%zu</span> resolvers sent "
                 "%" PRIu64 " DNS queries; %" PRIu64 " carried a Client Subnet and count for its "
                 "hosts, the rest name no host. Resolvers are not infected hosts and are not in "
                 "the counts above.</p>\n<table><tr><th>resolver</th><th>country</th><th>asn</th>"
                 "<th>queries</th><th>with client subnet</th></tr>\n",
            r->resolver_count, r->resolver_queries, r->resolver_queries_subnet);
    for (size_t i = 0; i < listed; i++) {
        const struct tk_resolver *res = r->resolvers[i];
        report_format_address(res->family, res->addr, address);
        fputs("<tr><td class=\"text\">", out);
        report_html_text(out, address);
        fprintf(out, "</td><td class=\"text\">%s</td><td>%u</td><td>%" PRIu64 "</td><td>%" PRIu64
                     "</td></tr>\n", res->country[0] ? res->country : "--", (unsigned)res->asn,
                res->queries, res->with_subnet);
    }
    fputs("</table>\n", out);
    if (listed < r->resolver_count)
        fprintf(out, "<p class=\"note\">%zu more not listed.</p>\n", r->resolver_count - listed);
}

static void write_sources(FILE *out, const struct tk_report *r)
{
    char built[11];

    fputs("<h2>Sources</h2>\n<table><tr><th>file</th><th>format</th><th>records</th>"
          "<th>contacts</th><th>bad</th><th>outside window</th><th>note</th></tr>\n", out);
    for (size_t i = 0; i < tk_scan_file_count(r->scan); i++) {
        const struct tk_scan_file *f = tk_scan_file_at(r->scan, i);
        fputs("<tr><td>", out);
        report_html_text(out, f->path);
        fprintf(out, "</td><td class=\"text\">%s, %s</td><td>%" PRIu64 "</td><td>%" PRIu64
                     "</td><td>%" PRIu64 "</td><td>%" PRIu64 "</td><td class=\"text\">",
                f->format ? f->format : "?", f->compression ? f->compression : "?",
                f->stats.records, f->stats.contacts, f->stats.bad, f->outside_window);
        report_html_text(out, f->failed ? f->failure : f->stats.truncated ? f->stats.truncation : "");
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
    for (size_t i = 0; i < r->counts_file_count; i++) {
        fputs("<p>Counts saved by another run: ", out);
        report_html_text(out, r->counts_files[i]);
        fputs("</p>\n", out);
    }
    fputs("<p>Places of addresses:</p><ul>\n", out);
    for (size_t i = 0; i < tk_geo_db_count(r->geo); i++) {
        const struct tk_geo_db_info *db = tk_geo_db(r->geo, i);
        tk_day_format(tk_day_from_unix(db->built), built);
        fprintf(out, "<li>%s: ", db->role);
        report_html_text(out, db->type);
        fprintf(out, ", built %s. ", built);
        report_html_text(out, db->licence);
        fputs("</li>\n", out);
    }
    if (tk_geo_db_count(r->geo) == 0)
        fputs("<li>none: no country or ASN database was used</li>\n", out);
    fputs("</ul>\n", out);
}

int tk_report_write_html(FILE *out, const struct tk_report *r, struct tk_error *err)
{
    char stamp[32];

    write_head(out, r);
    write_figures(out, r);
    write_days(out, r);
    write_ranking(out, r, TK_BY_COUNTRY, "Infected hosts by country");
    write_ranking(out, r, TK_BY_ASN, "Top networks (autonomous systems)");
    write_ranking(out, r, TK_BY_FAMILY, "DGA families");
    if (r->by[TK_BY_SEED].count)
        write_ranking(out, r, TK_BY_SEED, "Families, variants and seeds");
    write_spam(out, r);
    write_resolvers(out, r);
    write_sources(out, r);
    report_format_time(r->generated, stamp);
    fprintf(out, "<p class=\"note\">Counts up to %" PRIu64 " are exact; a \"~\" marks a "
                 "HyperLogLog estimate (standard error 0.81 %%). Shares are of the %s distinct "
                 "addresses. Generated by ",
            tk_tally_exact_limit(r->tally), r->total_exact ? "" : "estimated ");
    report_html_text(out, r->generator ? r->generator : "takedown");
    fprintf(out, " at %s.</p>\n</body></html>\n", stamp);
    return report_check_stream(out, err);
}
