/* test_event_reader.c - the event readers: JSON lines as tk_event_format_json writes them,
 * CSV with and without a header, dnstap frames, gzip and zstd, and what happens to bad
 * records, cut files and corrupt compression. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "takedown/event.h"
#include "takedown/event_reader.h"

static struct tk_event_reader *open_text(const void *data, size_t len, enum tk_event_format f)
{
    struct tk_input *in;
    struct tk_event_reader *r;
    struct tk_error err = {0};
    assert_int_equal(tk_input_open_memory(&in, data, len, "mem", &err), TK_OK);
    assert_int_equal(tk_event_reader_open_input(&r, in, f, &err), TK_OK);
    return r;
}

static int text_eq(struct tk_text t, const char *s)
{
    return t.len == strlen(s) && memcmp(t.ptr, s, t.len) == 0;
}

/* The line tk_event_format_json writes for a tagged DNS event, and other members a later
 * version may add. */
static const char sinkhole_lines[] =
    "{\"v\":1,\"time\":\"2020-03-01T12:00:00.123456Z\",\"sensor\":\"s1\",\"proto\":\"dns\","
    "\"transport\":\"udp\",\"src\":\"192.0.2.1\",\"sport\":5353,\"dst\":\"198.51.100.53\","
    "\"dport\":53,\"name\":\"fmomtpskxlvlr.ki\",\"tag\":{\"family\":\"necurs\",\"variant\":"
    "\"default\",\"seed\":\"9\",\"first\":\"2020-03-01\",\"last\":\"2020-03-01\"},\"qtype\":\"A\","
    "\"rcode\":\"NOERROR\",\"edns\":{\"version\":0,\"udp\":1232},\"ecs\":\"203.0.113.0/24\"}\n"
    "\n# a comment\n"
    "{\"v\":1,\"time\":\"2020-03-02T00:00:01.000000Z\",\"proto\":\"dns\",\"transport\":\"tcp\","
    "\"src\":\"2001:db8::7\",\"sport\":1,\"dst\":\"::1\",\"dport\":53,\"name\":\"caf\\u00e9.example\","
    "\"qtype\":\"TYPE65\",\"rcode\":\"REFUSED\",\"tc\":true,\"future\":[1,{\"x\":null}]}\n"
    "{\"v\":1,\"time\":\"2020-03-02T10:00:00Z\",\"proto\":\"smtp\",\"src\":\"::ffff:198.51.100.7\","
    "\"smtp\":{\"mail_from\":\"x@y\",\"rcpt\":[\"a@example.org\",\"b@example.org\"],\"messages\":2}}\n";

static void jsonl_as_the_sinkhole_writes_it(void **state)
{
    struct tk_event_reader *r = open_text(sinkhole_lines, strlen(sinkhole_lines), TK_EVENTS_AUTO);
    struct tk_contact c;
    struct tk_error err = {0};
    (void)state;
    assert_string_equal(tk_event_reader_format(r), "jsonl");
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.time_sec, 1583064000);
    assert_int_equal(c.time_nsec, 123456000);
    assert_int_equal(c.addr_family, 4);
    assert_memory_equal(c.addr, ((uint8_t[]){192, 0, 2, 1}), 4);
    assert_int_equal(c.port, 5353);
    assert_int_equal(c.protocol, TK_CONTACT_DNS);
    assert_true(text_eq(c.name, "fmomtpskxlvlr.ki"));
    assert_true(text_eq(c.family, "necurs"));
    assert_true(text_eq(c.variant, "default"));
    assert_true(text_eq(c.seed, "9"));

    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.addr_family, 6);
    assert_int_equal(c.addr[15], 7);
    assert_true(text_eq(c.name, "caf\xc3\xa9.example"));
    assert_int_equal(c.family.len, 0);

    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.protocol, TK_CONTACT_SMTP);
    assert_int_equal(c.addr_family, 4); /* IPv4-mapped becomes IPv4 */
    assert_int_equal(c.messages, 2);
    assert_int_equal(c.recipient_count, 2);
    assert_true(text_eq(c.recipients[1], "b@example.org"));

    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    assert_int_equal(tk_event_reader_stats(r)->records, 5);
    assert_int_equal(tk_event_reader_stats(r)->skipped, 2);
    assert_int_equal(tk_event_reader_stats(r)->contacts, 3);
    assert_false(tk_event_reader_stats(r)->truncated);
    tk_event_reader_close(r);
}

/* Whatever the sinkhole's writer produces reads back as the same contact. */
static void jsonl_round_trip_through_the_writer(void **state)
{
    static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, [14] = 0xbe, [15] = 0xef};
    char text[8192];
    size_t len = 0;
    struct tk_event_reader *r;
    struct tk_contact c;
    struct tk_error err = {0};
    (void)state;
    for (int i = 0; i < 3; i++) {
        struct tk_event ev;
        memset(&ev, 0, sizeof ev);
        tk_event_init(&ev, i == 2 ? TK_EVENT_HTTP : TK_EVENT_DNS, TK_TRANSPORT_UDP);
        ev.time_sec = 1583064000 + i;
        ev.time_nsec = 250000000;
        ev.client.family = i == 1 ? AF_INET6 : AF_INET;
        if (i == 1)
            memcpy(ev.client.addr, v6, 16);
        else
            memcpy(ev.client.addr, ((uint8_t[]){198, 51, 100, (uint8_t)(7 + i)}), 4);
        ev.client.port = (uint16_t)(40000 + i);
        ev.server.family = AF_INET;
        ev.server.port = 53;
        strcpy(ev.name, "q\"uote\\d.example");
        ev.name_len = (uint8_t)strlen(ev.name);
        if (i != 1) {
            strcpy(ev.tag.family, "necurs");
            strcpy(ev.tag.variant, "default");
            strcpy(ev.tag.seed, "9");
            ev.tag.first = 18322;
            ev.tag.last = 18323;
        }
        ev.dns.qtype = 1;
        ev.dns.qclass = 1;
        ev.dns.edns_udp = 1232;
        ev.dns.ecs_family = 1;
        ev.dns.ecs_source = 24;
        size_t n = tk_event_format_json(&ev, i ? NULL : "s\"1", text + len, sizeof text - len);
        assert_true(n > 0);
        len += n;
    }
    r = open_text(text, len, TK_EVENTS_AUTO);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
        assert_int_equal(c.time_sec, 1583064000 + i);
        assert_int_equal(c.time_nsec, 250000000);
        assert_int_equal(c.addr_family, i == 1 ? 6 : 4);
        assert_int_equal(c.port, 40000 + i);
        assert_int_equal(c.protocol, i == 2 ? TK_CONTACT_HTTP : TK_CONTACT_DNS);
        assert_true(text_eq(c.name, "q\"uote\\d.example"));
        assert_true(i == 1 ? c.family.len == 0 : text_eq(c.family, "necurs") && text_eq(c.seed, "9"));
    }
    assert_int_equal(c.addr[3], 9);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    tk_event_reader_close(r);
}

static void jsonl_bad_lines_are_reported_and_skipped(void **state)
{
    static const char text[] =
        "{\"time\":\"2020-03-01T00:00:00Z\",\"src\":\"192.0.2.1\"}\n"
        "{\"time\":\"2020-03-01T00:00:00Z\"}\n"
        "{\"time\":\"yesterday\",\"src\":\"192.0.2.1\"}\n"
        "{\"time\":1583020800,\"src\":\"192.0.2.300\"}\n"
        "not json\n"
        "{\"time\":1583020800.5,\"src\":\"192.0.2.2\"} trailing\n"
        "{\"time\":1583020800.5,\"src\":\"192.0.2.2\",\"sport\":70000}\n"
        "{\"time\":1583020800,\"src\":\"192.0.2.9\"}\n"
        "{\"time\":1583020800,\"src\":\"192.0.2.10\",\"na";
    struct tk_event_reader *r = open_text(text, strlen(text), TK_EVENTS_JSONL);
    struct tk_contact c;
    struct tk_error err = {0};
    static const char *const expected[] = {
        "mem:2:", "a \"src\" member", "mem:3:", "\"time\"", "mem:4:", "\"src\" as an",
        "mem:5:1:", "a JSON object", "mem:6:", "nothing after", "mem:7:", "\"sport\"",
    };
    (void)state;
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i += 2) {
        assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_BAD);
        assert_non_null(strstr(err.message, expected[i]));
        assert_non_null(strstr(err.message, expected[i + 1]));
    }
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.addr[3], 9);
    /* The last line is cut: not a bad record, a truncation. */
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    assert_int_equal(tk_event_reader_stats(r)->bad, 6);
    assert_true(tk_event_reader_stats(r)->truncated);
    assert_non_null(strstr(tk_event_reader_stats(r)->truncation, "line (9)"));
    tk_event_reader_close(r);
}

static void jsonl_overlong_line(void **state)
{
    size_t len = 70000;
    char *text = malloc(len + 64);
    struct tk_event_reader *r;
    struct tk_contact c;
    struct tk_error err = {0};
    (void)state;
    memset(text, 'x', len);
    text[0] = '{';
    strcpy(text + len, "\n{\"time\":0,\"src\":\"::1\"}\n");
    r = open_text(text, strlen(text), TK_EVENTS_JSONL);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_BAD);
    assert_non_null(strstr(err.message, "mem:1: line longer than"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.addr_family, 6);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    tk_event_reader_close(r);
    free(text);
}

static void csv_positional_and_with_header(void **state)
{
    static const char plain[] =
        "2020-03-01T00:00:00Z,192.0.2.1,necurs:default:9\n"
        "1583020801,2001:db8::1\n"
        "2020-03-01 00:00:02+01:00, 192.0.2.3 ,\"ranbyus\"\n"
        "2020-13-01,192.0.2.4\n";
    static const char headed[] =
        "timestamp,ip,port,asn,geo,family,tag\n"
        "2020-03-01 00:00:24,103.195.213.175,13786,4758,IN,necurs,\"necurs:default:9\"\n"
        "2020-03-01 00:00:25,103.195.213.176,99999,4758,IN,necurs,\n";
    struct tk_event_reader *r = open_text(plain, strlen(plain), TK_EVENTS_AUTO);
    struct tk_contact c;
    struct tk_error err = {0};
    (void)state;
    assert_string_equal(tk_event_reader_format(r), "csv");
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.time_sec, 1583020800);
    assert_true(text_eq(c.family, "necurs") && text_eq(c.variant, "default") && text_eq(c.seed, "9"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.time_sec, 1583020801);
    assert_int_equal(c.addr_family, 6);
    assert_int_equal(c.family.len, 0);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.time_sec, 1583020802 - 3600);
    assert_int_equal(c.addr[3], 3);
    assert_true(text_eq(c.family, "ranbyus"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_BAD);
    assert_non_null(strstr(err.message, "mem:4: expected a time"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    tk_event_reader_close(r);

    r = open_text(headed, strlen(headed), TK_EVENTS_CSV);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.port, 13786);
    assert_int_equal(c.addr[3], 175);
    assert_true(text_eq(c.family, "necurs") && text_eq(c.seed, "9"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_BAD);
    assert_non_null(strstr(err.message, "mem:3: expected a port"));
    assert_int_equal(tk_event_reader_stats(r)->skipped, 1);
    tk_event_reader_close(r);
}

/* Frame Streams by hand: START with the dnstap content type, data frames, STOP. */
struct buffer {
    uint8_t data[4096];
    size_t len;
};

static void put_bytes(struct buffer *b, const void *p, size_t n)
{
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void put_be32(struct buffer *b, uint32_t v)
{
    uint8_t x[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    put_bytes(b, x, 4);
}

static void put_varint(struct buffer *b, uint64_t v)
{
    while (v >= 0x80) {
        b->data[b->len++] = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    b->data[b->len++] = (uint8_t)v;
}

static void put_field_bytes(struct buffer *b, unsigned number, const void *p, size_t n)
{
    put_varint(b, number << 3 | 2);
    put_varint(b, n);
    put_bytes(b, p, n);
}

static void put_field_varint(struct buffer *b, unsigned number, uint64_t v)
{
    put_varint(b, number << 3);
    put_varint(b, v);
}

static void put_start(struct buffer *b)
{
    static const char type[] = "protobuf:dnstap.Dnstap";
    put_be32(b, 0);
    put_be32(b, 4 + 4 + 4 + (uint32_t)strlen(type));
    put_be32(b, 2);                     /* START */
    put_be32(b, 1);                     /* CONTENT_TYPE */
    put_be32(b, (uint32_t)strlen(type));
    put_bytes(b, type, strlen(type));
}

static void put_stop(struct buffer *b)
{
    put_be32(b, 0);
    put_be32(b, 4);
    put_be32(b, 3);
}

/* A dnstap frame: a Message of type, from addr (4 or 16 bytes), at sec, asking for
 * "ab.example", with extra when not NULL. */
static void put_message(struct buffer *b, unsigned type, const uint8_t *addr, size_t addr_len,
                        uint64_t sec, const char *extra)
{
    static const uint8_t query[] = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0,
                                    2, 'A', 'b', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1};
    struct buffer msg = {.len = 0}, frame = {.len = 0};
    put_field_varint(&msg, 1, type);
    put_field_varint(&msg, 2, addr_len == 4 ? 1 : 2);
    put_field_bytes(&msg, 4, addr, addr_len);
    put_field_varint(&msg, 6, 40000);
    put_field_varint(&msg, 8, sec);
    put_field_bytes(&msg, 10, query, sizeof query);
    if (extra)
        put_field_bytes(&frame, 3, extra, strlen(extra));
    put_field_bytes(&frame, 14, msg.data, msg.len);
    put_field_varint(&frame, 15, 1);
    put_be32(b, (uint32_t)frame.len);
    put_bytes(b, frame.data, frame.len);
}

static void dnstap_frames(void **state)
{
    static const uint8_t v4[4] = {192, 0, 2, 8}, v6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 9};
    struct buffer b = {.len = 0};
    struct tk_event_reader *r;
    struct tk_contact c;
    struct tk_error err = {0};
    size_t whole;
    (void)state;
    put_start(&b);
    put_message(&b, 1, v4, 4, 1583020800, "family=necurs;variant=default;seed=9;first=2020-03-01;last=2020-03-01");
    put_message(&b, 3, v4, 4, 1583020801, NULL); /* RESOLVER_QUERY: not a contact */
    put_message(&b, 5, v6, 16, 1583020802, NULL);
    put_be32(&b, 3);                            /* a frame that is not protobuf */
    put_bytes(&b, "\xff\xff\xff", 3);
    put_message(&b, 6, v4, 3, 1583020803, NULL); /* a 3-byte address */
    whole = b.len;
    put_stop(&b);

    r = open_text(b.data, b.len, TK_EVENTS_AUTO);
    assert_string_equal(tk_event_reader_format(r), "dnstap");
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.time_sec, 1583020800);
    assert_int_equal(c.port, 40000);
    assert_true(text_eq(c.name, "ab.example"));
    assert_true(text_eq(c.family, "necurs") && text_eq(c.seed, "9"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(c.addr_family, 6);
    assert_int_equal(c.addr[15], 9);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_BAD);
    assert_non_null(strstr(err.message, "mem:frame 4:"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_BAD);
    assert_non_null(strstr(err.message, "query_address"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    assert_int_equal(tk_event_reader_stats(r)->skipped, 1);
    assert_false(tk_event_reader_stats(r)->truncated);
    tk_event_reader_close(r);

    /* Cut inside the last data frame: the frames before it read, and the cut is said. */
    r = open_text(b.data, whole - 5, TK_EVENTS_DNSTAP);
    for (int i = 0; i < 3; i++)
        assert_int_not_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    assert_true(tk_event_reader_stats(r)->truncated);
    assert_non_null(strstr(tk_event_reader_stats(r)->truncation, "cut inside"));
    tk_event_reader_close(r);

    /* No STOP frame: every frame reads, and the missing end is said. */
    r = open_text(b.data, whole, TK_EVENTS_DNSTAP);
    for (int i = 0; i < 4; i++)
        assert_int_not_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    assert_non_null(strstr(tk_event_reader_stats(r)->truncation, "STOP"));
    tk_event_reader_close(r);
}

/* A frame length far beyond any frame: the framing is broken, the rest is unreadable. */
static void dnstap_broken_framing(void **state)
{
    static const uint8_t v4[4] = {192, 0, 2, 8};
    struct buffer b = {.len = 0};
    struct tk_event_reader *r;
    struct tk_contact c;
    struct tk_error err = {0};
    (void)state;
    put_start(&b);
    put_message(&b, 1, v4, 4, 1583020800, NULL);
    put_be32(&b, 0x746f6275);
    put_bytes(&b, "garbage", 7);
    r = open_text(b.data, b.len, TK_EVENTS_DNSTAP);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_CONTACT);
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_BAD);
    assert_non_null(strstr(err.message, "Frame Streams frame"));
    assert_int_equal(tk_event_reader_next(r, &c, &err), TK_READ_END);
    assert_true(tk_event_reader_stats(r)->truncated);
    tk_event_reader_close(r);
}

static void dnstap_refuses_other_content(void **state)
{
    static const char text[] = "\0\0\0\0\0\0\0\x10\0\0\0\x02\0\0\0\x01\0\0\0\x04" "abcd";
    struct tk_input *in;
    struct tk_event_reader *r;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_input_open_memory(&in, text, sizeof text - 1, "mem", &err), TK_OK);
    assert_int_equal(tk_event_reader_open_input(&r, in, TK_EVENTS_DNSTAP, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "not a dnstap file"));
}

static size_t gzip_bytes(const char *text, uint8_t *out, size_t size)
{
    z_stream zs = {0};
    assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (Bytef *)text;
    zs.avail_in = (uInt)strlen(text);
    zs.next_out = out;
    zs.avail_out = (uInt)size;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    deflateEnd(&zs);
    return size - zs.avail_out;
}

static int count_contacts(struct tk_event_reader *r, enum tk_read_result *last)
{
    struct tk_contact c;
    struct tk_error err = {0};
    int n = 0;
    while ((*last = tk_event_reader_next(r, &c, &err)) == TK_READ_CONTACT || *last == TK_READ_BAD)
        n += *last == TK_READ_CONTACT;
    return n;
}

static void compressed_whole_cut_and_corrupt(void **state)
{
    char text[8192] = "";
    uint8_t packed[8192];
    size_t packed_len;
    struct tk_event_reader *r;
    enum tk_read_result last;
    (void)state;
    for (int i = 0; i < 100; i++)
        sprintf(text + strlen(text), "{\"time\":%d,\"src\":\"10.0.%d.%d\"}\n", 1583020800 + i,
                i / 256, i % 256);

    packed_len = gzip_bytes(text, packed, sizeof packed);
    r = open_text(packed, packed_len, TK_EVENTS_AUTO);
    assert_int_equal(count_contacts(r, &last), 100);
    assert_int_equal(tk_input_compression(tk_event_reader_input(r)), TK_COMPRESSION_GZIP);
    assert_false(tk_event_reader_stats(r)->truncated);
    tk_event_reader_close(r);

    /* Cut: the whole lines before the cut, and the cut said. */
    r = open_text(packed, packed_len * 2 / 3, TK_EVENTS_AUTO);
    int n = count_contacts(r, &last);
    assert_int_equal(last, TK_READ_END);
    assert_true(n > 10 && n < 100);
    assert_true(tk_event_reader_stats(r)->truncated);
    tk_event_reader_close(r);

    /* Corrupt in the middle: what came before, then a failure that says where. */
    packed[packed_len / 2] ^= 0x55;
    packed[packed_len / 2 + 1] ^= 0x55;
    r = open_text(packed, packed_len, TK_EVENTS_AUTO);
    count_contacts(r, &last);
    assert_int_equal(last, TK_READ_FAILED);
    tk_event_reader_close(r);

    packed_len = ZSTD_compress(packed, sizeof packed, text, strlen(text), 3);
    assert_false(ZSTD_isError(packed_len));
    r = open_text(packed, packed_len, TK_EVENTS_AUTO);
    assert_int_equal(count_contacts(r, &last), 100);
    assert_int_equal(tk_input_compression(tk_event_reader_input(r)), TK_COMPRESSION_ZSTD);
    tk_event_reader_close(r);
    r = open_text(packed, packed_len - 7, TK_EVENTS_AUTO);
    count_contacts(r, &last);
    assert_int_equal(last, TK_READ_END);
    assert_true(tk_event_reader_stats(r)->truncated);
    tk_event_reader_close(r);
}

static void format_names(void **state)
{
    enum tk_event_format f;
    struct tk_event_reader *r;
    struct tk_error err;
    (void)state;
    assert_int_equal(tk_event_format_parse("dnstap", &f, &err), TK_OK);
    assert_int_equal(f, TK_EVENTS_DNSTAP);
    assert_int_equal(tk_event_format_parse("xml", &f, &err), TK_ERR_USAGE);
    assert_int_equal(tk_event_reader_open(&r, "/nonexistent/events.jsonl", TK_EVENTS_AUTO, &err),
                     TK_ERR_IO);
    assert_null(r);
    assert_non_null(strstr(err.message, "/nonexistent/events.jsonl"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jsonl_as_the_sinkhole_writes_it),
        cmocka_unit_test(jsonl_round_trip_through_the_writer),
        cmocka_unit_test(jsonl_bad_lines_are_reported_and_skipped),
        cmocka_unit_test(jsonl_overlong_line),
        cmocka_unit_test(csv_positional_and_with_header),
        cmocka_unit_test(dnstap_frames),
        cmocka_unit_test(dnstap_broken_framing),
        cmocka_unit_test(dnstap_refuses_other_content),
        cmocka_unit_test(compressed_whole_cut_and_corrupt),
        cmocka_unit_test(format_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
