/* event_binary.h - the event record as one protobuf message (takedown.Event, schema in
 * src/events/takedown_event.proto): the payload of one data frame of the binary event log,
 * a Frame Streams file with content type TK_EVENT_BINARY_CONTENT_TYPE (docs/EVENTS.md). */
#ifndef TAKEDOWN_EVENT_BINARY_H
#define TAKEDOWN_EVENT_BINARY_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/error.h"
#include "takedown/event.h"

#define TK_EVENT_BINARY_CONTENT_TYPE "protobuf:takedown.Event"
#define TK_EVENT_BINARY_MAX 4096 /* the longest encoded event */

/* Encodes ev (sensor may be NULL). Returns the length, or 0 when buf is too small. Does not
 * allocate. */
size_t tk_event_encode_binary(const struct tk_event *ev, const char *sensor, uint8_t *buf,
                              size_t size);

/* Decodes one message into ev and sensor ("" when absent). TK_ERR_DATA with a reason when
 * it is not a valid takedown.Event. */
int tk_event_decode_binary(const uint8_t *data, size_t len, struct tk_event *ev, char sensor[64],
                           struct tk_error *err);

#endif
