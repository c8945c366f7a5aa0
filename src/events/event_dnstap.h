/* event_dnstap.h - one event as a dnstap protobuf message (the payload of one Frame
 * Streams data frame, content type "protobuf:dnstap.Dnstap"). */
#ifndef TAKEDOWN_EVENTS_EVENT_DNSTAP_H
#define TAKEDOWN_EVENTS_EVENT_DNSTAP_H

#include <stddef.h>
#include <stdint.h>

#include "takedown/event.h"

#define TK_DNSTAP_CONTENT_TYPE "protobuf:dnstap.Dnstap"

/* Encodes a DNS event: AUTH_RESPONSE with the response message, or AUTH_QUERY with the
 * query when no response was sent. The tag, when known, goes in the "extra" field as
 * "family=F;variant=V;seed=S;first=D;last=D". Returns the length, or 0 when the event is
 * not a DNS event or buf is too small (1024 bytes is always enough). */
size_t tk_event_encode_dnstap(const struct tk_event *ev, const char *identity, uint8_t *buf,
                              size_t size);

#endif
