/* cmd_detect.c - `takedown detect`: how DGA-like each name in a list or log is; --train
 * fits the model, --evaluate measures it on held-out names (docs/detect.md). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/detect_cli.h"
#include "cli/hunt_options.h"
#include "cli/json.h"
#include "cli/number_option.h"
#include "cli/options.h"
#include "takedown/atomic_file.h"
#include "takedown/detect.h"
#include "takedown/domain.h"
#include "takedown/logs.h"
#include "takedown/nameset.h"

static void detect_usage(FILE *f)
{
    fprintf(f,
"usage: takedown detect [--format table|csv|json] [--threshold T] [--allow FILE] FILE...\n"
"       takedown detect --evaluate [--benign DIR] [--format table|json]\n"
"       takedown detect --train [--benign DIR] --out FILE\n"
"\n"
"Scores each distinct name of the inputs (name lists, CSV, BIND, Unbound, JSON lines,\n"
"dnstap; gzip or not; - for standard input) by how DGA-like its registrable label is,\n"
"0 to 1, and gives the verdict: dga (score at or above the threshold), benign, or allowed\n"
"(on the allow-list). For names of known families, `takedown match` is exact.\n"
"\n"
"scoring:\n"
"  --threshold T        verdict threshold (default: the model's, set so that at most\n"
"                       0.1 %% of unseen benign names reach it, with 95 %% confidence)\n"
"  --allow FILE         more names (with everything below them) never reported, on\n"
"                       top of the built-in list of cloud and CDN domains\n"
"  --no-default-allow   without the built-in allow-list\n"
"  --model FILE         a model from --train (default: the built-in one)\n"
"  --dga-only           print only the names judged dga\n"
"  --format F           table (default), csv or json (also --json)\n"
"  --input-format F     auto (default), names, csv, bind, unbound, jsonl or dnstap\n"
"\n"
"training and evaluation (benign lists: DIR/*registrable*.txt, one domain per line;\n"
"DGA names: every built-in family with every known seed, generated on fixed dates):\n"
"  --train              fit a model and write it to --out FILE (data/detect/model.txt is\n"
"                       the built-in one: make it with `takedown detect --train --out\n"
"                       data/detect/model.txt` from the repository root)\n"
"  --evaluate           precision, recall, F1 and false-positive rate on the held-out\n"
"                       split, per family, and per family left out of training\n"
"  --benign DIR         the benign lists (default: $TAKEDOWN_BENIGN, else\n"
"                       ../shared/data/benign)\n"
"  --per-family N       generated names kept per family (default %d)\n"
"  --dates LIST         days the families are run for (default %s)\n"
"  --fpr RATE           false-positive rate the threshold keeps under, with 95 %%\n"
"                       confidence on the calibration names (default %g)\n"
"  --synthetic N        random strings added as a class of their own (default %d)\n"
"  --families LIST      --evaluate: leave out only these families, one at a time\n"
"  --threads N          generator threads (default: one per CPU)\n"
"\n"
"exit status: 0 success, 1 operational failure, 2 usage error.\n",
            DETECT_DEFAULT_PER_FAMILY, DETECT_DEFAULT_DATES, DETECT_DEFAULT_FPR,
            DETECT_DEFAULT_SYNTHETIC);
}

static int parse_options(int argc, char **argv, struct detect_options *o)
{
    const struct cli_opt table[] = {
        {.name = "--format", .type = CLI_OPT_TEXT, .value = &o->format},
        {.name = "--threshold", .type = CLI_OPT_TEXT, .value = &o->threshold},
        {.name = "--allow", .type = CLI_OPT_TEXT, .value = &o->allow},
        {.name = "--model", .type = CLI_OPT_TEXT, .value = &o->model},
        {.name = "--input-format", .type = CLI_OPT_TEXT, .value = &o->input_format},
        {.name = "--benign", .type = CLI_OPT_TEXT, .value = &o->benign},
        {.name = "--out", .type = CLI_OPT_TEXT, .value = &o->out},
        {.name = "--per-family", .type = CLI_OPT_TEXT, .value = &o->per_family},
        {.name = "--dates", .type = CLI_OPT_TEXT, .value = &o->dates},
        {.name = "--fpr", .type = CLI_OPT_TEXT, .value = &o->fpr},
        {.name = "--threads", .type = CLI_OPT_THREADS, .value = &o->threads},
        {.name = "--synthetic", .type = CLI_OPT_TEXT, .value = &o->synthetic},
        {.name = "--families", .type = CLI_OPT_TEXT, .value = &o->families},
        {.name = "--train", .type = CLI_OPT_FLAG, .value = &o->train},
        {.name = "--evaluate", .type = CLI_OPT_FLAG, .value = &o->evaluate},
        {.name = "--dga-only", .type = CLI_OPT_FLAG, .value = &o->dga_only},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &o->quiet},
        {.name = "--no-default-allow", .type = CLI_OPT_FLAG, .value = &o->no_default_allow},
    };
    o->files = calloc((size_t)argc + 1, sizeof *o->files);
    if (o->files == NULL) {
        cli_error("out of memory");
        return EXIT_FAILURE_OP;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            detect_usage(stdout);
            return -1;
        }
        int matched = cli_opt_parse(table, sizeof table / sizeof *table, "detect", argc, argv, &i);
        if (matched < 0)
            return EXIT_USAGE;
        if (matched)
            continue;
        if (strcmp(a, "--json") == 0)
            o->format = "json";
        else if (strcmp(a, "-") == 0 || a[0] != '-')
            o->files[o->file_count++] = argv[i];
        else {
            cli_error("detect: unexpected argument '%s' (see `takedown detect --help`)", a);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* ---- scoring files ---- */

enum verdict_format { V_TABLE, V_CSV, V_JSON };

static void print_verdict(FILE *out, enum verdict_format format, const char *name, size_t len,
                          double score, const char *verdict, int first)
{
    if (format == V_CSV) {
        fwrite(name, 1, len, out);
        fprintf(out, ",%.4f,%s\n", score, verdict);
    } else if (format == V_JSON) {
        fputs(first ? "{\"name\":" : ",{\"name\":", out);
        json_string_n(out, name, len);
        fprintf(out, ",\"score\":%.4f,\"verdict\":\"%s\"}", score, verdict);
    } else {
        fprintf(out, "%.4f  %-7s  %.*s\n", score, verdict, (int)len, name);
    }
}

static int score_files(const struct detect_options *o, FILE *out, struct tk_error *err)
{
    enum tk_log_format input_format = TK_LOG_AUTO;
    enum verdict_format format = V_TABLE;
    struct tk_detector *d = NULL;
    struct tk_allowlist *allow = NULL;
    struct tk_nameset *seen;
    double threshold;
    int rc, any_failed = 0;
    uint64_t printed = 0, dga = 0;

    if (o->file_count == 0)
        return tk_error_set(err, TK_ERR_USAGE, "no input: give files of names or logs, or - "
                            "(see `takedown detect --help`)");
    if (o->format && strcmp(o->format, "table") != 0) {
        if (strcmp(o->format, "csv") == 0)
            format = V_CSV;
        else if (strcmp(o->format, "json") == 0)
            format = V_JSON;
        else
            return tk_error_set(err, TK_ERR_USAGE, "--format: expected table, csv or json");
    }
    if (o->input_format && (rc = tk_log_format_parse(o->input_format, &input_format, err)))
        return rc;
    if ((seen = tk_nameset_new()) == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if ((rc = tk_detector_load(o->model, &d, err))) {
        tk_nameset_free(seen);
        return rc;
    }
    threshold = tk_detector_threshold(d);
    if (o->threshold) {
        if (cli_parse_number(o->threshold, 0, 1, &threshold)) {
            tk_detector_free(d);
            tk_nameset_free(seen);
            return tk_error_set(err, TK_ERR_USAGE, "--threshold: expected 0 to 1, got '%s'",
                                o->threshold);
        }
    }
    if ((rc = detect_allowlist(o, &allow, err))) {
        tk_detector_free(d);
        tk_nameset_free(seen);
        return rc;
    }
    if (format == V_CSV)
        fputs("name,score,verdict\n", out);
    else if (format == V_JSON)
        fprintf(out, "{\"threshold\":%.4f,\"names\":[", threshold);
    for (size_t i = 0; i < o->file_count && rc == TK_OK; i++) {
        struct tk_log_reader *reader;
        struct tk_log_record rec;
        struct tk_error e = {0};
        if (tk_log_open(o->files[i], input_format, &reader, &e)) {
            cli_error("detect: %s", e.message);
            any_failed = 1;
            continue;
        }
        int r;
        while ((r = tk_log_next(reader, &rec, &e)) != TK_ERR_STOP) {
            if (r == TK_ERR_DATA) {
                if (tk_log_malformed(reader) <= 10 && !o->quiet)
                    cli_error("detect: %s", e.message);
                continue;
            }
            if (r != TK_OK) {
                cli_error("detect: %s", e.message);
                any_failed = 1;
                break;
            }
            char lower[256];
            size_t len = tk_domain_key(rec.name, rec.name_len, lower);
            if (len == 0)
                continue;
            size_t before = tk_nameset_count(seen);
            if (tk_nameset_add(seen, lower, len, 0, 0, 0) != TK_OK) {
                rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
                break;
            }
            if (tk_nameset_count(seen) == before)
                continue; /* scored already */
            double score = tk_detector_score(d, lower, len);
            const char *verdict = allow && tk_allowlist_contains(allow, lower, len) ? "allowed"
                                  : score >= threshold                              ? "dga"
                                                                                    : "benign";
            dga += verdict[0] == 'd';
            if (o->dga_only && verdict[0] != 'd')
                continue;
            print_verdict(out, format, lower, len, score, verdict, printed++ == 0);
        }
        if (tk_log_end_note(reader) && !o->quiet)
            cli_error("detect: %s: %s", o->files[i], tk_log_end_note(reader));
        if (tk_log_malformed(reader) > 10 && !o->quiet)
            cli_error("detect: %s: %llu malformed lines in all (the first 10 are shown above)",
                      o->files[i], (unsigned long long)tk_log_malformed(reader));
        tk_log_close(reader);
    }
    if (format == V_JSON)
        fprintf(out, "],\"names_scored\":%zu,\"dga\":%llu}\n", tk_nameset_count(seen),
                (unsigned long long)dga);
    tk_nameset_free(seen);
    tk_allowlist_free(allow);
    tk_detector_free(d);
    if (rc == TK_OK && fflush(out) != 0)
        rc = tk_error_set(err, TK_ERR_IO, "standard output: write failed: %s", strerror(errno));
    if (rc == TK_OK && any_failed)
        rc = tk_error_set(err, TK_ERR_IO, "some inputs could not be read (see above)");
    return rc;
}

int detect_allowlist(const struct detect_options *o, struct tk_allowlist **out,
                     struct tk_error *err)
{
    int rc = tk_allowlist_new(!o->no_default_allow, out, err);
    if (rc == TK_OK && o->allow && (rc = tk_allowlist_add_file(*out, o->allow, err))) {
        tk_allowlist_free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- training inputs ---- */

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int detect_training_setup(const struct detect_options *o, struct tk_detect_training *t,
                          char ***files, struct tk_error *err)
{
    const char *dir = o->benign ? o->benign : getenv("TAKEDOWN_BENIGN");
    if (dir == NULL || *dir == '\0')
        dir = "../shared/data/benign";
    DIR *d = opendir(dir);
    if (d == NULL)
        return tk_error_set(err, TK_ERR_IO, "%s: %s (give the benign lists with --benign DIR)",
                            dir, strerror(errno));
    size_t n = 0, cap = 8;
    char **list = calloc(cap, sizeof *list);
    struct dirent *e;
    while (list && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strstr(e->d_name, "registrable") == NULL || len < 4
            || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        if (n + 1 >= cap) {
            char **grown = realloc(list, cap * 2 * sizeof *list);
            if (grown == NULL)
                break;
            list = grown;
            cap *= 2;
        }
        size_t size = strlen(dir) + len + 2;
        if ((list[n] = malloc(size)) != NULL)
            snprintf(list[n++], size, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (list == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    if (n == 0) {
        free(list);
        return tk_error_set(err, TK_ERR_DATA, "%s: no *registrable*.txt benign lists", dir);
    }
    qsort(list, n, sizeof *list, by_string);
    list[n] = NULL;
    *files = list;
    memset(t, 0, sizeof *t);
    t->benign_files = (const char *const *)list;
    t->benign_file_count = n;
    t->dga_per_family = DETECT_DEFAULT_PER_FAMILY;
    t->dates = o->dates ? o->dates : DETECT_DEFAULT_DATES;
    t->fpr_target = DETECT_DEFAULT_FPR;
    t->synthetic = DETECT_DEFAULT_SYNTHETIC;
    t->threads = o->threads;
    if (o->synthetic) {
        char *end;
        long v = strtol(o->synthetic, &end, 10);
        if (*end || v < 0 || v > 10000000)
            return tk_error_set(err, TK_ERR_USAGE, "--synthetic: expected 0 to 10000000");
        t->synthetic = (size_t)v;
    }
    if (o->per_family) {
        char *end;
        long v = strtol(o->per_family, &end, 10);
        if (*end || v < 10 || v > 1000000)
            return tk_error_set(err, TK_ERR_USAGE, "--per-family: expected 10 to 1000000");
        t->dga_per_family = (size_t)v;
    }
    if (o->fpr && (cli_parse_number(o->fpr, 0, 0.5, &t->fpr_target) || t->fpr_target <= 0
                   || t->fpr_target >= 0.5))
        return tk_error_set(err, TK_ERR_USAGE, "--fpr: expected a rate above 0, below 0.5");
    return TK_OK;
}

void detect_training_files_free(char **files)
{
    for (size_t i = 0; files && files[i]; i++)
        free(files[i]);
    free(files);
}

static int train(const struct detect_options *o, struct tk_error *err)
{
    struct tk_detect_training t;
    struct tk_detect_dataset ds;
    struct tk_detector *d = NULL;
    char **files = NULL;
    char meta[4096];
    int rc;

    if (o->out == NULL)
        return tk_error_set(err, TK_ERR_USAGE, "--train needs --out FILE");
    struct tk_allowlist *allow = NULL;
    if ((rc = detect_training_setup(o, &t, &files, err)) || (rc = detect_allowlist(o, &allow, err))) {
        detect_training_files_free(files);
        return rc;
    }
    t.allow = allow;
    size_t used = (size_t)snprintf(meta, sizeof meta, "command takedown detect --train "
                                   "--per-family %zu --dates %s --fpr %g --synthetic %zu --out %s\n"
                                   "benign_files", t.dga_per_family, t.dates, t.fpr_target,
                                   t.synthetic, o->out);
    for (size_t i = 0; i < t.benign_file_count && used + 256 < sizeof meta; i++) {
        const char *base = strrchr(t.benign_files[i], '/');
        used += (size_t)snprintf(meta + used, sizeof meta - used, "%s%s", i ? "," : " ",
                                 base ? base + 1 : t.benign_files[i]);
    }
    if (!o->quiet)
        fprintf(stderr, "detect: reading benign names and generating DGA names...\n");
    if ((rc = tk_detect_dataset_build(&t, &ds, err)) == TK_OK) {
        if (!o->quiet)
            fprintf(stderr, "detect: %zu benign and %zu DGA names; training\n", ds.benign_count,
                    ds.count - ds.benign_count);
        rc = tk_detect_train(&ds, -1, &t, meta, &d, err);
        tk_detect_dataset_free(&ds);
    }
    if (rc == TK_OK) {
        struct tk_atomic_file file;
        if ((rc = tk_atomic_open(&file, o->out, err)) == TK_OK) {
            rc = tk_detector_write(d, file.fp, err);
            if (rc == TK_OK)
                rc = tk_atomic_commit(&file, err);
            else
                tk_atomic_abort(&file);
        }
        if (rc == TK_OK && !o->quiet)
            fprintf(stderr, "detect: wrote %s: %s\n", o->out, tk_detector_summary(d));
    }
    tk_detector_free(d);
    tk_allowlist_free(allow);
    detect_training_files_free(files);
    return rc;
}

int cmd_detect(int argc, char **argv, FILE *out)
{
    struct detect_options o = {0};
    struct tk_error err = {0};
    int rc = parse_options(argc, argv, &o);

    if (rc < 0) {
        free(o.files);
        return EXIT_OK;
    }
    if (rc) {
        free(o.files);
        return rc;
    }
    if (o.train + o.evaluate > 1) {
        cli_error("detect: give --train or --evaluate, not both");
        rc = EXIT_USAGE;
    } else if ((o.train || o.evaluate) && o.file_count) {
        cli_error("detect: --train and --evaluate take no input files");
        rc = EXIT_USAGE;
    } else {
        if (o.train)
            rc = train(&o, &err);
        else if (o.evaluate)
            rc = detect_evaluate(&o, out, &err);
        else
            rc = score_files(&o, out, &err);
        rc = rc == TK_OK ? EXIT_OK : cli_fail(&err);
    }
    free(o.files);
    return rc;
}
