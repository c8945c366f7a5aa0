/* suppobox.c - the Suppobox (pizd) DGA: two dictionary words per name, every 512 seconds.
 *
 * Unix time divided by 512 is a step counter. Fifteen of its bits are permuted into a 7-bit
 * index of the first word (words 0-127) and an 8-bit index of the second (words 128-383);
 * consecutive counters give consecutive names. Netlab 360's version also emits a `.ru` name,
 * before the `.net` one, whenever the counter is a multiple of 5. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/pyarith.h"

#define SUPPOBOX_WORDS 384
#define SUPPOBOX_STEP_SECONDS 512

/* Bit i of the counter becomes bit position suppobox_shuffle[i] of the 15-bit word pair,
 * counted from the most significant end. */
static const int suppobox_shuffle[15] = {3, 9, 13, 6, 2, 4, 11, 7, 14, 1, 10, 5, 8, 12, 0};

/* Splits a counter into the indexes of its first and second word. */
static void suppobox_word_indexes(int64_t counter, size_t *first, size_t *second)
{
    int bits[15];
    uint64_t value = (uint64_t)counter;
    size_t a = 0, b = 0;

    for (int i = 0; i < 15; i++)
        bits[suppobox_shuffle[i]] = (int)((value >> i) & 1);
    for (int i = 0; i < 7; i++)
        a = (a << 1) | (size_t)bits[i];
    for (int i = 7; i < 15; i++)
        b = (b << 1) | (size_t)bits[i];
    *first = a;
    *second = b + 0x80;
}

static size_t suppobox_name(const struct tk_wordlist *words, int64_t counter, const char *tld,
                            char *out, size_t outsz)
{
    size_t first, second;
    suppobox_word_indexes(counter, &first, &second);
    const char *w1 = words->words[first], *w2 = words->words[second];
    size_t n1 = strlen(w1), n2 = strlen(w2), nt = strlen(tld);

    if (n1 + n2 + nt + 2 > outsz)
        return 0;
    size_t len = tk_name_append(out, 0, w1);
    len = tk_name_append(out, len, w2);
    return tk_name_add_tld(out, len, tld);
}

/* "1", "2" or "3" name a built-in list; anything with a '/' is a file. */
static int suppobox_load_words(const char *choice, struct tk_wordlist *words,
                               struct tk_error *err)
{
    if (strchr(choice, '/') == NULL && strcmp(choice, "1") && strcmp(choice, "2") &&
        strcmp(choice, "3"))
        return tk_error_set(err, TK_ERR_USAGE,
                            "suppobox: --wordlist must be 1, 2, 3 or a file path, not '%s'",
                            choice);
    int rc = tk_wordlist_load_choice("suppobox-words", choice, words, err);
    if (rc)
        return rc;
    if (words->count < SUPPOBOX_WORDS) {
        size_t have = words->count;
        tk_wordlist_free(words);
        return tk_error_set(err, TK_ERR_USAGE,
                            "suppobox: word list '%s' has %zu words; the DGA needs %d", choice,
                            have, SUPPOBOX_WORDS);
    }
    return TK_OK;
}

static int suppobox_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                             struct tk_error *err)
{
    struct tk_wordlist words;
    int64_t counter = tk_floor_div(tk_day_to_unix(tk_args_day(gen->args, "date")),
                                SUPPOBOX_STEP_SECONDS);
    int64_t count = tk_args_int(gen->args, "count");
    int netlab = strcmp(gen->variant->name, "netlab360") == 0;
    int ru_done = 0; /* the .ru name of this counter is out */
    char name[512];
    int rc = suppobox_load_words(tk_args_str(gen->args, "wordlist"), &words, err);

    if (rc)
        return rc;
    for (int64_t i = 0; i < count && rc == TK_OK; i++) {
        int ru_name = netlab && !ru_done && tk_floor_mod(counter, 5) == 0;
        size_t len = suppobox_name(&words, counter, ru_name ? "ru" : "net", name, sizeof name);
        if (len == 0) {
            rc = tk_error_set(err, TK_ERR_USAGE, "suppobox: a word in the list is too long");
            break;
        }
        rc = emit(ctx, name, len);
        ru_done = ru_name;
        if (!ru_name)
            counter++;
    }
    tk_wordlist_free(&words);
    return rc;
}

static const struct tk_variant suppobox_variants[] = {
    {"default", "J. Bader's reimplementation: 85 consecutive counters, one .net name each",
     NULL, NULL, 0, 0},
    {"netlab360", "Netlab 360's version: adds a .ru name for counters divisible by 5",
     "net,ru", NULL, 0, 0},
    {0},
};

static const struct tk_param_def suppobox_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; the counter starts at its midnight (Unix time / 512)"},
    {"wordlist", TK_PARAM_STRING, "1", NULL,
     "built-in word list 1, 2 or 3, or the path of a file of at least 384 words"},
    {"count", TK_PARAM_INT, "85", NULL, "names to print (one counter step each, .ru extras "
                                        "included in netlab360)"},
    {0},
};

static const struct tk_seed suppobox_seeds[] = {
    {NULL, "wordlist=1", "word list of the samples analysed by Endgame and RSA (2015)"},
    {NULL, "wordlist=2", "second word list, J. Bader's suppobox repository"},
    {NULL, "wordlist=3", "third word list, from a sample provided by Sandor Nemes"},
    {0},
};

const struct tk_family tk_family_suppobox = {
    .name = "suppobox",
    .aliases = "pizd",
    .summary = "Suppobox/pizd: two dictionary words a name, a new name every 512 seconds",
    .description =
        "The Unix time shifted right by 9 bits is a counter. Its low 15 bits are shuffled "
        "into a 7-bit index into the first 128 words and an 8-bit index into the next 256 "
        "of a 384-word list; the two words joined make the label, under .net. Each run "
        "walks 85 consecutive counters from the given moment. Netlab 360's version also "
        "emits the same words under .ru (before the .net name) when the counter is a "
        "multiple of 5.",
    .variants = suppobox_variants,
    .params = suppobox_params,
    .seed_param = "wordlist",
    .known_seeds = suppobox_seeds,
    .granularity = "daily (the malware steps every 512 s; a run starts at 00:00 UTC)",
    .names_per_period = "85 (--count; in netlab360 the .ru extras count too)",
    .tlds = "net",
    .charset = "a-z",
    .label_min = 8,
    .label_max = 26,
    .wordlists = "suppobox-words1,suppobox-words2,suppobox-words3",
    .reference = "baderj/domain_generation_algorithms:suppobox/dga.py - J. Bader, after "
                 "Endgame 'Malware with a personal touch'; 360netlab/DGA:code/suppobox/dga.py",
    .time_note = "the reference uses time.mktime (local time); we use UTC midnight",
    .generate = suppobox_generate,
    .style = TK_STYLE_DICTIONARY,
    .period = NULL,
};
