/* test_events.c - the event record's JSON and dnstap encodings and the event log: files
 * written, rotation, and every event either written or counted as dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dnstap.pb-c.h"
#include "events/event_dnstap.h"
#include "takedown/event.h"
#include "takedown/event_log.h"

static void sample_event(struct tk_event *ev)
{
    memset(ev, 0, sizeof *ev);
    tk_event_init(ev, TK_EVENT_DNS, TK_TRANSPORT_UDP);
    ev->time_sec = 1583020800; /* 2020-03-01T00:00:00Z */
    ev->time_nsec = 123456000;
    ev->client = (struct tk_event_endpoint){AF_INET, {198, 51, 100, 7}, 40000};
    ev->server = (struct tk_event_endpoint){AF_INET, {127, 0, 0, 1}, 53};
    strcpy(ev->name, "abc\"def.com");
    ev->name_len = 11;
    strcpy(ev->tag.family, "necurs");
    strcpy(ev->tag.seed, "9");
    ev->tag.first = 18322;
    ev->tag.last = 18323;
    ev->dns.qtype = 28;
    ev->dns.qclass = 1;
    ev->dns.rcode = 0;
    ev->dns.ecs_family = 1;
    ev->dns.ecs_source = 24;
    memcpy(ev->dns.ecs_addr, "\xc6\x33\x64", 3);
    ev->dns.message_len = 12;
}

static void json_line(void **state)
{
    struct tk_event ev;
    char buf[4096];
    (void)state;
    sample_event(&ev);
    size_t n = tk_event_format_json(&ev, "s1", buf, sizeof buf);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf,
        "{\"v\":1,\"time\":\"2020-03-01T00:00:00.123456Z\",\"sensor\":\"s1\",\"proto\":\"dns\","
        "\"transport\":\"udp\",\"src\":\"198.51.100.7\",\"sport\":40000,\"dst\":\"127.0.0.1\","
        "\"dport\":53,\"name\":\"abc\\\"def.com\",\"tag\":{\"family\":\"necurs\",\"variant\":\"\","
        "\"seed\":\"9\",\"first\":\"2020-03-01\",\"last\":\"2020-03-02\"},\"qtype\":\"AAAA\","
        "\"rcode\":\"NOERROR\",\"ecs\":\"198.51.100.0/24\"}\n");
    assert_int_equal(tk_event_format_json(&ev, "s1", buf, 40), 0);
}

static void dnstap_message(void **state)
{
    struct tk_event ev;
    uint8_t buf[1024];
    (void)state;
    sample_event(&ev);
    size_t n = tk_event_encode_dnstap(&ev, "s1", buf, sizeof buf);
    assert_true(n > 0);
    Dnstap__Dnstap *d = dnstap__dnstap__unpack(NULL, n, buf);
    assert_non_null(d);
    assert_int_equal(d->type, DNSTAP__DNSTAP__TYPE__MESSAGE);
    assert_int_equal(d->message->type, DNSTAP__MESSAGE__TYPE__AUTH_RESPONSE);
    assert_int_equal(d->message->query_port, 40000);
    assert_int_equal(d->message->query_address.len, 4);
    assert_int_equal(d->message->query_address.data[0], 198);
    assert_int_equal(d->message->response_message.len, 12);
    assert_true(d->has_extra);
    assert_memory_equal(d->extra.data, "family=necurs;", 14);
    dnstap__dnstap__free_unpacked(d, NULL);
    ev.dns.drop = TK_DROP_RRL;
    n = tk_event_encode_dnstap(&ev, NULL, buf, sizeof buf);
    d = dnstap__dnstap__unpack(NULL, n, buf);
    assert_int_equal(d->message->type, DNSTAP__MESSAGE__TYPE__AUTH_QUERY);
    assert_true(d->message->has_query_message);
    dnstap__dnstap__free_unpacked(d, NULL);
}

static size_t count_files(const char *dir, const char *suffix, size_t *lines)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t files = 0;
    *lines = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < strlen(suffix) || strcmp(e->d_name + len - strlen(suffix), suffix) != 0)
            continue;
        files++;
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        int c;
        while ((c = fgetc(f)) != EOF)
            *lines += c == '\n';
        fclose(f);
    }
    closedir(d);
    return files;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[512];
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static void log_writes_rotates_and_counts(void **state)
{
    char dir[] = "/tmp/tk-events-XXXXXX";
    struct tk_event_log_options o = {0};
    struct tk_event_log *log;
    struct tk_event ev;
    (void)state;
    assert_non_null(mkdtemp(dir));
    o.dir = dir;
    o.jsonl = 1;
    o.dnstap = 1;
    o.producers = 2;
    o.queue_events = 64;
    o.rotate_bytes = 20000; /* about 60 events a file */
    sample_event(&ev);
    assert_int_equal(tk_event_log_open(&o, &log, NULL), TK_OK);
    for (int i = 0; i < 5000; i++) {
        if (i % 32 == 0)
            usleep(200); /* mostly slower than the writer, so that files fill and rotate */
        struct tk_event *slot = tk_event_log_reserve(log, (unsigned)(i & 1));
        if (slot) {
            *slot = ev;
            tk_event_log_commit(log, (unsigned)(i & 1));
        }
    }
    struct tk_event_log_stats st;
    tk_event_log_get_stats(log, &st);
    uint64_t dropped = st.dropped;
    tk_event_log_close(log);
    size_t lines, frames;
    size_t files = count_files(dir, ".jsonl", &lines);
    assert_int_equal(lines + dropped, 5000);
    assert_true(files > 1);
    assert_true(count_files(dir, ".dnstap", &frames) > 1);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_line),
        cmocka_unit_test(dnstap_message),
        cmocka_unit_test(log_writes_rotates_and_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
