/* bench_hll.c - HyperLogLog error against exact counts, for bench/report.sh: for 10^4,
 * 10^6 and 10^7 distinct IPv4 addresses (several independent sets each), the exact count
 * (the exact set of tk_distinct) beside the estimate (tk_distinct with limit 0, i.e. the
 * 12 KB sketch), with the mean, RMS and worst relative error next to Redis's bar of
 * 1.04 / sqrt(16384) = 0.81 %. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "takedown/distinct.h"
#include "takedown/hash64.h"

static double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void)
{
    static const struct { unsigned long n; int trials; } runs[] = {{10000, 50}, {1000000, 10}, {10000000, 4}};

    printf("%-12s %7s %14s %14s %10s %10s %10s %10s\n", "distinct", "trials", "exact (last)",
           "estimate", "mean err", "rms err", "max err", "add ns");
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        double sum = 0, sum_sq = 0, worst = 0, add_seconds = 0;
        uint64_t exact_count = 0, estimate = 0;
        for (int t = 0; t < runs[r].trials; t++) {
            struct tk_distinct exact = {0}, sketch = {0};
            /* Trial t counts a different run of addresses, spread over the IPv4 space. */
            uint32_t base = (uint32_t)t * 0x9e3779b9u;
            double start;
            for (unsigned long i = 0; i < runs[r].n; i++) {
                uint32_t a = base + (uint32_t)i * 2654435761u;
                uint8_t addr[4] = {(uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a};
                if (tk_distinct_add(&exact, tk_hash_address(4, addr), UINT64_MAX)) {
                    fprintf(stderr, "bench_hll: out of memory\n");
                    return 1;
                }
            }
            start = seconds_now();
            for (unsigned long i = 0; i < runs[r].n; i++) {
                uint32_t a = base + (uint32_t)i * 2654435761u;
                uint8_t addr[4] = {(uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a};
                tk_distinct_add(&sketch, tk_hash_address(4, addr), 0);
            }
            add_seconds += seconds_now() - start;
            exact_count = tk_distinct_count(&exact);
            estimate = tk_distinct_count(&sketch);
            double error = ((double)estimate - (double)exact_count) / (double)exact_count;
            sum += fabs(error);
            sum_sq += error * error;
            if (fabs(error) > worst)
                worst = fabs(error);
            tk_distinct_free(&exact);
            tk_distinct_free(&sketch);
        }
        printf("%-12lu %7d %14llu %14llu %9.3f%% %9.3f%% %9.3f%% %10.1f\n", runs[r].n, runs[r].trials,
               (unsigned long long)exact_count, (unsigned long long)estimate,
               100 * sum / runs[r].trials, 100 * sqrt(sum_sq / runs[r].trials), 100 * worst,
               add_seconds / ((double)runs[r].n * runs[r].trials) * 1e9);
    }
    printf("bar: standard error 1.04/sqrt(16384) = 0.813%% (Redis), sketch size %u bytes\n",
           TK_HLL_DENSE_BYTES);
    return 0;
}
