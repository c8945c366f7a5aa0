/* contact_http.c - the HTTP check-in sinkhole: every request, whatever its method and path,
 * gets the same harmless response; keep-alive and pipelining per RFC 9112; each request is
 * recorded with its method, Host, path, User-Agent, body size and a hash of the body's first
 * bytes. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sinkhole/server_internal.h"

static const char ok_body[] = "OK\n";

static unsigned status_bucket(unsigned status)
{
    switch (status) {
    case 200: return HTTP_200;
    case 400: return HTTP_400;
    case 408: return HTTP_408;
    case 413: return HTTP_413;
    case 431: return HTTP_431;
    case 501: return HTTP_501;
    case 505: return HTTP_505;
    default: return HTTP_NONE;
    }
}

static const char *reason(unsigned status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    default: return "HTTP Version Not Supported";
    }
}

static const char ok_head[] = "HTTP/1.1 200 OK\r\nDate: %s\r\nServer: sinkhole\r\n"
                              "Content-Type: text/plain\r\nContent-Length: 3\r\n\r\nOK\n";

/* The Date header's value (RFC 9110 5.6.7) and the usual response that carries it, both
 * rewritten once a second. */
static const char *http_date(struct worker *w)
{
    time_t now = time(NULL);
    if (now != w->date_sec) {
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(w->http_date, sizeof w->http_date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        int n = snprintf(w->http_ok, sizeof w->http_ok, ok_head, w->http_date);
        w->http_ok_len = n > 0 && (size_t)n < sizeof w->http_ok ? (size_t)n : 0;
        w->date_sec = now;
    }
    return w->http_date;
}

/* Writes the response for status into the output. */
static void respond(struct worker *w, struct contact_conn *c, unsigned status)
{
    char head[CONTACT_REPLY_MAX];
    int keep = status == 200 && c->http.keep_alive;
    size_t body = status == 200 ? sizeof ok_body - 1 : 0;
    if (keep && !c->http.head && c->ev.http.version_minor == 1) {
        http_date(w);
        contact_reply(c, w->http_ok, w->http_ok_len); /* the check-in's path: no formatting */
        return;
    }
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %u %s\r\nDate: %s\r\nServer: sinkhole\r\n"
                     "Content-Type: text/plain\r\nContent-Length: %zu\r\n%s\r\n",
                     status, reason(status), http_date(w), body,
                     !keep ? "Connection: close\r\n"
                     : c->ev.http.version_minor == 0 ? "Connection: keep-alive\r\n" : "");
    contact_reply(c, head, (size_t)n);
    if (body && !c->http.head)
        contact_reply(c, ok_body, body);
    if (!keep)
        c->closing = 1;
}

/* A fresh record for the next request on the connection. */
static void begin_request(struct contact_conn *c)
{
    c->phase = PHASE_HTTP_HEAD;
    c->stream_bytes = 0;
    c->staged = 0;
    contact_event_begin(c);
    c->ev.http.method[0] = c->ev.http.path[0] = c->ev.http.user_agent[0] = '\0';
    c->ev.http.version_minor = 1;
    c->ev.http.status = 0;
    c->ev.http.close = TK_CLOSE_EOF;
    c->ev.http.kept = 0;
}

/* Records the request as answered with status (0: no response) and logs it. */
static void finish(struct worker *w, struct contact_conn *c, unsigned status)
{
    struct tk_event_http *h = &c->ev.http;
    h->status = (uint16_t)status;
    contact_fingerprint(w, c, &h->body);
    uint16_t keep = w->server->config.limits.http_keep_body;
    h->kept = keep < c->staged ? keep : c->staged;
    memcpy(h->body_start, c->staged_bytes, h->kept);
    contact_bump(&w->contact.http_requests[status_bucket(status)]);
    atomic_fetch_add_explicit(&w->contact.http_body_bytes, c->stream_bytes, memory_order_relaxed);
    contact_log(w, c);
    begin_request(c);
}

void http_start(struct worker *w, struct contact_conn *c)
{
    (void)w;
    c->http.keep_alive = 0;
    c->http.head = 0;
    begin_request(c);
}

/* The host, lower case, without a trailing dot. */
static void set_name(struct tk_event *ev, struct tk_http_text host)
{
    size_t len = host.len;
    if (len && host.ptr[len - 1] == '.')
        len--;
    contact_copy(ev->name, sizeof ev->name, host.ptr, len, 1);
    ev->name_len = (uint8_t)strlen(ev->name);
}

/* Fills the event from a parsed head; returns the status to answer at once (0: read the
 * body first). */
static unsigned take_head(struct worker *w, const struct tk_names *names, struct contact_conn *c,
                          const struct tk_http_request *req, enum tk_http_parse r)
{
    struct tk_event_http *h = &c->ev.http;
    contact_copy(h->method, sizeof h->method, req->method.ptr, req->method.len, 0);
    contact_copy(h->path, sizeof h->path, req->target.ptr, req->target.len, 0);
    contact_copy(h->user_agent, sizeof h->user_agent, req->user_agent.ptr, req->user_agent.len, 0);
    h->version_minor = (uint8_t)req->version_minor;
    set_name(&c->ev, req->host);
    contact_event_tag(names, &c->ev);
    if (r == TK_HTTP_BAD)
        return 400;
    if (r == TK_HTTP_NOT_IMPLEMENTED)
        return 501;
    if (r == TK_HTTP_BAD_VERSION)
        return 505;
    c->http.keep_alive = req->keep_alive;
    c->http.head = req->method.len == 4 && memcmp(req->method.ptr, "HEAD", 4) == 0;
    c->http.chunked = req->chunked;
    c->http.body_left = req->has_length ? req->content_length : 0;
    if (req->has_length && req->content_length > w->server->config.limits.http_body_max)
        return 413;
    if (req->chunked)
        tk_http_chunked_init(&c->http.chunks);
    if (req->expect_continue && (req->chunked || c->http.body_left))
        contact_reply(c, "HTTP/1.1 100 Continue\r\n\r\n", 25);
    return 0;
}

struct chunk_sink {
    struct worker *w;
    struct contact_conn *c;
};

static void on_chunk_data(void *ctx, const uint8_t *data, size_t n)
{
    struct chunk_sink *sink = ctx;
    contact_stage(sink->w, sink->c, data, n);
}

/* Reads body bytes from the input; returns 1 when the body is complete, 0 when more is
 * needed, or an error status. */
static int read_body(struct worker *w, struct contact_conn *c, size_t *used)
{
    if (c->http.chunked) {
        struct chunk_sink sink = {w, c};
        enum tk_http_chunked_result r =
            tk_http_chunked_feed(&c->http.chunks, c->in, c->in_len, used, on_chunk_data, &sink);
        if (r == TK_CHUNKED_BAD)
            return 400;
        if (c->stream_bytes > w->server->config.limits.http_body_max)
            return 413;
        return r == TK_CHUNKED_DONE;
    }
    size_t n = c->in_len < c->http.body_left ? c->in_len : (size_t)c->http.body_left;
    contact_stage(w, c, c->in, n);
    c->http.body_left -= n;
    *used = n;
    return c->http.body_left == 0;
}

static void consume(struct contact_conn *c, size_t n)
{
    if (n == 0)
        return;
    memmove(c->in, c->in + n, c->in_len - n);
    c->in_len -= n;
}

/* A head cut off (by a timeout, the client, the stop or the size limit): what its complete
 * lines hold, so that the record carries the request line, User-Agent and Host that did
 * arrive, tagged from the name table the worker holds (worker.c holds one around every
 * call into the connections). */
static void take_partial_head(struct worker *w, struct contact_conn *c)
{
    struct tk_http_request req;
    if (tk_http_parse_request((const char *)c->in, c->in_len, &req) != TK_HTTP_INCOMPLETE)
        return;
    struct tk_event_http *h = &c->ev.http;
    contact_copy(h->method, sizeof h->method, req.method.ptr, req.method.len, 0);
    contact_copy(h->path, sizeof h->path, req.target.ptr, req.target.len, 0);
    contact_copy(h->user_agent, sizeof h->user_agent, req.user_agent.ptr, req.user_agent.len, 0);
    if (req.method.len)
        h->version_minor = (uint8_t)req.version_minor;
    set_name(&c->ev, req.host);
    const struct tk_names *names = atomic_load(&w->hazard);
    if (names)
        contact_event_tag(names, &c->ev);
}

int http_process(struct worker *w, const struct tk_names *names, struct contact_conn *c)
{
    while (!c->closing && contact_room(c)) {
        if (c->phase == PHASE_HTTP_HEAD) {
            struct tk_http_request req;
            if (c->in_len == 0)
                return 0;
            enum tk_http_parse r = tk_http_parse_request((const char *)c->in, c->in_len, &req);
            if (r == TK_HTTP_INCOMPLETE) {
                if (c->in_len < w->server->config.limits.http_header_max)
                    return 0;
                take_partial_head(w, c);
                respond(w, c, 431);
                finish(w, c, 431);
                return 0;
            }
            unsigned status = take_head(w, names, c, &req, r);
            if (status == 0 && req.head_len > w->server->config.limits.http_header_max)
                status = 431; /* a head over the limit that arrived in one read */
            if (status) {
                respond(w, c, status);
                finish(w, c, status);
                return 0;
            }
            consume(c, req.head_len);
            c->phase = PHASE_HTTP_BODY;
        }
        size_t used = 0;
        int done = read_body(w, c, &used);
        consume(c, used);
        if (done == 0)
            return 0;
        unsigned status = done == 1 ? 200 : (unsigned)done;
        respond(w, c, status);
        finish(w, c, status);
    }
    return 0;
}

void http_end(struct worker *w, struct contact_conn *c, enum contact_end why)
{
    static const uint8_t close_of[] = {
        [END_EOF] = TK_CLOSE_EOF, [END_IDLE] = TK_CLOSE_IDLE, [END_TOTAL] = TK_CLOSE_TOTAL,
        [END_ERROR] = TK_CLOSE_ERROR, [END_STOP] = TK_CLOSE_STOP, [END_DONE] = TK_CLOSE_EOF};
    int midway = c->phase == PHASE_HTTP_BODY || (c->phase == PHASE_HTTP_HEAD && c->in_len);
    if (!midway || why == END_DONE)
        return;
    if (c->phase == PHASE_HTTP_HEAD)
        take_partial_head(w, c);
    c->ev.http.close = close_of[why];
    unsigned status = 0;
    if (why == END_IDLE || why == END_TOTAL) {
        static const char timeout[] = "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n"
                                      "Connection: close\r\n\r\n";
        contact_send_now(c, timeout, sizeof timeout - 1);
        status = 408;
    }
    finish(w, c, status);
}
