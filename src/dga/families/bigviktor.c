/* bigviktor.c - the BigViktor DGA (Netlab 360): dictionary names that change monthly.
 *
 * SHA-256 of "Mon YYYY 00:00" gives a 32-bit xorshift state. For each name the state picks
 * an optional host prefix, a verb, an adjective and a noun (each join optionally a '-') and
 * one of 20 TLDs: [prefix.]verb[-]adjective[-]noun.tld. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

static const char *const bigviktor_tlds[20] = {
    "art", "click", "club", "com", "fans", "futbol", "in", "info", "link", "net",
    "nl", "observer", "one", "org", "pictures", "realty", "rocks", "tel", "top", "xyz"};

static const char *const bigviktor_months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

enum { BV_PREFIXES, BV_VERBS, BV_ADJECTIVES, BV_NOUNS, BV_LISTS };

static const char *const bigviktor_list_params[BV_LISTS] = {"prefixes", "verbs", "adjectives",
                                                           "nouns"};

struct bigviktor_words {
    struct tk_wordlist lists[BV_LISTS];
    size_t longest; /* longest possible name, without the terminating NUL */
};

/* One xorshift step; the new state is also the random value. */
static uint32_t bigviktor_next(uint32_t *state)
{
    uint32_t x = *state ^ (*state << 13);
    uint32_t y = x ^ (x >> 17);
    *state = y ^ (y << 5);
    return *state;
}

/* The generator state of a month: the first 4 bytes of SHA-256("Mon YYYY 00:00"). */
static uint32_t bigviktor_month_seed(tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    char text[32];
    uint8_t digest[32];
    int len = snprintf(text, sizeof text, "%s %d 00:00", bigviktor_months[c.month - 1], c.year);

    tk_sha256(text, (size_t)len, digest);
    return (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 | (uint32_t)digest[2] << 8 |
           (uint32_t)digest[3];
}

static void bigviktor_words_free(struct bigviktor_words *words)
{
    for (int i = 0; i < BV_LISTS; i++)
        tk_wordlist_free(&words->lists[i]);
}

static int bigviktor_words_load(const struct tk_args *args, struct bigviktor_words *words,
                                struct tk_error *err)
{
    memset(words, 0, sizeof *words);
    words->longest = 4 + 8; /* four separators (". - - .") and the longest TLD */
    for (int i = 0; i < BV_LISTS; i++) {
        int rc = tk_wordlist_load(tk_args_str(args, bigviktor_list_params[i]), &words->lists[i],
                                  err);
        if (rc) {
            tk_error_prefix(err, "bigviktor %s", bigviktor_list_params[i]);
            bigviktor_words_free(words);
            return rc;
        }
        words->longest += tk_wordlist_longest(&words->lists[i]);
    }
    return TK_OK;
}

static const char *bigviktor_pick(const struct tk_wordlist *list, uint32_t *state)
{
    return list->words[bigviktor_next(state) % list->count];
}

/* Builds the next name into out (words->longest + 1 bytes) and returns its length. */
static size_t bigviktor_name(const struct bigviktor_words *words, uint32_t *state, char *out)
{
    size_t len = 0;

    if (bigviktor_next(state) % 5 == 0) {
        len = tk_name_append(out, len, bigviktor_pick(&words->lists[BV_PREFIXES], state));
        out[len++] = '.';
    }
    len = tk_name_append(out, len, bigviktor_pick(&words->lists[BV_VERBS], state));
    if (bigviktor_next(state) % 10 <= 1)
        out[len++] = '-';
    len = tk_name_append(out, len, bigviktor_pick(&words->lists[BV_ADJECTIVES], state));
    if (bigviktor_next(state) % 10 <= 1)
        out[len++] = '-';
    len = tk_name_append(out, len, bigviktor_pick(&words->lists[BV_NOUNS], state));
    return tk_name_add_tld(out, len, bigviktor_tlds[bigviktor_next(state) % 20]);
}

static int bigviktor_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                              struct tk_error *err)
{
    uint32_t state = bigviktor_month_seed(tk_args_day(gen->args, "date"));
    int64_t count = tk_args_int(gen->args, "count");
    struct bigviktor_words words;
    int rc = bigviktor_words_load(gen->args, &words, err);
    if (rc)
        return rc;

    char *name = malloc(words.longest + 1);
    if (name == NULL) {
        bigviktor_words_free(&words);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    for (int64_t i = 0; i < count && rc == 0; i++) {
        size_t len = bigviktor_name(&words, &state, name);
        rc = emit(ctx, name, len);
    }
    free(name);
    bigviktor_words_free(&words);
    return rc;
}

static const struct tk_variant bigviktor_variants[] = {
    {"default", "Netlab 360's reimplementation (BigViktor IoT botnet, 2019-2020)", NULL, NULL,
     0, 0},
    {0},
};

static const struct tk_param_def bigviktor_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL, "UTC day; only its month and year matter"},
    {"count", TK_PARAM_INT, "1000", NULL, "names to emit (the generator runs on)"},
    {"prefixes", TK_PARAM_STRING, "bigviktor-prefixes", NULL,
     "host prefix word list: a built-in name, or a file path (a value with '/')"},
    {"verbs", TK_PARAM_STRING, "bigviktor-verbs", NULL,
     "verb word list: a built-in name, or a file path (a value with '/')"},
    {"adjectives", TK_PARAM_STRING, "bigviktor-adjectives", NULL,
     "adjective word list: a built-in name, or a file path (a value with '/')"},
    {"nouns", TK_PARAM_STRING, "bigviktor-nouns", NULL,
     "noun word list: a built-in name, or a file path (a value with '/')"},
    {0},
};

static const struct tk_seed bigviktor_seeds[] = {
    {0},
};

const struct tk_family tk_family_bigviktor = {
    .name = "bigviktor",
    .aliases = "",
    .summary = "BigViktor IoT botnet: 1,000 dictionary names a month over 20 TLDs",
    .description =
        "The month is written as \"Mon YYYY 00:00\" (e.g. \"Jul 2016 00:00\") and hashed with "
        "SHA-256; the first 32 bits seed a xorshift generator (<<13, >>17, <<5). Per name: "
        "with one chance in five a host prefix and a dot, then a verb, an optional '-', an "
        "adjective, an optional '-' (each one chance in five) and a noun, then one of 20 TLDs.",
    .variants = bigviktor_variants,
    .params = bigviktor_params,
    .seed_param = NULL,
    .known_seeds = bigviktor_seeds,
    .granularity = "monthly",
    .names_per_period = "1000",
    .tlds = "art,click,club,com,fans,futbol,in,info,link,net,nl,observer,one,org,pictures,"
            "realty,rocks,tel,top,xyz",
    .charset = "a-z0-9.-",
    .label_min = 5,
    .label_max = 49,
    .wordlists = "bigviktor-prefixes, bigviktor-verbs, bigviktor-adjectives, bigviktor-nouns",
    .reference = "360netlab/DGA:code/bigviktor/dga.py — Netlab 360, 'BigViktor: a DGA-based "
                 "IoT botnet' (2020)",
    .time_note = "the malware formats the month in local time (time.localtime in the "
                 "reference); we use UTC",
    .generate = bigviktor_generate,
    .style = TK_STYLE_DICTIONARY,
    .period = tk_period_monthly,
};
