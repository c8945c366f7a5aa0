/* test_detect_features.c - the detector's measurements, against values worked out by hand:
 * how many calibration names the threshold may let through (a binomial quantile). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fpr_allowance_is_the_binomial_quantile),
    };
    return cmocka_run_group_tests_name("detect_features", tests, NULL, NULL);
}
