/* event_clock.h - the time stamped on events: the real clock, or, for exercises, a
 * simulated clock.
 *
 * The simulated clock starts at a given UTC time when it is started and runs RATE times as
 * fast as real time, but never past the last microsecond of its current UTC day: it holds
 * there until it is moved to the next day, which then starts at 00:00:00 and runs on. A
 * driver that replays one wave of traffic per simulated day thus gets every event of a
 * wave on its day, however slow the machine. The clock is process-wide; it is started once,
 * before the threads that stamp events, and is read without locks. */
#ifndef TAKEDOWN_EVENT_CLOCK_H
#define TAKEDOWN_EVENT_CLOCK_H

#include <stdint.h>

#include "takedown/error.h"

struct tk_event_clock {
    int64_t start_sec;   /* Unix time the simulated clock reads when started */
    double rate;         /* simulated seconds per real second, > 0 */
};

/* Parses "YYYY-MM-DD[THH:MM:SSZ][,RATE]" (RATE 1 when omitted, up to 1e6). TK_ERR_USAGE
 * saying what was expected. */
int tk_event_clock_parse(const char *text, struct tk_event_clock *out, struct tk_error *err);

/* Makes every later event time come from the simulated clock. */
void tk_event_clock_start(const struct tk_event_clock *clock);

/* Moves the simulated clock to 00:00:00 UTC of the day after the one it reads; returns that
 * Unix time, or -1 when no simulated clock was started. Not for concurrent callers. */
int64_t tk_event_clock_next_day(void);

/* The time to stamp on an event now: real (CLOCK_REALTIME) or simulated. */
void tk_event_clock_now(int64_t *sec, uint32_t *nsec);

#endif
