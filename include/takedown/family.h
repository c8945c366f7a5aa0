/* family.h - a DGA family: its descriptor (what a responder needs to know) and its generator.
 *
 * Each family lives in one file, src/dga/families/NAME.c, which defines exactly one public
 * symbol: `const struct tk_family tk_family_NAME`. The build collects every such file into
 * the registry (see src/dga/registry.c), so adding a family touches no other file.
 *
 * Arrays in a descriptor end with an all-zero element (a NULL name). */
#ifndef TAKEDOWN_FAMILY_H
#define TAKEDOWN_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/args.h"
#include "takedown/date.h"
#include "takedown/error.h"

struct tk_family;

/* One variant of a family (an algorithm revision, or a second public reference).
 * variants[0] is the default, used when no --variant is given. The label fields, when set,
 * override the family's for this variant. */
struct tk_variant {
    const char *name;
    const char *description;
    const char *tlds;    /* comma-separated suffixes, e.g. "com,net,ddns.net"; NULL: family's */
    const char *charset; /* label characters as ranges, e.g. "a-z0-9-"; NULL: family's */
    int label_min;       /* 0: family's */
    int label_max;
};

/* A known seed, key or configuration, as the parameters that select it. */
struct tk_seed {
    const char *variant; /* NULL or "": every variant / the default one */
    const char *params;  /* "key=value;key=value", as on the command line */
    const char *note;    /* where it was published, which campaign */
};

/* What a generator is asked to produce. */
struct tk_gen {
    const struct tk_family *family;
    const struct tk_variant *variant;
    const struct tk_args *args; /* validated; every declared parameter has a value */
};

/* The generator hands each name to emit(). A non-zero return from emit means "stop": the
 * generator must return that value at once. */
typedef int (*tk_emit_fn)(void *ctx, const char *name, size_t len);

typedef int (*tk_generate_fn)(const struct tk_gen *gen, tk_emit_fn emit, void *ctx,
                              struct tk_error *err);

/* Maps the date argument to the period it belongs to: two dates with the same key produce
 * the same names, so a window generates each period once. */
typedef int64_t (*tk_period_fn)(const struct tk_gen *gen, tk_day day);

/* Seed recovery by inversion (include/takedown/recover.h): from one observed name, the
 * seeds (and days) that could have generated it, found without running the generator per
 * candidate. */
struct tk_recover_query;
typedef int (*tk_recover_fn)(struct tk_recover_query *query, struct tk_error *err);

/* A family's own per-candidate seed search (src/dga/seed_search.h), faster than
 * running its generator for every candidate. */
struct tk_seed_search;
typedef int (*tk_seed_search_fn)(const struct tk_seed_search *search, uint64_t *tried,
                                 struct tk_error *err);

/* How a family's names look, for the detector's figures by style. */
enum tk_family_style {
    TK_STYLE_RANDOM = 0,    /* characters drawn at random */
    TK_STYLE_PRONOUNCEABLE, /* by design: syllables, alternating consonants and vowels, the
                             * letters of one seed word */
    TK_STYLE_DICTIONARY,    /* words from word lists, or one fixed word and a number */
};

struct tk_family {
    const char *name;        /* lower case, as in the vectors: "necurs" */
    const char *aliases;     /* comma-separated other names, "" if none */
    const char *summary;     /* one line */
    const char *description; /* a paragraph: the algorithm in words */
    const struct tk_variant *variants;
    const struct tk_param_def *params;
    const char *seed_param;  /* the parameter several-seed runs vary (--magic 9,10), or NULL */
    const struct tk_seed *known_seeds;
    const char *granularity; /* "daily", "4 days (8 lists a month)", "none (no date input)" */
    const char *names_per_period;
    const char *tlds;        /* default TLD set, comma-separated */
    const char *charset;
    int label_min;
    int label_max;
    const char *wordlists;   /* data/wordlists files used, or NULL */
    const char *reference;   /* the public reference implementation it matches */
    const char *time_note;   /* e.g. "the malware used local time; we use UTC", or NULL */
    tk_generate_fn generate;
    tk_period_fn period;     /* NULL: one period per day when the family takes a date */
    tk_recover_fn recover;   /* NULL: searched per candidate (--range), or not at all */
    const char *recover_method; /* how recover inverts, in a line (docs/match.md's table) */
    /* Seeds that generate the same name by the generator's structure, not by chance (a
     * Park-Miller state and the 32-bit values it wraps from): 0 counts as 1. Discovery takes
     * only the seeds beyond them as evidence of coincidences. */
    unsigned recover_aliases;
    tk_seed_search_fn search;  /* NULL: discovery runs the generator per candidate */
    const char *search_method; /* how search works, in a line (discover's report) */
    enum tk_family_style style;
};

/* The registry of built-in families, in name order. */
size_t tk_family_count(void);
const struct tk_family *tk_family_at(size_t index);
/* Finds a family by name or alias, case-insensitively; NULL when unknown. */
const struct tk_family *tk_family_find(const char *name);
/* Finds a variant by name; "" or NULL gives the default. NULL when unknown. */
const struct tk_variant *tk_family_variant(const struct tk_family *family, const char *name);
/* "random", "pronounceable" or "dictionary". */
const char *tk_family_style_name(enum tk_family_style style);
/* True when the family has a "date" parameter. */
int tk_family_takes_date(const struct tk_family *family);

#endif
