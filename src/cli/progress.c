/* progress.c - terminal progress line (see progress.h). */
#include "cli/progress.h"

#include <stdio.h>
#include <unistd.h>

void progress_start(struct progress *p, const char *label, int quiet)
{
    p->label = label;
    p->enabled = !quiet && isatty(STDERR_FILENO);
    p->shown = 0;
    p->last.tv_sec = 0;
    p->last.tv_nsec = 0;
}

void progress_update(struct progress *p, double done, const char *detail)
{
    struct timespec now;
    if (!p->enabled)
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double since = (double)(now.tv_sec - p->last.tv_sec) + (double)(now.tv_nsec - p->last.tv_nsec) / 1e9;
    if (p->shown && since < 0.1 && done < 1.0)
        return;
    p->last = now;
    p->shown = 1;
    int width = 30, filled = (int)(done * width + 0.5);
    fprintf(stderr, "\r%s [", p->label);
    for (int i = 0; i < width; i++)
        fputc(i < filled ? '#' : ' ', stderr);
    fprintf(stderr, "] %3.0f%% %s\033[K", done * 100.0, detail ? detail : "");
    fflush(stderr);
}

void progress_done(struct progress *p)
{
    if (p->enabled && p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->shown = 0;
}

double progress_seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}
