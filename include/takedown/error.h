/* error.h - status codes and the error message carried out of every libtakedown call.
 *
 * The library never prints and never exits: a failing call returns a status and fills a
 * struct tk_error with one line a person can act on ("file:line: expected ..."). The CLI
 * maps TK_ERR_USAGE to exit status 2 and every other error to 1. */
#ifndef TAKEDOWN_ERROR_H
#define TAKEDOWN_ERROR_H

#include <stddef.h>

enum tk_status {
    TK_OK = 0,
    TK_ERR_USAGE,  /* the caller asked for something invalid: unknown name, bad value */
    TK_ERR_DATA,   /* an input file is malformed */
    TK_ERR_IO,     /* the operating system refused: open, write, rename */
    TK_ERR_NOMEM,  /* out of memory */
    TK_ERR_STOP    /* not an error: a consumer asked the producer to stop early */
};

struct tk_error {
    enum tk_status status;
    char message[512];
};

/* Fills err (when not NULL) and returns status, so callers can write
 * `return tk_error_set(err, TK_ERR_USAGE, "unknown family '%s'", name);`. */
int tk_error_set(struct tk_error *err, enum tk_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with "context: ". */
void tk_error_prefix(struct tk_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
