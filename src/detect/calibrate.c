/* calibrate.c - how many calibration names may score at or above the threshold so that the
 * false-positive rate on names never seen stays under its target with a stated confidence.
 *
 * The rate measured on n calibration names is an estimate: picking the threshold at exactly
 * target * n false positives lands above the target about half the time on other names (with
 * 22,000 names and a 0.1 % target, 22 false positives: splitting the calibration names in two
 * halves, the threshold of one half gave 0.046 % and 0.136 % on the other). Instead the
 * threshold allows k false positives only when k or fewer would be unlikely (probability at
 * most 1 - confidence) were the true rate the target itself: k is below the binomial
 * quantile, and the one-sided Clopper-Pearson bound of k of n is at most the target. */
#include <math.h>

#include "detect/detect_internal.h"

/* log of the binomial probability of exactly i of n at rate p. */
static double log_binomial_pmf(size_t i, size_t n, double p)
{
    double dn = (double)n, di = (double)i;
    return lgamma(dn + 1) - lgamma(di + 1) - lgamma(dn - di + 1) + di * log(p)
           + (dn - di) * log1p(-p);
}

size_t det_fpr_allowance(size_t n, double target, double confidence)
{
    double cumulative = 0, alpha = 1 - confidence;
    size_t k = 0;
    if (n == 0 || target <= 0 || target >= 1)
        return 0;
    while (k <= n) {
        cumulative += exp(log_binomial_pmf(k, n, target));
        if (cumulative > alpha)
            break;
        k++;
    }
    /* k is the first count more likely than alpha; k - 1 is the most that may be allowed. */
    return k > 0 ? k - 1 : 0;
}
