/* fosniw.c - the Fosniw DGA (101 numbered host names, no date input).
 *
 * The malware appends the numbers 0 to 100 to a fixed host pattern: app2.winsoftN.com or
 * appx.koreasysN.com, depending on the sample. */
#include <stdio.h>
#include <string.h>

#include "takedown/family.h"

#define FOSNIW_NUMBERS 101

struct fosniw_pattern {
    const char *prefix; /* the value of --prefix */
    const char *host;   /* the label before the number */
};

static const struct fosniw_pattern fosniw_patterns[] = {
    {"winsoft", "app2.winsoft"},
    {"koreasys", "appx.koreasys"},
};

static const struct fosniw_pattern *fosniw_find(const char *prefix)
{
    for (size_t i = 0; i < sizeof fosniw_patterns / sizeof fosniw_patterns[0]; i++)
        if (strcmp(fosniw_patterns[i].prefix, prefix) == 0)
            return &fosniw_patterns[i];
    return NULL;
}

static int fosniw_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    const char *prefix = tk_args_str(gen->args, "prefix");
    const struct fosniw_pattern *pattern = fosniw_find(prefix);
    if (pattern == NULL)
        return tk_error_set(err, TK_ERR_USAGE,
                            "fosniw: unknown --prefix '%s' (known: winsoft, koreasys)", prefix);

    int64_t count = tk_args_int(gen->args, "count");
    char name[40];
    for (int n = 0; n < FOSNIW_NUMBERS && n < count; n++) {
        int len = snprintf(name, sizeof name, "%s%d.com", pattern->host, n);
        int rc = emit(ctx, name, (size_t)len);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant fosniw_variants[] = {
    {"default", "the numbered host names of the analysed samples", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def fosniw_params[] = {
    {"prefix", TK_PARAM_STRING, "winsoft", NULL,
     "host pattern of the sample: winsoft (app2.winsoftN.com) or koreasys (appx.koreasysN.com)"},
    {"count", TK_PARAM_INT, "101", NULL, "at most this many names (the malware tries 0-100)"},
    {0},
};

static const struct tk_seed fosniw_seeds[] = {
    {NULL, "prefix=winsoft", "app2.winsoftN.com samples (J. Bader's fosniw/dga.py)"},
    {NULL, "prefix=koreasys", "appx.koreasysN.com samples (J. Bader's fosniw/dga.py)"},
    {0},
};

const struct tk_family tk_family_fosniw = {
    .name = "fosniw",
    .aliases = "",
    .summary = "Fosniw: 101 numbered host names (app2.winsoft0-100.com), no date input",
    .description =
        "The numbers 0 to 100 are appended to a host pattern fixed in the sample, "
        "app2.winsoft or appx.koreasys, under .com: 101 names that never change.",
    .variants = fosniw_variants,
    .params = fosniw_params,
    .seed_param = "prefix",
    .known_seeds = fosniw_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "101",
    .tlds = "com",
    .charset = "a-z0-9.",
    .label_min = 13,
    .label_max = 16,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:fosniw/dga.py — J. Bader, Fosniw DGA "
                 "reimplementation",
    .time_note = NULL,
    .generate = fosniw_generate,
    .style = TK_STYLE_DICTIONARY,
    .period = NULL,
};
