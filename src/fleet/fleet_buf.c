/* fleet_buf.c - the growing byte buffer the fleet code builds rows, statements and answers in. */
#include "takedown/fleet.h"

#include <stdlib.h>
#include <string.h>

int tk_fleet_buf_reserve(struct tk_fleet_buf *b, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len + 1)
            cap *= 2;
        uint8_t *grown = realloc(b->data, cap);
        if (grown == NULL)
            return TK_ERR_NOMEM;
        b->data = grown;
        b->cap = cap;
    }
    return TK_OK;
}

int tk_fleet_buf_put(struct tk_fleet_buf *b, const void *data, size_t len)
{
    if (tk_fleet_buf_reserve(b, len))
        return TK_ERR_NOMEM;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = 0; /* always a C string too, for answers */
    return TK_OK;
}

void tk_fleet_buf_free(struct tk_fleet_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
