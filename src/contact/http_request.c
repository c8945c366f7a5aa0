/* http_request.c - HTTP/1.x request heads and chunked bodies (see
 * include/takedown/http_request.h). Written by hand because it is the HTTP sinkhole's hot
 * path: one pass over bytes already in the connection's buffer, no copy, no allocation, and
 * only the fields the sinkhole needs; Debian's maintained parsers (llhttp is not packaged,
 * http-parser is unmaintained) would add callbacks and state for what we throw away. */
#include "takedown/http_request.h"

#include <string.h>
#include <strings.h>

#include "takedown/hex.h"

#define LENGTH_MAX ((uint64_t)1 << 62)
#define CHUNK_LINE_MAX 4096

/* RFC 9110 5.6.2: tchar. */
static int is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 1;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int text_equals(struct tk_http_text t, const char *word)
{
    size_t n = strlen(word);
    return t.len == n && strncasecmp(t.ptr, word, n) == 0;
}

/* Finds the end of the line that starts at at: returns the index of its '\n' and sets
 * *content to its length without CR LF; -1 when the line is not complete yet. */
static long line_end(const char *buf, size_t len, size_t at, size_t *content)
{
    const char *nl = memchr(buf + at, '\n', len - at);
    if (nl == NULL)
        return -1;
    size_t end = (size_t)(nl - buf);
    *content = end - at;
    if (*content && buf[end - 1] == '\r')
        (*content)--;
    return (long)end;
}

static int parse_version(const char *p, size_t n, int *minor)
{
    if (n != 8 || memcmp(p, "HTTP/", 5) != 0 || p[6] != '.' || p[5] < '0' || p[5] > '9'
        || p[7] < '0' || p[7] > '9')
        return TK_HTTP_BAD;
    if (p[5] != '1')
        return TK_HTTP_BAD_VERSION;
    *minor = p[7] - '0';
    return TK_HTTP_COMPLETE;
}

static int parse_request_line(const char *line, size_t n, struct tk_http_request *req)
{
    size_t i = 0;
    while (i < n && is_tchar((unsigned char)line[i]))
        i++;
    if (i == 0 || i >= n || line[i] != ' ')
        return TK_HTTP_BAD;
    req->method = (struct tk_http_text){line, i};
    size_t start = ++i;
    while (i < n && (unsigned char)line[i] > ' ' && line[i] != 0x7F)
        i++;
    if (i == start || i >= n || line[i] != ' ')
        return TK_HTTP_BAD;
    req->target = (struct tk_http_text){line + start, i - start};
    i++;
    return parse_version(line + i, n - i, &req->version_minor);
}

/* "name", "name:port", "[v6]:port": the host without the port. */
static struct tk_http_text host_of(const char *p, size_t n)
{
    if (n && p[0] == '[') {
        const char *close = memchr(p, ']', n);
        return (struct tk_http_text){p, close ? (size_t)(close - p) + 1 : n};
    }
    const char *colon = memchr(p, ':', n);
    return (struct tk_http_text){p, colon ? (size_t)(colon - p) : n};
}

static int parse_length(struct tk_http_text v, uint64_t *out)
{
    uint64_t n = 0;
    if (v.len == 0)
        return -1;
    for (size_t i = 0; i < v.len; i++) {
        if (v.ptr[i] < '0' || v.ptr[i] > '9')
            return -1;
        n = n * 10 + (uint64_t)(v.ptr[i] - '0');
        if (n > LENGTH_MAX)
            return -1;
    }
    *out = n;
    return 0;
}

/* Calls fn for each comma-separated, trimmed element of a list value. */
static int each_token(struct tk_http_text v, int (*fn)(struct tk_http_text token, void *ctx),
                      void *ctx)
{
    size_t i = 0;
    while (i <= v.len) {
        size_t start = i;
        while (i < v.len && v.ptr[i] != ',')
            i++;
        size_t end = i;
        while (start < end && (v.ptr[start] == ' ' || v.ptr[start] == '\t'))
            start++;
        while (end > start && (v.ptr[end - 1] == ' ' || v.ptr[end - 1] == '\t'))
            end--;
        if (end > start) {
            int rc = fn((struct tk_http_text){v.ptr + start, end - start}, ctx);
            if (rc)
                return rc;
        }
        i++;
    }
    return 0;
}

static int connection_token(struct tk_http_text token, void *ctx)
{
    struct tk_http_request *req = ctx;
    if (text_equals(token, "close"))
        req->keep_alive = 0;
    else if (text_equals(token, "keep-alive") && req->version_minor == 0)
        req->keep_alive = 1;
    return 0;
}

struct codings {
    int count, last_chunked, chunked_seen;
};

static int coding_token(struct tk_http_text token, void *ctx)
{
    struct codings *c = ctx;
    c->count++;
    c->last_chunked = text_equals(token, "chunked");
    c->chunked_seen += c->last_chunked;
    return 0;
}

struct header_state {
    int has_host, has_te;
    struct codings codings;
};

static int take_field(struct tk_http_text name, struct tk_http_text value,
                      struct tk_http_request *req, struct header_state *h)
{
    if (text_equals(name, "host")) {
        if (h->has_host)
            return TK_HTTP_BAD;
        h->has_host = 1;
        if (req->host.len == 0) /* an absolute-form target's authority takes precedence */
            req->host = host_of(value.ptr, value.len);
    } else if (text_equals(name, "user-agent")) {
        req->user_agent = value;
    } else if (text_equals(name, "content-length")) {
        uint64_t n;
        if (parse_length(value, &n) != 0 || (req->has_length && n != req->content_length))
            return TK_HTTP_BAD;
        req->has_length = 1;
        req->content_length = n;
    } else if (text_equals(name, "transfer-encoding")) {
        h->has_te = 1;
        each_token(value, coding_token, &h->codings);
    } else if (text_equals(name, "connection")) {
        each_token(value, connection_token, req);
    } else if (text_equals(name, "expect")) {
        req->expect_continue = text_equals(value, "100-continue");
    }
    return TK_HTTP_COMPLETE;
}

static int parse_field(const char *line, size_t n, struct tk_http_request *req,
                       struct header_state *h)
{
    size_t i = 0;
    while (i < n && is_tchar((unsigned char)line[i]))
        i++;
    if (i == 0 || i >= n || line[i] != ':')
        return TK_HTTP_BAD; /* also obs-fold and whitespace before the colon */
    struct tk_http_text name = {line, i};
    size_t start = i + 1, end = n;
    while (start < end && (line[start] == ' ' || line[start] == '\t'))
        start++;
    while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
        end--;
    for (size_t j = start; j < end; j++) {
        unsigned char c = (unsigned char)line[j];
        if ((c < ' ' && c != '\t') || c == 0x7F)
            return TK_HTTP_BAD;
    }
    return take_field(name, (struct tk_http_text){line + start, end - start}, req, h);
}

/* "http://host:port/path": the authority of an absolute-form target. */
static void absolute_host(struct tk_http_request *req)
{
    const char *p = req->target.ptr;
    size_t n = req->target.len, skip;
    if (n > 7 && strncasecmp(p, "http://", 7) == 0)
        skip = 7;
    else if (n > 8 && strncasecmp(p, "https://", 8) == 0)
        skip = 8;
    else
        return;
    size_t end = skip;
    while (end < n && p[end] != '/' && p[end] != '?' && p[end] != '#')
        end++;
    const char *at = memchr(p + skip, '@', end - skip);
    if (at)
        skip = (size_t)(at - p) + 1;
    req->host = host_of(p + skip, end - skip);
}

enum tk_http_parse tk_http_parse_request(const char *buf, size_t len, struct tk_http_request *req)
{
    struct header_state h;
    size_t at = 0, n;
    long end;
    int rc;

    memset(req, 0, sizeof *req);
    memset(&h, 0, sizeof h);
    /* RFC 9112 2.2: empty lines before the request line are ignored. */
    while (at < len && (buf[at] == '\r' || buf[at] == '\n')) {
        if (buf[at] == '\r' && (at + 1 >= len || buf[at + 1] != '\n'))
            return at + 1 >= len ? TK_HTTP_INCOMPLETE : TK_HTTP_BAD;
        at += buf[at] == '\r' ? 2 : 1;
    }
    if ((end = line_end(buf, len, at, &n)) < 0)
        return TK_HTTP_INCOMPLETE;
    if ((rc = parse_request_line(buf + at, n, req)) != TK_HTTP_COMPLETE)
        return (enum tk_http_parse)rc;
    req->keep_alive = req->version_minor >= 1;
    absolute_host(req);
    at = (size_t)end + 1;
    for (;;) {
        if ((end = line_end(buf, len, at, &n)) < 0)
            return TK_HTTP_INCOMPLETE;
        if (n == 0)
            break;
        if ((rc = parse_field(buf + at, n, req, &h)) != TK_HTTP_COMPLETE)
            return (enum tk_http_parse)rc;
        at = (size_t)end + 1;
    }
    req->head_len = (size_t)end + 1;
    if (req->version_minor >= 1 && !h.has_host)
        return TK_HTTP_BAD; /* RFC 9112 3.2 */
    if (h.has_te) {
        if (req->has_length || req->version_minor == 0 || !h.codings.last_chunked)
            return TK_HTTP_BAD; /* RFC 9112 6.1: the length cannot be determined safely */
        if (h.codings.count > 1)
            return TK_HTTP_NOT_IMPLEMENTED; /* e.g. "gzip, chunked" */
        req->chunked = 1;
    }
    return TK_HTTP_COMPLETE;
}

enum { CH_SIZE = 0, CH_EXT, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF, CH_TRAILER,
       CH_TRAILER_LF, CH_DONE };

void tk_http_chunked_init(struct tk_http_chunked *c)
{
    memset(c, 0, sizeof *c);
}

/* After a chunk-size line: data, or the trailer section after the last chunk. */
static void size_line_done(struct tk_http_chunked *c)
{
    c->state = c->remaining ? CH_DATA : CH_TRAILER;
    c->line_len = 0;
}

enum tk_http_chunked_result tk_http_chunked_feed(struct tk_http_chunked *c, const uint8_t *in,
                                                 size_t len, size_t *used,
                                                 void (*on_data)(void *ctx, const uint8_t *data,
                                                                 size_t n),
                                                 void *ctx)
{
    size_t i = 0;
    while (i < len && c->state != CH_DONE) {
        uint8_t b = in[i];
        switch (c->state) {
        case CH_SIZE: {
            int v = tk_hex_digit(b);
            if (v >= 0) {
                if (++c->digits > 15)
                    return TK_CHUNKED_BAD;
                c->remaining = c->remaining << 4 | (uint64_t)v;
            } else if (c->digits == 0) {
                return TK_CHUNKED_BAD;
            } else if (b == ';' || b == ' ' || b == '\t') {
                c->state = CH_EXT;
            } else if (b == '\r') {
                c->state = CH_SIZE_LF;
            } else if (b == '\n') {
                size_line_done(c);
            } else {
                return TK_CHUNKED_BAD;
            }
            i++;
            break;
        }
        case CH_EXT: /* chunk extensions are ignored, within a bounded line */
            if (++c->line_len > CHUNK_LINE_MAX)
                return TK_CHUNKED_BAD;
            if (b == '\r')
                c->state = CH_SIZE_LF;
            else if (b == '\n')
                size_line_done(c);
            i++;
            break;
        case CH_SIZE_LF:
            if (b != '\n')
                return TK_CHUNKED_BAD;
            size_line_done(c);
            i++;
            break;
        case CH_DATA: {
            size_t n = len - i;
            if (n > c->remaining)
                n = (size_t)c->remaining;
            on_data(ctx, in + i, n);
            c->remaining -= n;
            i += n;
            if (c->remaining == 0)
                c->state = CH_DATA_CR;
            break;
        }
        case CH_DATA_CR:
            if (b == '\r') {
                c->state = CH_DATA_LF;
            } else if (b == '\n') {
                c->state = CH_SIZE;
                c->digits = 0;
            } else {
                return TK_CHUNKED_BAD;
            }
            i++;
            break;
        case CH_DATA_LF:
            if (b != '\n')
                return TK_CHUNKED_BAD;
            c->state = CH_SIZE;
            c->digits = 0;
            i++;
            break;
        case CH_TRAILER: /* trailer fields until an empty line; their content is ignored */
            if (b == '\r') {
                c->state = CH_TRAILER_LF;
            } else if (b == '\n') {
                if (c->line_len == 0)
                    c->state = CH_DONE;
                c->line_len = 0;
            } else if (++c->line_len > CHUNK_LINE_MAX) {
                return TK_CHUNKED_BAD;
            }
            i++;
            break;
        case CH_TRAILER_LF:
            if (b != '\n')
                return TK_CHUNKED_BAD;
            c->state = c->line_len == 0 ? CH_DONE : CH_TRAILER;
            c->line_len = 0;
            i++;
            break;
        }
    }
    *used = i;
    return c->state == CH_DONE ? TK_CHUNKED_DONE : TK_CHUNKED_MORE;
}
