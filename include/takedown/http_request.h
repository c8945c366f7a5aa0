/* http_request.h - reading HTTP/1.x requests as a sinkhole receives them (RFC 9112): the
 * request head (request line and header fields) and a chunked body.
 *
 * The head parser works on the bytes received so far and says whether they hold a complete
 * head; the fields it returns point into those bytes (nothing is copied or allocated). It
 * keeps only what the sinkhole records and what framing needs: method, target, version,
 * Host, User-Agent, Content-Length, Transfer-Encoding, Connection and Expect. */
#ifndef TAKEDOWN_HTTP_REQUEST_H
#define TAKEDOWN_HTTP_REQUEST_H

#include <stddef.h>
#include <stdint.h>

enum tk_http_parse {
    TK_HTTP_INCOMPLETE = 0, /* a valid beginning: read more */
    TK_HTTP_COMPLETE,       /* a complete head of head_len bytes */
    TK_HTTP_BAD,            /* malformed: answer 400 and close */
    TK_HTTP_NOT_IMPLEMENTED,/* a transfer coding other than chunked: 501 and close */
    TK_HTTP_BAD_VERSION     /* not HTTP/1.0 or 1.1: 505 and close */
};

struct tk_http_text {
    const char *ptr;
    size_t len;
};

struct tk_http_request {
    struct tk_http_text method, target, host, user_agent;
    int version_minor;         /* HTTP/1.x */
    int has_length;            /* a Content-Length was given */
    uint64_t content_length;
    int chunked;               /* Transfer-Encoding: chunked */
    int keep_alive;            /* the connection stays open after the response */
    int expect_continue;       /* Expect: 100-continue */
    size_t head_len;           /* bytes of the head, up to and including the empty line */
};

/* Parses the head at the start of buf. A Host of the form "name:port" or "[v6]:port" is
 * returned without the port; with an absolute-form target the target's authority is the
 * host. An HTTP/1.1 request without Host is TK_HTTP_BAD, as are a Content-Length that is
 * not a number, two different ones, or one beside Transfer-Encoding. With
 * TK_HTTP_INCOMPLETE, the fields of the lines complete so far are filled (the rest are
 * empty): what a request cut off had sent. */
enum tk_http_parse tk_http_parse_request(const char *buf, size_t len, struct tk_http_request *req);

/* A chunked body, decoded incrementally. */
struct tk_http_chunked {
    int state;
    uint64_t remaining;        /* data bytes left in the current chunk */
    size_t line_len;           /* bytes of the current size or trailer line so far */
    int digits;
};

enum tk_http_chunked_result {
    TK_CHUNKED_MORE = 0,       /* every byte given was used: give more */
    TK_CHUNKED_DONE,           /* the body ended (last chunk and trailers) */
    TK_CHUNKED_BAD             /* malformed: 400 and close */
};

void tk_http_chunked_init(struct tk_http_chunked *c);

/* Decodes from in[0..len): body data found is reported through on_data (pointers into in).
 * *used tells how many bytes of in belonged to the body (all of them unless DONE). */
enum tk_http_chunked_result tk_http_chunked_feed(struct tk_http_chunked *c, const uint8_t *in,
                                                 size_t len, size_t *used,
                                                 void (*on_data)(void *ctx, const uint8_t *data,
                                                                 size_t n),
                                                 void *ctx);

#endif
