/* hunt_bench.c - names per second per core for the hunt's two hot paths: attribution index
 * lookups (one at a time, and batched with prefetching) and detector scoring. The names
 * are read into memory first, so neither file reading nor parsing is timed.
 *
 *   hunt_bench INDEX NAMES   (one name per line)
 *
 * Times are the thread's CPU time, so a busy machine does not lower the per-core figure.
 * Prints "key value" lines for bench/hunt.sh. Built by that script against the library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "takedown/detect.h"
#include "takedown/index.h"

/* CPU time of this thread: names a second per core, whatever else the machine runs. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs fn over all names until at least min_seconds have passed; returns names a second. */
static double rate(void (*fn)(void *ctx, size_t *hits), void *ctx, size_t names,
                   double min_seconds, size_t *hits)
{
    double start = now(), elapsed;
    size_t rounds = 0;
    do {
        fn(ctx, hits);
        rounds++;
        elapsed = now() - start;
    } while (elapsed < min_seconds);
    return (double)names * (double)rounds / elapsed;
}

struct run {
    const struct tk_index *index;
    const struct tk_detector *detector;
    char **names;
    size_t *lens;
    size_t count;
    struct tk_index_hit *hits;
    int *found;
};

static void lookup_each(void *ctx, size_t *hits)
{
    struct run *r = ctx;
    struct tk_index_hit hit;
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        n += (size_t)tk_index_lookup(r->index, r->names[i], r->lens[i], &hit);
    *hits = n;
}

static void lookup_batched(void *ctx, size_t *hits)
{
    struct run *r = ctx;
    size_t n = 0;
    enum { BATCH = 4096 };
    for (size_t at = 0; at < r->count; at += BATCH) {
        size_t k = r->count - at < BATCH ? r->count - at : BATCH;
        tk_index_lookup_many(r->index, (const char *const *)r->names + at, r->lens + at, k,
                             r->hits, r->found);
        for (size_t i = 0; i < k; i++)
            n += (size_t)r->found[i];
    }
    *hits = n;
}

static void score_each(void *ctx, size_t *hits)
{
    struct run *r = ctx;
    double threshold = tk_detector_threshold(r->detector);
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        n += tk_detector_score(r->detector, r->names[i], r->lens[i]) >= threshold;
    *hits = n;
}

int main(int argc, char **argv)
{
    struct run r = {0};
    struct tk_index *index;
    struct tk_detector *detector;
    struct tk_error err = {0};
    size_t cap = 0, hits = 0;
    char line[512];

    if (argc != 3) {
        fprintf(stderr, "usage: hunt_bench INDEX NAMES\n");
        return 2;
    }
    if (tk_index_open(argv[1], &index, &err) || tk_detector_load(NULL, &detector, &err)) {
        fprintf(stderr, "hunt_bench: %s\n", err.message);
        return 1;
    }
    FILE *f = fopen(argv[2], "r");
    if (f == NULL) {
        perror(argv[2]);
        return 1;
    }
    while (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, "\r\n");
        if (len == 0)
            continue;
        if (r.count == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            r.names = realloc(r.names, cap * sizeof *r.names);
            r.lens = realloc(r.lens, cap * sizeof *r.lens);
            if (r.names == NULL || r.lens == NULL)
                return 1;
        }
        r.names[r.count] = strndup(line, len);
        r.lens[r.count++] = len;
    }
    fclose(f);
    r.index = index;
    r.detector = detector;
    r.hits = malloc(4096 * sizeof *r.hits);
    r.found = malloc(4096 * sizeof *r.found);

    printf("names %zu\n", r.count);
    printf("index_names %llu\n", (unsigned long long)tk_index_name_count(index));
    printf("lookups_per_second %.0f\n", rate(lookup_each, &r, r.count, 2.0, &hits));
    printf("lookup_hits %zu\n", hits);
    printf("batched_lookups_per_second %.0f\n", rate(lookup_batched, &r, r.count, 2.0, &hits));
    printf("scores_per_second %.0f\n", rate(score_each, &r, r.count, 2.0, &hits));
    printf("scored_dga %zu\n", hits);
    for (size_t i = 0; i < r.count; i++)
        free(r.names[i]);
    free(r.names);
    free(r.lens);
    free(r.hits);
    free(r.found);
    tk_detector_free(detector);
    tk_index_close(index);
    return 0;
}
