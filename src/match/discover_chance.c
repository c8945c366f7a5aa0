/* discover_chance.c - how many seeds a search of this size would find by chance: the
 * figure that tells a real seed from a coincidence (include/takedown/discover.h).
 *
 * A 32-bit search over years of days generates trillions of names. A short name (a 6-letter
 * Conficker label) is among them by chance; a 14-letter one, or several names of one seed,
 * is not. For a seed explaining names m1..mk, the expected number of seeds in a search of S
 * values that would explain them all by chance is S x prod(min(1, G x p(mi))), with G the
 * names one seed generates over the window and p(m) the chance that a random name of the
 * family's shape is m. */
#include <math.h>
#include <string.h>

#include "match/discover_internal.h"

/* Dictionary families: two words of a 4,096-word list per label. */
static const double dictionary_label_space = 16777216.0;

static size_t count_list(const char *list)
{
    size_t n = 0;
    for (const char *p = list; p && *p; p++)
        if (p == list || p[-1] == ',')
            n++;
    return n;
}

/* Characters of a charset written as ranges and single characters ("a-z0-9-"). */
static size_t charset_size(const char *charset)
{
    size_t n = 0;
    for (const char *p = charset; p && *p;) {
        if (p[1] == '-' && p[2]) {
            n += (size_t)((unsigned char)p[2] - (unsigned char)p[0]) + 1;
            p += 3;
        } else {
            n++;
            p++;
        }
    }
    return n ? n : 36;
}

/* The longest of the comma-separated suffixes that ends name, or 0. */
static size_t suffix_length(const char *tlds, const char *name, size_t len)
{
    size_t best = 0;
    for (const char *p = tlds; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > best && n + 1 < len && name[len - n - 1] == '.'
            && memcmp(name + len - n, p, n) == 0)
            best = n;
        p = end ? end + 1 : NULL;
    }
    return best;
}

/* log10 of the chance that a random name of the variant's shape is this one. */
static double log_name_chance(const struct tk_family *f, const struct tk_variant *v,
                              const char *name)
{
    const char *tlds = v->tlds ? v->tlds : f->tlds;
    const char *charset = v->charset ? v->charset : f->charset;
    size_t len = strlen(name), suffix = suffix_length(tlds, name, len);
    size_t label = suffix ? len - suffix - 1 : len;
    double tld_count = (double)(count_list(tlds) ? count_list(tlds) : 1);
    double label_space = (double)label * log10((double)charset_size(charset));
    if (f->wordlists && label_space > log10(dictionary_label_space))
        label_space = log10(dictionary_label_space);
    return -(label_space + log10(tld_count));
}

double discover_shape_chance(const struct tk_family *family, const struct tk_variant *variant,
                             const char *name, uint64_t generated)
{
    double log_generated = log10(generated ? (double)generated : 1);
    return pow(10, log_generated + log_name_chance(family, variant, name));
}

/* log10 of C(n, k): how many sets of k names a coincidence could pick among n. */
static double log_choose(size_t n, size_t k)
{
    if (k > n)
        return 0;
    return (lgamma((double)n + 1) - lgamma((double)k + 1) - lgamma((double)(n - k) + 1))
           / log(10);
}

double discover_expected_chance(const struct tk_discover_seed *seed, size_t eligible,
                                double calibration, const char *const *names)
{
    double log_expected = log10(seed->space > 1 ? seed->space : 1)
                          + log_choose(eligible, seed->match_count);
    double log_generated = log10(seed->generated ? (double)seed->generated : 1);
    double log_calibration = log10(calibration > 1 ? calibration : 1);
    for (size_t i = 0; i < seed->match_count; i++) {
        double per_name = log_calibration + log_generated
                          + log_name_chance(seed->family, seed->variant,
                                            names[seed->matches[i].name]);
        if (per_name < 0)
            log_expected += per_name;
    }
    return pow(10, log_expected);
}
