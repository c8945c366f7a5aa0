/* test_contact.c - the contact listeners' parsers: PROXY protocol v1 and v2 headers, HTTP
 * request heads and chunked bodies, SMTP command lines and DATA content. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "takedown/http_request.h"
#include "takedown/proxy_header.h"
#include "takedown/smtp_command.h"

static void proxy_v1(void **state)
{
    static const char line[] = "PROXY TCP4 198.51.100.7 127.0.0.1 40000 25\r\nEHLO x\r\n";
    struct tk_proxy_header h;
    uint8_t want[4];
    (void)state;
    assert_int_equal(tk_proxy_parse((const uint8_t *)line, sizeof line - 1, &h), TK_PROXY_DONE);
    assert_int_equal(h.version, 1);
    assert_int_equal(h.header_len, 44);
    assert_true(h.has_addresses);
    inet_pton(AF_INET, "198.51.100.7", want);
    assert_memory_equal(h.source.addr, want, 4);
    assert_int_equal(h.source.port, 40000);
    assert_int_equal(h.destination.port, 25);
    /* Every proper prefix asks for more; nothing is read past the header. */
    for (size_t n = 0; n < 44; n++)
        assert_int_equal(tk_proxy_parse((const uint8_t *)line, n, &h), TK_PROXY_NEED_MORE);
    static const char v6[] = "PROXY TCP6 2001:db8::7 ::1 1 80\r\n";
    assert_int_equal(tk_proxy_parse((const uint8_t *)v6, sizeof v6 - 1, &h), TK_PROXY_DONE);
    assert_int_equal(h.source.family, AF_INET6);
    static const char unknown[] = "PROXY UNKNOWN whatever follows\r\n";
    assert_int_equal(tk_proxy_parse((const uint8_t *)unknown, sizeof unknown - 1, &h),
                     TK_PROXY_DONE);
    assert_false(h.has_addresses);
}

static void proxy_v1_invalid(void **state)
{
    static const char *const bad[] = {
        "PROXY TCP4 198.51.100.7 127.0.0.1 40000 25\n",      /* LF only */
        "PROXY TCP4 198.51.100.7 127.0.0.1 40000 65536\r\n", /* port out of range */
        "PROXY TCP4 198.51.100.7 127.0.0.1 040000 25\r\n",   /* leading zero */
        "PROXY TCP4 2001:db8::7 127.0.0.1 1 2\r\n",          /* family mismatch */
        "PROXY TCP4  198.51.100.7 127.0.0.1 1 2\r\n",        /* two spaces */
        "PROXY UDP4 198.51.100.7 127.0.0.1 1 2\r\n",
        "GET / HTTP/1.1\r\n",                                /* no header at all */
    };
    struct tk_proxy_header h;
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(tk_proxy_parse((const uint8_t *)bad[i], strlen(bad[i]), &h),
                         TK_PROXY_INVALID);
    char longline[200];
    memset(longline, 'x', sizeof longline);
    memcpy(longline, "PROXY ", 6);
    assert_int_equal(tk_proxy_parse((const uint8_t *)longline, sizeof longline, &h),
                     TK_PROXY_INVALID);
}

static void proxy_v2(void **state)
{
    static const uint8_t v4[] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49,
                                 0x54, 0x0A, 0x21, 0x11, 0x00, 0x0F, 198, 51, 100, 7, 127, 0,
                                 0, 1, 0x9C, 0x40, 0x00, 0x50,
                                 0x04, 0x00, 0x00, /* a NOOP TLV, skipped */
                                 'G', 'E', 'T'};
    struct tk_proxy_header h;
    (void)state;
    assert_int_equal(tk_proxy_parse(v4, sizeof v4, &h), TK_PROXY_DONE);
    assert_int_equal(h.version, 2);
    assert_int_equal(h.header_len, 31);
    assert_int_equal(h.source.addr[0], 198);
    assert_int_equal(h.source.port, 40000);
    assert_int_equal(h.destination.port, 80);
    for (size_t n = 0; n < 31; n++)
        assert_int_equal(tk_proxy_parse(v4, n, &h), TK_PROXY_NEED_MORE);
    uint8_t local[16];
    memcpy(local, v4, 16);
    local[12] = 0x20; /* LOCAL: a health check; the connection's addresses stand */
    local[14] = local[15] = 0;
    assert_int_equal(tk_proxy_parse(local, 16, &h), TK_PROXY_DONE);
    assert_false(h.has_addresses);
    uint8_t bad[sizeof v4];
    memcpy(bad, v4, sizeof v4);
    bad[12] = 0x31; /* version 3 */
    assert_int_equal(tk_proxy_parse(bad, sizeof bad, &h), TK_PROXY_INVALID);
    memcpy(bad, v4, sizeof v4);
    bad[15] = 8; /* too short for two IPv4 addresses and ports */
    assert_int_equal(tk_proxy_parse(bad, sizeof bad, &h), TK_PROXY_INVALID);
}

static enum tk_http_parse parse(const char *text, struct tk_http_request *req)
{
    return tk_http_parse_request(text, strlen(text), req);
}

static int text_is(struct tk_http_text t, const char *s)
{
    return t.len == strlen(s) && memcmp(t.ptr, s, t.len) == 0;
}

static void http_head(void **state)
{
    struct tk_http_request req;
    (void)state;
    const char *post = "\r\nPOST /gate.php?a=1 HTTP/1.1\r\nhost: Evil.Example:8080\r\n"
                       "User-Agent:  Mozilla/4.0 (compatible) \r\nContent-Length: 12\r\n\r\nbody";
    assert_int_equal(parse(post, &req), TK_HTTP_COMPLETE);
    assert_true(text_is(req.method, "POST"));
    assert_true(text_is(req.target, "/gate.php?a=1"));
    assert_true(text_is(req.host, "Evil.Example"));
    assert_true(text_is(req.user_agent, "Mozilla/4.0 (compatible)"));
    assert_int_equal(req.content_length, 12);
    assert_true(req.keep_alive);
    assert_int_equal(req.head_len, strlen(post) - 4);
    /* HTTP/1.0 closes unless asked; an absolute target's authority is the host. */
    assert_int_equal(parse("GET http://a.example:81/x HTTP/1.0\n\n", &req), TK_HTTP_COMPLETE);
    assert_false(req.keep_alive);
    assert_true(text_is(req.host, "a.example"));
    assert_int_equal(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", &req),
                     TK_HTTP_COMPLETE);
    assert_true(req.keep_alive);
    assert_int_equal(parse("GET / HTTP/1.1\r\nHost: [2001:db8::1]:80\r\nConnection: close\r\n\r\n",
                           &req), TK_HTTP_COMPLETE);
    assert_true(text_is(req.host, "[2001:db8::1]"));
    assert_false(req.keep_alive);
    assert_int_equal(parse("PUT / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
                           "Expect: 100-continue\r\n\r\n", &req), TK_HTTP_COMPLETE);
    assert_true(req.chunked);
    assert_true(req.expect_continue);
    /* Incomplete heads ask for more, with the fields of their complete lines. */
    assert_int_equal(parse("GET /a HTTP/1.1\r\nHost: h:80\r\nUser-Agent: b", &req),
                     TK_HTTP_INCOMPLETE);
    assert_true(text_is(req.method, "GET"));
    assert_true(text_is(req.target, "/a"));
    assert_true(text_is(req.host, "h"));
    assert_int_equal(req.user_agent.len, 0);
    assert_int_equal(parse("GET / HT", &req), TK_HTTP_INCOMPLETE);
    assert_int_equal(req.method.len, 0);
    assert_int_equal(req.host.len, 0);
}

static void http_bad(void **state)
{
    struct tk_http_request req;
    (void)state;
    assert_int_equal(parse("GARBAGE\r\n\r\n", &req), TK_HTTP_BAD);
    assert_int_equal(parse("GET /\r\n\r\n", &req), TK_HTTP_BAD);
    assert_int_equal(parse("GET / HTTP/1.1\r\n\r\n", &req), TK_HTTP_BAD);         /* no Host */
    assert_int_equal(parse("GET / HTTP/2.0\r\n\r\n", &req), TK_HTTP_BAD_VERSION);
    assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", &req), TK_HTTP_BAD);
    assert_int_equal(parse("GET / HTTP/1.1\r\nHost : a\r\n\r\n", &req), TK_HTTP_BAD);
    assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", &req), TK_HTTP_BAD);
    assert_int_equal(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                           "Content-Length: 2\r\n\r\n", &req), TK_HTTP_BAD);
    assert_int_equal(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", &req),
                     TK_HTTP_BAD);
    assert_int_equal(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n", &req), TK_HTTP_BAD);
    assert_int_equal(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                           &req), TK_HTTP_NOT_IMPLEMENTED);
    assert_int_equal(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", &req),
                     TK_HTTP_BAD);
    assert_int_equal(parse("GET / HTTP/1.1\r\nHost: a\x01\r\n\r\n", &req), TK_HTTP_BAD);
}

struct collected {
    char data[64];
    size_t len;
};

static void collect(void *ctx, const uint8_t *data, size_t n)
{
    struct collected *c = ctx;
    memcpy(c->data + c->len, data, n);
    c->len += n;
}

static void http_chunked(void **state)
{
    static const char body[] = "4;name=v\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n"
                               "0\r\nExpires: never\r\n\r\nNEXT";
    (void)state;
    /* Fed one byte at a time, as a slow client sends it. */
    struct tk_http_chunked c;
    struct collected out = {{0}, 0};
    size_t used, at = 0;
    enum tk_http_chunked_result r = TK_CHUNKED_MORE;
    tk_http_chunked_init(&c);
    while (r == TK_CHUNKED_MORE && at < sizeof body - 1) {
        r = tk_http_chunked_feed(&c, (const uint8_t *)body + at, 1, &used, collect, &out);
        at += used;
    }
    assert_int_equal(r, TK_CHUNKED_DONE);
    assert_int_equal(at, sizeof body - 1 - 4); /* "NEXT" belongs to the next request */
    assert_int_equal(out.len, 23);
    assert_memory_equal(out.data, "Wikipedia in\r\n\r\nchunks.", 23);
    tk_http_chunked_init(&c);
    assert_int_equal(tk_http_chunked_feed(&c, (const uint8_t *)"zz\r\n", 4, &used, collect, &out),
                     TK_CHUNKED_BAD);
    tk_http_chunked_init(&c);
    assert_int_equal(tk_http_chunked_feed(&c, (const uint8_t *)"1000000000000000\r\n", 18, &used,
                                          collect, &out), TK_CHUNKED_BAD);
}

static void smtp_commands(void **state)
{
    struct tk_smtp_command cmd;
    (void)state;
    tk_smtp_parse_command("ehlo bot.example", 16, &cmd);
    assert_int_equal(cmd.verb, TK_SMTP_EHLO);
    assert_true(cmd.syntax_ok);
    assert_int_equal(cmd.arg_len, 11);
    const char *mail = "MAIL FROM:<promo-1@example.com> SIZE=100 BODY=8BITMIME";
    tk_smtp_parse_command(mail, strlen(mail), &cmd);
    assert_int_equal(cmd.verb, TK_SMTP_MAIL);
    assert_true(cmd.syntax_ok);
    assert_int_equal(cmd.path_len, 19);
    assert_memory_equal(cmd.path, "promo-1@example.com", 19);
    tk_smtp_parse_command("MAIL FROM:<>", 12, &cmd);
    assert_true(cmd.syntax_ok);
    assert_int_equal(cmd.path_len, 0);
    const char *routed = "RCPT TO:<@relay.example:victim-1@example.net>";
    tk_smtp_parse_command(routed, strlen(routed), &cmd);
    assert_true(cmd.syntax_ok);
    assert_int_equal(cmd.path_len, 20);
    tk_smtp_parse_command("rcpt to: victim-2@example.net", 29, &cmd); /* common in spam tools */
    assert_true(cmd.syntax_ok);
    assert_int_equal(cmd.path_len, 20);
    tk_smtp_parse_command("RCPT TO:<>", 10, &cmd);
    assert_false(cmd.syntax_ok);
    tk_smtp_parse_command("RCPT TO:<a@b", 12, &cmd);
    assert_false(cmd.syntax_ok);
    tk_smtp_parse_command("DATA now", 8, &cmd);
    assert_int_equal(cmd.verb, TK_SMTP_DATA);
    assert_false(cmd.syntax_ok);
    tk_smtp_parse_command("HELO", 4, &cmd);
    assert_false(cmd.syntax_ok);
    tk_smtp_parse_command("XYZZY", 5, &cmd);
    assert_int_equal(cmd.verb, TK_SMTP_UNKNOWN);
}

static void smtp_content(void **state)
{
    static const char msg[] = "Subject: x\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n";
    struct tk_smtp_data d;
    int done;
    (void)state;
    tk_smtp_data_init(&d);
    size_t used = tk_smtp_data_feed(&d, (const uint8_t *)msg, sizeof msg - 1, &done);
    assert_true(done);
    assert_int_equal(used, sizeof msg - 1 - 6);
    assert_int_equal(d.size, strlen("Subject: x\r\n\r\n.leading dot\r\n"));
    /* The same, one byte at a time. */
    tk_smtp_data_init(&d);
    size_t at = 0;
    done = 0;
    while (!done)
        at += tk_smtp_data_feed(&d, (const uint8_t *)msg + at, 1, &done);
    assert_int_equal(at, used);
    assert_int_equal(d.size, strlen("Subject: x\r\n\r\n.leading dot\r\n"));
    /* A bare LF "." LF does not end the message (only CRLF "." CRLF does). */
    tk_smtp_data_init(&d);
    tk_smtp_data_feed(&d, (const uint8_t *)"a\n.\nb", 5, &done);
    assert_false(done);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(proxy_v1),   cmocka_unit_test(proxy_v1_invalid),
        cmocka_unit_test(proxy_v2),   cmocka_unit_test(http_head),
        cmocka_unit_test(http_bad),   cmocka_unit_test(http_chunked),
        cmocka_unit_test(smtp_commands), cmocka_unit_test(smtp_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
