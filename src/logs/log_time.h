/* log_time.h - the timestamps DNS logs carry, as Unix seconds (UTC).
 *
 * Each parser reads a timestamp at the start of s, returns 1 and sets *used to the bytes it
 * took, or returns 0. Times without a zone are taken as UTC; syslog stamps have no year
 * and get the latest year that does not put them more than a day in the future. */
#ifndef TAKEDOWN_LOGS_LOG_TIME_H
#define TAKEDOWN_LOGS_LOG_TIME_H

#include <stddef.h>
#include <stdint.h>

/* 1732806680 or 1732806680.123 */
int log_time_epoch(const char *s, size_t len, int64_t *out, size_t *used);
/* 2026-11-28, 2026-11-28T15:11:20, with .fraction, Z or +01:00, ' ' instead of 'T' */
int log_time_iso(const char *s, size_t len, int64_t *out, size_t *used);
/* BIND: 28-Nov-2026 15:11:20.123 */
int log_time_bind(const char *s, size_t len, int64_t *out, size_t *used);
/* syslog: Nov 28 15:11:20 (also "Nov  8") */
int log_time_syslog(const char *s, size_t len, int64_t *out, size_t *used);
/* Any of the above. */
int log_time_any(const char *s, size_t len, int64_t *out, size_t *used);

#endif
