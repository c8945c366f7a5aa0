/* gozi.c - the Gozi (ISFB) dictionary DGA: names glued from words of a public text.
 *
 * The days since 2015-01-01, divided by a per-list divisor, seed a 32-bit LCG (Numerical
 * Recipes constants). Each name draws a target length of 12-23 characters, then appends
 * random words (or their first halves) that keep it within 24 characters until the target
 * is reached. --seed replaces the published sample's start value.
 *
 * No recovery: one name leaves far too many seeds (docs/match.md, "Recovery by family"). */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"
#include "dga/pyarith.h"

#define GOZI_MAX_LABEL 24
#define GOZI_MAX_DRAWS (1 << 20) /* per name; a usable list needs a handful */

struct gozi_list {
    const char *name;
    int divisor;
    const char *tld;
};

static const struct gozi_list gozi_lists[] = {
    {"luther", 4, "com"},
    {"rfc4343", 3, "com"},
    {"nasa", 5, "com"},
    {"gpl", 5, "ru"},
};
#define GOZI_LISTS (sizeof gozi_lists / sizeof gozi_lists[0])

/* A word list file gets luther's settings unless --divisor and --tld say otherwise. */
static const struct gozi_list gozi_file_defaults = {"file", 4, "com"};

static const struct gozi_list *gozi_find_list(const char *wordlist)
{
    if (strchr(wordlist, '/'))
        return &gozi_file_defaults;
    for (size_t i = 0; i < GOZI_LISTS; i++)
        if (strcmp(gozi_lists[i].name, wordlist) == 0)
            return &gozi_lists[i];
    return NULL;
}

static int64_t gozi_divisor(const struct tk_args *args, const struct gozi_list *list)
{
    int64_t divisor = tk_args_int(args, "divisor");
    return divisor > 0 ? divisor : list->divisor;
}

/* Days since 2015-01-01 divided (rounding down) by the divisor. */
static int64_t gozi_step(tk_day day, int64_t divisor)
{
    return tk_floor_div((int64_t)day - tk_day_from_civil(2015, 1, 1), divisor);
}

/* Builds one label into out (at least GOZI_MAX_LABEL + 1 bytes); returns its length, or 0
 * when the list has no word short enough to finish it. */
static size_t gozi_label(uint32_t *state, const struct tk_wordlist *words, char *out)
{
    tk_lcg_numerical_recipes(state);
    size_t target = tk_lcg_numerical_recipes(state) % 12 + 12;
    size_t len = 0;

    for (long draws = 0; len < target; draws++) {
        if (draws == GOZI_MAX_DRAWS)
            return 0;
        const char *word = words->words[tk_lcg_numerical_recipes(state) % words->count];
        size_t take = strlen(word);
        if (tk_lcg_numerical_recipes(state) % 3 == 0)
            take >>= 1;
        if (len + take <= GOZI_MAX_LABEL) {
            memcpy(out + len, word, take);
            len += take;
        }
    }
    return len;
}

static int gozi_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                         struct tk_error *err)
{
    const char *wordlist = tk_args_str(gen->args, "wordlist");
    const struct gozi_list *list = gozi_find_list(wordlist);
    int64_t count = tk_args_int(gen->args, "count");
    const char *tld = tk_args_str(gen->args, "tld");
    struct tk_wordlist words;
    char name[GOZI_MAX_LABEL + 1 + 256];
    int rc;

    if (list == NULL)
        return tk_error_set(err, TK_ERR_USAGE,
                            "gozi: --wordlist must be luther, rfc4343, nasa, gpl or a file "
                            "path, not '%s'",
                            wordlist);
    if (tk_args_int(gen->args, "divisor") < 0)
        return tk_error_set(err, TK_ERR_USAGE, "gozi: --divisor must not be negative");
    if (tld[0] == '\0')
        tld = list->tld;
    if (strlen(tld) > 200)
        return tk_error_set(err, TK_ERR_USAGE, "gozi: --tld is too long");
    int64_t step = gozi_step(tk_args_day(gen->args, "date"), gozi_divisor(gen->args, list));
    uint32_t state = tk_args_u32(gen->args, "seed") + (uint32_t)step;

    rc = tk_wordlist_load_choice("gozi-", wordlist, &words, err);
    if (rc)
        return rc;
    for (int64_t i = 0; i < count && rc == TK_OK; i++) {
        size_t len = gozi_label(&state, &words, name);
        if (len == 0) {
            rc = tk_error_set(err, TK_ERR_USAGE,
                              "gozi: word list '%s' has no word short enough to finish a name",
                              wordlist);
            break;
        }
        rc = tk_emit_with_tld(emit, ctx, name, len, tld);
    }
    tk_wordlist_free(&words);
    return rc;
}

static int64_t gozi_period(const struct tk_gen *gen, tk_day day)
{
    const struct gozi_list *list = gozi_find_list(tk_args_str(gen->args, "wordlist"));
    if (list == NULL)
        return day;
    return gozi_step(day, gozi_divisor(gen->args, list));
}

static const struct tk_variant gozi_variants[] = {
    {"default", "the ISFB/Gozi word-list DGA (2015-2020 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def gozi_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; names change every divisor days counted from 2015-01-01"},
    {"wordlist", TK_PARAM_STRING, "luther", NULL,
     "built-in word list luther, rfc4343, nasa or gpl, or the path of a word list file"},
    {"divisor", TK_PARAM_INT, "0", NULL,
     "days per seed step; 0: the list's own (luther 4, rfc4343 3, nasa 5, gpl 5; file 4)"},
    {"tld", TK_PARAM_STRING, "", NULL, "TLD; empty: the list's own (gpl: ru, others com)"},
    {"seed", TK_PARAM_HEX32, "EDBA8930", NULL,
     "the LCG's start on 2015-01-01, before the period number is added (the published "
     "sample's: 2^16 - 306607824)"},
    {"count", TK_PARAM_INT, "12", NULL, "names per period"},
    {0},
};

static const struct tk_seed gozi_seeds[] = {
    {NULL, "wordlist=luther", "Luther's 95 theses (Latin), divisor 4, .com (J. Bader, 2016)"},
    {NULL, "wordlist=rfc4343", "text of RFC 4343, divisor 3, .com"},
    {NULL, "wordlist=nasa", "a NASA press release, divisor 5, .com"},
    {NULL, "wordlist=gpl", "text of the GNU GPL v3, divisor 5, .ru"},
    {0},
};

const struct tk_family tk_family_gozi = {
    .name = "gozi",
    .aliases = "isfb,ursnif",
    .summary = "Gozi (ISFB): 12 names glued from the words of a public text",
    .description =
        "Days since 2015-01-01 divided by 3, 4 or 5 (by word list), plus a per-sample start "
        "(--seed; the published sample's is 2^16 - 306607824), seed a 32-bit LCG (x * "
        "1664525 + 1013904223). Per name: one discarded draw, a target length of 12-23, then "
        "random words from the list (halved when a draw is divisible by 3) appended while the "
        "label stays within 24 characters, until the target is reached. Word lists: Luther's "
        "95 theses, RFC 4343, a NASA press release (.com) and the GPL v3 (.ru).",
    .variants = gozi_variants,
    .params = gozi_params,
    .seed_param = "wordlist",
    .known_seeds = gozi_seeds,
    .granularity = "every 3, 4 or 5 days (days since 2015-01-01 / divisor, by word list)",
    .names_per_period = "12",
    .tlds = "com,ru",
    .charset = "a-z",
    .label_min = 12,
    .label_max = GOZI_MAX_LABEL,
    .wordlists = "gozi-luther,gozi-rfc4343,gozi-nasa,gozi-gpl",
    .reference = "baderj/domain_generation_algorithms:gozi/dga.py - J. Bader, 'The DGA of "
                 "Gozi/ISFB' (2016)",
    .time_note = NULL,
    .generate = gozi_generate,
    .style = TK_STYLE_DICTIONARY,
    .period = gozi_period,
};
