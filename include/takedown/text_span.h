/* text_span.h - a piece of text inside a reader's buffers, the unit the reader layer
 * (src/read) hands out: not NUL-terminated, valid until the next read. */
#ifndef TAKEDOWN_TEXT_SPAN_H
#define TAKEDOWN_TEXT_SPAN_H

#include <stddef.h>

struct tk_text {
    const char *ptr;
    size_t len;
};

#endif
