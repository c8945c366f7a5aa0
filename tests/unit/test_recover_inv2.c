/* test_recover_inv2.c - seed recovery by inversion for the families without a date input
 * (ramnit, dircrypt, vawtrak, fobber): a seed drawn at random at test time generates a list,
 * and recover on one of its names hands back the seed, or the state that name starts from,
 * among few candidates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dga/lcg.h"
#include "recover_harness.h"

/* Runs family:variant's recover on name (no date input: any window); each search covers
 * at least 2^31 seeds. */
static void recover_undated(const char *family, const char *variant, const char *name,
                            struct recover_candidates *c)
{
    assert_true(recover_run(family, variant, name, 20000, 20000, c) >= 2147483648.0);
}

/* A candidate's params without the names ahead that a chain's state is handed with
 * (TK_RECOVER_CHAIN_AHEAD). */
static void without_count(const char *params, char *out, size_t size)
{
    const char *count = strstr(params, ";count=");
    snprintf(out, size, "%.*s", (int)(count ? (size_t)(count - params) : strlen(params)), params);
}

/* True when some candidate generates name as its first name. */
static int some_starts_with(const struct recover_candidates *c, const char *family, const char *variant,
                            const char *name)
{
    for (size_t i = 0; i < c->count && i < RECOVER_MAX_CANDIDATES; i++) {
        struct recover_names n;
        char seed[64], params[96];
        without_count(c->params[i], seed, sizeof seed);
        snprintf(params, sizeof params, "%s;count=1", seed);
        recover_generate(family, variant, params, TK_RECOVER_ANY_DAY, &n);
        if (n.count == 1 && strcmp(n.list[0], name) == 0)
            return 1;
    }
    return 0;
}

/* Every state is among the preimages of its successor, and every preimage steps to it. */
static void park_miller_preimages_complete(void **state)
{
    (void)state;
    for (int i = 0; i < 200000; i++) {
        uint32_t x = i < 4 ? (uint32_t[]){0, 1, 0x7FFFFFFFu, UINT32_MAX}[i] : recover_random32();
        uint32_t y = x, pre[3];
        tk_park_miller(&y);
        assert_true(tk_park_miller_in_image(y));
        int n = tk_park_miller_preimages(y, pre), found = 0;
        assert_true(n >= 1 && n <= 3);
        for (int k = 0; k < n; k++) {
            uint32_t back = pre[k];
            assert_int_equal(tk_park_miller(&back), y);
            found |= pre[k] == x;
        }
        assert_true(found);
    }
}

/* The first name gives back the seed; with later set, a later one the state it starts from
 * (each search covers 2^32 states: the test runs few). */
static void check_park_miller(const char *family, const char *variant, const char *tlds,
                              int later)
{
    struct recover_candidates *c = recover_candidates_new();
    struct recover_names n;
    char seed[96], params[128];
    uint32_t value = recover_random32();

    snprintf(seed, sizeof seed, "seed=%08X%s", (unsigned)value, tlds);
    snprintf(params, sizeof params, "%s;count=6", seed);
    recover_generate(family, variant, params, TK_RECOVER_ANY_DAY, &n);
    assert_int_equal(n.count, 6);
    recover_undated(family, variant, n.list[0], c);
    print_message("%s:%s %s: %zu candidates\n", family, variant, seed, c->count);
    snprintf(params, sizeof params, "%s;count=%d", seed, TK_RECOVER_CHAIN_AHEAD);
    assert_true(recover_has(c, params));
    assert_true(c->count <= 6);
    if (later) {
        recover_undated(family, variant, n.list[5], c);
        assert_true(c->count >= 1 && c->count <= 6);
        assert_true(some_starts_with(c, family, variant, n.list[5]));
    }
    recover_candidates_free(c);
}

static void dircrypt_seed_found(void **state)
{
    (void)state;
    check_park_miller("dircrypt", "default", "", 1);
}

static void ramnit_seed_found(void **state)
{
    (void)state;
    check_park_miller("ramnit", "default", ";tlds=click,com,eu,bid", 0);
}

/* The seed's top bit never reaches the 31-bit state: the seed comes back without it. v1 and
 * v3 (v2 differs from v3 only in a constant; each search covers 2^31 states). */
static void vawtrak_seed_found(void **state)
{
    static const char *const variants[] = {"v1", "v3"};
    struct recover_candidates *c = recover_candidates_new();
    (void)state;
    for (size_t v = 0; v < 2; v++) {
        uint32_t value = recover_random32();
        char seed[32], params[64];
        struct recover_names n;
        snprintf(params, sizeof params, "seed=%08X;count=4", (unsigned)value);
        snprintf(seed, sizeof seed, "seed=%08X", (unsigned)(value & 0x7FFFFFFFu));
        recover_generate("vawtrak", variants[v], params, TK_RECOVER_ANY_DAY, &n);
        recover_undated("vawtrak", variants[v], n.list[0], c);
        print_message("vawtrak:%s %s: %zu candidates\n", variants[v], seed, c->count);
        assert_true(recover_has(c, seed));
        /* a syllable name of 7 letters has about 10^4 states; v1's random letters a few (a
         * short v1 label leaves a handful of states: seen up to 6) */
        assert_true(c->count <= (v == 0 ? 64u : 20000u));
        if (v == 1) {
            recover_undated("vawtrak", variants[v], n.list[3], c);
            assert_true(some_starts_with(c, "vawtrak", variants[v], n.list[3]));
        }
    }
    recover_candidates_free(c);
}

/* A random start state comes back as itself; a name of the version's own list as its
 * number there. */
static void fobber_state_found(void **state)
{
    struct recover_candidates *c = recover_candidates_new();
    struct recover_names n;
    char seed[48], params[64];
    (void)state;
    snprintf(seed, sizeof seed, "version=%d;state=0x%08X", rand() % 2 + 1,
             (unsigned)recover_random32());
    snprintf(params, sizeof params, "%s;count=2", seed);
    recover_generate("fobber", NULL, params, TK_RECOVER_ANY_DAY, &n);
    recover_undated("fobber", NULL, n.list[0], c);
    print_message("fobber %s: %zu candidates\n", seed, c->count);
    assert_int_equal(c->count, 1);
    assert_true(recover_has(c, seed));
    snprintf(params, sizeof params, "version=2;count=%d", rand() % 50 + 1);
    recover_generate("fobber", NULL, params, TK_RECOVER_ANY_DAY, &n);
    recover_undated("fobber", NULL, n.list[n.count - 1], c);
    assert_int_equal(c->count, 1);
    assert_true(recover_has(c, params));
    recover_candidates_free(c);
}

/* --state is -1 (the version's) or 32 bits. */
static void fobber_state_checked(void **state)
{
    static const char *const bad[] = {"version=2;state=-2", "version=2;state=0x100000000"};
    (void)state;
    for (size_t i = 0; i < 2; i++) {
        struct recover_names n;
        assert_int_equal(recover_generate_status("fobber", NULL, bad[i], TK_RECOVER_ANY_DAY, &n),
                         TK_ERR_USAGE);
        assert_int_equal(n.count, 0);
    }
}

/* Names of no shape the family draws give nothing. */
static void foreign_names_give_nothing(void **state)
{
    struct recover_candidates *c = recover_candidates_new();
    (void)state;
    recover_undated("dircrypt", "default", "short.com", c);
    assert_int_equal(c->count, 0);
    recover_undated("ramnit", "classic", "abcdefghijz.com", c);
    assert_int_equal(c->count, 0);
    recover_undated("vawtrak", "v2", "aaaaaaaa.com", c);
    assert_int_equal(c->count, 0);
    recover_undated("fobber", NULL, "abcdefghij.org", c);
    assert_int_equal(c->count, 0);
    recover_candidates_free(c);
}

int main(void)
{
    unsigned seed = (unsigned)time(NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(park_miller_preimages_complete),
        cmocka_unit_test(dircrypt_seed_found),
        cmocka_unit_test(ramnit_seed_found),
        cmocka_unit_test(vawtrak_seed_found),
        cmocka_unit_test(fobber_state_found),
        cmocka_unit_test(fobber_state_checked),
        cmocka_unit_test(foreign_names_give_nothing),
    };
    printf("random seed %u\n", seed);
    srand(seed);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
