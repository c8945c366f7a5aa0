/* test_distinct.c - exact counting up to the limit, the switch to HyperLogLog past it,
 * the value 0, merging, and address hashing (IPv4 exact, IPv4-mapped IPv6 equal to IPv4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "takedown/distinct.h"
#include "takedown/hash64.h"

static void exact_up_to_the_limit(void **state)
{
    struct tk_distinct d = {0};
    (void)state;
    for (int round = 0; round < 2; round++)
        for (uint64_t i = 0; i < 1000; i++)
            assert_int_equal(tk_distinct_add(&d, tk_mix64(i), 1000), TK_OK);
    assert_true(tk_distinct_is_exact(&d));
    assert_int_equal(tk_distinct_count(&d), 1000);
    /* The 1001st distinct value passes the limit. */
    assert_int_equal(tk_distinct_add(&d, tk_mix64(5000), 1000), TK_OK);
    assert_false(tk_distinct_is_exact(&d));
    assert_true(fabs((double)tk_distinct_count(&d) - 1001.0) < 1001 * 0.03);
    assert_true(tk_distinct_bytes(&d) <= TK_HLL_DENSE_BYTES);
    tk_distinct_free(&d);
}

static void zero_is_a_value(void **state)
{
    struct tk_distinct d = {0};
    (void)state;
    /* tk_mix64(0) == 0: the address 0.0.0.0 must count like any other. */
    assert_int_equal(tk_mix64(0), 0);
    assert_int_equal(tk_distinct_add(&d, 0, 10), TK_OK);
    assert_int_equal(tk_distinct_add(&d, 0, 10), TK_OK);
    assert_int_equal(tk_distinct_add(&d, 7, 10), TK_OK);
    assert_int_equal(tk_distinct_count(&d), 2);
    tk_distinct_free(&d);
}

static void limit_zero_estimates_from_the_start(void **state)
{
    struct tk_distinct d = {0};
    (void)state;
    assert_int_equal(tk_distinct_add(&d, tk_mix64(1), 0), TK_OK);
    assert_false(tk_distinct_is_exact(&d));
    assert_int_equal(tk_distinct_count(&d), 1);
    tk_distinct_free(&d);
}

static void merging(void **state)
{
    struct tk_distinct a = {0}, b = {0}, big = {0};
    (void)state;
    for (uint64_t i = 0; i < 300; i++)
        assert_int_equal(tk_distinct_add(&a, tk_mix64(i), 1000), TK_OK);
    for (uint64_t i = 200; i < 600; i++)
        assert_int_equal(tk_distinct_add(&b, tk_mix64(i), 1000), TK_OK);
    assert_int_equal(tk_distinct_merge(&a, &b, 1000), TK_OK);
    assert_true(tk_distinct_is_exact(&a));
    assert_int_equal(tk_distinct_count(&a), 600);
    /* An estimate merged in makes an estimate. */
    for (uint64_t i = 0; i < 5000; i++)
        assert_int_equal(tk_distinct_add(&big, tk_mix64(i), 1000), TK_OK);
    assert_int_equal(tk_distinct_merge(&a, &big, 1000), TK_OK);
    assert_false(tk_distinct_is_exact(&a));
    assert_true(fabs((double)tk_distinct_count(&a) - 5000.0) < 5000 * 0.03);
    /* An exact set merged into an estimate. */
    assert_int_equal(tk_distinct_merge(&big, &b, 1000), TK_OK);
    assert_true(fabs((double)tk_distinct_count(&big) - 5000.0) < 5000 * 0.03);
    tk_distinct_free(&a);
    tk_distinct_free(&b);
    tk_distinct_free(&big);
}

static void addresses(void **state)
{
    uint8_t v4[4] = {192, 0, 2, 1}, mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
    uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8}, other[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    struct tk_distinct d = {0};
    (void)state;
    assert_int_equal(tk_hash_address(4, v4), tk_hash_address(6, mapped));
    assert_int_not_equal(tk_hash_address(6, v6), tk_hash_address(6, other));
    /* Every IPv4 address of a /16 counts once. */
    for (int round = 0; round < 2; round++)
        for (unsigned i = 0; i < 65536; i++) {
            uint8_t a[4] = {10, 1, (uint8_t)(i >> 8), (uint8_t)i};
            assert_int_equal(tk_distinct_add(&d, tk_hash_address(4, a), 100000), TK_OK);
        }
    assert_int_equal(tk_distinct_count(&d), 65536);
    tk_distinct_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_up_to_the_limit),
        cmocka_unit_test(zero_is_a_value),
        cmocka_unit_test(limit_zero_estimates_from_the_start),
        cmocka_unit_test(merging),
        cmocka_unit_test(addresses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
