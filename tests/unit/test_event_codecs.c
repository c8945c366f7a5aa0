/* test_event_codecs.c - the event record of every protocol through each encoding and back
 * (JSON lines, binary, dnstap), the file reader on whole, cut and bad files, and the
 * summary of `takedown events stats`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "takedown/event_binary.h"
#include "takedown/event_file.h"
#include "takedown/event_stats.h"
#include "takedown/event_writer.h"

static void common(struct tk_event *ev, enum tk_event_protocol protocol)
{
    memset(ev, 0, sizeof *ev);
    tk_event_init(ev, protocol, protocol == TK_EVENT_DNS ? TK_TRANSPORT_UDP : TK_TRANSPORT_TCP);
    ev->time_sec = 1583020800;
    ev->time_nsec = 123456000; /* microseconds are what JSON keeps */
    ev->client = (struct tk_event_endpoint){AF_INET, {198, 51, 100, 7}, 40000};
    ev->server = (struct tk_event_endpoint){AF_INET6, {0x20, 0x01, 0x0d, 0xb8, [15] = 1}, 80};
}

static void http_event(struct tk_event *ev)
{
    common(ev, TK_EVENT_HTTP);
    ev->via = (struct tk_event_endpoint){AF_INET, {127, 0, 0, 1}, 51000};
    strcpy(ev->name, "evil\xe9.example"); /* a byte outside ASCII survives */
    ev->name_len = (uint8_t)strlen(ev->name);
    strcpy(ev->tag.family, "necurs");
    strcpy(ev->tag.variant, "default");
    strcpy(ev->tag.seed, "9");
    ev->tag.first = 18322;
    ev->tag.last = 18323;
    strcpy(ev->http.method, "POST");
    strcpy(ev->http.path, "/gate.php?\"q\"");
    strcpy(ev->http.user_agent, "Mozilla/4.0\t(bot)");
    ev->http.version_minor = 1;
    ev->http.status = 200;
    ev->http.body.bytes = 5;
    ev->http.body.hashed = 5;
    memset(ev->http.body.hash, 0xab, 16);
    ev->http.kept = 5;
    memcpy(ev->http.body_start, "\x00\x01id=", 5);
}

static void smtp_event(struct tk_event *ev)
{
    common(ev, TK_EVENT_SMTP);
    strcpy(ev->name, "bot.example");
    ev->name_len = 11;
    strcpy(ev->smtp.helo, "Bot.Example");
    strcpy(ev->smtp.mail_from, "promo-1@example.com");
    ev->smtp.esmtp = 1;
    ev->smtp.result = TK_SMTP_ACCEPTED;
    ev->smtp.rcpt_count = 3;
    for (int i = 0; i < 3; i++)
        memset(ev->smtp.rcpt_hash[i], 0x10 + i, 8);
    ev->smtp.size = 1234;
}

static void tcp_event(struct tk_event *ev)
{
    common(ev, TK_EVENT_TCP);
    ev->tcp.data.bytes = 70000;
    ev->tcp.data.hashed = 256;
    memset(ev->tcp.data.hash, 0x5a, 16);
    ev->tcp.duration_ms = 1500;
    ev->tcp.close = TK_CLOSE_BYTES;
}

static void dns_event(struct tk_event *ev)
{
    common(ev, TK_EVENT_DNS);
    strcpy(ev->name, "abc.example");
    ev->name_len = 11;
    ev->dns.qtype = 28;
    ev->dns.qclass = 1;
    ev->dns.rcode = 3;
    ev->dns.edns_udp = 1232;
    ev->dns.ecs_family = 1;
    ev->dns.ecs_source = 24;
    memcpy(ev->dns.ecs_addr, "\xc6\x33\x64", 3);
    /* The response as sent: header (QR, AA, NXDOMAIN), then the question abc.example AAAA. */
    static const uint8_t response[] = {0x12, 0x34, 0x84, 0x03, 0, 1, 0, 0, 0, 0, 0, 0,
                                       3, 'a', 'b', 'c', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
                                       0, 28, 0, 1};
    memcpy(ev->dns.message, response, sizeof response);
    ev->dns.message_len = sizeof response;
}

/* What each encoding must keep: everything but the DNS message (binary and dnstap only). */
static void assert_same(const struct tk_event *a, const struct tk_event *b)
{
    assert_int_equal(a->version, b->version);
    assert_int_equal(a->protocol, b->protocol);
    assert_int_equal(a->transport, b->transport);
    assert_int_equal(a->time_sec, b->time_sec);
    assert_int_equal(a->time_nsec, b->time_nsec);
    assert_memory_equal(&a->client, &b->client, sizeof a->client);
    assert_memory_equal(&a->server, &b->server, sizeof a->server);
    assert_memory_equal(&a->via, &b->via, sizeof a->via);
    assert_int_equal(a->name_len, b->name_len);
    assert_memory_equal(a->name, b->name, a->name_len);
    assert_string_equal(a->tag.family, b->tag.family);
    assert_string_equal(a->tag.seed, b->tag.seed);
    assert_int_equal(a->tag.first, b->tag.first);
    switch (a->protocol) {
    case TK_EVENT_HTTP:
        assert_string_equal(a->http.method, b->http.method);
        assert_string_equal(a->http.path, b->http.path);
        assert_string_equal(a->http.user_agent, b->http.user_agent);
        assert_int_equal(a->http.status, b->http.status);
        assert_memory_equal(&a->http.body, &b->http.body, sizeof a->http.body);
        assert_int_equal(a->http.kept, b->http.kept);
        assert_memory_equal(a->http.body_start, b->http.body_start, a->http.kept);
        break;
    case TK_EVENT_SMTP:
        assert_string_equal(a->smtp.helo, b->smtp.helo);
        assert_string_equal(a->smtp.mail_from, b->smtp.mail_from);
        assert_int_equal(a->smtp.rcpt_count, b->smtp.rcpt_count);
        assert_memory_equal(a->smtp.rcpt_hash, b->smtp.rcpt_hash, 8 * a->smtp.rcpt_count);
        assert_int_equal(a->smtp.size, b->smtp.size);
        assert_int_equal(a->smtp.result, b->smtp.result);
        break;
    case TK_EVENT_TCP:
        assert_memory_equal(&a->tcp, &b->tcp, sizeof a->tcp);
        break;
    default:
        assert_int_equal(a->dns.qtype, b->dns.qtype);
        assert_int_equal(a->dns.rcode, b->dns.rcode);
        assert_int_equal(a->dns.edns_udp, b->dns.edns_udp);
        assert_int_equal(a->dns.ecs_source, b->dns.ecs_source);
        assert_memory_equal(a->dns.ecs_addr, b->dns.ecs_addr, 16);
    }
}

static void each_event(void (*check)(const struct tk_event *ev))
{
    static struct tk_event ev;
    http_event(&ev);
    check(&ev);
    smtp_event(&ev);
    check(&ev);
    tcp_event(&ev);
    check(&ev);
    dns_event(&ev);
    check(&ev);
}

static void json_round_trip(const struct tk_event *ev)
{
    static char line[TK_EVENT_JSON_MAX];
    static struct tk_event back;
    char sensor[64];
    struct tk_error err = {0};
    size_t n = tk_event_format_json(ev, "s1", line, sizeof line);
    assert_true(n > 0);
    assert_int_equal(tk_event_parse_json(line, n, &back, sensor, &err), TK_OK);
    assert_string_equal(sensor, "s1");
    assert_same(ev, &back);
}

static void binary_round_trip(const struct tk_event *ev)
{
    static uint8_t frame[TK_EVENT_BINARY_MAX];
    static struct tk_event back;
    char sensor[64];
    struct tk_error err = {0};
    size_t n = tk_event_encode_binary(ev, "s2", frame, sizeof frame);
    assert_true(n > 0 && n < 300);
    assert_int_equal(tk_event_decode_binary(frame, n, &back, sensor, &err), TK_OK);
    assert_string_equal(sensor, "s2");
    assert_same(ev, &back);
    assert_int_equal(tk_event_decode_binary(frame, n - 1, &back, sensor, &err), TK_ERR_DATA);
}

static void json_codec(void **state)
{
    (void)state;
    each_event(json_round_trip);
}

static void binary_codec(void **state)
{
    (void)state;
    each_event(binary_round_trip);
}

static void json_errors(void **state)
{
    static struct tk_event ev;
    char sensor[64];
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_event_parse_json("{", 1, &ev, sensor, &err), TK_ERR_DATA);
    const char *no_src = "{\"v\":2,\"time\":\"2020-03-01T00:00:00Z\",\"proto\":\"tcp\"}";
    assert_int_equal(tk_event_parse_json(no_src, strlen(no_src), &ev, sensor, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "transport"));
    const char *bad_time = "{\"v\":2,\"time\":\"2020-02-30T00:00:00Z\"}";
    assert_int_equal(tk_event_parse_json(bad_time, strlen(bad_time), &ev, sensor, &err),
                     TK_ERR_DATA);
    assert_non_null(strstr(err.message, "time"));
}

static char *temp_path(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/tk-codec-%d-%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), name);
    return path;
}

/* Writes the four sample events in format; returns the file's size. */
static long write_file(const char *path, enum tk_event_file_format format)
{
    static struct tk_event ev;
    struct tk_event_writer *w;
    struct tk_error err = {0};
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(tk_event_writer_open(f, format, &w, &err), TK_OK);
    void (*make[4])(struct tk_event *) = {http_event, smtp_event, tcp_event, dns_event};
    for (int i = 0; i < 4; i++) {
        make[i](&ev);
        assert_int_equal(tk_event_writer_write(w, &ev, "s", &err), TK_OK);
    }
    assert_int_equal(tk_event_writer_skipped(w), format == TK_EVENT_FILE_DNSTAP ? 3 : 0);
    assert_int_equal(tk_event_writer_close(w, &err), TK_OK);
    long size = ftell(f);
    fclose(f);
    return size;
}

static int count_events(const char *path, enum tk_event_file_format want, int *truncated)
{
    static struct tk_event ev;
    struct tk_event_file *f;
    struct tk_error err = {0};
    char sensor[64];
    const char *note;
    int n = 0;
    assert_int_equal(tk_event_file_open(path, &f, &err), TK_OK);
    assert_int_equal(tk_event_file_format(f), want);
    while (tk_event_file_next(f, &ev, sensor, &err) == TK_EVENT_FILE_EVENT)
        n++;
    *truncated = tk_event_file_truncated(f, &note);
    tk_event_file_close(f);
    return n;
}

static void files(void **state)
{
    int truncated;
    (void)state;
    const char *path = temp_path("events");
    long size = write_file(path, TK_EVENT_FILE_BINARY);
    assert_int_equal(count_events(path, TK_EVENT_FILE_BINARY, &truncated), 4);
    assert_false(truncated);
    /* Cut inside the last frame: three events and a note. Without the STOP frame only (a
     * killed writer): all four and a note. */
    assert_int_equal(truncate(path, size - 20), 0);
    assert_int_equal(count_events(path, TK_EVENT_FILE_BINARY, &truncated), 3);
    assert_true(truncated);
    size = write_file(path, TK_EVENT_FILE_BINARY);
    assert_int_equal(truncate(path, size - 12), 0); /* the STOP frame is 12 bytes */
    assert_int_equal(count_events(path, TK_EVENT_FILE_BINARY, &truncated), 4);
    assert_true(truncated);
    write_file(path, TK_EVENT_FILE_DNSTAP);
    assert_int_equal(count_events(path, TK_EVENT_FILE_DNSTAP, &truncated), 1);
    /* dnstap keeps what the DNS message and its own fields hold. */
    static struct tk_event ev, back;
    struct tk_event_file *f;
    struct tk_error err = {0};
    char sensor[64];
    dns_event(&ev);
    assert_int_equal(tk_event_file_open(path, &f, &err), TK_OK);
    assert_int_equal(tk_event_file_next(f, &back, sensor, &err), TK_EVENT_FILE_EVENT);
    tk_event_file_close(f);
    assert_string_equal(back.name, "abc.example");
    assert_int_equal(back.dns.qtype, 28);
    assert_int_equal(back.dns.rcode, 3);
    assert_memory_equal(&back.client, &ev.client, sizeof ev.client);
    assert_int_equal(back.time_nsec, ev.time_nsec);
    write_file(path, TK_EVENT_FILE_JSONL);
    assert_int_equal(count_events(path, TK_EVENT_FILE_JSONL, &truncated), 4);
    unlink(path);
}

static void stats(void **state)
{
    static struct tk_event ev;
    struct tk_event_stats s;
    struct tk_error err = {0};
    (void)state;
    tk_event_stats_init(&s);
    smtp_event(&ev);
    assert_int_equal(tk_event_stats_add(&s, &ev, &err), TK_OK);
    ev.client.addr[3] = 8;                    /* a second bot, */
    memset(ev.smtp.rcpt_hash[0], 0x77, 8);    /* one new recipient and two seen before */
    assert_int_equal(tk_event_stats_add(&s, &ev, &err), TK_OK);
    http_event(&ev);
    assert_int_equal(tk_event_stats_add(&s, &ev, &err), TK_OK);
    assert_int_equal(s.events, 3);
    assert_int_equal(s.smtp_accepted, 2);
    assert_int_equal(s.smtp_recipients, 6);
    assert_int_equal(s.recipients.count, 4);
    assert_int_equal(s.smtp_clients.count, 2);
    assert_int_equal(s.clients.count, 2);
    assert_int_equal(s.http_status_2xx, 1);
    assert_int_equal(s.proxied, 1);
    tk_event_stats_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_codec), cmocka_unit_test(binary_codec),
        cmocka_unit_test(json_errors), cmocka_unit_test(files), cmocka_unit_test(stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
