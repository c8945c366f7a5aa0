/* test_hll.c - HyperLogLog: estimates within the standard error, the sparse form counts
 * like the dense one, merging is a union, and the byte encoding round-trips and refuses
 * damage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/hash64.h"
#include "takedown/hll.h"

static struct tk_hll *sketch_of(uint64_t from, uint64_t to)
{
    struct tk_hll *h = tk_hll_new();
    assert_non_null(h);
    for (uint64_t i = from; i < to; i++)
        assert_int_equal(tk_hll_add(h, tk_mix64(i)), TK_OK);
    return h;
}

static double relative_error(uint64_t estimate, uint64_t truth)
{
    return fabs((double)estimate - (double)truth) / (double)truth;
}

static void empty_counts_zero(void **state)
{
    struct tk_hll *h = tk_hll_new();
    (void)state;
    assert_int_equal(tk_hll_count(h), 0);
    assert_true(tk_hll_is_sparse(h));
    tk_hll_free(h);
}

static void small_sets_are_sparse_and_close(void **state)
{
    (void)state;
    for (uint64_t n = 1; n <= 600; n = n * 3 + 1) {
        struct tk_hll *h = sketch_of(0, n);
        assert_true(tk_hll_is_sparse(h));
        assert_true(tk_hll_bytes(h) <= n * 4);
        /* Few values fall in a shared register: the estimate is nearly exact. */
        assert_true(relative_error(tk_hll_count(h), n) < 0.02);
        tk_hll_free(h);
    }
}

/* 3 standard errors of 1.04 / sqrt(16384). */
static void large_sets_within_three_standard_errors(void **state)
{
    static const uint64_t sizes[] = {10000, 100000, 1000000};
    (void)state;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        struct tk_hll *h = sketch_of(sizes[i] * 7, sizes[i] * 8);
        assert_false(tk_hll_is_sparse(h));
        assert_int_equal(tk_hll_bytes(h), TK_HLL_DENSE_BYTES);
        assert_true(relative_error(tk_hll_count(h), sizes[i]) < 3 * 0.0081);
        tk_hll_free(h);
    }
}

static void duplicates_change_nothing(void **state)
{
    struct tk_hll *a = sketch_of(0, 5000), *b = sketch_of(0, 5000);
    (void)state;
    for (int round = 0; round < 3; round++)
        for (uint64_t i = 0; i < 5000; i++)
            assert_int_equal(tk_hll_add(b, tk_mix64(i)), TK_OK);
    assert_int_equal(tk_hll_count(a), tk_hll_count(b));
    tk_hll_free(a);
    tk_hll_free(b);
}

/* Packs the registers of a sparse encoding into a dense one by hand. */
static void densify(const uint8_t *sparse, uint8_t *dense)
{
    uint32_t count = sparse[7] | (uint32_t)sparse[8] << 8 | (uint32_t)sparse[9] << 16
                     | (uint32_t)sparse[10] << 24;
    memcpy(dense, sparse, 6);
    dense[6] = 1;
    memset(dense + 7, 0, TK_HLL_DENSE_BYTES);
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *w = sparse + 11 + 4 * i;
        uint32_t word = w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24;
        uint32_t index = word >> 6, rank = word & 63;
        for (int bit = 0; bit < 6; bit++)
            if (rank >> bit & 1)
                dense[7 + (index * 6 + bit) / 8] |= (uint8_t)(1u << ((index * 6 + bit) % 8));
    }
}

static void sparse_and_dense_forms_count_alike(void **state)
{
    struct tk_hll *sparse = sketch_of(100, 600), *dense;
    size_t size = tk_hll_encoded_size(sparse);
    uint8_t *encoded = malloc(size), *packed = malloc(7 + TK_HLL_DENSE_BYTES);
    struct tk_error err;
    (void)state;
    tk_hll_encode(sparse, encoded);
    densify(encoded, packed);
    assert_int_equal(tk_hll_decode(packed, 7 + TK_HLL_DENSE_BYTES, &dense, &err), TK_OK);
    assert_false(tk_hll_is_sparse(dense));
    assert_int_equal(tk_hll_count(dense), tk_hll_count(sparse));
    tk_hll_free(sparse);
    tk_hll_free(dense);
    free(encoded);
    free(packed);
}

static void sparse_turns_dense_without_a_jump(void **state)
{
    struct tk_hll *h = tk_hll_new();
    uint64_t previous = 0;
    int turned = 0;
    (void)state;
    for (uint64_t i = 0; i < 3000; i++) {
        int was_sparse = tk_hll_is_sparse(h);
        assert_int_equal(tk_hll_add(h, tk_mix64(i)), TK_OK);
        uint64_t now = tk_hll_count(h);
        assert_true(now + 1 >= previous);
        assert_true(now <= previous + 2);
        if (was_sparse && !tk_hll_is_sparse(h))
            turned = 1;
        previous = now;
    }
    assert_true(turned);
    tk_hll_free(h);
}

static void merge_is_a_union(void **state)
{
    struct tk_hll *a = sketch_of(0, 60000), *b = sketch_of(30000, 90000), *all = sketch_of(0, 90000);
    struct tk_hll *small = sketch_of(200000, 200300), *empty = tk_hll_new();
    (void)state;
    assert_int_equal(tk_hll_merge(a, b), TK_OK);
    /* Same registers as the sketch of the union: the same estimate. */
    assert_int_equal(tk_hll_count(a), tk_hll_count(all));
    assert_true(relative_error(tk_hll_count(a), 90000) < 3 * 0.0081);
    /* Sparse into empty sparse stays sparse and equal. */
    assert_int_equal(tk_hll_merge(empty, small), TK_OK);
    assert_true(tk_hll_is_sparse(empty));
    assert_int_equal(tk_hll_count(empty), tk_hll_count(small));
    /* Sparse into dense. */
    assert_int_equal(tk_hll_merge(all, small), TK_OK);
    assert_true(tk_hll_count(all) > tk_hll_count(a));
    tk_hll_free(a);
    tk_hll_free(b);
    tk_hll_free(all);
    tk_hll_free(small);
    tk_hll_free(empty);
}

static void encoding_round_trips(void **state)
{
    struct tk_hll *forms[2] = {sketch_of(0, 300), sketch_of(0, 50000)};
    (void)state;
    for (int i = 0; i < 2; i++) {
        size_t size = tk_hll_encoded_size(forms[i]);
        uint8_t *bytes = malloc(size);
        struct tk_hll *back;
        struct tk_error err;
        tk_hll_encode(forms[i], bytes);
        assert_int_equal(tk_hll_decode(bytes, size, &back, &err), TK_OK);
        assert_int_equal(tk_hll_is_sparse(back), tk_hll_is_sparse(forms[i]));
        assert_int_equal(tk_hll_count(back), tk_hll_count(forms[i]));
        tk_hll_free(back);
        /* Damage: a shorter buffer, another magic. */
        assert_int_equal(tk_hll_decode(bytes, size - 1, &back, &err), TK_ERR_DATA);
        assert_null(back);
        bytes[0] = 'X';
        assert_int_equal(tk_hll_decode(bytes, size, &back, &err), TK_ERR_DATA);
        assert_non_null(strstr(err.message, "TKHLL1"));
        free(bytes);
        tk_hll_free(forms[i]);
    }
}

static void decoding_refuses_bad_registers(void **state)
{
    /* Two sparse entries out of order; then a rank of 60. */
    uint8_t bytes[19] = {'T', 'K', 'H', 'L', 'L', '1', 0, 2, 0, 0, 0};
    uint32_t words[2] = {5u << 6 | 3, 4u << 6 | 2};
    struct tk_hll *h;
    struct tk_error err;
    (void)state;
    for (int i = 0; i < 2; i++)
        for (int b = 0; b < 4; b++)
            bytes[11 + 4 * i + b] = (uint8_t)(words[i] >> (8 * b));
    assert_int_equal(tk_hll_decode(bytes, sizeof bytes, &h, &err), TK_ERR_DATA);
    words[1] = 6u << 6 | 60;
    for (int b = 0; b < 4; b++)
        bytes[15 + b] = (uint8_t)(words[1] >> (8 * b));
    assert_int_equal(tk_hll_decode(bytes, sizeof bytes, &h, &err), TK_ERR_DATA);
    words[1] = 6u << 6 | 51;
    for (int b = 0; b < 4; b++)
        bytes[15 + b] = (uint8_t)(words[1] >> (8 * b));
    assert_int_equal(tk_hll_decode(bytes, sizeof bytes, &h, &err), TK_OK);
    assert_int_equal(tk_hll_count(h), 2);
    tk_hll_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_counts_zero),
        cmocka_unit_test(small_sets_are_sparse_and_close),
        cmocka_unit_test(large_sets_within_three_standard_errors),
        cmocka_unit_test(duplicates_change_nothing),
        cmocka_unit_test(sparse_and_dense_forms_count_alike),
        cmocka_unit_test(sparse_turns_dense_without_a_jump),
        cmocka_unit_test(merge_is_a_union),
        cmocka_unit_test(encoding_round_trips),
        cmocka_unit_test(decoding_refuses_bad_registers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
