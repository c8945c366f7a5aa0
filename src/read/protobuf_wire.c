/* protobuf_wire.c - protobuf wire format fields (see include/takedown/protobuf_wire.h). */
#include "takedown/protobuf_wire.h"

static int read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*p >= end)
            return -1;
        uint8_t b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

static uint64_t read_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int pb_next_field(const uint8_t **p, const uint8_t *end, struct pb_field *field)
{
    uint64_t key, len;

    if (*p >= end)
        return 0;
    if (read_varint(p, end, &key) || key >> 3 == 0 || key >> 3 > 0x1fffffff)
        return -1;
    field->number = (uint32_t)(key >> 3);
    field->type = (enum pb_wire_type)(key & 7);
    switch (key & 7) {
    case PB_VARINT:
        return read_varint(p, end, &field->value) ? -1 : 1;
    case PB_FIXED64:
        if (end - *p < 8)
            return -1;
        field->value = read_le(*p, 8);
        *p += 8;
        return 1;
    case PB_FIXED32:
        if (end - *p < 4)
            return -1;
        field->value = read_le(*p, 4);
        *p += 4;
        return 1;
    case PB_BYTES:
        if (read_varint(p, end, &len) || len > (uint64_t)(end - *p))
            return -1;
        field->data = *p;
        field->len = (size_t)len;
        *p += len;
        return 1;
    default:
        return -1;
    }
}
