/* discover.c - the seed search (include/takedown/discover.h): per family, the known seeds
 * first, then the family's inversion (or the per-candidate search) for every name still
 * unexplained, every candidate verified through the generator and given its chance figure. */
#include "takedown/discover.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "match/discover_internal.h"
#include "takedown/attribute.h"
#include "takedown/predict.h"
#include "takedown/recover.h"
#include "util/grow.h"

/* The range a family without a recover function searches when no --range is given. */
enum { DEFAULT_CANDIDATES = 1 << 16 };

int tk_discover_seed_space(const struct tk_family *family, int64_t *first, int64_t *last,
                           struct tk_error *err)
{
    const struct tk_param_def *p = discover_seed_param(family);
    if (p == NULL || (p->type != TK_PARAM_INT && p->type != TK_PARAM_HEX32))
        return tk_error_set(err, TK_ERR_USAGE, "family %s has no numeric seed parameter to "
                            "search (its seed is %s)", family->name,
                            p ? "text or a key" : "fixed");
    *first = 0;
    *last = UINT32_MAX;
    return TK_OK;
}

/* One search over all the names. */
struct run {
    const struct tk_discover_options *o;
    const char *const *names;
    size_t count;
    struct intern_strings observed;  /* ids are the caller's indexes */
    struct name_filter filter;       /* the same names, for the generating threads */
    unsigned char *explained;        /* per name: a strong seed explains it */
    struct intern_strings tried;     /* "family variant params" of every candidate verified */
    struct tk_discover_result *out;
    int threads;
    size_t family_index;             /* for progress */
};

static int variant_could_generate(const struct tk_family *f, const struct tk_variant *v,
                                  const char *name)
{
    struct tk_source s = {f, v, NULL, (char *)""};
    struct tk_error ignored = {0};
    if (tk_args_new(f, v, &s.args, &ignored) != TK_OK)
        return 0;
    int could = tk_source_could_generate(&s, name, strlen(name));
    tk_args_free(s.args);
    return could;
}

static int family_could_generate(const struct tk_family *f, const char *name)
{
    for (const struct tk_variant *v = f->variants; v->name; v++)
        if (variant_could_generate(f, v, name))
            return 1;
    return 0;
}

static void report_progress(struct run *r, double family_done)
{
    if (r->o->progress)
        r->o->progress(r->o->progress_ctx,
                       ((double)r->family_index + family_done) / (double)r->o->family_count);
}

static struct tk_discover_seed *new_seed(struct tk_discover_result *out)
{
    if (tk_grow((void **)&out->seeds, &out->cap, out->count + 1, sizeof *out->seeds))
        return NULL;
    struct tk_discover_seed *s = &out->seeds[out->count];
    memset(s, 0, sizeof *s);
    return s;
}

/* The seed parameter's value alone when params set only it, else params. */
static void seed_text(const struct tk_family *f, const char *params, char *out, size_t size)
{
    size_t n = f->seed_param ? strlen(f->seed_param) : 0;
    if (*params == '\0')
        snprintf(out, size, "-");
    else if (n && strncmp(params, f->seed_param, n) == 0 && params[n] == '='
             && !strchr(params, ';'))
        snprintf(out, size, "%s", params + n + 1);
    else
        snprintf(out, size, "%s", params);
}

static int is_built_in(const struct tk_family *f, const struct tk_variant *v, const char *params)
{
    for (const struct tk_seed *s = f->known_seeds; s && s->params; s++) {
        const char *sv = s->variant && *s->variant ? s->variant : f->variants[0].name;
        if (strcmp(sv, v->name) == 0 && strcmp(s->params, params) == 0)
            return 1;
    }
    return 0;
}

/* Verifies one candidate over the window; keeps it when it explains a name. Returns the
 * seed kept, or NULL (with *rc set on failure). */
static struct tk_discover_seed *keep_candidate(struct run *r, struct tk_discover_family *fam,
                                               const struct tk_variant *v, const char *params,
                                               enum tk_discover_origin origin, double space,
                                               int *rc, struct tk_error *err)
{
    const struct tk_family *f = fam->family;
    struct tk_discover_seed *seed = new_seed(r->out);
    if (seed == NULL) {
        *rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *rc = verify_over_window(f, v, params, r->o->from, r->o->to, r->threads, &r->observed,
                             &r->filter, seed, err);
    if (*rc != TK_OK || seed->match_count == 0) {
        free(seed->matches);
        return NULL;
    }
    if (origin == TK_DISCOVER_FOUND && is_built_in(f, v, params))
        origin = TK_DISCOVER_BUILT_IN;
    seed->origin = origin;
    seed_text(f, params, seed->text, sizeof seed->text);
    seed->space = space;
    seed->expected = discover_expected_chance(seed, fam->eligible, fam->calibration, r->names);
    seed->weak = !(seed->expected < TK_DISCOVER_STRONG);
    if (!seed->weak)
        for (size_t i = 0; i < seed->match_count; i++)
            r->explained[seed->matches[i].name] = 1;
    r->out->count++;
    return seed;
}

/* True when this candidate was verified before (and remembers it otherwise). */
static int tried_before(struct run *r, const struct tk_family *f, const struct tk_variant *v,
                        const char *params, int *rc, struct tk_error *err)
{
    char key[256];
    int added = 0;
    int n = snprintf(key, sizeof key, "%s %s %s", f->name, v->name, params);
    if (n < 0 || (size_t)n >= sizeof key)
        return 1;
    if (intern_string(&r->tried, key, (size_t)n, &added) < 0)
        *rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    return !added;
}

/* ---- the known seeds ---- */

static int run_known(struct run *r, struct tk_discover_family *fam, struct tk_error *err)
{
    const struct tk_family *f = fam->family;
    const struct tk_discover_options *o = r->o;
    size_t known = 0;
    int rc = TK_OK;

    for (const struct tk_seed *s = f->known_seeds; s && s->params; s++)
        known++;
    for (size_t i = 0; o->seeds && i < o->seeds->count; i++)
        known += o->seeds->items[i].family == f;
    if (f->known_seeds == NULL || f->seed_param == NULL || !o->no_known_seeds) {
        if (f->known_seeds == NULL || f->known_seeds[0].params == NULL) {
            /* No published seed: the family's own configuration, one per variant. */
            for (const struct tk_variant *v = f->variants; v->name && rc == TK_OK; v++)
                if (!tried_before(r, f, v, "", &rc, err) && rc == TK_OK)
                    keep_candidate(r, fam, v, "", TK_DISCOVER_BUILT_IN, 1, &rc, err);
        }
        for (const struct tk_seed *s = f->known_seeds; s && s->params && rc == TK_OK; s++) {
            const struct tk_variant *v = tk_family_variant(f, s->variant);
            if (v && !tried_before(r, f, v, s->params, &rc, err) && rc == TK_OK)
                keep_candidate(r, fam, v, s->params, TK_DISCOVER_BUILT_IN, (double)known, &rc,
                               err);
        }
    }
    for (size_t i = 0; o->seeds && i < o->seeds->count && rc == TK_OK; i++) {
        const struct tk_source *s = &o->seeds->items[i];
        char params[160];
        if (s->family != f)
            continue;
        if (strchr(s->seed, '=') || f->seed_param == NULL)
            snprintf(params, sizeof params, "%s", s->seed);
        else
            snprintf(params, sizeof params, "%s=%s", f->seed_param, s->seed);
        if (!tried_before(r, f, s->variant, params, &rc, err) && rc == TK_OK)
            keep_candidate(r, fam, s->variant, params, TK_DISCOVER_SEEDS_FILE, (double)known,
                           &rc, err);
    }
    return rc;
}

/* ---- the family's inversion ---- */

struct candidates {
    pthread_mutex_t lock;
    char (*params)[160];
    tk_day *days;
    size_t count, cap;
};

static int collect_candidate(void *ctx, const struct tk_recover_query *q, const char *params,
                             tk_day day)
{
    struct candidates *c = ctx;
    int rc = TK_OK;
    (void)q;
    if (strlen(params) >= sizeof c->params[0])
        return TK_OK; /* longer than any seeds-file line we write: not a seed */
    pthread_mutex_lock(&c->lock);
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        char (*params_grown)[160] = realloc(c->params, cap * sizeof *params_grown);
        tk_day *days_grown = params_grown ? realloc(c->days, cap * sizeof *days_grown) : NULL;
        if (params_grown)
            c->params = params_grown;
        if (days_grown)
            c->days = days_grown;
        if (params_grown && days_grown)
            c->cap = cap;
        else
            rc = TK_ERR_NOMEM;
    }
    if (rc == TK_OK) {
        snprintf(c->params[c->count], sizeof c->params[0], "%s", params);
        c->days[c->count++] = day;
    }
    pthread_mutex_unlock(&c->lock);
    return rc;
}

/* True when params name a numeric seed outside the caller's --range. */
static int outside_range(const struct run *r, const struct tk_family *f, const char *params)
{
    const struct tk_param_def *p = discover_seed_param(f);
    if (!r->o->range_given || p == NULL || (p->type != TK_PARAM_INT && p->type != TK_PARAM_HEX32))
        return 0;
    size_t n = strlen(f->seed_param);
    for (const char *s = params; s && *s; s = strchr(s, ';') ? strchr(s, ';') + 1 : NULL) {
        if (strncmp(s, f->seed_param, n) == 0 && s[n] == '=') {
            long long value = strtoll(s + n + 1, NULL, p->type == TK_PARAM_HEX32 ? 16 : 0);
            return value < r->o->first_seed || value > r->o->last_seed;
        }
    }
    return 0;
}

/* More seeds generating a name than the family's structure gives (recover_aliases) say how
 * many a random seed makes: when that is more than the name's shape suggests, the family's
 * chance estimates are raised to match. */
static void calibrate(struct tk_discover_family *fam, const struct tk_variant *v,
                      const char *name, size_t seeds, double space, uint64_t generated)
{
    size_t aliases = fam->family->recover_aliases ? fam->family->recover_aliases : 1;
    if (seeds <= aliases || space <= 0 || generated == 0)
        return;
    double expected = space * discover_shape_chance(fam->family, v, name, generated);
    double ratio = (double)(seeds - aliases) / (expected > 0 ? expected : 1e-300);
    if (ratio > fam->calibration)
        fam->calibration = ratio;
}

/* Recovers the seeds of one name, for every variant whose shape it has. */
static int recover_name(struct run *r, const struct tk_family *f, struct tk_discover_family *fam,
                        size_t index, struct tk_error *err)
{
    double space = 0;
    int rc = TK_OK;
    for (const struct tk_variant *v = f->variants; v->name && rc == TK_OK; v++) {
        if (!variant_could_generate(f, v, r->names[index]))
            continue;
        struct candidates found = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, 0, 0};
        struct tk_recover_query q = {f, v, r->names[index], strlen(r->names[index]), r->o->from,
                                     r->o->to, r->threads, 0, collect_candidate, &found};
        rc = f->recover(&q, err);
        if (rc == TK_ERR_NOMEM)
            tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        space += q.covered;
        size_t hits = 0;
        uint64_t generated = 0;
        for (size_t i = 0; i < found.count && rc == TK_OK; i++) {
            if (outside_range(r, f, found.params[i])
                || tried_before(r, f, v, found.params[i], &rc, err) || rc != TK_OK)
                continue;
            fam->candidates++;
            int hit = verify_on_day(f, v, found.params[i], found.days[i], r->names[index], err);
            if (hit < 0) {
                rc = hit;
            } else if (hit) {
                const struct tk_discover_seed *kept =
                    keep_candidate(r, fam, v, found.params[i], TK_DISCOVER_FOUND, q.covered, &rc,
                                   err);
                hits++;
                if (kept)
                    generated = kept->generated;
            }
        }
        calibrate(fam, v, r->names[index], hits, q.covered, generated);
        free(found.params);
        free(found.days);
    }
    if (space > fam->space)
        fam->space = space;
    return rc;
}

static int run_recover(struct run *r, const struct tk_family *f, struct tk_discover_family *fam,
                       const size_t *eligible, size_t count, struct tk_error *err)
{
    int rc = TK_OK;
    fam->method = f->recover_method ? f->recover_method : "inversion";
    for (size_t i = 0; i < count && rc == TK_OK; i++) {
        if (r->explained[eligible[i]])
            continue;
        fam->searched++;
        rc = recover_name(r, f, fam, eligible[i], err);
        report_progress(r, (double)(i + 1) / (double)count);
    }
    return rc;
}

/* ---- the per-candidate search ---- */

static int run_candidates(struct run *r, const struct tk_family *f,
                          struct tk_discover_family *fam, const size_t *eligible, size_t count,
                          struct tk_error *err)
{
    struct intern_strings remaining = {0};
    struct nominations nominated = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL, 0, 0};
    const char **names = malloc((count ? count : 1) * sizeof *names);
    struct tk_seed_search search = {f, 0, DEFAULT_CANDIDATES - 1, r->o->from, r->o->to,
                                    r->threads, names, 0, nominate, &nominated,
                                    r->o->progress, r->o->progress_ctx};
    uint64_t tried = 0;
    size_t variants = 0;
    int rc = names ? TK_OK : tk_error_set(err, TK_ERR_NOMEM, "out of memory");

    for (size_t i = 0; i < count && rc == TK_OK; i++) {
        const char *name = r->names[eligible[i]];
        int added = 0;
        if (r->explained[eligible[i]])
            continue;
        fam->searched++;
        if (intern_string(&remaining, name, strlen(name), &added) < 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        else if (added)
            names[search.name_count++] = name;
    }
    if (r->o->range_given) {
        search.first_seed = r->o->first_seed;
        search.last_seed = r->o->last_seed;
    }
    for (const struct tk_variant *v = f->variants; v->name; v++)
        variants++;
    fam->space = (double)(search.last_seed - search.first_seed + 1) * (double)variants;
    fam->method = f->search_method ? f->search_method
                                   : "per candidate: the family's generator for every seed of "
                                     "the range, per period";
    if (rc == TK_OK && fam->searched)
        rc = f->search ? f->search(&search, &tried, err)
                       : discover_generic(&search, &remaining, &tried, err);
    for (size_t i = 0; i < nominated.count && rc == TK_OK; i++) {
        char params[64];
        discover_seed_params(f, nominated.values[i], params, sizeof params);
        if (tried_before(r, f, nominated.variants[i], params, &rc, err) || rc != TK_OK)
            continue;
        fam->candidates++;
        keep_candidate(r, fam, nominated.variants[i], params, TK_DISCOVER_FOUND, fam->space, &rc,
                       err);
    }
    free(nominated.values);
    free(nominated.variants);
    free(names);
    intern_strings_free(&remaining);
    return rc;
}

/* ---- one family, then all ---- */

static int discover_family(struct run *r, const struct tk_family *f, struct tk_error *err)
{
    size_t *eligible = malloc((r->count ? r->count : 1) * sizeof *eligible), count = 0;
    int rc = TK_OK;

    if (eligible == NULL)
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < r->count; i++)
        if (family_could_generate(f, r->names[i]))
            eligible[count++] = i;
    if (count == 0) {
        free(eligible);
        return TK_OK;
    }
    struct tk_discover_result *out = r->out;
    struct tk_discover_family *grown =
        realloc(out->families, (out->family_count + 1) * sizeof *grown);
    if (grown == NULL) {
        free(eligible);
        return tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    }
    out->families = grown;
    struct tk_discover_family *fam = &out->families[out->family_count++];
    memset(fam, 0, sizeof *fam);
    fam->family = f;
    fam->eligible = count;
    fam->calibration = 1;
    size_t first_seed = out->count;

    rc = run_known(r, fam, err);
    const struct tk_param_def *p = discover_seed_param(f);
    if (rc == TK_OK && f->recover && !r->o->per_candidate)
        rc = run_recover(r, f, fam, eligible, count, err);
    else if (rc == TK_OK && p && (p->type == TK_PARAM_INT || p->type == TK_PARAM_HEX32)
             && (r->o->range_given || r->o->per_candidate))
        rc = run_candidates(r, f, fam, eligible, count, err);
    else if (rc == TK_OK && p && (p->type == TK_PARAM_INT || p->type == TK_PARAM_HEX32)) {
        fam->method = "not searched: no inversion yet; give --range for a search per "
                      "candidate seed";
        for (size_t i = 0; i < count; i++)
            fam->searched += !r->explained[eligible[i]];
    } else
        for (size_t i = 0; i < count; i++)
            fam->searched += !r->explained[eligible[i]];
    /* The calibration may have risen since the first seeds were kept. */
    for (size_t i = first_seed; i < out->count; i++) {
        struct tk_discover_seed *seed = &out->seeds[i];
        seed->expected = discover_expected_chance(seed, fam->eligible, fam->calibration, r->names);
        seed->weak = !(seed->expected < TK_DISCOVER_STRONG);
    }
    free(eligible);
    return rc;
}

static int by_strength(const void *a, const void *b)
{
    const struct tk_discover_seed *x = a, *y = b;
    if (x->weak != y->weak)
        return x->weak ? 1 : -1;
    if (x->match_count != y->match_count)
        return x->match_count > y->match_count ? -1 : 1;
    int c = strcmp(x->family->name, y->family->name);
    if (c == 0)
        c = strcmp(x->variant->name, y->variant->name);
    return c ? c : strcmp(x->params, y->params);
}

static int check_options(const struct tk_discover_options *o, struct tk_error *err)
{
    if (o->to < o->from)
        return tk_error_set(err, TK_ERR_USAGE, "the window ends before it starts");
    if (!o->range_given)
        return TK_OK;
    if (o->first_seed > o->last_seed)
        return tk_error_set(err, TK_ERR_USAGE, "--range: LO is above HI");
    for (size_t i = 0; i < o->family_count; i++) {
        int64_t first, last;
        int rc = tk_discover_seed_space(o->families[i], &first, &last, err);
        if (rc)
            return rc;
        if (o->first_seed < first || o->last_seed > last)
            return tk_error_set(err, TK_ERR_USAGE, "--range: %s seeds are %lld to %lld "
                                "(0x%llX)", o->families[i]->name, (long long)first,
                                (long long)last, (unsigned long long)last);
    }
    return TK_OK;
}

int tk_discover_seeds(const struct tk_discover_options *o, const char *const *names, size_t count,
                      struct tk_discover_result *out, struct tk_error *err)
{
    struct run r = {.o = o, .names = names, .count = count, .out = out, .threads = o->threads};
    int rc = check_options(o, err);

    memset(out, 0, sizeof *out);
    if (rc)
        return rc;
    if (r.threads <= 0)
        r.threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (r.threads < 1)
        r.threads = 1;
    r.explained = calloc(count ? count : 1, 1);
    if (r.explained == NULL)
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count && rc == TK_OK; i++) {
        int added = 0;
        if (intern_string(&r.observed, names[i], strlen(names[i]), &added) < 0)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        else if (!added)
            rc = tk_error_set(err, TK_ERR_USAGE, "the observed names must be distinct");
    }
    size_t *lens = rc == TK_OK ? malloc((count ? count : 1) * sizeof *lens) : NULL;
    for (size_t i = 0; lens && i < count; i++)
        lens[i] = strlen(names[i]);
    if (rc == TK_OK && (lens == NULL || name_filter_init(&r.filter, names, lens, count) != 0))
        rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
    free(lens);
    for (size_t i = 0; i < o->family_count && rc == TK_OK; i++) {
        r.family_index = i;
        rc = discover_family(&r, o->families[i], err);
    }
    /* Keep what explains enough names, strongest first. */
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++) {
        if (out->seeds[i].match_count >= (o->min_names ? o->min_names : 1))
            out->seeds[kept++] = out->seeds[i];
        else
            free(out->seeds[i].matches);
    }
    out->count = kept;
    if (rc == TK_OK) {
        qsort(out->seeds, out->count, sizeof *out->seeds, by_strength);
        memset(r.explained, 0, count);
        for (size_t i = 0; i < out->count; i++)
            for (size_t k = 0; !out->seeds[i].weak && k < out->seeds[i].match_count; k++)
                r.explained[out->seeds[i].matches[k].name] = 1;
        out->unexplained = malloc((count ? count : 1) * sizeof *out->unexplained);
        if (out->unexplained == NULL)
            rc = tk_error_set(err, TK_ERR_NOMEM, "out of memory");
        for (size_t i = 0; i < count && rc == TK_OK; i++)
            if (!r.explained[i])
                out->unexplained[out->unexplained_count++] = i;
    }
    free(r.explained);
    name_filter_free(&r.filter);
    intern_strings_free(&r.observed);
    intern_strings_free(&r.tried);
    if (rc)
        tk_discover_result_free(out);
    return rc;
}

void tk_discover_result_free(struct tk_discover_result *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->seeds[i].matches);
    free(r->seeds);
    free(r->families);
    free(r->unexplained);
    memset(r, 0, sizeof *r);
}
