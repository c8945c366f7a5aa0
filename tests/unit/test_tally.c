/* test_tally.c - groups by country, network, day and family with their distinct counts
 * and order, the seed key, and spam per bot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/country.h"
#include "takedown/hash64.h"
#include "takedown/tally.h"

static void add(struct tk_tally *t, uint8_t last_octet, const char *country, uint32_t asn,
                tk_day day, const char *family)
{
    uint8_t addr[4] = {192, 0, 2, last_octet};
    struct tk_tally_event ev = {
        .address = tk_hash_address(4, addr), .addr_family = 4, .addr = addr, .day = day,
        .time_sec = (int64_t)day * 86400, .asn = asn, .as_org = asn ? "Example Net" : NULL,
        .family = family, .family_len = strlen(family), .seed = family,
        .seed_len = strlen(family), .protocol = 1,
    };
    struct tk_error err;
    strcpy(ev.country, country);
    assert_int_equal(tk_tally_add(t, &ev, &err), TK_OK);
}

static struct tk_tally *make(unsigned dimensions)
{
    struct tk_tally_options o = {.exact_limit = 1000, .dimensions = dimensions};
    struct tk_tally *t;
    struct tk_error err;
    assert_int_equal(tk_tally_new(&t, &o, &err), TK_OK);
    return t;
}

static void groups_and_order(void **state)
{
    unsigned all = 1u << TK_BY_COUNTRY | 1u << TK_BY_ASN | 1u << TK_BY_DAY | 1u << TK_BY_FAMILY;
    struct tk_tally *t = make(all);
    struct tk_group_count *g;
    size_t n;
    char buf[16];
    (void)state;
    /* Five addresses in IN (one seen twice), two in US, one unknown. */
    for (uint8_t i = 1; i <= 5; i++)
        add(t, i, "IN", 9829, 18322 + i % 2, "necurs");
    add(t, 1, "IN", 9829, 18330, "ranbyus");
    add(t, 20, "US", 7922, 18322, "necurs");
    add(t, 21, "US", 7922, 18321, "necurs");
    add(t, 30, "", 0, 18322, "");
    assert_int_equal(tk_tally_events(t), 9);
    assert_int_equal(tk_distinct_count(tk_tally_total(t)), 8);

    g = tk_tally_groups(t, TK_BY_COUNTRY, &n);
    assert_int_equal(n, 3);
    assert_string_equal(tk_tally_group_key(t, TK_BY_COUNTRY, g[0].group, buf), "IN");
    assert_int_equal(g[0].distinct, 5);
    assert_int_equal(g[0].group->events, 6);
    assert_true(g[0].exact);
    assert_string_equal(tk_tally_group_key(t, TK_BY_COUNTRY, g[1].group, buf), "US");
    assert_string_equal(tk_tally_group_key(t, TK_BY_COUNTRY, g[2].group, buf), "--");
    free(g);

    g = tk_tally_groups(t, TK_BY_ASN, &n);
    assert_int_equal(n, 3);
    assert_string_equal(tk_tally_group_key(t, TK_BY_ASN, g[0].group, buf), "AS9829");
    assert_string_equal(tk_tally_label(t, g[0].group->label), "Example Net");
    free(g);

    /* Days in calendar order, whatever their size. */
    g = tk_tally_groups(t, TK_BY_DAY, &n);
    assert_int_equal(n, 4);
    assert_string_equal(tk_tally_group_key(t, TK_BY_DAY, g[0].group, buf), "2020-02-29");
    assert_int_equal(g[0].distinct, 1);
    assert_string_equal(tk_tally_group_key(t, TK_BY_DAY, g[1].group, buf), "2020-03-01");
    assert_int_equal(g[1].distinct, 4);
    assert_string_equal(tk_tally_group_key(t, TK_BY_DAY, g[2].group, buf), "2020-03-02");
    assert_int_equal(g[2].distinct, 3);
    assert_string_equal(tk_tally_group_key(t, TK_BY_DAY, g[3].group, buf), "2020-03-09");
    free(g);

    g = tk_tally_groups(t, TK_BY_FAMILY, &n);
    assert_int_equal(n, 3);
    assert_string_equal(tk_tally_group_key(t, TK_BY_FAMILY, g[0].group, buf), "necurs");
    assert_int_equal(g[0].distinct, 7);
    free(g);

    /* A grouping not asked for is empty. */
    assert_null(tk_tally_groups(t, TK_BY_SEED, &n));
    assert_int_equal(n, 0);
    assert_int_equal(tk_tally_first_time(t), 18321 * 86400LL);
    assert_int_equal(tk_tally_last_time(t), 18330 * 86400LL);
    tk_tally_free(t);
}

static void spam_per_bot(void **state)
{
    struct tk_tally *t = make(1u << TK_BY_COUNTRY);
    uint64_t rcpt[3] = {tk_hash_bytes("a@x", 3), tk_hash_bytes("b@x", 3), tk_hash_bytes("c@x", 3)};
    const struct tk_bot **bots;
    struct tk_error err;
    size_t n;
    (void)state;
    for (int i = 0; i < 4; i++) {
        uint8_t addr[4] = {198, 51, 100, (uint8_t)(i < 3 ? 1 : 2)};
        struct tk_tally_event ev = {
            .address = tk_hash_address(4, addr), .addr_family = 4, .addr = addr, .day = 1,
            .country = "BR", .family = "", .seed = "", .protocol = 4, .messages = 1,
            .recipients = rcpt + (i % 2), .recipient_count = 2,
        };
        assert_int_equal(tk_tally_add(t, &ev, &err), TK_OK);
    }
    assert_int_equal(tk_tally_spam_messages(t), 4);
    assert_int_equal(tk_distinct_count(tk_tally_spam_recipients(t)), 3);
    bots = tk_tally_bots(t, &n);
    assert_int_equal(n, 2);
    assert_int_equal(bots[0]->messages, 3);
    assert_int_equal(bots[0]->addr[3], 1);
    assert_int_equal(tk_distinct_count(&bots[0]->recipients), 3);
    assert_int_equal(bots[1]->messages, 1);
    assert_int_equal(tk_distinct_count(&bots[1]->recipients), 2);
    assert_string_equal(bots[1]->country, "BR");
    free(bots);
    tk_tally_free(t);
}

/* Two tallies saved and merged count like one tally of both inputs; estimates merge as
 * sketches; a file without a grouping the tally needs is refused. */
static void counts_files_merge(void **state)
{
    unsigned dims = 1u << TK_BY_COUNTRY | 1u << TK_BY_FAMILY | 1u << TK_BY_DAY;
    struct tk_tally *a = make(dims), *b = make(dims), *both = make(dims), *merged = make(dims);
    struct tk_tally *country_only = make(1u << TK_BY_COUNTRY);
    struct tk_group_count *g, *h;
    struct tk_error err;
    char *bytes[2];
    size_t sizes[2], n, m;
    (void)state;
    for (uint8_t i = 0; i < 60; i++) {
        add(i < 40 ? a : b, i, i % 3 ? "IN" : "US", 9829, 18322 + i % 4, i % 2 ? "necurs" : "pushdo");
        add(both, i, i % 3 ? "IN" : "US", 9829, 18322 + i % 4, i % 2 ? "necurs" : "pushdo");
    }
    add(b, 5, "IN", 9829, 18322 + 5 % 4, "necurs"); /* seen at both sinkholes */
    add(both, 5, "IN", 9829, 18322 + 5 % 4, "necurs");
    struct tk_tally *parts[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        FILE *f = open_memstream(&bytes[i], &sizes[i]);
        assert_int_equal(tk_tally_save(parts[i], f, &err), TK_OK);
        fclose(f);
        assert_int_equal(tk_tally_merge_counts(merged, (uint8_t *)bytes[i], sizes[i], "part", &err), TK_OK);
    }
    assert_int_equal(tk_distinct_count(tk_tally_total(merged)), tk_distinct_count(tk_tally_total(both)));
    assert_int_equal(tk_tally_events(merged), tk_tally_events(both));
    for (int d = 0; d < TK_DIMENSIONS; d++) {
        if (!(dims & 1u << d))
            continue;
        g = tk_tally_groups(merged, (enum tk_dimension)d, &n);
        h = tk_tally_groups(both, (enum tk_dimension)d, &m);
        assert_int_equal(n, m);
        for (size_t i = 0; i < n; i++) {
            char k1[16], k2[16];
            assert_string_equal(tk_tally_group_key(merged, (enum tk_dimension)d, g[i].group, k1),
                                tk_tally_group_key(both, (enum tk_dimension)d, h[i].group, k2));
            assert_int_equal(g[i].distinct, h[i].distinct);
            assert_int_equal(g[i].group->events, h[i].group->events);
            assert_true(g[i].exact);
        }
        free(g);
        free(h);
    }
    /* A country-only tally takes a file with more groupings; a cut file is refused. */
    assert_int_equal(tk_tally_merge_counts(country_only, (uint8_t *)bytes[0], sizes[0], "a", &err), TK_OK);
    assert_int_equal(tk_tally_merge_counts(country_only, (uint8_t *)bytes[0], sizes[0] - 1, "cut", &err),
                     TK_ERR_DATA);
    assert_non_null(strstr(err.message, "cut: byte"));
    tk_tally_free(country_only);
    country_only = make(1u << TK_BY_COUNTRY);
    free(bytes[1]);
    {
        FILE *f = open_memstream(&bytes[1], &sizes[1]);
        assert_int_equal(tk_tally_save(country_only, f, &err), TK_OK);
        fclose(f);
    }
    assert_int_equal(tk_tally_merge_counts(merged, (uint8_t *)bytes[1], sizes[1], "c", &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "c: has no counts by day"));
    free(bytes[0]);
    free(bytes[1]);
    tk_tally_free(a);
    tk_tally_free(b);
    tk_tally_free(both);
    tk_tally_free(merged);
    tk_tally_free(country_only);
}

static void estimates_merge_as_sketches(void **state)
{
    struct tk_tally_options o = {.exact_limit = 10, .dimensions = 1u << TK_BY_DAY};
    struct tk_tally *a, *merged;
    struct tk_error err;
    char *bytes;
    size_t size;
    FILE *f;
    (void)state;
    assert_int_equal(tk_tally_new(&a, &o, &err), TK_OK);
    assert_int_equal(tk_tally_new(&merged, &o, &err), TK_OK);
    for (unsigned i = 0; i < 2000; i++) {
        uint8_t addr[4] = {10, 0, (uint8_t)(i >> 8), (uint8_t)i};
        struct tk_tally_event ev = {.address = tk_hash_address(4, addr), .addr_family = 4,
                                    .addr = addr, .day = 1, .family = "", .seed = ""};
        assert_int_equal(tk_tally_add(a, &ev, &err), TK_OK);
    }
    f = open_memstream(&bytes, &size);
    assert_int_equal(tk_tally_save(a, f, &err), TK_OK);
    fclose(f);
    assert_int_equal(tk_tally_merge_counts(merged, (uint8_t *)bytes, size, "a", &err), TK_OK);
    assert_int_equal(tk_tally_merge_counts(merged, (uint8_t *)bytes, size, "a again", &err), TK_OK);
    assert_false(tk_distinct_is_exact(tk_tally_total(merged)));
    /* The same addresses twice: the union is the same estimate. */
    assert_int_equal(tk_distinct_count(tk_tally_total(merged)), tk_distinct_count(tk_tally_total(a)));
    assert_int_equal(tk_tally_events(merged), 4000);
    free(bytes);
    tk_tally_free(a);
    tk_tally_free(merged);
}

static void dimension_names(void **state)
{
    enum tk_dimension d;
    struct tk_error err;
    (void)state;
    for (int i = 0; i < TK_DIMENSIONS; i++) {
        assert_int_equal(tk_dimension_parse(tk_dimension_name((enum tk_dimension)i), &d, &err), TK_OK);
        assert_int_equal(d, i);
    }
    assert_int_equal(tk_dimension_parse("city", &d, &err), TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "country"));
}

/* The country table is sorted (lookups bisect it) and every code is found, in either case. */
static void country_table(void **state)
{
    (void)state;
    assert_true(tk_country_count() >= 249);
    for (size_t i = 0; i < tk_country_count(); i++) {
        const struct tk_country *c = tk_country_at(i);
        char lower[3] = {(char)(c->code[0] + 32), (char)(c->code[1] + 32), '\0'};
        if (i > 0)
            assert_true(strcmp(tk_country_at(i - 1)->code, c->code) < 0);
        assert_ptr_equal(tk_country_find(c->code), c);
        assert_ptr_equal(tk_country_find(lower), c);
    }
    assert_string_equal(tk_country_find("IN")->cert, "CERT-In");
    assert_null(tk_country_find("XX"));
    assert_null(tk_country_find("IND"));
    assert_null(tk_country_find(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(groups_and_order),
        cmocka_unit_test(spam_per_bot),
        cmocka_unit_test(counts_files_merge),
        cmocka_unit_test(estimates_merge_as_sketches),
        cmocka_unit_test(dimension_names),
        cmocka_unit_test(country_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
