/* progress.h - a one-line progress display on stderr, shown only when stderr is a terminal. */
#ifndef TAKEDOWN_CLI_PROGRESS_H
#define TAKEDOWN_CLI_PROGRESS_H

#include <time.h>

struct progress {
    const char *label;
    int enabled;
    int shown;
    struct timespec last;
};

/* quiet forces it off; otherwise it is on when stderr is a terminal. */
void progress_start(struct progress *p, const char *label, int quiet);
/* done is 0..1; detail (may be NULL) follows the percentage. Redraws at most 10 times a
 * second. */
void progress_update(struct progress *p, double done, const char *detail);
/* Clears the line. */
void progress_done(struct progress *p);

/* Seconds since start (CLOCK_MONOTONIC), for the timings long jobs report. */
double progress_seconds_since(const struct timespec *start);

#endif
