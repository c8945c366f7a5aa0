/* match_discover.c - `takedown match --discover-seeds FAMILY FILE...`: which seeds of a
 * family explain the names seen in the wild, and on which days (docs/match.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/hunt_options.h"
#include "cli/json.h"
#include "cli/match_cli.h"
#include "cli/progress.h"
#include "takedown/discover.h"
#include "takedown/domain.h"
#include "takedown/local_seeds.h"
#include "takedown/nameset.h"

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
            size_t len = rec.name_len;
            if (len > 0 && rec.name[len - 1] == '.')
                len--;
            if (len == 0 || len > 253)
                continue;
            tk_domain_lower(rec.name, len, lower);
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
    long long a = strtoll(text, &end, base);
    if (end == text || *end != '-')
        return tk_error_set(err, TK_ERR_USAGE, "--range: expected LO-HI (0-65535, 0x0-0xFFFF), "
                            "got '%s'", text);
    const char *second = end + 1;
    base = strncmp(second, "0x", 2) == 0 || strncmp(second, "0X", 2) == 0 ? 16 : 10;
    long long b = strtoll(second, &end, base);
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
    snprintf(buf, size, "%s..%s", a, b);
}

static void print_table(FILE *out, const struct match_discover_options *o,
                        const struct tk_discover_result *r, const char *const *names, size_t count,
                        tk_day from, tk_day to, int64_t first, int64_t last, double seconds)
{
    char a[11], b[11];
    size_t explained = 0;
    tk_day_format(from, a);
    tk_day_format(to, b);
    fprintf(out, "%s: %zu distinct names, %zu of a %s shape; seeds %lld to %lld tried over %s "
            "to %s in %.1f s (%s)\n\n", o->family, count, r->eligible, o->family,
            (long long)first, (long long)last, a, b, seconds, r->method);
    if (r->count == 0) {
        fprintf(out, "no seed in the range explains any of the names\n");
        return;
    }
    fprintf(out, "%-12s %-10s %-6s %7s  %-22s %s\n", "SEED", "VARIANT", "KNOWN", "NAMES", "DAYS",
            "EXAMPLES");
    for (size_t i = 0; i < r->count; i++) {
        const struct tk_discover_seed *s = &r->seeds[i];
        char days[32];
        seed_days(s, days, sizeof days);
        fprintf(out, "%-12s %-10s %-6s %7zu  %-22s", s->text, s->variant->name,
                s->known ? "yes" : "new", s->match_count, days);
        for (size_t k = 0; k < s->match_count && k < 3; k++)
            fprintf(out, " %s", names[s->matches[k].name]);
        fputc('\n', out);
        explained += s->match_count;
    }
    fprintf(out, "\n%zu name matches in all; names a %s seed explains are listed with --format "
            "csv or json\n", explained, o->family);
}

static void print_csv(FILE *out, const struct tk_discover_result *r, const char *const *names,
                      const char *family)
{
    fputs("family,variant,seed,known,domain,first_date,last_date\n", out);
    for (size_t i = 0; i < r->count; i++) {
        const struct tk_discover_seed *s = &r->seeds[i];
        for (size_t k = 0; k < s->match_count; k++) {
            char a[11], b[11];
            tk_day_format(s->matches[k].first, a);
            tk_day_format(s->matches[k].last, b);
            fprintf(out, "%s,%s,%s,%s,%s,%s,%s\n", family, s->variant->name, s->text,
                    s->known ? "yes" : "no", names[s->matches[k].name], a, b);
        }
    }
}

static void print_json(FILE *out, const struct match_discover_options *o,
                       const struct tk_discover_result *r, const char *const *names, size_t count,
                       tk_day from, tk_day to, int64_t first, int64_t last, double seconds)
{
    char a[11], b[11];
    tk_day_format(from, a);
    tk_day_format(to, b);
    fprintf(out, "{\"family\":");
    json_string(out, o->family);
    fprintf(out, ",\"names\":%zu,\"eligible\":%zu,\"window\":{\"from\":\"%s\",\"to\":\"%s\"},"
            "\"range\":[%lld,%lld],\"candidates\":%llu,\"seconds\":%.2f,\"method\":",
            count, r->eligible, a, b, (long long)first, (long long)last,
            (unsigned long long)r->candidates, seconds);
    json_string(out, r->method);
    fputs(",\"seeds\":[", out);
    for (size_t i = 0; i < r->count; i++) {
        const struct tk_discover_seed *s = &r->seeds[i];
        fprintf(out, "%s{\"seed\":", i ? "," : "");
        json_string(out, s->text);
        fprintf(out, ",\"value\":%lld,\"variant\":", (long long)s->value);
        json_string(out, s->variant->name);
        fprintf(out, ",\"known\":%s,\"names\":[", s->known ? "true" : "false");
        for (size_t k = 0; k < s->match_count; k++) {
            char d1[11], d2[11];
            tk_day_format(s->matches[k].first, d1);
            tk_day_format(s->matches[k].last, d2);
            fprintf(out, "%s{\"name\":", k ? "," : "");
            json_string(out, names[s->matches[k].name]);
            fprintf(out, ",\"first\":\"%s\",\"last\":\"%s\"}", d1, d2);
        }
        fputs("]}", out);
    }
    fputs("]}\n", out);
}

/* Appends the new seeds to the seeds file; returns how many lines were added. */
static int save_seeds(const struct match_discover_options *o, const struct tk_family *family,
                      const struct tk_discover_result *r, size_t *saved, struct tk_error *err)
{
    char today[11], source[128];
    tk_day_format(tk_day_from_unix((int64_t)time(NULL)), today);
    const char *base = strrchr(o->files[0], '/');
    snprintf(source, sizeof source, "%s", base ? base + 1 : o->files[0]);
    *saved = 0;
    for (size_t i = 0; i < r->count; i++) {
        const struct tk_discover_seed *s = &r->seeds[i];
        char params[96], note[256], days[32];
        int appended;
        if (s->known)
            continue;
        seed_days(s, days, sizeof days);
        snprintf(params, sizeof params, "%s=%s", family->seed_param, s->text);
        snprintf(note, sizeof note, "discovered %s in %s: %zu names, %s", today, source,
                 s->match_count, days);
        int rc = tk_local_seeds_append(*o->save ? o->save : NULL, family, s->variant->name,
                                       params, note, &appended, err);
        if (rc)
            return rc;
        *saved += (size_t)appended;
    }
    return TK_OK;
}

static int run(const struct match_discover_options *o, FILE *out, struct tk_error *err)
{
    const struct tk_family *family = tk_family_find(o->family);
    struct observed obs = {tk_nameset_new(), INT64_MIN, INT64_MIN, 0};
    struct tk_discover_options d = {0};
    struct tk_discover_result result = {0};
    const char **names = NULL;
    tk_day from = 0, to = 0;
    int given, rc;

    if (family == NULL)
        rc = tk_error_set(err, TK_ERR_USAGE, "unknown family '%s' (see `takedown families`)",
                          o->family);
    else if (o->file_count == 0)
        rc = tk_error_set(err, TK_ERR_USAGE, "--discover-seeds needs files of observed names");
    else if (obs.names == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    else
        rc = tk_discover_default_range(family, &d.first_seed, &d.last_seed, err);
    if (rc == TK_OK && o->range)
        rc = parse_range(o->range, &d.first_seed, &d.last_seed, err);
    if (rc == TK_OK)
        rc = cli_window(o->from, o->to, o->days, &from, &to, &given, err);
    if (rc == TK_OK)
        rc = read_names(o, &obs, err);
    if (rc == TK_OK && !given) {
        if (obs.first_time == INT64_MIN) {
            rc = tk_error_set(err, TK_ERR_USAGE, "the names carry no dates: give the window "
                              "they were seen in with --from D --to D");
        } else {
            from = tk_day_from_unix(obs.first_time) - DATE_SLACK;
            to = tk_day_from_unix(obs.last_time) + DATE_SLACK;
        }
    }
    size_t count = obs.names ? tk_nameset_count(obs.names) : 0;
    if (rc == TK_OK && count == 0)
        rc = tk_error_set(err, TK_ERR_DATA, "no names in the input");
    if (rc == TK_OK && (names = calloc(count, sizeof *names)) == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    char **copies = rc == TK_OK ? calloc(count, sizeof *copies) : NULL;
    for (size_t i = 0; rc == TK_OK && i < count; i++) {
        size_t len;
        const char *n = tk_nameset_name(obs.names, i, &len);
        if ((copies[i] = strndup(n, len)) == NULL)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        names[i] = copies[i];
    }
    struct progress bar;
    struct timespec start, end;
    if (rc == TK_OK) {
        d.family = family;
        d.from = from;
        d.to = to;
        d.threads = o->threads;
        d.min_names = (size_t)o->min_names;
        d.progress = on_progress;
        d.progress_ctx = &bar;
        progress_start(&bar, "discover", o->quiet);
        clock_gettime(CLOCK_MONOTONIC, &start);
        rc = tk_discover_seeds(&d, names, count, &result, err);
        clock_gettime(CLOCK_MONOTONIC, &end);
        progress_done(&bar);
    }
    if (rc == TK_OK) {
        double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
        if (o->format == MATCH_JSON)
            print_json(out, o, &result, names, count, from, to, d.first_seed, d.last_seed, seconds);
        else if (o->format == MATCH_CSV)
            print_csv(out, &result, names, family->name);
        else
            print_table(out, o, &result, names, count, from, to, d.first_seed, d.last_seed,
                        seconds);
        size_t saved = 0;
        if (o->save && (rc = save_seeds(o, family, &result, &saved, err)) == TK_OK && !o->quiet) {
            char path[4096];
            if (*o->save)
                snprintf(path, sizeof path, "%s", o->save);
            else if (tk_local_seeds_path(path, sizeof path) != 0)
                snprintf(path, sizeof path, "(no local seeds file)");
            cli_error("match: %zu new seeds added to %s", saved, path);
        }
    }
    for (size_t i = 0; copies && i < count; i++)
        free(copies[i]);
    free(copies);
    free(names);
    tk_discover_result_free(&result);
    tk_nameset_free(obs.names);
    return rc;
}

int match_discover(const struct match_discover_options *o, FILE *out)
{
    struct tk_error err = {0};
    return run(o, out, &err) == TK_OK ? EXIT_OK : cli_fail(&err);
}
