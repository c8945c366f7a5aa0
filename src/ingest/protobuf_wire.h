/* protobuf_wire.h - decoding protobuf wire format fields in place. Private to src/ingest.
 *
 * Why by hand: protobuf-c's unpack allocates a tree for every message, and a dnstap file
 * holds tens of millions of them; the dnstap reader needs eight fields, which it takes
 * straight from the frame without allocating. The decoder checks every length against
 * the end of the buffer and is fuzzed with the reader. */
#ifndef TAKEDOWN_INGEST_PROTOBUF_WIRE_H
#define TAKEDOWN_INGEST_PROTOBUF_WIRE_H

#include <stddef.h>
#include <stdint.h>

enum pb_wire_type { PB_VARINT = 0, PB_FIXED64 = 1, PB_BYTES = 2, PB_FIXED32 = 5 };

struct pb_field {
    uint32_t number;
    enum pb_wire_type type;
    uint64_t value;       /* PB_VARINT, PB_FIXED64, PB_FIXED32 */
    const uint8_t *data;  /* PB_BYTES */
    size_t len;
};

/* The next field of the message in [*p, end): 1 with a field (and *p moved past it), 0 at
 * the end, -1 when the bytes are not a well-formed message. Groups are refused. */
int pb_next_field(const uint8_t **p, const uint8_t *end, struct pb_field *field);

#endif
