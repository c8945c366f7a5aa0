/* vawtrak.c - the Vawtrak (Neverquest) DGA: a seeded 31-bit LCG, no date input.
 *
 * v1 draws a length of 7-11 and random letters under .top. v2 and v3 alternate one or two
 * consonants with single vowels under .com; they differ only in the constant added to the
 * state before each letter.
 *
 * Recovery: the 31-bit state of the first letter is enumerated among those that give that
 * letter, the generator runs on from it until a letter differs, and the survivors are
 * stepped back (the LCG inverts) through the length draw (and the consonant count) to the
 * state the name starts from, reported as the seed: it gives the name first, then the rest
 * of the list. */
#include <stdio.h>
#include <string.h>

#include "dga/emit_util.h"
#include "takedown/family.h"
#include "dga/lcg.h"
#include "takedown/recover.h"

static const char vawtrak_consonants[] = "cdfghlmnrstw";
static const char vawtrak_vowels[] = "aeiou";

enum { LEN_MIN = 7, LEN_SPAN = 5 };

/* The rand() of the samples: the ANSI C LCG kept to 31 bits. */
static uint32_t vawtrak_step(uint32_t r)
{
    return tk_lcg_ansi_c(&r) & 0x7FFFFFFFu;
}

/* The state before vawtrak_step(r): the inverse of 1103515245 modulo 2^31. */
static uint32_t vawtrak_unstep(uint32_t r)
{
    return ((r - 12345u) * 0xEEB9EB65u) & 0x7FFFFFFFu;
}

/* v1: a length, then letters a-z. Returns the label length. */
static size_t vawtrak_v1_label(uint32_t *r, char *out)
{
    *r = vawtrak_step(*r);
    size_t len = LEN_MIN + *r % LEN_SPAN;
    for (size_t i = 0; i < len; i++) {
        *r = vawtrak_step(*r);
        out[i] = (char)('a' + *r % 26);
    }
    return len;
}

/* v2/v3: a length and a starting count of consonants; after each vowel one more draw sets
 * how many consonants (1 or 2) follow. Returns the label length. */
static size_t vawtrak_syllable_label(uint32_t *r, uint32_t stir, char *out)
{
    *r = vawtrak_step(*r);
    size_t len = LEN_MIN + *r % LEN_SPAN;
    *r = vawtrak_step(*r);
    uint32_t consonants_left = *r % 2;
    for (size_t i = 0; i < len; i++) {
        *r = vawtrak_step(*r + stir);
        uint32_t pick = *r;
        if (consonants_left) {
            out[i] = vawtrak_consonants[pick % (sizeof vawtrak_consonants - 1)];
            consonants_left--;
        } else {
            out[i] = vawtrak_vowels[pick % (sizeof vawtrak_vowels - 1)];
            *r = vawtrak_step(*r);
            consonants_left = *r % 2 + 1;
        }
    }
    return len;
}

static int vawtrak_generate(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                            struct tk_error *err)
{
    const char *variant = gen->variant->name;
    uint32_t r = tk_args_u32(gen->args, "seed");
    int64_t count = tk_args_int(gen->args, "count");
    int v1 = strcmp(variant, "v1") == 0;
    uint32_t stir = strcmp(variant, "v3") == 0 ? 0x1895120Fu : 2u;
    const char *tld = v1 ? "top" : "com";
    char name[32];

    (void)err;
    for (int64_t n = 0; n < count; n++) {
        size_t len = v1 ? vawtrak_v1_label(&r, name) : vawtrak_syllable_label(&r, stir, name);
        int rc = tk_emit_with_tld(emit, ctx, name, len, tld);
        if (rc)
            return rc;
    }
    return TK_OK;
}

static int vawtrak_is_vowel(char c)
{
    return strchr(vawtrak_vowels, c) != NULL;
}

/* The index of c in the table the generator picks it from, or -1. */
static int vawtrak_letter_index(char c, int v1)
{
    const char *table = v1 ? "abcdefghijklmnopqrstuvwxyz"
                           : vawtrak_is_vowel(c) ? vawtrak_vowels : vawtrak_consonants;
    const char *at = c ? strchr(table, c) : NULL;
    return at ? (int)(at - table) : -1;
}

struct vawtrak_search {
    const struct tk_recover_query *query;
    const char *label;
    size_t len;
    int v1;
    uint32_t stir;
    uint32_t modulus; /* of the anchor letter's table */
    uint32_t anchor;  /* the anchor letter's index in it */
    int from_second;  /* v2/v3 names that start with a vowel: the second letter anchors */
};

/* True when the letters after the first follow from r, the state of the first letter. */
static int vawtrak_spells(const struct vawtrak_search *s, uint32_t r)
{
    if (s->v1) {
        for (size_t i = 1; i < s->len; i++) {
            r = vawtrak_step(r);
            if (vawtrak_letter_index(s->label[i], 1) != (int)(r % 26))
                return 0;
        }
        return 1;
    }
    char name[16];
    uint32_t consonants_left = vawtrak_is_vowel(s->label[0]) ? 0 : 1;
    for (size_t i = 0; i < s->len; i++) {
        if (i > 0)
            r = vawtrak_step(r + s->stir);
        if (consonants_left) {
            name[i] = vawtrak_consonants[r % (sizeof vawtrak_consonants - 1)];
            consonants_left--;
        } else {
            name[i] = vawtrak_vowels[r % (sizeof vawtrak_vowels - 1)];
            r = vawtrak_step(r);
            consonants_left = r % 2 + 1;
        }
        if (name[i] != s->label[i])
            return 0;
    }
    return 1;
}

/* From the state of the first letter back to the state the name starts from. */
static int vawtrak_walk_back(const struct vawtrak_search *s, uint32_t r)
{
    if (!s->v1) {
        r = (vawtrak_unstep(r) - s->stir) & 0x7FFFFFFFu; /* the consonant-count draw */
        if (r % 2 != (vawtrak_is_vowel(s->label[0]) ? 0u : 1u))
            return TK_OK;
    }
    r = vawtrak_unstep(r); /* the length draw */
    if (LEN_MIN + r % LEN_SPAN != s->len)
        return TK_OK;
    char params[32];
    snprintf(params, sizeof params, "seed=%08X", (unsigned)vawtrak_unstep(r));
    return tk_recover_candidate(s->query, params, TK_RECOVER_ANY_DAY);
}

static int vawtrak_slice(void *arg, uint64_t lo, uint64_t hi)
{
    const struct vawtrak_search *s = arg;
    for (uint64_t k = lo; k <= hi; k++) {
        uint32_t r = (uint32_t)(k * s->modulus + s->anchor);
        if (s->from_second) /* back over the consonant-count draw and the vowel's */
            r = vawtrak_unstep((vawtrak_unstep(r) - s->stir) & 0x7FFFFFFFu);
        if (vawtrak_spells(s, r)) {
            int rc = vawtrak_walk_back(s, r);
            if (rc)
                return rc;
        }
    }
    return TK_OK;
}

static int vawtrak_recover(struct tk_recover_query *query, struct tk_error *err)
{
    struct vawtrak_search s = {query, query->name, 0, 0, 0, 26, 0, 0};
    const char *variant = query->variant->name;
    const char *tld;

    (void)err;
    query->covered = 2147483648.0; /* the seed's top bit never matters */
    s.v1 = strcmp(variant, "v1") == 0;
    s.stir = strcmp(variant, "v3") == 0 ? 0x1895120Fu : 2u;
    if (tk_recover_split(query, &s.len, &tld) != 0 || s.len < LEN_MIN ||
        s.len >= LEN_MIN + LEN_SPAN)
        return TK_OK;
    for (size_t i = 0; i < s.len; i++)
        if (vawtrak_letter_index(s.label[i], s.v1) < 0)
            return TK_OK;
    /* A consonant has 12 possible letters, a vowel 5: anchor on the first consonant, which
     * is the first or the second letter (two vowels never follow each other). */
    if (!s.v1) {
        s.from_second = vawtrak_is_vowel(s.label[0]);
        if (s.from_second && vawtrak_is_vowel(s.label[1]))
            return TK_OK;
        s.modulus = sizeof vawtrak_consonants - 1;
    }
    s.anchor = (uint32_t)vawtrak_letter_index(s.label[s.from_second], s.v1);
    return tk_recover_parallel(0, (0x7FFFFFFFu - s.anchor) / s.modulus, query->threads,
                               vawtrak_slice, &s);
}

static const struct tk_variant vawtrak_variants[] = {
    {"v2", "consonant/vowel names, state + 2 before each letter (150 .com names)", NULL, NULL,
     0, 0},
    {"v1", "random letters under .top (96 names)", "top", "a-z", 0, 0},
    {"v3", "as v2 with state + 0x1895120F before each letter (150 .com names)", NULL, NULL, 0,
     0},
    {0},
};

static const struct tk_param_def vawtrak_params[] = {
    {"seed", TK_PARAM_HEX32, "5884C3C4", NULL,
     "per-sample 32-bit seed (the default is the v2 reference's; v3 samples use 874C49 or "
     "3CDCA1)"},
    {"count", TK_PARAM_INT, "150", NULL, "names to generate (the v1 reference prints 96)"},
    {0},
};

static const struct tk_seed vawtrak_seeds[] = {
    {"v2", "seed=5884C3C4", "sample MD5 3868082e4daa93d34a3fe5d7df9d1d72 (J. Bader, dga2.py)"},
    {"v2", "seed=5542B2", "sample MD5 edfc8653b93c693a51c57caac9e715f7 (J. Bader, dga2.py)"},
    {"v3", "seed=874C49", "J. Bader, dga3.py"},
    {"v3", "seed=3CDCA1", "J. Bader, dga3.py"},
    {0},
};

const struct tk_family tk_family_vawtrak = {
    .name = "vawtrak",
    .aliases = "neverquest",
    .summary = "Vawtrak banker: 150 pronounceable .com names per seed (v1: 96 under .top)",
    .description =
        "A 32-bit seed starts the LCG r = (1103515245 r + 12345) mod 2^31. v1 takes r mod 5 + 7 "
        "as the length and r mod 26 per letter, under .top. v2 and v3 take a length the same "
        "way and a consonant count r mod 2; before each letter the state is increased by a "
        "constant (2 in v2, 0x1895120F in v3) and stepped, and letters come from "
        "'cdfghlmnrstw' or, after the consonants, from 'aeiou', where one more step sets 1 or "
        "2 consonants to follow. No date enters.",
    .variants = vawtrak_variants,
    .params = vawtrak_params,
    .seed_param = "seed",
    .known_seeds = vawtrak_seeds,
    .granularity = "none (no date input)",
    .names_per_period = "150 (v1: 96)",
    .tlds = "com",
    .charset = "ac-il-or-uw",
    .label_min = 7,
    .label_max = 11,
    .wordlists = NULL,
    .reference = "baderj/domain_generation_algorithms:vawtrak/dga.py, dga2.py, dga3.py — "
                 "J. Bader; Fidelis Cybersecurity, 'Vawtrak DGA Round 2' (2016)",
    .time_note = NULL,
    .generate = vawtrak_generate,
    .style = TK_STYLE_PRONOUNCEABLE,
    .period = NULL,
    .recover = vawtrak_recover,
    .recover_method = "the 31-bit LCG state of the first letter is enumerated among those "
                      "giving it (2^31/26, /12 or /5), pruned at the first wrong letter, then "
                      "stepped back through the length draw to the state the name starts from",
};
