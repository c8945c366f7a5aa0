/* report_util.h - small helpers the report outputs share. Private to src/report. */
#ifndef TAKEDOWN_REPORT_REPORT_UTIL_H
#define TAKEDOWN_REPORT_REPORT_UTIL_H

#include <stdint.h>
#include <stdio.h>

#include "takedown/error.h"

/* "2020-03-01T12:00:00Z" into buf (at least 32 bytes). */
void report_format_time(int64_t unix_seconds, char *buf);
/* An address as text (family 4 or 6) into buf (at least 64 bytes). */
void report_format_address(int family, const uint8_t *addr, char *buf);
/* TK_ERR_IO when writing to out failed. */
int report_check_stream(FILE *out, struct tk_error *err);

#endif
