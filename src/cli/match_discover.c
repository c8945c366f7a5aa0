/* match_discover.c - `takedown match --discover-seeds all|FAMILY[,...] FILE...`: which
 * seeds of which families explain the names seen in the wild, on which days, how likely by
 * chance, and which names nothing explains (docs/match.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/exclude_option.h"
#include "cli/hunt_options.h"
#include "cli/json.h"
#include "cli/match_cli.h"
#include "cli/progress.h"
#include "takedown/discover.h"
#include "takedown/domain.h"
#include "takedown/local_seeds.h"
#include "takedown/nameset.h"
#include "takedown/sources.h"

/* Days of slack around the observed dates: a name is queried while it is active, and
 * feeds date a name by when they saw it, not by the day that generated it. */
#define DATE_SLACK 14

struct observed {
    struct tk_nameset *names; /* distinct lower-case names; tag days = first and last seen */
    int64_t first_time, last_time;
    uint64_t records;
};

static int read_names(const struct match_discover_options *o, struct observed *obs,
                      struct tk_error *err)
{
    for (size_t i = 0; i < o->file_count; i++) {
        struct tk_log_reader *reader;
        struct tk_log_record rec;
        int rc = tk_log_open(o->files[i], o->input_format, &reader, err);
        if (rc)
            return rc;
        while ((rc = tk_log_next(reader, &rec, err)) != TK_ERR_STOP) {
            if (rc == TK_ERR_DATA) {
                if (tk_log_malformed(reader) <= 10 && !o->quiet)
                    cli_error("match: %s", err->message);
                continue;
            }
            if (rc != TK_OK) {
                tk_log_close(reader);
                return rc;
            }
            char lower[256];
            size_t len = tk_domain_key(rec.name, rec.name_len, lower);
            if (len == 0)
                continue;
            tk_day day = rec.time == TK_LOG_NO_TIME ? 0 : tk_day_from_unix(rec.time);
            if (tk_nameset_add(obs->names, lower, len, rec.time != TK_LOG_NO_TIME, day, day)) {
                tk_log_close(reader);
                return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
            }
            if (rec.time != TK_LOG_NO_TIME) {
                if (obs->first_time == INT64_MIN || rec.time < obs->first_time)
                    obs->first_time = rec.time;
                if (obs->last_time == INT64_MIN || rec.time > obs->last_time)
                    obs->last_time = rec.time;
            }
            obs->records++;
        }
        if (tk_log_end_note(reader) && !o->quiet)
            cli_error("match: %s: %s", o->files[i], tk_log_end_note(reader));
        tk_log_close(reader);
    }
    return TK_OK;
}

static int parse_range(const char *text, int64_t *first, int64_t *last, struct tk_error *err)
{
    char *end;
    int base = strncmp(text, "0x", 2) == 0 || strncmp(text, "0X", 2) == 0 ? 16 : 10;
    errno = 0;
    long long a = strtoll(text, &end, base);
    if (errno == ERANGE)
        return tk_error_set(err, TK_ERR_USAGE, "--range: '%s' is out of range", text);
    if (end == text || *end != '-')
        return tk_error_set(err, TK_ERR_USAGE, "--range: expected LO-HI (0-65535, "
                            "0x0-0xFFFFFFFF), got '%s'", text);
    const char *second = end + 1;
    base = strncmp(second, "0x", 2) == 0 || strncmp(second, "0X", 2) == 0 ? 16 : 10;
    long long b = strtoll(second, &end, base);
    if (errno == ERANGE)
        return tk_error_set(err, TK_ERR_USAGE, "--range: '%s' is out of range", text);
    if (end == second || *end || b < a)
        return tk_error_set(err, TK_ERR_USAGE, "--range: expected LO-HI with LO <= HI, got '%s'",
                            text);
    *first = a;
    *last = b;
    return TK_OK;
}

static void on_progress(void *ctx, double done)
{
    progress_update(ctx, done, NULL);
}

/* The days seed s explains, as "first..last" of its matches. */
static void seed_days(const struct tk_discover_seed *s, char *buf, size_t size)
{
    tk_day first = s->matches[0].first, last = s->matches[0].last;
    for (size_t i = 1; i < s->match_count; i++) {
        if (s->matches[i].first < first)
            first = s->matches[i].first;
        if (s->matches[i].last > last)
            last = s->matches[i].last;
    }
    char a[11], b[11];
    tk_day_format(first, a);
    tk_day_format(last, b);
    if (first == last)
        snprintf(buf, size, "%s", a);
    else
        snprintf(buf, size, "%s..%s", a, b);
}

static const char *origin_text(enum tk_discover_origin origin)
{
    switch (origin) {
    case TK_DISCOVER_BUILT_IN: return "built-in";
    case TK_DISCOVER_SEEDS_FILE: return "seeds-file";
    default: return "found";
    }
}

/* What a run read and searched, for every output format. */
struct discovery {
    const char *const *names;
    size_t count;
    const char *const *excluded;
    size_t excluded_count;
    tk_day from, to;
    double seconds;
    struct tk_discover_result result;
};

static void print_table(FILE *out, const struct discovery *d)
{
    const struct tk_discover_result *r = &d->result;
    char a[11], b[11];
    tk_day_format(d->from, a);
    tk_day_format(d->to, b);
    fprintf(out, "%zu distinct names, window %s to %s, %.1f s", d->count, a, b, d->seconds);
    if (d->excluded_count)
        fprintf(out, "; %zu on the exclude list, never searched", d->excluded_count);
    fputs("\n\n", out);
    fprintf(out, "%-22s %6s %8s %10s %10s  %s\n", "FAMILY", "NAMES", "SEARCHED", "SPACE",
            "CANDIDATES", "METHOD");
    for (size_t i = 0; i < r->family_count; i++) {
        const struct tk_discover_family *f = &r->families[i];
        fprintf(out, "%-22s %6zu %8zu %10.3g %10llu  %s\n", f->family->name, f->eligible,
                f->searched, f->space, (unsigned long long)f->candidates,
                f->method ? f->method : "(the seed cannot be searched)");
    }
    fputc('\n', out);
    if (r->count == 0)
        fputs("no seed explains any of the names\n", out);
    else
        fprintf(out, "%-14s %-10s %-12s %-10s %6s  %-22s %-9s %s\n", "FAMILY", "VARIANT", "SEED",
                "ORIGIN", "NAMES", "DAYS", "CHANCE", "EXAMPLES");
    for (size_t i = 0; i < r->count; i++) {
        const struct tk_discover_seed *s = &r->seeds[i];
        char days[32], chance[24];
        seed_days(s, days, sizeof days);
        snprintf(chance, sizeof chance, "%s%.0e", s->weak ? "weak " : "", s->expected);
        fprintf(out, "%-14s %-10s %-12s %-10s %6zu  %-22s %-9s", s->family->name,
                s->variant->name, s->text, origin_text(s->origin), s->match_count, days, chance);
        for (size_t k = 0; k < s->match_count && k < 3; k++)
            fprintf(out, " %s", d->names[s->matches[k].name]);
        fputc('\n', out);
    }
    fprintf(out, "\n%zu of %zu names unexplained", r->unexplained_count, d->count);
    for (size_t i = 0; i < r->unexplained_count && i < 20; i++)
        fprintf(out, "%s%s", i ? " " : ": ", d->names[r->unexplained[i]]);
    if (r->unexplained_count > 20)
        fputs(" ...", out);
    fputs("\n(a weak seed's chance figure is not below 0.001: it may be a coincidence; "
          "--format csv or json lists every name)\n", out);
}

static void print_csv(FILE *out, const struct discovery *d)
{
    const struct tk_discover_result *r = &d->result;
    fputs("family,variant,seed,origin,weak,expected,domain,first_date,last_date\n", out);
    for (size_t i = 0; i < r->count; i++) {
        const struct tk_discover_seed *s = &r->seeds[i];
        for (size_t k = 0; k < s->match_count; k++) {
            char a[11], b[11];
            tk_day_format(s->matches[k].first, a);
            tk_day_format(s->matches[k].last, b);
            fprintf(out, "%s,%s,%s,%s,%s,%.3g,%s,%s,%s\n", s->family->name, s->variant->name,
                    s->text, origin_text(s->origin), s->weak ? "yes" : "no", s->expected,
                    d->names[s->matches[k].name], a, b);
        }
    }
    for (size_t i = 0; i < r->unexplained_count; i++)
        fprintf(out, ",,,,,,%s,,\n", d->names[r->unexplained[i]]);
}

static void print_json(FILE *out, const struct discovery *d)
{
    const struct tk_discover_result *r = &d->result;
    char a[11], b[11];
    tk_day_format(d->from, a);
    tk_day_format(d->to, b);
    fprintf(out, "{\"names\":%zu,\"window\":{\"from\":\"%s\",\"to\":\"%s\"},\"seconds\":%.2f,"
            "\"excluded\":[", d->count, a, b, d->seconds);
    for (size_t i = 0; i < d->excluded_count; i++) {
        fputs(i ? "," : "", out);
        json_string(out, d->excluded[i]);
    }
    fputs("],\"families\":[", out);
    for (size_t i = 0; i < r->family_count; i++) {
        const struct tk_discover_family *f = &r->families[i];
        fprintf(out, "%s{\"family\":", i ? "," : "");
        json_string(out, f->family->name);
        fprintf(out, ",\"eligible\":%zu,\"searched\":%zu,\"space\":%.17g,\"candidates\":%llu,"
                "\"calibration\":%.3g,\"method\":", f->eligible, f->searched, f->space,
                (unsigned long long)f->candidates, f->calibration);
        json_string(out, f->method);
        fputc('}', out);
    }
    fputs("],\"seeds\":[", out);
    for (size_t i = 0; i < r->count; i++) {
        const struct tk_discover_seed *s = &r->seeds[i];
        fprintf(out, "%s{\"family\":", i ? "," : "");
        json_string(out, s->family->name);
        fputs(",\"variant\":", out);
        json_string(out, s->variant->name);
        fputs(",\"seed\":", out);
        json_string(out, s->text);
        fputs(",\"params\":", out);
        json_string(out, s->params);
        fprintf(out, ",\"origin\":\"%s\",\"known\":%s,\"weak\":%s,\"expected\":%.3g,"
                "\"space\":%.17g,\"generated\":%llu,\"names\":[", origin_text(s->origin),
                s->origin == TK_DISCOVER_FOUND ? "false" : "true", s->weak ? "true" : "false",
                s->expected, s->space, (unsigned long long)s->generated);
        for (size_t k = 0; k < s->match_count; k++) {
            char d1[11], d2[11];
            tk_day_format(s->matches[k].first, d1);
            tk_day_format(s->matches[k].last, d2);
            fprintf(out, "%s{\"name\":", k ? "," : "");
            json_string(out, d->names[s->matches[k].name]);
            fprintf(out, ",\"first\":\"%s\",\"last\":\"%s\"}", d1, d2);
        }
        fputs("]}", out);
    }
    fputs("],\"unexplained\":[", out);
    for (size_t i = 0; i < r->unexplained_count; i++) {
        fputs(i ? "," : "", out);
        json_string(out, d->names[r->unexplained[i]]);
    }
    fputs("]}\n", out);
}

/* The provenance of a found seed: when, by which command, from which names and days. */
static void provenance(const struct match_discover_options *o, const struct discovery *d,
                       const struct tk_discover_seed *s, char *note, size_t size)
{
    char today[11], days[32];
    size_t used;
    tk_day_format(tk_day_from_unix((int64_t)time(NULL)), today);
    seed_days(s, days, sizeof days);
    used = (size_t)snprintf(note, size, "found %s by `%s`: %zu name%s, %s, chance %.0e:", today,
                            o->command, s->match_count, s->match_count == 1 ? "" : "s", days,
                            s->expected);
    for (size_t k = 0; k < s->match_count && used + 1 < size; k++) {
        const char *name = d->names[s->matches[k].name];
        if (used + strlen(name) + 6 >= size) {
            snprintf(note + used, size - used, " ...");
            break;
        }
        used += (size_t)snprintf(note + used, size - used, " %s", name);
    }
}

/* Merges the strong seeds the search found into the seeds file. */
static int save_seeds(const struct match_discover_options *o, const struct discovery *d,
                      size_t *saved, struct tk_error *err)
{
    const struct tk_discover_result *r = &d->result;
    struct tk_seed_line *lines = calloc(r->count ? r->count : 1, sizeof *lines);
    char (*notes)[1024] = calloc(r->count ? r->count : 1, sizeof *notes);
    size_t n = 0;
    int rc;

    if (lines == NULL || notes == NULL) {
        free(lines);
        free(notes);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < r->count; i++) {
        const struct tk_discover_seed *s = &r->seeds[i];
        if (s->origin != TK_DISCOVER_FOUND || s->weak)
            continue;
        provenance(o, d, s, notes[n], sizeof notes[n]);
        lines[n] = (struct tk_seed_line){s->family, s->variant->name, s->params, notes[n]};
        n++;
    }
    rc = tk_local_seeds_merge(*o->save ? o->save : NULL, lines, n, saved, err);
    free(lines);
    free(notes);
    return rc;
}

static int load_seeds(const struct match_discover_options *o, struct tk_source_list *seeds,
                      struct tk_error *err)
{
    /* The seeds are re-run over the window from their parameters: any day will do here. */
    const char *keys[] = {"date"}, *values[] = {"2000-01-01"};
    struct tk_overrides any_day = {keys, values, 1};
    int rc = TK_OK;
    if (o->seeds_file)
        rc = tk_sources_load_file(seeds, o->seeds_file, NULL, NULL, &any_day, err);
    if (rc == TK_OK && !o->no_local_seeds)
        rc = tk_local_seeds_add(seeds, NULL, NULL, NULL, &any_day, NULL, err);
    return rc;
}

/* Sets aside the names on the exclude list: a seed is never reported for them. */
static int split_excluded(const struct match_discover_options *o, const char **names,
                          size_t *count, const char **excluded, size_t *excluded_count,
                          struct tk_error *err)
{
    struct tk_allowlist *exclude = NULL;
    int rc = exclude_option_load(!o->no_default_exclude, o->exclude, &exclude, err);
    size_t kept = 0;
    *excluded_count = 0;
    for (size_t i = 0; rc == TK_OK && i < *count; i++) {
        if (exclude && tk_allowlist_contains(exclude, names[i], strlen(names[i])))
            excluded[(*excluded_count)++] = names[i];
        else
            names[kept++] = names[i];
    }
    if (rc == TK_OK)
        *count = kept;
    tk_allowlist_free(exclude);
    return rc;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    return (double)(end.tv_sec - start->tv_sec) + (double)(end.tv_nsec - start->tv_nsec) / 1e9;
}

static void print_result(const struct match_discover_options *o, FILE *out,
                         const struct discovery *d)
{
    if (o->format == MATCH_JSON)
        print_json(out, d);
    else if (o->format == MATCH_CSV)
        print_csv(out, d);
    else
        print_table(out, d);
}

static int run(const struct match_discover_options *o, FILE *out, struct tk_error *err)
{
    struct observed obs = {tk_nameset_new(), INT64_MIN, INT64_MIN, 0};
    struct tk_discover_options opt = {0};
    struct tk_source_list seeds = {0};
    const struct tk_family **families = NULL;
    struct discovery d = {0};
    const char **names = NULL, **excluded = NULL;
    char **copies = NULL;
    size_t count = 0;
    int given = 0, rc;

    if (o->file_count == 0)
        rc = tk_error_set(err, TK_ERR_USAGE, "--discover-seeds needs files of observed names");
    else if (obs.names == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    else if ((rc = cli_families(o->families, &families, &opt.family_count, err))) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        tk_error_set(err, rc, "--discover-seeds: expected all or families, comma-separated: %s",
                     why);
    }
    opt.families = families;
    if (rc == TK_OK && o->range) {
        rc = parse_range(o->range, &opt.first_seed, &opt.last_seed, err);
        opt.range_given = 1;
    }
    if (rc == TK_OK)
        rc = cli_window(o->from, o->to, o->days, &d.from, &d.to, &given, err);
    if (rc == TK_OK)
        rc = load_seeds(o, &seeds, err);
    if (rc == TK_OK)
        rc = read_names(o, &obs, err);
    if (rc == TK_OK && !given) {
        if (obs.first_time == INT64_MIN) {
            rc = tk_error_set(err, TK_ERR_USAGE, "the names carry no dates: give the window "
                              "they were seen in with --from D --to D");
        } else {
            d.from = tk_day_from_unix(obs.first_time) - DATE_SLACK;
            d.to = tk_day_from_unix(obs.last_time) + DATE_SLACK;
        }
    }
    if (rc == TK_OK && (count = tk_nameset_count(obs.names)) == 0)
        rc = tk_error_set(err, TK_ERR_DATA, "no names in the input");
    if (rc == TK_OK) {
        names = calloc(count, sizeof *names);
        excluded = calloc(count, sizeof *excluded);
        copies = calloc(count, sizeof *copies);
        if (names == NULL || excluded == NULL || copies == NULL)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; rc == TK_OK && i < count; i++) {
        size_t len;
        const char *n = tk_nameset_name(obs.names, i, &len);
        if ((copies[i] = strndup(n, len)) == NULL)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        names[i] = copies[i];
    }
    size_t total = count;
    if (rc == TK_OK)
        rc = split_excluded(o, names, &count, excluded, &d.excluded_count, err);
    if (rc == TK_OK) {
        struct progress bar;
        struct timespec start;
        opt.from = d.from;
        opt.to = d.to;
        opt.threads = o->threads;
        opt.min_names = (size_t)o->min_names;
        opt.no_known_seeds = o->no_known_seeds;
        opt.per_candidate = o->per_candidate;
        opt.seeds = &seeds;
        opt.progress = on_progress;
        opt.progress_ctx = &bar;
        progress_start(&bar, "discover", o->quiet);
        clock_gettime(CLOCK_MONOTONIC, &start);
        rc = tk_discover_seeds(&opt, names, count, &d.result, err);
        d.seconds = seconds_since(&start);
        progress_done(&bar);
    }
    if (rc == TK_OK) {
        d.names = names;
        d.count = count;
        d.excluded = excluded;
        print_result(o, out, &d);
        size_t saved = 0;
        if (o->save && (rc = save_seeds(o, &d, &saved, err)) == TK_OK && !o->quiet) {
            char path[4096];
            if (*o->save)
                snprintf(path, sizeof path, "%s", o->save);
            else if (tk_local_seeds_path(path, sizeof path) != 0)
                snprintf(path, sizeof path, "(no local seeds file)");
            cli_error("match: %zu new seeds added to %s", saved, path);
        }
    }
    for (size_t i = 0; copies && i < total; i++)
        free(copies[i]);
    free(copies);
    free(names);
    free(excluded);
    free(families);
    tk_discover_result_free(&d.result);
    tk_sources_free(&seeds);
    tk_nameset_free(obs.names);
    return rc;
}

int match_discover(const struct match_discover_options *o, FILE *out)
{
    struct tk_error err = {0};
    return run(o, out, &err) == TK_OK ? EXIT_OK : cli_fail(&err);
}
