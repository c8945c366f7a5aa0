/* necurs_search.c - the Necurs magic-number searcher, the family's seed search hook
 * (src/dga/seed_search.h).
 *
 * A Necurs name is mix(mix(P + seq) + magic) followed by per-letter mixing, where P is the
 * period's state. mix(P + seq) does not depend on the magic number, so it is computed once
 * per period and sequence number. For each candidate magic, one more mix gives the label
 * length and two more each letter; a name is followed only while its length and first one,
 * two and three letters occur among the observed labels, and the few that get through are
 * spelled out in full and looked up. About three mixes per name instead of thirty.
 *
 * A mix runs (value & 0x7F) + 21 rounds, so values are sorted by their low seven bits and
 * every group is mixed in lockstep, eight lanes at a time: the compiler turns that into
 * vector code (AVX2 where the CPU has it). Nominated magics are verified through the
 * family's own generator (src/match/discover.c), so this file only has to be fast, never
 * exact; the
 * mixing below is the one in src/dga/families/necurs.c, and tests/unit/test_discover.c
 * checks the two agree. */
#include <stdlib.h>
#include <string.h>

#include "dga/necurs_search.h"
#include "takedown/args.h"
#include "dga/seed_search.h"
#include "util/intern.h"

enum { LENGTHS = 15, LETTERS = 25, MIN_LENGTH = 7, BLOCK = 16, LANES = 8, GROUPS = 128 };

static uint64_t mix(uint64_t value)
{
    uint64_t loops = (value & 0x7F) + 21;
    for (uint64_t i = 0; i < loops; i++)
        value += ((value * 7) ^ (value << 15)) + 8 * i - (value >> 5);
    return value;
}

/* Mixes n values that all run the same number of rounds. The fixed-width inner loop is
 * what the compiler vectorizes; target_clones builds an AVX2 copy chosen at load time. */
__attribute__((target_clones("avx2", "default")))
static void mix_lockstep(uint64_t *v, size_t n, uint64_t rounds)
{
    for (size_t at = 0; at < n; at += LANES) {
        uint64_t x[LANES] = {0};
        size_t k = n - at < LANES ? n - at : LANES;
        memcpy(x, v + at, k * sizeof *x);
        for (uint64_t i = 0; i < rounds; i++)
            for (int j = 0; j < LANES; j++)
                x[j] += ((x[j] * 7) ^ (x[j] << 15)) + 8 * i - (x[j] >> 5);
        memcpy(v + at, x, k * sizeof *x);
    }
}

struct scratch {
    uint64_t *sorted;
    uint32_t *order;
    uint64_t *values;     /* the mixing state of each name still followed */
    uint32_t *seq;        /* its sequence number */
    unsigned char *length;
    unsigned *prefix;     /* its letters so far, in base 25 */
};

/* mix() of every value, in place: grouped by round count, each group in lockstep. */
static void mix_all(uint64_t *v, size_t n, struct scratch *s)
{
    size_t start[GROUPS + 1] = {0}, at[GROUPS];
    for (size_t j = 0; j < n; j++)
        start[(v[j] & 0x7F) + 1]++;
    for (int g = 0; g < GROUPS; g++)
        start[g + 1] += start[g];
    memcpy(at, start, sizeof at);
    for (size_t j = 0; j < n; j++) {
        size_t p = at[v[j] & 0x7F]++;
        s->sorted[p] = v[j];
        s->order[p] = (uint32_t)j;
    }
    for (int g = 0; g < GROUPS; g++)
        mix_lockstep(s->sorted + start[g], start[g + 1] - start[g], (uint64_t)g + 21);
    for (size_t p = 0; p < n; p++)
        v[s->order[p]] = s->sorted[p];
}

static uint64_t period_state(tk_day day)
{
    struct tk_civil c = tk_day_to_civil(day);
    uint64_t n = mix((uint64_t)c.year);
    n = mix(n + (uint64_t)c.month + 43690);
    return mix(n + (uint64_t)(c.day >> 2));
}

struct necurs_search {
    const struct tk_seed_search *options;
    const struct tk_variant *variant;
    uint64_t *base;       /* periods x count: mix(P + seq) */
    size_t periods, count;
    /* Observed (length, first letters), one level per letter: [length][prefix code]. */
    unsigned char one[LENGTHS][LETTERS];
    unsigned char two[LENGTHS][LETTERS * LETTERS];
    unsigned char *three; /* LENGTHS x LETTERS^3 */
    struct intern_strings labels; /* the observed labels (the name before its first dot) */
};

static int letter_ok(char c)
{
    return c >= 'a' && c <= 'y';
}

/* Records the labels and prefixes of the observed names Necurs could have generated. */
static int load_prefixes(struct necurs_search *s, size_t *usable)
{
    *usable = 0;
    for (size_t i = 0; i < s->options->name_count; i++) {
        const char *name = s->options->names[i];
        const char *dot = strchr(name, '.');
        size_t label = dot ? (size_t)(dot - name) : 0;
        int ok = label >= MIN_LENGTH && label < MIN_LENGTH + LENGTHS;
        for (size_t k = 0; ok && k < label; k++)
            ok = letter_ok(name[k]);
        if (!ok)
            continue;
        unsigned a = (unsigned)(name[0] - 'a'), b = (unsigned)(name[1] - 'a');
        unsigned c = (unsigned)(name[2] - 'a'), l = (unsigned)(label - MIN_LENGTH);
        s->one[l][a] = 1;
        s->two[l][a * LETTERS + b] = 1;
        s->three[(size_t)l * LETTERS * LETTERS * LETTERS + (a * LETTERS + b) * LETTERS + c] = 1;
        if (intern_string(&s->labels, name, label, NULL) < 0)
            return -1;
        (*usable)++;
    }
    return 0;
}

/* Spells out the label of name number seq (base value b) and looks it up. */
static int label_observed(const struct necurs_search *s, uint64_t b, uint64_t magic)
{
    char label[MIN_LENGTH + LENGTHS];
    uint64_t n = mix(b + magic);
    size_t length = (size_t)(n % LENGTHS) + MIN_LENGTH;
    for (size_t i = 0; i < length; i++) {
        n = mix(n + i);
        label[i] = (char)('a' + n % LETTERS);
        n = mix(n + 0xABBEDF);
    }
    return intern_string_find(&s->labels, label, length) >= 0;
}

/* Keeps the survivors whose next letter (the value's residue) extends an observed prefix;
 * level 1 checks the first letter, 2 the first two, 3 the first three. */
static size_t keep(const struct necurs_search *s, struct scratch *w, size_t n, int level)
{
    size_t kept = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned length = w->length[k];
        unsigned prefix = w->prefix[k] * LETTERS + (unsigned)(w->values[k] % LETTERS);
        int ok = level == 1 ? s->one[length][prefix]
                 : level == 2 ? s->two[length][prefix]
                              : s->three[(size_t)length * LETTERS * LETTERS * LETTERS + prefix];
        if (!ok)
            continue;
        w->values[kept] = w->values[k];
        w->seq[kept] = w->seq[k];
        w->length[kept] = (unsigned char)length;
        w->prefix[kept++] = prefix;
    }
    return kept;
}

static int magic_hits(const struct necurs_search *s, struct scratch *w, uint64_t magic)
{
    for (size_t p = 0; p < s->periods; p++) {
        const uint64_t *base = s->base + p * s->count;
        size_t n = s->count;
        for (size_t seq = 0; seq < n; seq++) {
            w->values[seq] = base[seq] + magic;
            w->seq[seq] = (uint32_t)seq;
            w->prefix[seq] = 0;
        }
        mix_all(w->values, n, w); /* the name's number gives its length */
        for (size_t k = 0; k < n; k++)
            w->length[k] = (unsigned char)(w->values[k] % LENGTHS);
        for (int letter = 0; letter < 3 && n > 0; letter++) {
            if (letter > 0) {
                for (size_t k = 0; k < n; k++)
                    w->values[k] += 0xABBEDF;
                mix_all(w->values, n, w);
            }
            for (size_t k = 0; k < n; k++)
                w->values[k] += (uint64_t)letter;
            mix_all(w->values, n, w);
            n = keep(s, w, n, letter + 1);
        }
        for (size_t k = 0; k < n; k++)
            if (label_observed(s, base[w->seq[k]], magic))
                return 1;
    }
    return 0;
}

static void scratch_free(void *arg)
{
    struct scratch *w = arg;
    free(w->sorted);
    free(w->order);
    free(w->values);
    free(w->seq);
    free(w->length);
    free(w->prefix);
    free(w);
}

/* A thread's scratch: room for one period's names. */
static void *scratch_new(void *ctx)
{
    const struct necurs_search *s = ctx;
    size_t n = s->count ? s->count : 1;
    struct scratch *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->sorted = malloc(n * sizeof *w->sorted);
    w->order = malloc(n * sizeof *w->order);
    w->values = malloc(n * sizeof *w->values);
    w->seq = malloc(n * sizeof *w->seq);
    w->length = malloc(n);
    w->prefix = malloc(n * sizeof *w->prefix);
    if (w->sorted && w->order && w->values && w->seq && w->length && w->prefix)
        return w;
    scratch_free(w);
    return NULL;
}

/* The magic numbers first..last: each one whose names include an observed one is
 * nominated. */
static int run_magics(void *ctx, void *scratch, int64_t first, int64_t last)
{
    const struct necurs_search *s = ctx;
    const struct tk_seed_search *o = s->options;
    int failed = 0;
    for (int64_t magic = first; magic <= last; magic++)
        if (magic_hits(s, scratch, (uint64_t)magic)
            && o->nominate(o->nominate_ctx, magic, s->variant) != 0)
            failed = 1;
    return failed;
}

int necurs_search(const struct tk_seed_search *o, uint64_t *tried, struct tk_error *err)
{
    struct necurs_search *s = calloc(1, sizeof *s);
    struct tk_args *args = NULL;
    int rc = TK_OK;

    *tried = 0;
    if (s == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    s->options = o;
    s->variant = &o->family->variants[0];
    if ((rc = tk_args_new(o->family, s->variant, &args, err))) {
        free(s);
        return rc;
    }
    s->count = (size_t)tk_args_int(args, "count");
    tk_args_free(args);
    size_t usable = 0;
    s->three = calloc((size_t)LENGTHS * LETTERS * LETTERS * LETTERS, 1);
    if (s->three == NULL || load_prefixes(s, &usable) != 0) {
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (usable == 0 || s->count == 0)
        goto done; /* no observed name has a Necurs shape */
    /* One base row per 4-day period of the window. */
    s->base = malloc(((size_t)(o->to - o->from) / 3 + 2) * s->count * sizeof *s->base);
    if (s->base == NULL) {
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        goto done;
    }
    int64_t previous = -1;
    for (tk_day d = o->from; d <= o->to; d++) {
        struct tk_civil c = tk_day_to_civil(d);
        int64_t key = ((int64_t)c.year * 12 + c.month) * 8 + (c.day >> 2);
        if (key == previous)
            continue;
        previous = key;
        uint64_t state = period_state(d);
        for (size_t seq = 0; seq < s->count; seq++)
            s->base[s->periods * s->count + seq] = mix(state + seq);
        s->periods++;
    }

    struct tk_seed_blocks blocks = {BLOCK, run_magics, scratch_new, scratch_free, s};
    *tried = (uint64_t)(o->last_seed - o->first_seed + 1);
    if (tk_seed_search_blocks(o, &blocks))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
done:
    free(s->base);
    free(s->three);
    intern_strings_free(&s->labels);
    free(s);
    return rc;
}
