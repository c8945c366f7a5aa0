/* bench_read.c - the three readers of event logs alone, over the same file: the contacts of
 * `report` (tk_event_reader), the query records of `match` (tk_log) and the event records of
 * `events` (tk_event_file), in records a second, best of ROUNDS. For comparing reader
 * changes without a whole bench/report.sh run; bench/read.sh drives it.
 * Usage: bench_read FILE [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "takedown/event_file.h"
#include "takedown/event_reader.h"
#include "takedown/logs.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long read_contacts(const char *path)
{
    struct tk_event_reader *r;
    struct tk_contact c;
    struct tk_error err = {0};
    enum tk_read_result res;
    long long n = 0;
    if (tk_event_reader_open(&r, path, TK_EVENTS_AUTO, &err))
        return -1;
    while ((res = tk_event_reader_next(r, &c, &err)) != TK_READ_END && res != TK_READ_FAILED)
        n += res == TK_READ_CONTACT;
    tk_event_reader_close(r);
    return n;
}

static long long read_queries(const char *path)
{
    struct tk_log_reader *r;
    struct tk_log_record rec;
    struct tk_error err = {0};
    int rc;
    long long n = 0;
    if (tk_log_open(path, TK_LOG_AUTO, &r, &err))
        return -1;
    while ((rc = tk_log_next(r, &rec, &err)) == TK_OK || rc == TK_ERR_DATA)
        n += rc == TK_OK;
    tk_log_close(r);
    return n;
}

static long long read_events(const char *path)
{
    struct tk_event_file *f;
    struct tk_event *ev = malloc(sizeof *ev);
    struct tk_error err = {0};
    char sensor[64];
    enum tk_event_file_result res;
    long long n = 0;
    if (ev == NULL || tk_event_file_open(path, &f, &err)) {
        free(ev);
        return -1;
    }
    while ((res = tk_event_file_next(f, ev, sensor, &err)) != TK_EVENT_FILE_END
           && res != TK_EVENT_FILE_FAILED)
        n += res == TK_EVENT_FILE_EVENT;
    tk_event_file_close(f);
    free(ev);
    return n;
}

static void run(const char *label, long long (*fn)(const char *), const char *path, int rounds)
{
    double best = 0;
    long long n = 0;
    for (int i = 0; i < rounds; i++) {
        double t0 = now();
        n = fn(path);
        double t = now() - t0;
        if (i == 0 || t < best)
            best = t;
    }
    if (n < 0) {
        printf("%-34s cannot read %s\n", label, path);
        return;
    }
    printf("%-34s %10lld records %8.3f s %12.0f records/s\n", label, n, best, (double)n / best);
}

int main(int argc, char **argv)
{
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    if (argc < 2 || rounds < 1) {
        fprintf(stderr, "usage: bench_read FILE [ROUNDS]\n");
        return 2;
    }
    run("report's contacts (tk_event_reader)", read_contacts, argv[1], rounds);
    run("match's queries (tk_log)", read_queries, argv[1], rounds);
    run("events' records (tk_event_file)", read_events, argv[1], rounds);
    return 0;
}
