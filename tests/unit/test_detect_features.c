/* test_detect_features.c - the detector's measurements, against values worked out by hand:
 * how many calibration names the threshold may let through (a binomial quantile), and the
 * features that weigh a label against a uniform draw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "detect/detect_internal.h"

/* Binomial(1000, 0.01): P(X <= 4) = 0.0287 and P(X <= 5) = 0.0661, so at 95 % confidence 4
 * false positives of 1,000 still bound the rate under 1 %, 5 do not. Binomial(21902,
 * 0.001): P(X <= 14) = 0.0496, P(X <= 15) = 0.0797. Binomial(100, 0.01): P(X = 0) =
 * 0.99^100 = 0.366, so 100 names cannot show a 1 % rate: none allowed. */
static void fpr_allowance_is_the_binomial_quantile(void **state)
{
    (void)state;
    assert_int_equal(det_fpr_allowance(1000, 0.01, 0.95), 4);
    assert_int_equal(det_fpr_allowance(21902, 0.001, 0.95), 14);
    assert_int_equal(det_fpr_allowance(100, 0.01, 0.95), 0);
    /* At 50 % confidence it is about the plain share: the median of Binomial(1000, 0.01)
     * is 10, P(X <= 9) = 0.4573. */
    assert_int_equal(det_fpr_allowance(1000, 0.01, 0.5), 9);
    assert_int_equal(det_fpr_allowance(0, 0.01, 0.95), 0);
}

/* With no training names every n-gram probability is the add-one unigram 1/39 (39
 * symbols), so log P(label) = (n + 1) log(1/39) and each feature is a closed form. */
static struct tk_detector *untrained(void)
{
    struct tk_detector *d = det_new();
    assert_non_null(d);
    det_finish_ngrams(d);
    assert_int_equal(suffix_table_finish(&d->suffixes), 0);
    return d;
}

static int index_of(const char *feature)
{
    for (int i = 0; i < DET_FEATURES; i++)
        if (strcmp(det_feature_names[i], feature) == 0)
            return i;
    fail_msg("no feature %s", feature);
    return -1;
}

static float feature(const struct tk_detector *d, const char *label, const char *name)
{
    float f[DET_FEATURES];
    det_features(d, label, strlen(label), "com", f);
    return f[index_of(name)];
}

/* uniform_llr_total = (n + 1) log(1/39) + n log(A), A the smallest usual alphabet of the
 * label: 16 for hex, 26 for letters, 36 with digits, 37 with '-'. */
static void uniform_llr_total_by_hand(void **state)
{
    struct tk_detector *d = untrained();
    (void)state;
    assert_float_equal(feature(d, "abc", "uniform_llr_total"), -6.336480, 1e-4);  /* A 16 */
    assert_float_equal(feature(d, "google", "uniform_llr_total"), -6.096352, 1e-4); /* 26 */
    assert_float_equal(feature(d, "a1b2", "uniform_llr_total"), -7.227453, 1e-4);  /* 16 */
    assert_float_equal(feature(d, "xkqz-9", "uniform_llr_total"), -3.979424, 1e-4); /* 37 */
    tk_detector_free(d);
}

/* distinct_excess = distinct characters - A (1 - (1 - 1/A)^n). */
static void distinct_excess_by_hand(void **state)
{
    struct tk_detector *d = untrained();
    (void)state;
    /* abc: 3 - 16 (1 - (15/16)^3) = 3 - 2.81640625 */
    assert_float_equal(feature(d, "abc", "distinct_excess"), 0.183594, 1e-5);
    /* google: g, o, l, e = 4; 26 (1 - (25/26)^6) = 5.451822 */
    assert_float_equal(feature(d, "google", "distinct_excess"), -1.451822, 1e-5);
    assert_float_equal(feature(d, "banana", "distinct_excess"), -2.451822, 1e-5);
    assert_float_equal(feature(d, "a1b2", "distinct_excess"), 0.359619, 1e-5);
    assert_float_equal(feature(d, "xkqz-9", "distinct_excess"), 0.391089, 1e-5);
    tk_detector_free(d);
}

/* vowel_alternation: changes between vowel and consonant in adjacent letters, per
 * character; digits and hyphens break the pairs. */
static void vowel_alternation_by_hand(void **state)
{
    struct tk_detector *d = untrained();
    (void)state;
    assert_float_equal(feature(d, "banana", "vowel_alternation"), 5.0 / 6, 1e-6);
    assert_float_equal(feature(d, "google", "vowel_alternation"), 3.0 / 6, 1e-6); /* go og le */
    assert_float_equal(feature(d, "xkqz", "vowel_alternation"), 0, 1e-6);
    assert_float_equal(feature(d, "a1b2", "vowel_alternation"), 0, 1e-6);
    assert_float_equal(feature(d, "ba-ba", "vowel_alternation"), 2.0 / 5, 1e-6);
    tk_detector_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fpr_allowance_is_the_binomial_quantile),
        cmocka_unit_test(uniform_llr_total_by_hand),
        cmocka_unit_test(distinct_excess_by_hand),
        cmocka_unit_test(vowel_alternation_by_hand),
    };
    return cmocka_run_group_tests_name("detect_features", tests, NULL, NULL);
}
