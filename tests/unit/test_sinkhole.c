/* test_sinkhole.c - the sinkhole's query parser, answers, name table, RPZ reader, config
 * lines and rate limiter, on packets built here byte by byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "takedown/dns_wire.h"
#include "takedown/rpz_reader.h"
#include "takedown/rrl.h"
#include "takedown/sinkhole_answer.h"
#include "takedown/sinkhole_names.h"
#include "takedown/sinkhole_options.h"

/* A query for name (dotted, case kept) and qtype; with_opt adds an OPT record of the given
 * version and buffer size, ecs a Client Subnet option for 198.51.100.0/24. */
static size_t build_query(uint8_t *p, const char *name, uint16_t qtype, int with_opt,
                          uint8_t version, uint16_t udp, int ecs)
{
    size_t n = 0;
    uint8_t header[12] = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (uint8_t)(with_opt ? 1 : 0)};
    memcpy(p, header, 12);
    n = 12;
    n += tk_dns_name_to_wire(name, p + n);
    p[n++] = (uint8_t)(qtype >> 8);
    p[n++] = (uint8_t)qtype;
    p[n++] = 0;
    p[n++] = 1;
    if (with_opt) {
        uint8_t opt[11] = {0, 0, 41, (uint8_t)(udp >> 8), (uint8_t)udp, 0, version, 0x80, 0, 0,
                           (uint8_t)(ecs ? 11 : 0)};
        memcpy(p + n, opt, 11);
        n += 11;
        if (ecs) {
            uint8_t option[11] = {0, 8, 0, 7, 0, 1, 24, 0, 198, 51, 100};
            memcpy(p + n, option, 11);
            n += 11;
        }
    }
    return n;
}

static struct tk_names *sample_names(void)
{
    struct tk_names *names = tk_names_new();
    struct tk_names_tag_input tag = {"necurs", "default", "9", 18322, 18324};
    assert_non_null(names);
    assert_int_equal(tk_names_add(names, "abcdef.com", 10, TK_NAME_LISTED, &tag, NULL), TK_OK);
    assert_int_equal(tk_names_add(names, "seized.example", 14,
                                  TK_NAME_LISTED | TK_NAME_SUBTREE, NULL, NULL), TK_OK);
    return names;
}

static void sample_answers(struct tk_sinkhole_answers *a)
{
    tk_sinkhole_answers_defaults(a);
    a->a_count = 2;
    inet_pton(AF_INET, "192.0.2.1", a->a[0]);
    inet_pton(AF_INET, "192.0.2.2", a->a[1]);
    a->aaaa_count = 1;
    inet_pton(AF_INET6, "2001:db8::1", a->aaaa[0]);
    a->serial = 7;
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

struct reply {
    size_t len;
    uint8_t p[4096];
    struct tk_dns_query q;
    struct tk_answer_info info;
};

static void ask(const struct tk_names *names, const uint8_t *query, size_t qlen, int tcp,
                struct reply *r)
{
    struct tk_sinkhole_answers a;
    sample_answers(&a);
    r->len = tk_sinkhole_answer(&a, names, query, qlen, tcp, r->p, sizeof r->p, &r->q, &r->info);
}

static void a_record_keeps_case_and_sets_aa(void **state)
{
    struct tk_names *names = sample_names();
    uint8_t q[512];
    struct reply r;
    (void)state;
    size_t n = build_query(q, "AbCdEf.CoM", TK_DNS_TYPE_A, 0, 0, 0, 0);
    ask(names, q, n, 0, &r);
    assert_true(r.len > n);
    assert_int_equal(get16(r.p), 0x1234);
    assert_int_equal(r.p[2] & 0x84, 0x84);        /* QR and AA */
    assert_int_equal(r.p[3] & 0x0F, 0);           /* NOERROR */
    assert_int_equal(get16(r.p + 6), 1);          /* one answer */
    assert_memory_equal(r.p + 12, q + 12, n - 12); /* question as sent: 0x20 case kept */
    assert_int_equal(r.info.match, TK_NAMES_APEX);
    const uint8_t *rr = r.p + n;
    assert_int_equal(get16(rr), 0xC00C);
    assert_int_equal(get16(rr + 2), TK_DNS_TYPE_A);
    assert_int_equal(get16(rr + 10), 4);
    assert_true(rr[12] == 192 && rr[13] == 0 && rr[14] == 2 && (rr[15] == 1 || rr[15] == 2));
    struct tk_event_tag tag;
    tk_names_tag(names, r.info.tag, &tag);
    assert_string_equal(tag.family, "necurs");
    assert_string_equal(tag.seed, "9");
    tk_names_free(names);
}

static void same_name_same_address(void **state)
{
    struct tk_names *names = sample_names();
    uint8_t q[512];
    struct reply r1, r2;
    (void)state;
    size_t n = build_query(q, "x1.seized.example", TK_DNS_TYPE_A, 0, 0, 0, 0);
    ask(names, q, n, 0, &r1);
    n = build_query(q, "X1.SEIZED.example", TK_DNS_TYPE_A, 0, 0, 0, 0);
    ask(names, q, n, 0, &r2);
    assert_int_equal(r1.len, r2.len);
    assert_memory_equal(r1.p + r1.len - 4, r2.p + r2.len - 4, 4);
    /* Across many names both addresses are used. */
    int seen[2] = {0, 0};
    for (int i = 0; i < 64; i++) {
        char name[64];
        snprintf(name, sizeof name, "h%d.seized.example", i);
        n = build_query(q, name, TK_DNS_TYPE_A, 0, 0, 0, 0);
        ask(names, q, n, 0, &r1);
        seen[r1.p[r1.len - 1] - 1] = 1;
    }
    assert_true(seen[0] && seen[1]);
    tk_names_free(names);
}

static void nodata_nxdomain_refused(void **state)
{
    struct tk_names *names = sample_names();
    uint8_t q[512];
    struct reply r;
    (void)state;
    size_t n = build_query(q, "abcdef.com", 15, 0, 0, 0, 0); /* MX */
    ask(names, q, n, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, 0);
    assert_int_equal(get16(r.p + 6), 0);
    assert_int_equal(get16(r.p + 8), 1);
    assert_int_equal(get16(r.p + n + 2), TK_DNS_TYPE_SOA);

    n = build_query(q, "www.abcdef.com", TK_DNS_TYPE_A, 0, 0, 0, 0);
    ask(names, q, n, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_NXDOMAIN);
    assert_int_equal(get16(r.p + n), 0xC00C + 4); /* SOA owned by abcdef.com */

    n = build_query(q, "deep.below.seized.example", TK_DNS_TYPE_NS, 0, 0, 0, 0);
    ask(names, q, n, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, 0);
    assert_int_equal(get16(r.p + 6), 0); /* NS only at the apex */
    assert_int_equal(get16(r.p + n), 0xC00C + 11);

    n = build_query(q, "seized.example", TK_DNS_TYPE_NS, 0, 0, 0, 0);
    ask(names, q, n, 0, &r);
    assert_int_equal(get16(r.p + 6), 1);

    n = build_query(q, "example.org", TK_DNS_TYPE_A, 0, 0, 0, 0);
    ask(names, q, n, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_REFUSED);
    assert_int_equal(r.p[2] & 0x04, 0); /* not authoritative */
    n = build_query(q, "example", TK_DNS_TYPE_A, 0, 0, 0, 0);
    ask(names, q, n, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_REFUSED);
    tk_names_free(names);
}

static void edns_badvers_and_ecs(void **state)
{
    struct tk_names *names = sample_names();
    uint8_t q[512];
    struct reply r;
    (void)state;
    size_t n = build_query(q, "abcdef.com", TK_DNS_TYPE_A, 1, 1, 4096, 0);
    ask(names, q, n, 0, &r);
    assert_int_equal(r.info.rcode, TK_DNS_RCODE_BADVERS);
    assert_int_equal(get16(r.p + 10), 1);
    const uint8_t *opt = r.p + 12 + r.q.question.len;
    assert_int_equal(get16(opt + 1), TK_DNS_TYPE_OPT);
    assert_int_equal(opt[5], 1); /* extended RCODE 16 >> 4 */
    assert_int_equal(opt[6], 0); /* version 0 */

    n = build_query(q, "abcdef.com", TK_DNS_TYPE_A, 1, 0, 4096, 1);
    ask(names, q, n, 0, &r);
    assert_int_equal(r.info.rcode, 0);
    assert_true(r.q.edns.has_ecs);
    assert_int_equal(r.q.edns.ecs_source, 24);
    assert_int_equal(r.q.edns.ecs_addr[0], 198);
    assert_int_equal(get16(r.p + r.len - 15 + 4), 8); /* ECS echoed last */
    assert_int_equal(r.p[r.len - 4], 0);              /* scope 0 */
    tk_names_free(names);
}

static void truncation_over_udp_not_tcp(void **state)
{
    struct tk_names *names = tk_names_new();
    struct tk_sinkhole_answers a;
    uint8_t q[512], out[4096];
    struct tk_dns_query dq;
    struct tk_answer_info info;
    char name[256];
    (void)state;
    /* A 250-byte name and a long NS target overflow 512 bytes in an SOA answer. */
    memset(name, 'a', 250);
    for (int i = 63; i < 250; i += 64)
        name[i] = '.';
    name[250] = '\0';
    assert_int_equal(tk_names_add(names, name, 250, TK_NAME_LISTED, NULL, NULL), TK_OK);
    sample_answers(&a);
    a.ns_len = tk_dns_name_to_wire(name, a.ns_wire);
    a.mbox_len = tk_dns_name_to_wire(name, a.mbox_wire);
    size_t n = build_query(q, name, TK_DNS_TYPE_SOA, 0, 0, 0, 0);
    size_t len = tk_sinkhole_answer(&a, names, q, n, 0, out, sizeof out, &dq, &info);
    assert_int_equal(len, n);
    assert_true(out[2] & 0x02); /* TC */
    assert_int_equal(get16(out + 6), 0);
    len = tk_sinkhole_answer(&a, names, q, n, 1, out, sizeof out, &dq, &info);
    assert_true(len > 512);
    assert_false(out[2] & 0x02);
    tk_names_free(names);
}

static void malformed_packets(void **state)
{
    struct tk_names *names = sample_names();
    uint8_t q[600];
    struct reply r;
    (void)state;
    /* Shorter than a header: dropped. */
    ask(names, (const uint8_t *)"\x12\x34\x01", 3, 0, &r);
    assert_int_equal(r.len, 0);
    /* A response sent as a query: dropped. */
    size_t n = build_query(q, "abcdef.com", TK_DNS_TYPE_A, 0, 0, 0, 0);
    q[2] |= 0x80;
    ask(names, q, n, 0, &r);
    assert_int_equal(r.len, 0);
    /* A compression pointer to itself in the question: FORMERR. */
    uint8_t loop[18] = {0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1};
    ask(names, loop, sizeof loop, 0, &r);
    assert_int_equal(r.len, 12);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_FORMERR);
    /* A 64-byte label. */
    n = 12;
    memcpy(q, loop, 12);
    q[n++] = 64;
    memset(q + n, 'a', 64);
    n += 64;
    memcpy(q + n, "\0\0\1\0\1", 5);
    ask(names, q, n + 5, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_FORMERR);
    /* A name longer than 255 bytes. */
    n = 12;
    for (int i = 0; i < 5; i++) {
        q[n++] = 60;
        memset(q + n, 'b', 60);
        n += 60;
    }
    memcpy(q + n, "\0\0\1\0\1", 5);
    ask(names, q, n + 5, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_FORMERR);
    /* QDCOUNT 2 and QDCOUNT 0. */
    n = build_query(q, "abcdef.com", TK_DNS_TYPE_A, 0, 0, 0, 0);
    q[5] = 2;
    ask(names, q, n, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_FORMERR);
    q[5] = 0;
    ask(names, q, n, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_FORMERR);
    /* Truncated question, two OPT records, an opcode we do not do. */
    q[5] = 1;
    ask(names, q, n - 3, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_FORMERR);
    n = build_query(q, "abcdef.com", TK_DNS_TYPE_A, 1, 0, 1232, 0);
    memcpy(q + n, q + n - 11, 11);
    q[11] = 2;
    ask(names, q, n + 11, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_FORMERR);
    n = build_query(q, "abcdef.com", TK_DNS_TYPE_A, 0, 0, 0, 0);
    q[2] = 0x28; /* UPDATE */
    ask(names, q, n, 0, &r);
    assert_int_equal(r.p[3] & 0x0F, TK_DNS_RCODE_NOTIMP);
    tk_names_free(names);
}

static void rpz_lines(void **state)
{
    struct tk_rpz_state s = {"", 0, 0};
    char name[256];
    size_t len;
    int subtree, skip;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_rpz_parse_line(&s, "$ORIGIN rpz.takedown.", 21, name, &len, &subtree,
                                       &skip, &err), TK_OK);
    assert_string_equal(s.origin, "rpz.takedown");
    const char *soa = "@ IN SOA localhost. hostmaster.localhost. 1 3600 600 604800 300";
    assert_int_equal(tk_rpz_parse_line(&s, soa, strlen(soa), name, &len, &subtree, &skip, &err),
                     TK_OK);
    assert_true(skip);
    assert_int_equal(tk_rpz_parse_line(&s, "AbC.com CNAME .", 15, name, &len, &subtree, &skip,
                                       &err), TK_OK);
    assert_false(skip);
    assert_string_equal(name, "abc.com");
    assert_false(subtree);
    const char *wild = "*.abc.com.rpz.takedown. 300 IN CNAME .";
    assert_int_equal(tk_rpz_parse_line(&s, wild, strlen(wild), name, &len, &subtree, &skip, &err),
                     TK_OK);
    assert_string_equal(name, "abc.com");
    assert_true(subtree);
    const char *outside = "abc.com.other. CNAME .";
    assert_int_equal(tk_rpz_parse_line(&s, outside, strlen(outside), name, &len, &subtree, &skip,
                                       &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "under the origin"));
    const char *pass = "ok.com CNAME rpz-passthru.";
    tk_rpz_parse_line(&s, pass, strlen(pass), name, &len, &subtree, &skip, &err);
    assert_true(skip);
    const char *esc = "a\\065b.com CNAME .";
    assert_int_equal(tk_rpz_parse_line(&s, esc, strlen(esc), name, &len, &subtree, &skip, &err),
                     TK_OK);
    assert_string_equal(name, "aab.com");
}

static void config_lines(void **state)
{
    char key[64], value[4096];
    int skip;
    struct tk_error err = {0};
    struct tk_sinkhole_options o;
    (void)state;
    assert_int_equal(tk_sinkhole_config_line("  # comment", 11, key, value, &skip, &err), TK_OK);
    assert_true(skip);
    const char *line = "answer_a = 192.0.2.1,192.0.2.2   # two";
    assert_int_equal(tk_sinkhole_config_line(line, strlen(line), key, value, &skip, &err), TK_OK);
    assert_string_equal(key, "answer-a");
    assert_string_equal(value, "192.0.2.1,192.0.2.2");
    tk_sinkhole_options_init(&o);
    assert_int_equal(tk_sinkhole_option_set(&o, key, value, &err), TK_OK);
    assert_int_equal(o.server.answers.a_count, 2);
    assert_int_equal(tk_sinkhole_option_set(&o, "workers", "0", &err), TK_ERR_USAGE);
    assert_int_equal(tk_sinkhole_option_set(&o, "log-rotate-size", "64M", &err), TK_OK);
    assert_int_equal(o.log.rotate_bytes, 64u << 20);
    assert_int_equal(tk_sinkhole_option_set(&o, "dns", "[::1]:5353", &err), TK_OK);
    assert_int_equal(o.server.listen[0].ss_family, AF_INET6);
    assert_int_equal(tk_sinkhole_option_set(&o, "dns", "1.2.3:53", &err), TK_ERR_USAGE);
    assert_string_equal(err.message, "dns 1.2.3:53: expected an IP address, got '1.2.3'");
    assert_int_equal(tk_sinkhole_option_set(&o, "--workers", "65", &err), TK_ERR_USAGE);
    assert_string_equal(err.message, "--workers 65: expected a number from 1 to 64");
    assert_int_equal(tk_sinkhole_option_set(&o, "colour", "red", &err), TK_ERR_USAGE);
    assert_string_equal(err.message, "unknown setting 'colour' (see `takedown sinkhole --help`)");
    tk_sinkhole_options_free(&o);
}

static void rate_limit_with_slip(void **state)
{
    struct tk_rrl *rrl = tk_rrl_new(5, 2);
    struct sockaddr_in a = {.sin_family = AF_INET}, b = {.sin_family = AF_INET};
    int sent = 0, slipped = 0, dropped = 0;
    (void)state;
    inet_pton(AF_INET, "198.51.100.7", &a.sin_addr);
    inet_pton(AF_INET, "203.0.113.9", &b.sin_addr);
    for (int i = 0; i < 25; i++) {
        enum tk_rrl_action act = tk_rrl_check(rrl, (struct sockaddr *)&a, 1000);
        sent += act == TK_RRL_SEND;
        slipped += act == TK_RRL_SLIP;
        dropped += act == TK_RRL_DROP;
    }
    assert_int_equal(sent, 5);
    assert_int_equal(slipped, 10);
    assert_int_equal(dropped, 10);
    /* Another prefix, and the next second, start afresh. */
    assert_int_equal(tk_rrl_check(rrl, (struct sockaddr *)&b, 1000), TK_RRL_SEND);
    assert_int_equal(tk_rrl_check(rrl, (struct sockaddr *)&a, 1001), TK_RRL_SEND);
    tk_rrl_free(rrl);
}

static void names_many_and_tags_chain(void **state)
{
    struct tk_names *names = tk_names_new();
    struct tk_names_match m;
    char name[64];
    (void)state;
    for (int i = 0; i < 50000; i++) {
        snprintf(name, sizeof name, "n%d.example", i);
        assert_int_equal(tk_names_add(names, name, strlen(name), TK_NAME_LISTED, NULL, NULL), TK_OK);
    }
    assert_int_equal(tk_names_count(names), 50000);
    tk_names_lookup(names, "n49999.example", 14, &m);
    assert_int_equal(m.result, TK_NAMES_APEX);
    tk_names_lookup(names, "n50000.example", 14, &m);
    assert_int_equal(m.result, TK_NAMES_MISS);
    struct tk_names_tag_input t1 = {"necurs", "", "9", 1, 2}, t2 = {"ranbyus", "", "1", 3, 4};
    tk_names_add(names, "n1.example", 10, TK_NAME_LISTED, &t1, NULL);
    tk_names_add(names, "n1.example", 10, TK_NAME_LISTED, &t2, NULL);
    tk_names_lookup(names, "n1.example", 10, &m);
    struct tk_event_tag tag;
    tk_names_tag(names, m.tag, &tag);
    assert_string_equal(tag.family, "ranbyus"); /* the newest tag first */
    assert_int_equal(tk_names_count(names), 50000);
    tk_names_free(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_record_keeps_case_and_sets_aa),
        cmocka_unit_test(same_name_same_address),
        cmocka_unit_test(nodata_nxdomain_refused),
        cmocka_unit_test(edns_badvers_and_ecs),
        cmocka_unit_test(truncation_over_udp_not_tcp),
        cmocka_unit_test(malformed_packets),
        cmocka_unit_test(rpz_lines),
        cmocka_unit_test(config_lines),
        cmocka_unit_test(rate_limit_with_slip),
        cmocka_unit_test(names_many_and_tags_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
