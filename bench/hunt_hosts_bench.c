/* hunt_hosts_bench.c - the host hunt's aggregation rate on one core: a resolver log read
 * into memory once, then every record handed to tk_hosts_add and the hunt finished, timed
 * apart from the reading and parsing. Prints "records seconds rate clients names".
 * Usage: hunt_hosts_bench LOG */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "takedown/detect.h"
#include "takedown/domain.h"
#include "takedown/hosts.h"
#include "takedown/logs.h"

struct copy {
    char *name, *client;
    struct tk_log_record rec;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t read_all(const char *path, struct copy **out)
{
    struct tk_error err = {0};
    struct tk_log_reader *r;
    struct tk_log_record rec;
    size_t n = 0, cap = 1 << 20;
    struct copy *all = malloc(cap * sizeof *all);
    if (all == NULL || tk_log_open(path, TK_LOG_AUTO, &r, &err)) {
        fprintf(stderr, "hunt_hosts_bench: %s\n", err.message);
        exit(1);
    }
    int rc;
    while ((rc = tk_log_next(r, &rec, &err)) != TK_ERR_STOP) {
        if (rc != TK_OK)
            continue;
        if (n == cap && (all = realloc(all, (cap *= 2) * sizeof *all)) == NULL)
            exit(1);
        all[n].name = strndup(rec.name, rec.name_len);
        all[n].client = strndup(rec.client, rec.client_len);
        all[n].rec = rec;
        all[n].rec.name = all[n].name;
        all[n].rec.client = all[n].client;
        n++;
    }
    tk_log_close(r);
    *out = all;
    return n;
}

int main(int argc, char **argv)
{
    struct tk_error err = {0};
    struct tk_detector *d;
    struct tk_allowlist *allow;
    struct tk_hosts_options o;
    struct copy *all;
    if (argc != 2 || tk_psl_init(&err) || tk_detector_load(NULL, &d, &err)
        || tk_allowlist_new(1, &allow, &err)) {
        fprintf(stderr, "usage: hunt_hosts_bench LOG %s\n", err.message);
        return 2;
    }
    size_t n = read_all(argv[1], &all);
    tk_hosts_options_default(&o);
    o.detector = d;
    o.threshold = tk_detector_threshold(d);
    o.allow = allow;
    struct tk_hosts *h = tk_hosts_new(&o);
    double start = now();
    for (size_t i = 0; i < n; i++)
        if (tk_hosts_add(h, &all[i].rec))
            return 1;
    if (tk_hosts_finish(h))
        return 1;
    double seconds = now() - start;
    printf("%zu %.3f %.0f %zu %zu\n", n, seconds, (double)n / seconds, tk_hosts_host_count(h),
           tk_hosts_name_count(h));
    tk_hosts_free(h);
    return 0;
}
