/* cmd_predict.c - `takedown predict`: the names a family generates, for one day or a window,
 * as a plain list or as the block lists registries and resolvers load. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/exclude_option.h"
#include "cli/hunt_options.h"
#include "cli/options.h"
#include "cli/output.h"
#include "cli/progress.h"
#include "takedown/atomic_file.h"
#include "takedown/domain.h"
#include "takedown/export.h"
#include "takedown/family.h"
#include "takedown/local_seeds.h"
#include "takedown/nameset.h"
#include "takedown/predict.h"
#include "takedown/sources.h"

#define MAX_PARAMS 64

struct predict_options {
    const char *family;
    const char *variant;
    int all_families;
    const char *date, *from, *to, *days;
    int all_seeds;
    const char *seeds_file;
    int all_occurrences;
    int tag;
    const char *format;
    const char *out;
    const char *split_dir;
    const char *sinkhole_ip;
    const char *rpz_origin;
    int rpz_wildcard;
    const char *exclude;
    int exclude_popular;
    struct tk_allowlist *exclude_list; /* loaded from the two above, or NULL */
    int threads;
    int quiet;
    int json;
    const char *keys[MAX_PARAMS + 1];
    const char *values[MAX_PARAMS + 1];
    size_t nparams;
};

static void predict_usage(FILE *f)
{
    fprintf(f,
"usage: takedown predict FAMILY [--variant V] [--KEY VALUE ...] --date D\n"
"       takedown predict FAMILY [...] --from D (--to D | --days N) [output options]\n"
"       takedown predict --all-families --from D (--to D | --days N) [output options]\n"
"\n"
"Generates the domain names of a DGA family. With --date, prints the names of that day\n"
"exactly as the malware generates them (its order, repeats kept). With a window, every\n"
"name of every day in it, each once, in first-seen order.\n"
"\n"
"family parameters (see `takedown families FAMILY`):\n"
"  --KEY VALUE          any parameter of the family, e.g. --magic 9, --seed 0F0D5BFA;\n"
"                       --count is at most 1000000\n"
"  --SEEDPARAM A,B,C    several seeds at once (the family's seed parameter)\n"
"  --variant V          an algorithm variant (default: the family's first)\n"
"  --all-seeds          every known seed, key or configuration of the family, and\n"
"                       those of the local seeds file ($TAKEDOWN_SEEDS or\n"
"                       ~/.config/takedown/seeds; `takedown match --discover-seeds --save`)\n"
"  --seeds-file FILE    seeds, one per line: a bare value, or FAMILY[:VARIANT] KEY=VALUE;...\n"
"  --all-families       every built-in family with every known and local seed\n"
"\n"
"window:\n"
"  --date D             one UTC day, YYYY-MM-DD\n"
"  --from D --to D      every day from D to D inclusive\n"
"  --from D --days N    N days starting at D\n"
"  --all-occurrences    keep a name once per period that generates it\n"
"\n"
"output:\n"
"  --format F           list (default), csv, jsonl, rpz, unbound, dnsmasq, hosts\n"
"  --tag                add family, variant, seed, first and last date (csv unless --format jsonl)\n"
"  --out FILE           write FILE atomically ('-' or none: standard output); missing\n"
"                       directories are created, a device or FIFO is written in place\n"
"  --split-by-tld DIR   one file per public suffix: DIR/in.csv for the .in registry;\n"
"                       DIR is replaced as a whole, no file of an earlier run is left\n"
"  --sinkhole-ip IP     unbound/dnsmasq/hosts: answer IP (IPv4 or IPv6) instead of\n"
"                       NXDOMAIN\n"
"  --rpz-origin NAME    RPZ zone name (default rpz.takedown.)\n"
"  --rpz-wildcard       RPZ: also block every name below each listed name\n"
"  --exclude FILE       leave out these names and everything below them (one per line)\n"
"  --exclude-popular    leave out the built-in 113k popular registered domains, which\n"
"                       short-label and dictionary families also generate: a block list\n"
"                       for a registry or resolver must not take down real sites\n"
"  --threads N          generator threads (default: one per CPU)\n"
"  --json               with --split-by-tld: print the summary as JSON\n"
"  --quiet              no progress or summary on the terminal\n"
"\n"
"exit status: 0 success, 1 operational failure (cannot write), 2 usage error.\n");
}

static int need_value(int argc, char **argv, int i)
{
    if (i + 1 >= argc) {
        cli_error("predict: %s needs a value", argv[i]);
        return 0;
    }
    return 1;
}

static int parse_options(int argc, char **argv, struct predict_options *o)
{
    const struct cli_opt table[] = {
        {.name = "--variant", .type = CLI_OPT_TEXT, .value = &o->variant},
        {.name = "--from", .type = CLI_OPT_TEXT, .value = &o->from},
        {.name = "--to", .type = CLI_OPT_TEXT, .value = &o->to},
        {.name = "--days", .type = CLI_OPT_TEXT, .value = &o->days},
        {.name = "--seeds-file", .type = CLI_OPT_TEXT, .value = &o->seeds_file},
        {.name = "--format", .type = CLI_OPT_TEXT, .value = &o->format},
        {.name = "--out", .type = CLI_OPT_TEXT, .value = &o->out},
        {.name = "--split-by-tld", .type = CLI_OPT_TEXT, .value = &o->split_dir},
        {.name = "--sinkhole-ip", .type = CLI_OPT_TEXT, .value = &o->sinkhole_ip},
        {.name = "--rpz-origin", .type = CLI_OPT_TEXT, .value = &o->rpz_origin},
        {.name = "--exclude", .type = CLI_OPT_TEXT, .value = &o->exclude},
        {.name = "--all-families", .type = CLI_OPT_FLAG, .value = &o->all_families},
        {.name = "--all-seeds", .type = CLI_OPT_FLAG, .value = &o->all_seeds},
        {.name = "--all-occurrences", .type = CLI_OPT_FLAG, .value = &o->all_occurrences},
        {.name = "--tag", .type = CLI_OPT_FLAG, .value = &o->tag},
        {.name = "--rpz-wildcard", .type = CLI_OPT_FLAG, .value = &o->rpz_wildcard},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &o->quiet},
        {.name = "--json", .type = CLI_OPT_FLAG, .value = &o->json},
        {.name = "--exclude-popular", .type = CLI_OPT_FLAG, .value = &o->exclude_popular},
        {.name = "--threads", .type = CLI_OPT_THREADS, .value = &o->threads},
    };

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            predict_usage(stdout);
            return -1;
        }
        int matched = cli_opt_parse(table, sizeof table / sizeof *table, "predict", argc, argv,
                                    &i);
        if (matched < 0)
            return EXIT_USAGE;
        if (matched)
            continue;
        if (strncmp(a, "--", 2) == 0 && a[2]) {
            /* Any other --KEY VALUE is a family parameter (--date included). */
            if (!need_value(argc, argv, i))
                return EXIT_USAGE;
            if (o->nparams == MAX_PARAMS) {
                cli_error("predict: too many parameters");
                return EXIT_USAGE;
            }
            if (strcmp(a, "--date") == 0)
                o->date = argv[i + 1];
            o->keys[o->nparams] = a + 2;
            o->values[o->nparams++] = argv[++i];
        } else if (a[0] != '-' && o->family == NULL) {
            o->family = a;
        } else {
            cli_error("predict: unexpected argument '%s' (see `takedown predict --help`)", a);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* The window: --from with --to or --days, or the single --date. */
static int resolve_window(const struct predict_options *o, tk_day *from, tk_day *to,
                          struct tk_error *err)
{
    int given, rc;
    if (o->from && o->date)
        return tk_error_set(err, TK_ERR_USAGE, "give either --date or --from, not both");
    if (o->from == NULL && o->to == NULL && o->days == NULL && o->date) {
        if ((rc = tk_day_parse(o->date, from, err)))
            return rc;
        *to = *from;
        return TK_OK;
    }
    return cli_window(o->from, o->to, o->days, from, to, &given, err);
}

/* Splits "--magic 9,10,11" into one source per value. */
static int add_family_sources(struct tk_source_list *list, const struct tk_family *family,
                              const struct predict_options *o, const struct tk_overrides *ov,
                              struct tk_error *err)
{
    const char *seed_values = NULL;
    size_t before = list->count;
    int rc = TK_OK;

    /* A comma list in the seed parameter is expanded below, one source per value; every
     * other parameter applies to all sources. */
    const char *keys[MAX_PARAMS + 1], *values[MAX_PARAMS + 1];
    struct tk_overrides common = {keys, values, 0};
    for (size_t i = 0; i < ov->count; i++) {
        if (family->seed_param && strcmp(ov->keys[i], family->seed_param) == 0
            && strchr(ov->values[i], ',')) {
            seed_values = ov->values[i];
            continue;
        }
        keys[common.count] = ov->keys[i];
        values[common.count++] = ov->values[i];
    }

    if (seed_values) {
        char *copy = strdup(seed_values), *save = NULL;
        if (copy == NULL)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        for (char *v = strtok_r(copy, ",", &save); v && rc == TK_OK; v = strtok_r(NULL, ",", &save))
            rc = tk_sources_add(list, family, o->variant, &common, v, err);
        free(copy);
    }
    if (rc == TK_OK && o->all_seeds)
        rc = tk_sources_add_known(list, family, o->variant, &common, err);
    if (rc == TK_OK && o->all_seeds) /* and the seeds of the local seeds file */
        rc = tk_local_seeds_add(list, NULL, family, o->variant, &common, NULL, err);
    if (rc == TK_OK && o->seeds_file)
        rc = tk_sources_load_file(list, o->seeds_file, family, o->variant, &common, err);
    if (rc == TK_OK && list->count == before)
        rc = tk_sources_add(list, family, o->variant, &common, NULL, err);
    return rc;
}

struct collector {
    struct tk_nameset *set;
    struct tk_writer *writer; /* --all-occurrences: straight to the writer */
    const struct tk_source *sources;
    uint64_t names;
    const struct tk_allowlist *exclude; /* names left out, or NULL */
    uint64_t excluded;        /* generated names left out (each time generated) */
};

static void fill_tag(struct tk_tag *tag, const struct tk_source *src, tk_day first, tk_day last)
{
    tag->family = src->family->name;
    tag->variant = src->variant->name;
    tag->seed = src->seed;
    tag->first = first;
    tag->last = last;
}

static int collect_name(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                        size_t len)
{
    struct collector *c = ctx;
    char lower[256];
    c->names++;
    if (len == 0 || len > 255)
        return TK_OK;
    tk_domain_lower(name, len, lower); /* DNS names are case-insensitive: each once */
    name = lower;
    if (c->exclude && tk_allowlist_contains(c->exclude, name, len)) {
        c->excluded++;
        return TK_OK;
    }
    if (c->writer) {
        struct tk_tag tag;
        fill_tag(&tag, &c->sources[source], first, last);
        return tk_writer_name(c->writer, name, len, &tag, 1) ? TK_ERR_STOP : TK_OK;
    }
    return tk_nameset_add(c->set, name, len, (uint32_t)source, first, last);
}

static void header_for(const struct tk_source_list *list, tk_day from, tk_day to,
                       struct tk_export_header *hdr, char *families, size_t fsz, char *seeds,
                       size_t ssz)
{
    families[0] = seeds[0] = '\0';
    for (size_t i = 0; i < list->count; i++) {
        const struct tk_source *s = &list->items[i];
        if (!strstr(families, s->family->name)) {
            if (*families)
                strncat(families, ",", fsz - strlen(families) - 1);
            strncat(families, s->family->name, fsz - strlen(families) - 1);
        }
        if (*s->seed && strlen(seeds) + strlen(s->seed) + 32 < ssz) {
            if (*seeds)
                strncat(seeds, ",", ssz - strlen(seeds) - 1);
            if (list->count > 1 && strcmp(families, s->family->name) != 0) {
                strncat(seeds, s->family->name, ssz - strlen(seeds) - 1);
                strncat(seeds, ":", ssz - strlen(seeds) - 1);
            }
            strncat(seeds, s->seed, ssz - strlen(seeds) - 1);
        }
    }
    hdr->families = families;
    hdr->seeds = seeds;
    hdr->from = from;
    hdr->to = to;
    hdr->generated = time(NULL);
    hdr->scope = NULL;
}

static void on_progress(void *ctx, double done)
{
    progress_update(ctx, done, NULL);
}

/* Output errors stop the generator with TK_ERR_STOP, which no generator returns itself, so
 * that a failed write is told apart from a generator's own error. */
struct raw_output {
    FILE *out;
    const struct tk_allowlist *exclude;
    uint64_t excluded;
};

static int emit_raw(void *ctx, const char *name, size_t len)
{
    struct raw_output *raw = ctx;
    if (raw->exclude && tk_allowlist_contains(raw->exclude, name, len)) {
        raw->excluded++;
        return TK_OK;
    }
    fwrite(name, 1, len, raw->out);
    return putc('\n', raw->out) == EOF ? TK_ERR_STOP : TK_OK;
}

static void note_excluded(const struct predict_options *o, uint64_t excluded)
{
    if (excluded && !o->quiet)
        cli_error("predict: note: %llu generated names are on the exclude list and were left "
                  "out", (unsigned long long)excluded);
}

static int run(struct predict_options *o, FILE *out, struct tk_error *err)
{
    struct tk_source_list list = {0};
    struct tk_overrides ov = {o->keys, o->values, o->nparams};
    struct tk_export_options eo = {0};
    tk_day from = 0, to = -1;
    int rc;

    if ((rc = resolve_window(o, &from, &to, err)))
        return rc;
    if (o->format && (rc = tk_format_parse(o->format, &eo.format, err)))
        return rc;
    if (o->tag && !o->format)
        eo.format = TK_FORMAT_CSV;
    if (o->tag && eo.format != TK_FORMAT_CSV && eo.format != TK_FORMAT_JSONL)
        return tk_error_set(err, TK_ERR_USAGE, "--tag needs --format csv or jsonl");
    if ((o->sinkhole_ip || o->rpz_origin || o->rpz_wildcard) && !tk_format_is_blocklist(eo.format)
        && !o->split_dir)
        return tk_error_set(err, TK_ERR_USAGE, "--sinkhole-ip and --rpz-* apply to the rpz, "
                            "unbound, dnsmasq and hosts formats");
    eo.sinkhole_ip = o->sinkhole_ip;
    eo.rpz_origin = o->rpz_origin;
    eo.rpz_wildcard = o->rpz_wildcard;
    if ((rc = tk_export_options_check(&eo, err)))
        return rc;
    if (o->all_occurrences && (tk_format_is_blocklist(eo.format) || o->split_dir))
        return tk_error_set(err, TK_ERR_USAGE, "--all-occurrences applies to list, csv and "
                            "jsonl output (block lists hold each name once)");

    /* A window overrides the family's date, one day at a time. */
    char from_text[11];
    const char *date_key = "date";
    if (o->from) {
        tk_day_format(from, from_text);
        ov.keys = o->keys;
        o->keys[o->nparams] = date_key;
        o->values[o->nparams] = from_text;
        ov.count = o->nparams + 1;
    }
    if (o->all_families) {
        if (o->family)
            return tk_error_set(err, TK_ERR_USAGE, "--all-families takes no FAMILY");
        if (to < from)
            return tk_error_set(err, TK_ERR_USAGE, "--all-families needs --date or --from");
        for (size_t i = 0; i < tk_family_count() && rc == TK_OK; i++)
            rc = tk_sources_add_known(&list, tk_family_at(i), NULL, &ov, err);
        if (rc == TK_OK)
            rc = tk_local_seeds_add(&list, NULL, NULL, NULL, &ov, NULL, err);
    } else {
        const struct tk_family *family = o->family ? tk_family_find(o->family) : NULL;
        if (o->family == NULL)
            return tk_error_set(err, TK_ERR_USAGE, "which family? (see `takedown families`, "
                                "or use --all-families)");
        if (family == NULL)
            return tk_error_set(err, TK_ERR_USAGE, "unknown family '%s' (see `takedown "
                                "families`)", o->family);
        rc = add_family_sources(&list, family, o, &ov, err);
    }
    if (rc) {
        tk_sources_free(&list);
        return rc;
    }

    /* The malware's own sequence for one day (or for a family without a date). */
    int window = o->from != NULL || o->all_families;
    if (!window && eo.format == TK_FORMAT_LIST && !o->split_dir) {
        struct tk_atomic_file file = {0};
        FILE *dest = out;
        if (o->out && (rc = tk_atomic_open(&file, o->out, err)) == TK_OK)
            dest = file.fp;
        struct raw_output raw = {dest, o->exclude_list, 0};
        for (size_t i = 0; i < list.count && rc == TK_OK; i++)
            rc = tk_predict_once(&list.items[i], emit_raw, &raw, err);
        if (rc == TK_OK)
            note_excluded(o, raw.excluded);
        if (rc == TK_ERR_STOP || (rc == TK_OK && fflush(dest) != 0))
            rc = tk_error_set(err, TK_ERR_IO, "%s: write failed: %s",
                              o->out ? o->out : "standard output", strerror(errno));
        if (o->out && file.fp)
            rc = rc == TK_OK ? tk_atomic_commit(&file, err) : (tk_atomic_abort(&file), rc);
        tk_sources_free(&list);
        return rc;
    }
    if (to < from) {
        /* Families without a date still need a window for their tags. */
        from = to = tk_day_from_unix(time(NULL));
    }

    struct progress bar;
    struct tk_predict_options po = {o->threads, NULL, NULL, NULL, NULL, NULL};
    struct collector c = {0};
    struct tk_export_header hdr;
    char families[4096], seeds[4096];
    uint64_t skipped = 0;

    progress_start(&bar, "predict", o->quiet);
    po.progress = on_progress;
    po.progress_ctx = &bar;
    header_for(&list, from, to, &hdr, families, sizeof families, seeds, sizeof seeds);
    struct tag_label *labels = calloc(list.count, sizeof *labels);
    if (labels == NULL) {
        tk_sources_free(&list);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < list.count; i++)
        labels[i] = (struct tag_label){list.items[i].family->name, list.items[i].variant->name,
                                       list.items[i].seed};
    c.sources = list.items;
    c.exclude = o->exclude_list;

    if (o->all_occurrences) {
        struct tk_atomic_file file = {0};
        FILE *dest = out;
        if (o->out && (rc = tk_atomic_open(&file, o->out, err)) == TK_OK)
            dest = file.fp;
        if (rc == TK_OK && (rc = tk_writer_open(dest, &eo, &hdr, &c.writer, err)) == TK_OK) {
            rc = tk_predict_window(list.items, list.count, from, to, &po, collect_name, &c, err);
            int close_rc = tk_writer_close(c.writer, err);
            if (rc == TK_ERR_STOP || (rc == TK_OK && close_rc))
                rc = tk_error_set(err, TK_ERR_IO, "%s: write failed: %s",
                                  o->out ? o->out : "standard output", strerror(errno));
        }
        if (o->out && file.fp)
            rc = rc == TK_OK ? tk_atomic_commit(&file, err) : (tk_atomic_abort(&file), rc);
    } else {
        c.set = tk_nameset_new();
        if (c.set == NULL)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        if (rc == TK_OK)
            rc = tk_predict_window(list.items, list.count, from, to, &po, collect_name, &c, err);
        progress_done(&bar);
        if (rc == TK_OK && o->split_dir)
            rc = output_write_split(o->split_dir, o->quiet ? NULL : out, o->json, &eo, hdr,
                                    c.set, labels, &skipped, err);
        if (rc == TK_OK && (o->out || !o->split_dir))
            rc = output_write_file(o->out, out, &eo, &hdr, c.set, NULL, tk_nameset_count(c.set),
                                   labels, &skipped, err);
        tk_nameset_free(c.set);
    }
    progress_done(&bar);
    if (rc == TK_OK)
        note_excluded(o, c.excluded);
    if (rc == TK_OK && skipped && !o->quiet)
        cli_error("predict: note: %llu names are not valid in a %s file and were left out",
                  (unsigned long long)skipped, tk_format_name(eo.format));
    free(labels);
    tk_sources_free(&list);
    return rc;
}

int cmd_predict(int argc, char **argv, FILE *out)
{
    struct predict_options o = {0};
    struct tk_error err = {0};
    int rc = parse_options(argc, argv, &o);

    if (rc < 0)
        return EXIT_OK;
    if (rc)
        return rc;
    rc = exclude_option_load(o.exclude_popular, o.exclude, &o.exclude_list, &err);
    if (rc == TK_OK)
        rc = run(&o, out, &err);
    tk_allowlist_free(o.exclude_list);
    return rc == TK_OK ? EXIT_OK : cli_fail(&err);
}
