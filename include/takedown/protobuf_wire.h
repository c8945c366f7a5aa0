/* protobuf_wire.h - decoding protobuf wire format fields in place: the reader layer's way
 * to read protobuf (src/read), under the dnstap decoder (dnstap_wire.h).
 *
 * Why by hand: protobuf-c's unpack allocates a tree for every message, and a dnstap file
 * holds tens of millions of them. Measured (bench/bench_formats.c, 1 million dnstap
 * frames, two runs): `report`'s reader, fields by hand and the DNS question read, 6.7 to
 * 7.5 M frames/s; protobuf-c's unpack and free alone, 3.5 to 4.2 M/s (1.6x to 2.1x). The decoder checks every length
 * against the end of the buffer and is fuzzed with the readers. */
#ifndef TAKEDOWN_PROTOBUF_WIRE_H
#define TAKEDOWN_PROTOBUF_WIRE_H

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
