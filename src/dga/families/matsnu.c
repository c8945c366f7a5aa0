/* matsnu.c - the Matsnu DGA of 2015: dictionary words, sometimes hyphenated, ten names a day.
 *
 * A 16-bit state starts at 1 each day. Each word multiplies it by a constant, by the number
 * of days since the epoch, by a second constant and by the name's number (1, 2, ...), then
 * XORs the first constant back in; the state modulo a dictionary's size picks the word, and
 * an odd state puts a hyphen after it. Words alternate between a dictionary of nouns and one
 * of verbs and nouns until the label is longer than 12 characters. The malware asks for the
 * names of the current day and of the two days before it. */
#include <string.h>

#include "dga/dga_util.h"
#include "dga/emit_util.h"
#include "takedown/family.h"

/* The malware's constants 0xEF5EB and 0x39339; only their low 16 bits reach the state. */
#define MATSNU_CONST1 0xF5EBu
#define MATSNU_CONST2 0x9339u
#define MATSNU_STOP_AFTER 12 /* a label stops growing once it is longer than this */

struct matsnu_words {
    struct tk_wordlist first;  /* nouns: the first, third, ... word of a label */
    struct tk_wordlist second; /* verbs and nouns: the second, fourth, ... */
};

/* Writes the label of name number `number` of the day whose multiplier is day_factor
 * (CONST1 * days since the epoch * CONST2, mod 2^16) and returns its length. */
static size_t matsnu_label(const struct matsnu_words *words, uint32_t day_factor,
                           uint32_t number, uint32_t *state, char *out)
{
    size_t len = 0;
    int second = 0;

    while (len <= MATSNU_STOP_AFTER) {
        const struct tk_wordlist *list = second ? &words->second : &words->first;
        *state = ((*state * day_factor * number) ^ MATSNU_CONST1) & 0xFFFFu;
        len = tk_name_append(out, len, list->words[*state % list->count]);
        second = !second;
        if (*state & 1u)
            out[len++] = '-';
    }
    if (out[len - 1] == '-')
        len--;
    return len;
}

static int matsnu_run(const struct tk_gen *gen, const struct matsnu_words *words,
                      tk_emit_fn emit, void *ctx, struct tk_error *err)
{
    tk_day date = tk_args_day(gen->args, "date");
    int64_t days_back = tk_args_int(gen->args, "days_back");
    int64_t count;
    char name[512];
    int rc = tk_gen_count(gen, 0, &count, err);

    if (rc)
        return rc;
    if (days_back < 0 || days_back > 366)
        return tk_error_set(err, TK_ERR_USAGE, "matsnu: --days_back must be 0 to 366");
    if (MATSNU_STOP_AFTER + tk_wordlist_longest(&words->first) +
            tk_wordlist_longest(&words->second) + 16 > sizeof name)
        return tk_error_set(err, TK_ERR_USAGE, "matsnu: a word in the lists is too long");
    for (int64_t back = days_back; back >= 0; back--) {
        uint32_t day = (uint32_t)((int64_t)date - back); /* mod 2^32, as the malware's */
        uint32_t day_factor = (MATSNU_CONST1 * day * MATSNU_CONST2) & 0xFFFFu;
        uint32_t state = 1;
        for (int64_t number = 1; number <= count; number++) {
            size_t len = matsnu_label(words, day_factor, (uint32_t)number, &state, name);
            rc = tk_emit_with_tld(emit, ctx, name, len, "com");
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

static int matsnu_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                           struct tk_error *err)
{
    struct matsnu_words words;
    int rc = tk_wordlist_load(tk_args_str(gen->args, "firstwords"), &words.first, err);
    if (rc)
        return rc;
    rc = tk_wordlist_load(tk_args_str(gen->args, "secondwords"), &words.second, err);
    if (rc == TK_OK) {
        rc = matsnu_run(gen, &words, emit, ctx, err);
        tk_wordlist_free(&words.second);
    }
    tk_wordlist_free(&words.first);
    return rc;
}

static const struct tk_variant matsnu_variants[] = {
    {"default", "the DGA of the 2015 samples (Check Point's technical brief)", NULL, NULL, 0,
     0},
    {0},
};

static const struct tk_param_def matsnu_params[] = {
    {"date", TK_PARAM_DATE, NULL, NULL,
     "UTC day; names for the days_back days before it, then for it"},
    {"days_back", TK_PARAM_INT, "2", NULL, "earlier days the malware also asks for"},
    {"count", TK_PARAM_INT, "10", NULL, "names per day"},
    {"firstwords", TK_PARAM_STRING, "matsnu-dict1", NULL,
     "dictionary of the first, third... words: built-in name or file path"},
    {"secondwords", TK_PARAM_STRING, "matsnu-dict2", NULL,
     "dictionary of the second, fourth... words: built-in name or file path"},
    {0},
};

static const struct tk_seed matsnu_seeds[] = {
    {0},
};

const struct tk_family tk_family_matsnu = {
    .name = "matsnu",
    .aliases = "",
    .summary = "Matsnu (2015): dictionary words, some hyphenated, 10 .com names a day",
    .description =
        "A 16-bit state starts at 1 each day. For every word it is multiplied by 0xEF5EB, by "
        "the days since 1970-01-01, by 0x39339 and by the name's number (1-10), then XORed "
        "with 0xEF5EB (all mod 2^16). The state modulo the dictionary's size picks the word; "
        "the words alternate between 878 nouns and 1,008 verbs and nouns, and an odd state "
        "adds a hyphen after the word. A label ends once it is longer than 12 characters "
        "(a trailing hyphen is dropped) and takes .com. The malware asks for the names of "
        "the day and of the two days before it. Nothing is seeded but the date, so there is "
        "no seed to recover: matching a name finds its day. The older Matsnu names of 2014 "
        "(24 or more letters, no hyphen: a noun, then verbs and nouns) come from another, "
        "unpublished generator and are not produced.",
    .variants = matsnu_variants,
    .params = matsnu_params,
    .seed_param = NULL,
    .known_seeds = matsnu_seeds,
    .granularity = "daily (each run covers the date and the 2 days before)",
    .names_per_period = "30 (10 per day of the window)",
    .tlds = "com",
    .charset = "a-z-",
    .label_min = 12,
    .label_max = 25,
    .wordlists = "matsnu-dict1,matsnu-dict2",
    .reference = "ighosh98/DGA-Prediction:word_based_dgas/dga_classifier/dga_generators/"
                 "matsnu.py (after Check Point's 'Matsnu MalwareID technical brief', 2015)",
    .time_note = NULL,
    .generate = matsnu_generate,
    .style = TK_STYLE_DICTIONARY,
    .period = NULL,
};
