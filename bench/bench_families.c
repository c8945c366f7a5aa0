/* bench_families.c - names per second per family on one core: every known seed of the
 * family over a window of days, generated through the same path as `takedown predict`
 * (tk_predict_window), counted but not written. Each family runs until at least
 * MIN_SECONDS have passed, so short families are timed over many repetitions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "takedown/family.h"
#include "takedown/predict.h"
#include "takedown/sources.h"

#define MIN_SECONDS 0.3

static int count_name(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                      size_t len)
{
    (void)source;
    (void)first;
    (void)last;
    (void)name;
    (void)len;
    ++*(size_t *)ctx;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    const char *from_text = argc > 1 ? argv[1] : "2020-03-01";
    int days = argc > 2 ? atoi(argv[2]) : 30;
    tk_day from;
    struct tk_error err = {0};
    struct tk_predict_options one_core = {1, NULL, NULL, NULL, NULL, NULL};

    if (tk_day_parse(from_text, &from, &err) || days < 1) {
        fprintf(stderr, "usage: bench_families [FROM-DATE [DAYS]]\n");
        return 2;
    }
    printf("%-24s %8s %12s %14s\n", "family", "seeds", "names/run", "names/s/core");
    for (size_t i = 0; i < tk_family_count(); i++) {
        const struct tk_family *f = tk_family_at(i);
        struct tk_source_list list = {0};
        const char *keys[] = {"date"}, *values[] = {from_text};
        struct tk_overrides ov = {keys, values, 1};
        if (tk_sources_add_known(&list, f, NULL, &ov, &err)) {
            printf("%-24s %s\n", f->name, err.message);
            continue;
        }
        size_t names = 0, runs = 0;
        double start = now(), elapsed;
        do {
            tk_predict_window(list.items, list.count, from, from + days - 1, &one_core,
                              count_name, &names, &err);
            runs++;
            elapsed = now() - start;
        } while (elapsed < MIN_SECONDS);
        printf("%-24s %8zu %12zu %14.0f\n", f->name, list.count, names / runs,
               (double)names / elapsed);
        tk_sources_free(&list);
    }
    return 0;
}
