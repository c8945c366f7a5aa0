/* unnamed_downloader.c - an unnamed downloader's DGA (permutations of a seed, github.io).
 *
 * The malware sorts the letters of a hard-coded seed ("ddktn") and tries every arrangement
 * of them as a github.io subdomain, fetching /c2/config.dat. Arrangements are taken as
 * permutations of letter positions in lexicographic order, so a repeated letter makes
 * repeated names (120 names for the five positions of "ddktn", 60 of them distinct). */
#include <stdlib.h>
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"

#define UD_SEED_MAX 20

static int ud_compare_chars(const void *a, const void *b)
{
    return (int)*(const unsigned char *)a - (int)*(const unsigned char *)b;
}

static int ud_check_seed(const char *seed, struct tk_error *err)
{
    size_t len = strlen(seed);
    if (len == 0 || len > UD_SEED_MAX ||
        strspn(seed, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
        return tk_error_set(err, TK_ERR_USAGE,
                            "unnamed_downloader: --seed must be 1-%d characters a-z, 0-9 or '-'",
                            UD_SEED_MAX);
    return TK_OK;
}

/* Advances positions to the next permutation in lexicographic order; 0 after the last. */
static int ud_next_permutation(size_t *positions, size_t n)
{
    size_t i = n - 1;
    while (i > 0 && positions[i - 1] > positions[i])
        i--;
    if (i == 0)
        return 0;
    size_t j = n - 1;
    while (positions[j] < positions[i - 1])
        j--;
    size_t tmp = positions[i - 1];
    positions[i - 1] = positions[j];
    positions[j] = tmp;
    for (size_t a = i, b = n - 1; a < b; a++, b--) {
        tmp = positions[a];
        positions[a] = positions[b];
        positions[b] = tmp;
    }
    return 1;
}

static int ud_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                       struct tk_error *err)
{
    const char *seed = tk_args_str(gen->args, "seed");
    int rc = ud_check_seed(seed, err);
    if (rc)
        return rc;

    int64_t count = tk_args_int(gen->args, "count");
    size_t n = strlen(seed);
    size_t positions[UD_SEED_MAX];
    char letters[UD_SEED_MAX];
    char name[UD_SEED_MAX + sizeof ".github.io"];

    memcpy(letters, seed, n);
    qsort(letters, n, 1, ud_compare_chars);
    for (size_t i = 0; i < n; i++)
        positions[i] = i;
    size_t len = tk_name_add_tld(name, n, "github.io");
    for (int64_t emitted = 0; emitted < count; emitted++) {
        for (size_t i = 0; i < n; i++)
            name[i] = letters[positions[i]];
        rc = emit(ctx, name, len);
        if (rc || !ud_next_permutation(positions, n))
            return rc;
    }
    return TK_OK;
}

static const struct tk_variant ud_variants[] = {
    {"default", "the sample analysed by J. Bader (2016)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def ud_params[] = {
    {"seed", TK_PARAM_STRING, "ddktn", NULL, "letters hard-coded in the sample (a-z, 0-9, '-')"},
    {"count", TK_PARAM_INT, "120", NULL,
     "at most this many names; the list ends after all n! arrangements of the seed"},
    {0},
};

static const struct tk_seed ud_seeds[] = {
    {NULL, "seed=ddktn",
     "sample md5 e66e3879700f88182bd92c7d3a00e9e4 (J. Bader's unnamed_downloader/dga.py)"},
    {0},
};

const struct tk_family tk_family_unnamed_downloader = {
    .name = "unnamed_downloader",
    .aliases = "",
    .summary = "Unnamed downloader: every arrangement of a seed's letters, under github.io",
    .description =
        "The seed's letters are sorted, then every permutation of their positions is tried in "
        "lexicographic order as <letters>.github.io, where the malware fetches "
        "/c2/config.dat. Repeated letters give repeated names: the seed ddktn gives 120 names, "
        "60 distinct. No date input.",
    .variants = ud_variants,
    .params = ud_params,
    .seed_param = "seed",
    .known_seeds = ud_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "n! for an n-letter seed (120 for ddktn)",
    .tlds = "github.io",
    .charset = "a-z0-9-",
    .label_min = 1,
    .label_max = UD_SEED_MAX,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:unnamed_downloader/dga.py — J. Bader, "
                 "DGA of an unnamed downloader",
    .time_note = NULL,
    .generate = ud_generate,
    .period = NULL,
};
