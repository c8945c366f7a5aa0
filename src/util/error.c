/* error.c - filling struct tk_error (see include/takedown/error.h). */
#include "takedown/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int tk_error_set(struct tk_error *err, enum tk_status status, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return (int)status;
}

void tk_error_prefix(struct tk_error *err, const char *fmt, ...)
{
    char prefix[256];
    size_t prefix_len, old_len, room;
    va_list ap;

    if (err == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix - 2, fmt, ap);
    va_end(ap);
    strcat(prefix, ": ");
    prefix_len = strlen(prefix);
    old_len = strlen(err->message);
    room = sizeof err->message - 1 - prefix_len;
    if (old_len > room)
        old_len = room;
    memmove(err->message + prefix_len, err->message, old_len);
    memcpy(err->message, prefix, prefix_len);
    err->message[prefix_len + old_len] = '\0';
}
