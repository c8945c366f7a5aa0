/* cmd_export.c - `takedown export`: convert saved name lists (plain or our CSV, with tags)
 * into the block lists that registries and resolvers load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "cli/exclude_option.h"
#include "cli/options.h"
#include "cli/output.h"
#include "takedown/export.h"
#include "takedown/list_reader.h"
#include "takedown/nameset.h"
#include "takedown/read_file.h"

static void export_usage(FILE *f)
{
    fprintf(f,
"usage: takedown export FILE... [--format F] [--out FILE] [--split-by-tld DIR]\n"
"                       [--sinkhole-ip IP] [--rpz-origin NAME] [--rpz-wildcard]\n"
"                       [--exclude FILE] [--exclude-popular] [--json] [--quiet]\n"
"\n"
"Reads name lists written by `takedown predict` (a plain list, one name per line, or the\n"
"CSV with its header; '-' reads standard input) and writes them in another format. Names\n"
"are lower-cased and each is kept once, with every tag it carried (a plain list's names\n"
"have none: empty tag fields). Formats: list, csv, jsonl, rpz (default), unbound, dnsmasq,\n"
"hosts. --sinkhole-ip takes an IPv4 or IPv6 address, --rpz-origin a domain name (exit 2\n"
"otherwise). A line that is not a domain name stops the run with its file and line\n"
"number (exit 1); nothing is written then. --exclude FILE leaves out the names of\n"
"FILE and everything below them, --exclude-popular the built-in 113k popular registered\n"
"domains (see `takedown predict --help`).\n");
}

/* Distinct (family, variant, seed) triples seen in the input; a name's tags point here. */
struct label_table {
    struct tag_label *items;
    size_t count, cap;
};

static long intern_label(struct label_table *t, const char *family, const char *variant,
                         const char *seed)
{
    for (size_t i = t->count; i-- > 0;)
        if (!strcmp(t->items[i].family, family) && !strcmp(t->items[i].variant, variant)
            && !strcmp(t->items[i].seed, seed))
            return (long)i;
    if (t->count == t->cap) {
        size_t n = t->cap ? t->cap * 2 : 16;
        struct tag_label *grown = realloc(t->items, n * sizeof *grown);
        if (grown == NULL)
            return -1;
        t->items = grown;
        t->cap = n;
    }
    struct tag_label *l = &t->items[t->count];
    l->family = strdup(family);
    l->variant = strdup(variant);
    l->seed = strdup(seed);
    if (!l->family || !l->variant || !l->seed)
        return -1;
    return (long)t->count++;
}

static void free_labels(struct label_table *t)
{
    for (size_t i = 0; i < t->count; i++) {
        free((char *)t->items[i].family);
        free((char *)t->items[i].variant);
        free((char *)t->items[i].seed);
    }
    free(t->items);
}

/* Where the names read go: the set, with their tags, unless the exclude list covers them. */
struct export_input {
    struct tk_nameset *set;
    struct label_table labels;
    const struct tk_allowlist *exclude;
    uint64_t excluded;
};

/* Adds one entry (its name already lower-case) with its tags; a plain list's names and CSV
 * rows without a family carry no tag, so no dates either. */
static int add_entry(struct export_input *in, const struct tk_list_entry *e, struct tk_error *err)
{
    const char *name = e->name;
    if (in->exclude && tk_allowlist_contains(in->exclude, name, e->name_len)) {
        in->excluded++;
        return TK_OK;
    }
    if (e->family[0] == '\0') {
        if (tk_nameset_add_untagged(in->set, name, e->name_len))
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        return TK_OK;
    }
    for (size_t k = 0; k < tk_list_tag_count(e); k++) {
        struct tk_list_tag tag;
        if (tk_list_tag_at(e, k, &tag, err))
            return TK_ERR_DATA;
        long label = intern_label(&in->labels, tag.family, tag.variant, tag.seed);
        if (label < 0)
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        if (tk_nameset_add(in->set, name, e->name_len, (uint32_t)label, tag.first, tag.last))
            return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    return TK_OK;
}

/* Reads one list into in; *names counts its names. */
static int read_list(const char *path, struct export_input *in, uint64_t *names,
                     struct tk_error *err)
{
    FILE *f = tk_file_open(path, err);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    int rc = TK_OK, first = 1;
    enum tk_list_kind kind = TK_LIST_PLAIN;
    struct tk_list_entry *entry = malloc(sizeof *entry);

    *names = 0;
    if (f == NULL || entry == NULL) {
        free(entry);
        tk_file_close(f);
        return f ? tk_error_set(err, TK_ERR_NOMEM, "out of memory") : TK_ERR_IO;
    }
    while (rc == TK_OK && (n = getline(&line, &cap, f)) >= 0) {
        int skip;
        lineno++;
        if (n && line[n - 1] == '\n')
            line[--n] = '\0';
        if (memchr(line, '\0', (size_t)n)) {
            rc = tk_error_set(err, TK_ERR_DATA, "%s:%ld: expected text, found a NUL byte", path,
                              lineno);
            break;
        }
        rc = tk_list_parse_line(line, (size_t)n, &kind, first, entry, &skip, err);
        if (rc == TK_OK && !skip) {
            rc = add_entry(in, entry, err);
            ++*names;
        }
        if (rc)
            tk_error_prefix(err, "%s:%ld", path, lineno);
        if (n && line[0] != '#')
            first = 0;
    }
    if (rc == TK_OK && ferror(f))
        rc = tk_error_set(err, TK_ERR_IO, "%s: read error", path);
    free(line);
    free(entry);
    tk_file_close(f);
    return rc;
}

int cmd_export(int argc, char **argv, FILE *out)
{
    struct tk_export_options eo = {TK_FORMAT_RPZ, NULL, NULL, 0, 0};
    const char *outpath = NULL, *split = NULL, *exclude = NULL, *format = NULL, *files[256];
    size_t nfiles = 0;
    int json = 0, quiet = 0, exclude_popular = 0;
    struct tk_error err = {0};
    const struct cli_opt table[] = {
        {.name = "--format", .type = CLI_OPT_TEXT, .value = &format},
        {.name = "--out", .type = CLI_OPT_TEXT, .value = &outpath},
        {.name = "--split-by-tld", .type = CLI_OPT_TEXT, .value = &split},
        {.name = "--sinkhole-ip", .type = CLI_OPT_TEXT, .value = &eo.sinkhole_ip},
        {.name = "--rpz-origin", .type = CLI_OPT_TEXT, .value = &eo.rpz_origin},
        {.name = "--rpz-wildcard", .type = CLI_OPT_FLAG, .value = &eo.rpz_wildcard},
        {.name = "--exclude", .type = CLI_OPT_TEXT, .value = &exclude},
        {.name = "--exclude-popular", .type = CLI_OPT_FLAG, .value = &exclude_popular},
        {.name = "--json", .type = CLI_OPT_FLAG, .value = &json},
        {.name = "--quiet", .type = CLI_OPT_FLAG, .value = &quiet},
    };

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            export_usage(out);
            return EXIT_OK;
        }
        int taken = cli_opt_parse(table, sizeof table / sizeof *table, "export", argc, argv, &i);
        if (taken < 0)
            return EXIT_USAGE;
        if (taken)
            continue;
        if ((a[0] != '-' || strcmp(a, "-") == 0) && nfiles < 256) {
            files[nfiles++] = a;
        } else {
            cli_error("export: unexpected argument '%s' (see `takedown export --help`)", a);
            return EXIT_USAGE;
        }
    }
    if (format && tk_format_parse(format, &eo.format, &err))
        return cli_fail(&err);
    if (nfiles == 0) {
        cli_error("export: which list? (give one or more files, or - for standard input)");
        return EXIT_USAGE;
    }
    if (tk_export_options_check(&eo, &err))
        return cli_fail(&err);

    struct export_input in = {0};
    struct tk_allowlist *exclude_list = NULL;
    in.set = tk_nameset_new();
    int rc = in.set ? TK_OK : tk_error_set(&err, TK_ERR_NOMEM, "out of memory");
    if (rc == TK_OK)
        rc = exclude_option_load(exclude_popular, exclude, &exclude_list, &err);
    in.exclude = exclude_list;
    for (size_t i = 0; i < nfiles && rc == TK_OK; i++) {
        uint64_t names;
        rc = read_list(files[i], &in, &names, &err);
        if (rc == TK_OK && names == 0) /* legal, but most likely the wrong file */
            cli_error("export: warning: %s: no names", files[i]);
    }

    uint64_t skipped = 0;
    char inputs[1024] = "";
    for (size_t i = 0; i < nfiles; i++) {
        strncat(inputs, i ? "," : "export of ", sizeof inputs - strlen(inputs) - 1);
        strncat(inputs, files[i], sizeof inputs - strlen(inputs) - 1);
    }
    struct tk_export_header hdr = {inputs, NULL, 1, 0, time(NULL), NULL};
    if (rc == TK_OK && split)
        rc = output_write_split(split, quiet ? NULL : out, json, &eo, hdr, in.set,
                                in.labels.items, &skipped, &err);
    if (rc == TK_OK && (outpath || !split))
        rc = output_write_file(outpath, out, &eo, &hdr, in.set, NULL, tk_nameset_count(in.set),
                               in.labels.items, &skipped, &err);
    if (rc == TK_OK && in.excluded && !quiet)
        cli_error("export: note: %llu names are on the exclude list and were left out",
                  (unsigned long long)in.excluded);
    if (rc == TK_OK && skipped && !quiet)
        cli_error("export: note: %llu names are not valid in a %s file and were left out",
                  (unsigned long long)skipped, tk_format_name(eo.format));
    tk_nameset_free(in.set);
    free_labels(&in.labels);
    tk_allowlist_free(exclude_list);
    return rc == TK_OK ? EXIT_OK : cli_fail(&err);
}
