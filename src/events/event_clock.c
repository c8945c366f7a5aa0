/* event_clock.c - real or simulated event times (see include/takedown/event_clock.h).
 *
 * The simulated clock is a day index and the real (monotonic) instant that day began;
 * readers take both consistently by reading the index before and after the instant (the
 * index only grows, and each day's instant has its own slot of two). */
#include "takedown/event_clock.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "takedown/date.h"

#define NS 1000000000LL
#define DAY_NS (86400LL * NS)

static struct {
    atomic_int started;
    int64_t start_ns;          /* simulated time at the start, ns since the epoch */
    int64_t first_midnight_ns; /* 00:00 of the start's day */
    double rate;
    atomic_uint day;           /* days moved on since the start */
    _Atomic int64_t day_began[2]; /* real monotonic ns at which day (index & 1) began */
} sim;

int tk_event_clock_parse(const char *text, struct tk_event_clock *out, struct tk_error *err)
{
    char date[11];
    tk_day day;
    int hour = 0, minute = 0, second = 0, used = 0;
    const char *rest = text + strnlen(text, 10);

    if (strlen(text) < 10)
        return tk_error_set(err, TK_ERR_USAGE, "expected YYYY-MM-DD[THH:MM:SSZ][,RATE], got '%s'",
                            text);
    memcpy(date, text, 10);
    date[10] = '\0';
    if (tk_day_parse(date, &day, err))
        return tk_error_set(err, TK_ERR_USAGE, "expected YYYY-MM-DD[THH:MM:SSZ][,RATE], got '%s'",
                            text);
    if (*rest == 'T') {
        if (sscanf(rest, "T%2d:%2d:%2dZ%n", &hour, &minute, &second, &used) != 3 || used != 10
            || hour > 23 || minute > 59 || second > 59 || hour < 0 || minute < 0 || second < 0)
            return tk_error_set(err, TK_ERR_USAGE, "expected a time THH:MM:SSZ after the date in "
                                "'%s'", text);
        rest += used;
    }
    out->rate = 1;
    if (*rest == ',') {
        char *end;
        errno = 0;
        out->rate = strtod(rest + 1, &end);
        if (errno || end == rest + 1 || *end || !(out->rate > 0) || out->rate > 1e6)
            return tk_error_set(err, TK_ERR_USAGE, "expected a rate above 0 and at most 1000000 "
                                "after the comma in '%s'", text);
    } else if (*rest) {
        return tk_error_set(err, TK_ERR_USAGE, "expected YYYY-MM-DD[THH:MM:SSZ][,RATE], got '%s'",
                            text);
    }
    out->start_sec = tk_day_to_unix(day) + hour * 3600 + minute * 60 + second;
    if (out->start_sec < 0)
        return tk_error_set(err, TK_ERR_USAGE, "expected a time from 1970 on, got '%s'", text);
    return TK_OK;
}

static int64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

void tk_event_clock_start(const struct tk_event_clock *clock)
{
    sim.start_ns = clock->start_sec * NS;
    sim.first_midnight_ns = tk_day_to_unix(tk_day_from_unix(clock->start_sec)) * NS;
    sim.rate = clock->rate;
    atomic_store(&sim.day, 0);
    atomic_store(&sim.day_began[0], monotonic_ns());
    atomic_store_explicit(&sim.started, 1, memory_order_release);
}

/* Simulated ns since the epoch now. */
static int64_t simulated_ns(void)
{
    unsigned day;
    int64_t began;
    do {
        day = atomic_load(&sim.day);
        began = atomic_load(&sim.day_began[day & 1]);
    } while (atomic_load(&sim.day) != day);
    int64_t day_start = day ? sim.first_midnight_ns + (int64_t)day * DAY_NS : sim.start_ns;
    int64_t day_end = sim.first_midnight_ns + ((int64_t)day + 1) * DAY_NS - 1000;
    double elapsed = (double)(monotonic_ns() - began) * sim.rate;
    if (elapsed < 0)
        elapsed = 0;
    if (elapsed >= (double)(day_end - day_start))
        return day_end;
    return day_start + (int64_t)elapsed;
}

int64_t tk_event_clock_next_day(void)
{
    if (!atomic_load_explicit(&sim.started, memory_order_acquire))
        return -1;
    unsigned next = atomic_load(&sim.day) + 1;
    atomic_store(&sim.day_began[next & 1], monotonic_ns());
    atomic_store(&sim.day, next);
    return (sim.first_midnight_ns + (int64_t)next * DAY_NS) / NS;
}

void tk_event_clock_now(int64_t *sec, uint32_t *nsec)
{
    if (atomic_load_explicit(&sim.started, memory_order_acquire)) {
        int64_t ns = simulated_ns();
        *sec = ns / NS;
        *nsec = (uint32_t)(ns % NS);
        return;
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    *sec = now.tv_sec;
    *nsec = (uint32_t)now.tv_nsec;
}
