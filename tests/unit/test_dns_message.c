/* test_dns_message.c - the one DNS message reader (src/dns): header and question, the name
 * in both forms, the limits of a name, the OPT record and its Client Subnet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "takedown/dns_message.h"

/* A query for "Ab.c" type 28 class 1 with QDCOUNT 1 and ARCOUNT arcount; returns its length. */
static size_t query(uint8_t *m, uint16_t arcount)
{
    static const uint8_t head[] = {0x12, 0x34, 0x01, 0x20, 0, 1, 0, 0, 0, 0, 0, 0,
                                   2, 'A', 'b', 1, 'c', 0, 0, 28, 0, 1};
    memcpy(m, head, sizeof head);
    m[11] = (uint8_t)arcount;
    return sizeof head;
}

/* Appends an OPT record (root owner, buffer 1232, DO set) holding one Client Subnet option
 * of family, source and n address bytes. */
static size_t add_opt(uint8_t *m, size_t at, int owner_root, uint16_t family, uint8_t source,
                      uint8_t scope, size_t n)
{
    uint8_t *p = m + at;
    size_t o = 0;
    if (!owner_root) {
        p[o++] = 1;
        p[o++] = 'x';
    }
    p[o++] = 0;
    const uint8_t fixed[] = {0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, (uint8_t)(8 + n),
                             0, 8, 0, (uint8_t)(4 + n), (uint8_t)(family >> 8), (uint8_t)family,
                             source, scope};
    memcpy(p + o, fixed, sizeof fixed);
    o += sizeof fixed;
    for (size_t i = 0; i < n; i++)
        p[o++] = (uint8_t)(198 + i);
    return at + o;
}

static void header_and_question(void **state)
{
    uint8_t m[600];
    struct tk_dns_header h;
    struct tk_dns_question q;
    char text[TK_DNS_NAME_TEXT_MAX];
    (void)state;
    size_t n = query(m, 0);
    assert_int_equal(tk_dns_read_question(m, n, &h, &q), TK_DNS_READ_OK);
    assert_int_equal(h.id, 0x1234);
    assert_int_equal(h.flags, 0x0120);
    assert_int_equal(h.qdcount, 1);
    assert_string_equal(q.name, "ab.c");
    assert_int_equal(q.name_len, 4);
    assert_true(q.name_plain);
    assert_int_equal(q.qtype, 28);
    assert_int_equal(q.qclass, 1);
    assert_int_equal(q.len, 10);
    assert_int_equal(tk_dns_name_text(m, &q, text), 4);
    assert_string_equal(text, "Ab.c"); /* the text form keeps the case sent */

    m[14] = '.';
    assert_int_equal(tk_dns_read_question(m, n, &h, &q), TK_DNS_READ_OK);
    assert_false(q.name_plain);
    tk_dns_name_text(m, &q, text);
    assert_string_equal(text, "A\\046.c");

    assert_int_equal(tk_dns_read_question(m, 11, &h, &q), TK_DNS_READ_NO_HEADER);
    assert_int_equal(tk_dns_read_question(m, n - 1, &h, &q), TK_DNS_READ_NO_TYPE);
    assert_string_equal(q.name, "");
    assert_int_equal(tk_dns_read_question(m, 15, &h, &q), TK_DNS_READ_NAME_CUT);
    m[12] = 0xC0;
    assert_int_equal(tk_dns_read_question(m, n, &h, &q), TK_DNS_READ_LABEL_TYPE);
    m[5] = 0;
    assert_int_equal(tk_dns_read_question(m, n, &h, &q), TK_DNS_READ_NO_QUESTION);
    assert_non_null(strstr(tk_dns_read_problem(TK_DNS_READ_LABEL_TYPE), "compressed"));
}

/* Names of 255 bytes on the wire are read; one more is refused. */
static void name_length_limit(void **state)
{
    uint8_t m[600] = {0, 0, 0, 0, 0, 1};
    struct tk_dns_header h;
    struct tk_dns_question q;
    (void)state;
    for (int extra = 0; extra < 2; extra++) {
        size_t at = 12;
        for (int i = 0; i < 3; i++) { /* 3 x 64 + 62 + 1 = 255 wire bytes */
            m[at++] = 63;
            memset(m + at, 'a', 63);
            at += 63;
        }
        m[at++] = (uint8_t)(61 + extra);
        memset(m + at, 'b', (size_t)(61 + extra));
        at += (size_t)(61 + extra);
        m[at++] = 0;
        memset(m + at, 0, 4);
        enum tk_dns_read_status status = tk_dns_read_question(m, at + 4, &h, &q);
        if (extra == 0) {
            assert_int_equal(status, TK_DNS_READ_OK);
            assert_int_equal(q.name_len, 253);
        } else {
            assert_int_equal(status, TK_DNS_READ_NAME_LONG);
        }
    }
}

static void opt_and_client_subnet(void **state)
{
    uint8_t m[600];
    struct tk_dns_header h;
    struct tk_dns_question q;
    struct tk_dns_edns e;
    (void)state;
    size_t n = add_opt(m, query(m, 1), 1, 1, 24, 0, 3);
    assert_int_equal(tk_dns_read_question(m, n, &h, &q), TK_DNS_READ_OK);
    assert_int_equal(tk_dns_read_edns(m, n, TK_DNS_HEADER + q.len, h.arcount, &e),
                     TK_DNS_READ_OK);
    assert_true(e.present);
    assert_int_equal(e.udp, 1232);
    assert_true(e.dnssec_ok);
    assert_true(e.has_ecs);
    assert_int_equal(e.ecs_family, 1);
    assert_int_equal(e.ecs_source, 24);
    assert_int_equal(e.ecs_addr[0], 198);
    assert_int_equal(e.ecs_addr[2], 200);
    assert_int_equal(e.ecs_addr[3], 0);

    /* The address must be as long as the prefix says. */
    n = add_opt(m, query(m, 1), 1, 1, 24, 0, 4);
    assert_int_equal(tk_dns_read_edns(m, n, 22, 1, &e), TK_DNS_READ_BAD_OPT);
    assert_false(e.has_ecs);
    n = add_opt(m, query(m, 1), 1, 3, 0, 0, 0);
    assert_int_equal(tk_dns_read_edns(m, n, 22, 1, &e), TK_DNS_READ_BAD_OPT);
    /* A response's scope is read as sent. */
    n = add_opt(m, query(m, 1), 1, 2, 48, 56, 6);
    assert_int_equal(tk_dns_read_edns(m, n, 22, 1, &e), TK_DNS_READ_OK);
    assert_int_equal(e.ecs_scope, 56);
    /* Two OPT records, an OPT not owned by the root, a record cut short. */
    n = add_opt(m, add_opt(m, query(m, 2), 1, 1, 0, 0, 0), 1, 1, 0, 0, 0);
    assert_int_equal(tk_dns_read_edns(m, n, 22, 2, &e), TK_DNS_READ_BAD_OPT);
    n = add_opt(m, query(m, 1), 0, 1, 0, 0, 0);
    assert_int_equal(tk_dns_read_edns(m, n, 22, 1, &e), TK_DNS_READ_BAD_OPT);
    n = add_opt(m, query(m, 1), 1, 1, 24, 0, 3);
    assert_int_equal(tk_dns_read_edns(m, n - 1, 22, 1, &e), TK_DNS_READ_RECORD_CUT);
    assert_int_equal(tk_dns_read_edns(m, n, 22, 0, &e), TK_DNS_READ_OK);
    assert_false(e.present);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(header_and_question),
        cmocka_unit_test(name_length_limit),
        cmocka_unit_test(opt_and_client_subnet),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
