/* nymaim2.c - the Nymaim v2 DGA: two-word names over a window of the last 11 days.
 *
 * For each day of the window, the MD5 hex of a sample seed, the two-digit year and the day
 * of the year are hashed again into a hex state. Each draw reads the state's first 8 hex
 * digits as a number and re-hashes its last 25 characters. Four draws per name pick a first
 * word, a separator ("-" or none), a second word and a TLD. */
#include <stdio.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

#define NYMAIM2_HEX_LEN 32

static const char *const nymaim2_separators[] = {"-", ""};

/* The malware's TLD table; com and net appear several times, which weights them. */
static const char *const nymaim2_tlds[] = {
    "com", "com", "com",  "net", "net", "net", "ac", "ad", "at", "am",  "az", "be", "biz",
    "bt",  "by",  "cc",   "ch",  "cm",  "cn",  "co", "com", "cx", "cz", "de", "dk", "ec",
    "eu",  "gs",  "hn",   "ht",  "id",  "in",  "info", "it", "jp", "ki", "kr", "kz", "la",
    "li",  "lk",  "lv",   "me",  "mo",  "mv",  "mx", "name", "net", "nu", "org", "ph", "pk",
    "pl",  "pro", "ps",   "re",  "ru",  "sc",  "sg", "sh",  "su", "tel", "tf", "tj", "tk",
    "tm",  "top", "uz",   "vn",  "win", "ws",  "wtf", "xyz", "yt",
};
#define NYMAIM2_TLDS (sizeof nymaim2_tlds / sizeof nymaim2_tlds[0])

struct nymaim2_rand {
    char state[NYMAIM2_HEX_LEN + 1];
};

/* State for one day: md5hex(md5hex(seed) + str(year % 100) + str(day of year)). */
static void nymaim2_seed(struct nymaim2_rand *r, const char *seed_hex, int year, int yday)
{
    char text[NYMAIM2_HEX_LEN + 32];
    int n = snprintf(text, sizeof text, "%s%d%d", seed_hex, year, yday);
    tk_md5_hex(text, (size_t)n, r->state);
}

static uint32_t nymaim2_draw(struct nymaim2_rand *r)
{
    uint32_t value = 0;
    for (int i = 0; i < 8; i++) {
        char c = r->state[i];
        value = (value << 4) | (uint32_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    tk_md5_hex(r->state + 7, NYMAIM2_HEX_LEN - 7, r->state);
    return value;
}

/* Writes one name into out (large enough for two words, a separator and a TLD). */
static size_t nymaim2_name(struct nymaim2_rand *r, const struct tk_wordlist *first,
                           const struct tk_wordlist *second, char *out)
{
    size_t len = tk_name_append(out, 0, first->words[nymaim2_draw(r) % first->count]);
    len = tk_name_append(out, len, nymaim2_separators[nymaim2_draw(r) % 2]);
    len = tk_name_append(out, len, second->words[nymaim2_draw(r) % second->count]);
    return tk_name_add_tld(out, len, nymaim2_tlds[nymaim2_draw(r) % NYMAIM2_TLDS]);
}

static int nymaim2_run(const struct tk_gen *gen, const struct tk_wordlist *first,
                       const struct tk_wordlist *second, tk_emit_fn emit, void *ctx,
                       struct tk_error *err)
{
    struct tk_civil c = tk_day_to_civil(tk_args_day(gen->args, "date"));
    int64_t days_back = tk_args_int(gen->args, "days_back");
    int64_t per_day = tk_args_int(gen->args, "per_day");
    int64_t remaining = tk_args_int(gen->args, "count");
    const char *seed = tk_args_str(gen->args, "seed");
    char seed_hex[NYMAIM2_HEX_LEN + 1], name[512];

    if (days_back < 0 || days_back > 366)
        return tk_error_set(err, TK_ERR_USAGE, "nymaim2: --days_back must be 0 to 366");
    if (tk_wordlist_longest(first) + tk_wordlist_longest(second) + 16 > sizeof name)
        return tk_error_set(err, TK_ERR_USAGE, "nymaim2: a word in the lists is too long");
    tk_md5_hex(seed, strlen(seed), seed_hex);
    /* the day of the year simply goes negative in early January, as in the malware */
    for (int64_t back = 0; back <= days_back && remaining > 0; back++) {
        struct nymaim2_rand r;
        nymaim2_seed(&r, seed_hex, c.year % 100, c.yday - (int)back);
        for (int64_t i = 0; i < per_day && remaining > 0; i++, remaining--) {
            size_t len = nymaim2_name(&r, first, second, name);
            int rc = emit(ctx, name, len);
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

static int nymaim2_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    struct tk_wordlist first, second;
    int rc = tk_wordlist_load(tk_args_str(gen->args, "firstwords"), &first, err);
    if (rc)
        return rc;
    rc = tk_wordlist_load(tk_args_str(gen->args, "secondwords"), &second, err);
    if (rc == TK_OK) {
        rc = nymaim2_run(gen, &first, &second, emit, ctx, err);
        tk_wordlist_free(&second);
    }
    tk_wordlist_free(&first);
    return rc;
}

static const struct tk_variant nymaim2_variants[] = {
    {"default", "the Nymaim v2 DGA (2017-2018 samples)", NULL, NULL, 0, 0},
    {0},
};

static const struct tk_param_def nymaim2_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; names for it and the days_back days before it"},
    {"seed", TK_PARAM_STRING, "3138C81ED54AD5F8E905555A6623C9C9", NULL,
     "sample seed string (its MD5 hex starts every day's hash)"},
    {"days_back", TK_PARAM_INT, "10", NULL, "earlier days in the window"},
    {"per_day", TK_PARAM_INT, "64", NULL, "names per day of the window"},
    {"count", TK_PARAM_INT, "704", NULL, "names in all (the window stops early when reached)"},
    {"firstwords", TK_PARAM_STRING, "nymaim2-firstword", NULL,
     "word list of first words: built-in name or file path"},
    {"secondwords", TK_PARAM_STRING, "nymaim2-secondword", NULL,
     "word list of second words: built-in name or file path"},
    {0},
};

static const struct tk_seed nymaim2_seeds[] = {
    {NULL, "seed=3138C81ED54AD5F8E905555A6623C9C9",
     "seed of the sample analysed by J. Bader ('The DGA of Nymaim2', 2018)"},
    {0},
};

const struct tk_family tk_family_nymaim2 = {
    .name = "nymaim2",
    .aliases = "",
    .summary = "Nymaim v2: two dictionary words, 64 names a day over an 11-day window",
    .description =
        "For the date and each of the 10 days before it, md5hex(md5hex(seed) + year % 100 + "
        "day of year) is the state. A draw takes its first 8 hex digits as a number and "
        "replaces the state by the MD5 hex of its last 25 characters. Four draws make a "
        "name: a first word (2,450), a separator ('-' or none), a second word (4,387) and "
        "one of 74 TLD slots. 64 names per day, 704 in all.",
    .variants = nymaim2_variants,
    .params = nymaim2_params,
    .seed_param = "seed",
    .known_seeds = nymaim2_seeds,
    .granularity = "daily (each run covers the date and the 10 days before)",
    .names_per_period = "704 (64 per day of the window)",
    .tlds = "com,net,ac,ad,at,am,az,be,biz,bt,by,cc,ch,cm,cn,co,cx,cz,de,dk,ec,eu,gs,hn,ht,"
            "id,in,info,it,jp,ki,kr,kz,la,li,lk,lv,me,mo,mv,mx,name,nu,org,ph,pk,pl,pro,ps,re,"
            "ru,sc,sg,sh,su,tel,tf,tj,tk,tm,top,uz,vn,win,ws,wtf,xyz,yt",
    .charset = "a-z-",
    .label_min = 8,
    .label_max = 34,
    .wordlists = "nymaim2-firstword,nymaim2-secondword",
    .reference = "baderj/domain_generation_algorithms:nymaim2/dga.py - J. Bader, 'The DGA of "
                 "Nymaim2' (2018)",
    .time_note = NULL,
    .generate = nymaim2_generate,
    .style = TK_STYLE_DICTIONARY,
    .period = NULL,
};
