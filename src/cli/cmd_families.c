/* cmd_families.c - `takedown families [NAME] [--json]`: the family registry for people and
 * for scripts. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/json.h"
#include "takedown/family.h"

static void families_usage(FILE *f)
{
    fprintf(f, "usage: takedown families [NAME] [--json]\n\n"
               "Without NAME, lists every built-in DGA family with its variants and period.\n"
               "With NAME (or an alias), describes the family: algorithm, parameters with their\n"
               "types and defaults, known seeds, period, TLDs, label charset and length, word\n"
               "lists and the public reference its output matches. --json prints the same as\n"
               "JSON (an array of families, or one object).\n");
}

static const char *type_label(enum tk_param_type type)
{
    switch (type) {
    case TK_PARAM_INT: return "int";
    case TK_PARAM_HEX32: return "hex32";
    case TK_PARAM_STRING: return "string";
    case TK_PARAM_DATE: return "date";
    case TK_PARAM_BOOL: return "bool";
    }
    return "?";
}

static void json_family(FILE *out, const struct tk_family *f)
{
    fputs("{\"name\":", out);
    json_string(out, f->name);
    fputs(",\"aliases\":", out);
    json_list(out, f->aliases);
    fputs(",\"summary\":", out);
    json_string(out, f->summary);
    fputs(",\"description\":", out);
    json_string(out, f->description);
    fputs(",\"granularity\":", out);
    json_string(out, f->granularity);
    fputs(",\"names_per_period\":", out);
    json_string(out, f->names_per_period);
    fputs(",\"takes_date\":", out);
    fputs(tk_family_takes_date(f) ? "true" : "false", out);
    fputs(",\"tlds\":", out);
    json_list(out, f->tlds);
    fputs(",\"charset\":", out);
    json_string(out, f->charset);
    fprintf(out, ",\"label_length\":[%d,%d]", f->label_min, f->label_max);
    fputs(",\"wordlists\":", out);
    json_list(out, f->wordlists);
    fputs(",\"reference\":", out);
    json_string(out, f->reference);
    fputs(",\"time_note\":", out);
    json_string(out, f->time_note);
    fputs(",\"recover\":", out);
    json_string(out, f->recover ? (f->recover_method ? f->recover_method : "inversion") : NULL);
    fputs(",\"seed_param\":", out);
    json_string(out, f->seed_param);
    fputs(",\"variants\":[", out);
    for (const struct tk_variant *v = f->variants; v->name; v++) {
        fputs(v == f->variants ? "{\"name\":" : ",{\"name\":", out);
        json_string(out, v->name);
        fputs(",\"description\":", out);
        json_string(out, v->description);
        fputs(",\"default\":", out);
        fputs(v == f->variants ? "true" : "false", out);
        fputs(",\"tlds\":", out);
        json_list(out, v->tlds ? v->tlds : f->tlds);
        fputs(",\"charset\":", out);
        json_string(out, v->charset ? v->charset : f->charset);
        fprintf(out, ",\"label_length\":[%d,%d]}", v->label_min ? v->label_min : f->label_min,
                v->label_max ? v->label_max : f->label_max);
    }
    fputs("],\"params\":[", out);
    for (const struct tk_param_def *p = f->params; p && p->name; p++) {
        fputs(p == f->params ? "{\"name\":" : ",{\"name\":", out);
        json_string(out, p->name);
        fputs(",\"type\":", out);
        json_string(out, type_label(p->type));
        fputs(",\"default\":", out);
        json_string(out, p->default_value);
        fputs(",\"required\":", out);
        fputs(p->default_value ? "false" : "true", out);
        fputs(",\"variants\":", out);
        json_list(out, p->variants);
        fputs(",\"meaning\":", out);
        json_string(out, p->meaning);
        fputc('}', out);
    }
    fputs("],\"known_seeds\":[", out);
    for (const struct tk_seed *s = f->known_seeds; s && s->params; s++) {
        fputs(s == f->known_seeds ? "{\"variant\":" : ",{\"variant\":", out);
        json_string(out, s->variant && *s->variant ? s->variant : f->variants[0].name);
        fputs(",\"params\":", out);
        json_string(out, s->params);
        fputs(",\"note\":", out);
        json_string(out, s->note);
        fputc('}', out);
    }
    fputs("]}", out);
}

static void describe(FILE *out, const struct tk_family *f)
{
    fprintf(out, "%s", f->name);
    if (f->aliases && *f->aliases)
        fprintf(out, " (also: %s)", f->aliases);
    fprintf(out, "\n  %s\n\n", f->summary);
    fprintf(out, "  %s\n\n", f->description);
    fprintf(out, "  period:      %s\n", f->granularity);
    fprintf(out, "  names:       %s per period\n", f->names_per_period);
    fprintf(out, "  TLDs:        %s\n", f->tlds);
    fprintf(out, "  labels:      %d-%d characters from %s\n", f->label_min, f->label_max,
            f->charset);
    if (f->wordlists)
        fprintf(out, "  word lists:  %s\n", f->wordlists);
    if (f->time_note)
        fprintf(out, "  time:        %s\n", f->time_note);
    fprintf(out, "  reference:   %s\n", f->reference);
    if (f->recover)
        fprintf(out, "  recovery:    %s (takedown match --discover-seeds)\n",
                f->recover_method ? f->recover_method : "inversion");
    fputs("\n  variants:\n", out);
    for (const struct tk_variant *v = f->variants; v->name; v++)
        fprintf(out, "    %-12s %s%s\n", v->name, v->description,
                v == f->variants ? " (default)" : "");
    fprintf(out, "\n  parameters:\n");
    for (const struct tk_param_def *p = f->params; p && p->name; p++) {
        fprintf(out, "    --%-14s %-6s %s", p->name, type_label(p->type), p->meaning);
        if (p->default_value)
            fprintf(out, " [default %s]", p->default_value);
        else
            fprintf(out, " [required]");
        if (p->variants)
            fprintf(out, " (variants %s)", p->variants);
        fputc('\n', out);
    }
    if (f->known_seeds && f->known_seeds->params) {
        fprintf(out, "\n  known seeds and configurations (--all-seeds uses them all):\n");
        for (const struct tk_seed *s = f->known_seeds; s->params; s++)
            fprintf(out, "    %-10s %-40s %s\n",
                    s->variant && *s->variant ? s->variant : f->variants[0].name, s->params,
                    s->note ? s->note : "");
    }
}

int cmd_families(int argc, char **argv, FILE *out)
{
    const char *name = NULL;
    int json = 0;

    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            families_usage(out);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (argv[i][0] != '-' && name == NULL) {
            name = argv[i];
        } else {
            cli_error("families: unexpected argument '%s'", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (name) {
        const struct tk_family *f = tk_family_find(name);
        if (f == NULL) {
            cli_error("families: unknown family '%s' (run `takedown families` for the list)", name);
            return EXIT_USAGE;
        }
        if (json) {
            json_family(out, f);
            fputc('\n', out);
        } else {
            describe(out, f);
        }
        return EXIT_OK;
    }
    if (json)
        fputc('[', out);
    for (size_t i = 0; i < tk_family_count(); i++) {
        const struct tk_family *f = tk_family_at(i);
        if (json) {
            if (i)
                fputc(',', out);
            json_family(out, f);
            continue;
        }
        char variants[256] = "";
        for (const struct tk_variant *v = f->variants; v->name; v++) {
            if (v != f->variants)
                strncat(variants, ",", sizeof variants - strlen(variants) - 1);
            strncat(variants, v->name, sizeof variants - strlen(variants) - 1);
        }
        fprintf(out, "%-24s %-28s %s\n", f->name, variants, f->granularity);
    }
    if (json)
        fputs("]\n", out);
    return EXIT_OK;
}
