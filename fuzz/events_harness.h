/* events_harness.h - what the four events-reader fuzz targets (fuzz_events_*.c) share: an
 * events file of one format, read to its end through tk_event_reader. */
#ifndef TAKEDOWN_FUZZ_EVENTS_HARNESS_H
#define TAKEDOWN_FUZZ_EVENTS_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/event_reader.h"

/* Reads data as an events file in format to its end. Traps when a contact holds an address
 * family other than 4 or 6; touches every byte of every text the reader hands out, so the
 * sanitizers see a read out of bounds. Returns 0 (libFuzzer's "keep going"). */
int fuzz_events_read(const uint8_t *data, size_t size, enum tk_event_format format);

#endif
