/* test_discover.c - seed discovery finds planted seeds: Necurs through its own searcher (so
 * the searcher's copy of the mixing must agree with the generator), another family through
 * the generic one; known seeds are marked, and families without a numeric seed refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/discover.h"
#include "takedown/sources.h"

struct names {
    char *list[4096];
    size_t count;
};

static int collect(void *ctx, const char *name, size_t len)
{
    struct names *n = ctx;
    if (n->count < 4096)
        n->list[n->count++] = strndup(name, len);
    return TK_OK;
}

/* The names one seed of family generates on date. */
static void generate(const char *family, const char *seed, const char *date, struct names *out)
{
    struct tk_source_list list = {0};
    struct tk_error err = {0};
    const char *keys[] = {"date"}, *values[] = {date};
    struct tk_overrides ov = {keys, values, 1};
    memset(out, 0, sizeof *out);
    assert_int_equal(tk_sources_add(&list, tk_family_find(family), NULL, &ov, seed, &err), TK_OK);
    assert_int_equal(tk_predict_once(&list.items[0], collect, out, &err), TK_OK);
    tk_sources_free(&list);
}

static void free_names(struct names *n)
{
    for (size_t i = 0; i < n->count; i++)
        free(n->list[i]);
}

/* Every stride-th name, plus a name no seed generates. */
static size_t sample(const struct names *n, size_t stride, const char **out)
{
    size_t k = 0;
    for (size_t i = 0; i < n->count; i += stride)
        out[k++] = n->list[i];
    out[k++] = "www.example.com";
    return k;
}

static void necurs_magic_found(void **state)
{
    struct names planted, known;
    struct tk_discover_options o = {0};
    struct tk_discover_result r;
    struct tk_error err = {0};
    const char *observed[200];
    (void)state;
    generate("necurs", "magic=123", "2020-03-05", &planted);
    generate("necurs", "magic=9", "2020-03-05", &known);
    size_t n = sample(&planted, 40, observed);
    observed[n++] = known.list[7];
    const struct tk_family *necurs = tk_family_find("necurs");
    o.families = &necurs;
    o.family_count = 1;
    o.range_given = 1;
    o.first_seed = 0;
    o.last_seed = 200;
    assert_int_equal(tk_day_parse("2020-03-01", &o.from, &err), TK_OK);
    o.to = o.from + 9;
    o.threads = 2;
    assert_int_equal(tk_discover_seeds(&o, observed, n, &r, &err), TK_OK);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.family_count, 1);
    assert_true(r.families[0].space == 201);
    assert_string_equal(r.seeds[0].params, "magic=123");
    assert_string_equal(r.seeds[0].text, "123");
    assert_int_equal(r.seeds[0].origin, TK_DISCOVER_FOUND);
    assert_false(r.seeds[0].weak);
    assert_int_equal(r.seeds[0].match_count, n - 2);
    assert_int_equal(r.seeds[0].matches[0].first, o.from + 3);
    assert_int_equal(r.seeds[0].matches[0].last, o.from + 6);
    assert_string_equal(r.seeds[1].text, "9");
    assert_int_equal(r.seeds[1].origin, TK_DISCOVER_BUILT_IN);
    assert_int_equal(r.seeds[1].match_count, 1);
    assert_string_equal(observed[r.seeds[1].matches[0].name], known.list[7]);
    /* www.example.com: no seed explains it. */
    assert_int_equal(r.unexplained_count, 1);
    assert_string_equal(observed[r.unexplained[0]], "www.example.com");
    tk_discover_result_free(&r);
    free_names(&planted);
    free_names(&known);
}

static void generic_hex_seed_found(void **state)
{
    struct names planted;
    struct tk_discover_options o = {0};
    struct tk_discover_result r;
    struct tk_error err = {0};
    const char *observed[200];
    (void)state;
    generate("corebot", "seed=00001234", "2021-06-01", &planted);
    size_t n = sample(&planted, 4, observed);
    const struct tk_family *corebot = tk_family_find("corebot");
    o.families = &corebot;
    o.family_count = 1;
    o.range_given = 1;
    o.no_known_seeds = 1;
    o.first_seed = 0x1200;
    o.last_seed = 0x1240;
    assert_int_equal(tk_day_parse("2021-05-30", &o.from, &err), TK_OK);
    o.to = o.from + 4;
    o.min_names = 2;
    assert_int_equal(tk_discover_seeds(&o, observed, n, &r, &err), TK_OK);
    /* CoreBot adds the seed to the day of the month, so seed s on day d is seed s - 1 on day
     * d + 1: the window's three June days give three neighbouring seeds, each explaining
     * the same names on its own day (May 30 and 31 are another month). */
    assert_int_equal(r.count, 3);
    int planted_found = 0;
    for (size_t i = 0; i < r.count; i++) {
        assert_int_equal(r.seeds[i].match_count, n - 1);
        int64_t shift = 0x1234 - strtoll(r.seeds[i].text, NULL, 16);
        assert_int_equal(r.seeds[i].matches[0].first, o.from + 2 + shift);
        assert_int_equal(r.seeds[i].matches[0].last, o.from + 2 + shift);
        planted_found |= strcmp(r.seeds[i].text, "00001234") == 0;
    }
    assert_true(planted_found);
    assert_non_null(strstr(r.families[0].method, r.families[0].family->recover ? "" : "per candidate"));
    tk_discover_result_free(&r);
    free_names(&planted);
}

static void text_seeds_are_refused(void **state)
{
    int64_t first, last;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_discover_seed_space(tk_family_find("zloader"), &first, &last, &err),
                     TK_ERR_USAGE);
    assert_non_null(strstr(err.message, "numeric seed"));
    assert_int_equal(tk_discover_seed_space(tk_family_find("ranbyus"), &first, &last, &err),
                     TK_OK);
    assert_int_equal(first, 0);
    assert_int_equal(last, UINT32_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(necurs_magic_found),
        cmocka_unit_test(generic_hex_seed_found),
        cmocka_unit_test(text_seeds_are_refused),
    };
    return cmocka_run_group_tests_name("discover", tests, NULL, NULL);
}
