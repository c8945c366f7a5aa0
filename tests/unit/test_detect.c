/* test_detect.c - the detector: the built-in model loads and tells plainly random labels
 * from plainly benign ones, a model survives writing and reading back unchanged, bad model
 * files are refused with their line, and the allow-list covers names below its entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "detect/detect_internal.h"
#include "takedown/detect.h"
#include "takedown/domain.h"
#include "takedown/family.h"

static const char *const random_names[] = {
    "xkqzjvbwtrplmnhgfd.com", "195g75g1trqmek1pn1qce127xvf1.com", "qpwzrxtbvnmkjhgq.net",
    "ypfbdjoibgqkpp.cx", "ffqzxwvmkkpnbtrw.org",
};
static const char *const benign_names[] = {
    "google.com", "wikipedia.org", "stackoverflow.com", "bbc.co.uk", "weather.gov",
};

static double score(const struct tk_detector *d, const char *name)
{
    return tk_detector_score(d, name, strlen(name));
}

static void builtin_model_separates_the_obvious(void **state)
{
    struct tk_detector *d;
    struct tk_error err = {0};
    (void)state;
    assert_int_equal(tk_detector_load(NULL, &d, &err), TK_OK);
    double t = tk_detector_threshold(d);
    assert_true(t > 0 && t < 1);
    assert_non_null(strstr(tk_detector_summary(d), "trees"));
    for (size_t i = 0; i < sizeof random_names / sizeof *random_names; i++)
        if (score(d, random_names[i]) < t)
            fail_msg("%s scores %.4f, under the threshold %.4f", random_names[i],
                     score(d, random_names[i]), t);
    for (size_t i = 0; i < sizeof benign_names / sizeof *benign_names; i++)
        if (score(d, benign_names[i]) >= t)
            fail_msg("%s scores %.4f, at or over the threshold %.4f", benign_names[i],
                     score(d, benign_names[i]), t);
    /* Case and a trailing dot change nothing; a bare suffix or no name scores 0. */
    assert_true(score(d, "XKQZJVBWTRPLMNHGFD.COM.") == score(d, "xkqzjvbwtrplmnhgfd.com"));
    assert_true(score(d, "co.uk") == 0);
    assert_true(score(d, "") == 0);
    assert_true(score(d, "bad..name") == 0);
    tk_detector_free(d);
}

static void model_round_trip(void **state)
{
    struct tk_detector *d, *again;
    struct tk_error err = {0};
    char *text = NULL;
    size_t len = 0;
    (void)state;
    assert_int_equal(tk_detector_load(NULL, &d, &err), TK_OK);
    FILE *f = open_memstream(&text, &len);
    assert_int_equal(tk_detector_write(d, f, &err), TK_OK);
    fclose(f);
    assert_int_equal(tk_detector_parse(text, len, "copy", &again, &err), TK_OK);
    assert_true(tk_detector_threshold(d) == tk_detector_threshold(again));
    for (size_t i = 0; i < sizeof random_names / sizeof *random_names; i++)
        assert_true(score(d, random_names[i]) == score(again, random_names[i]));
    for (size_t i = 0; i < sizeof benign_names / sizeof *benign_names; i++)
        assert_true(score(d, benign_names[i]) == score(again, benign_names[i]));
    free(text);
    tk_detector_free(again);
    tk_detector_free(d);
}

static void bad_models_are_refused(void **state)
{
    struct tk_detector *d;
    struct tk_error err = {0};
    static const char not_a_model[] = "hello\n";
    static const char bad_tree[] = "format takedown-detect 2\nthreshold 0.5\ntree 99 1 :\n";
    static const char no_trees[] = "format takedown-detect 2\nthreshold 0.5\n";
    (void)state;
    assert_int_equal(tk_detector_parse(not_a_model, strlen(not_a_model), "m", &d, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "m:1:"));
    assert_int_equal(tk_detector_parse(bad_tree, strlen(bad_tree), "m", &d, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, "m:3:"));
    assert_int_equal(tk_detector_parse(no_trees, strlen(no_trees), "m", &d, &err), TK_ERR_DATA);
    assert_int_equal(tk_detector_load("/nonexistent/model.txt", &d, &err), TK_ERR_IO);
}

/* Compares the fast suffix finder with libpsl on name; counts the comparisons. */
static void same_suffix(const struct suffix_rules *rules, const char *name, size_t *checked)
{
    char lower[300];
    size_t len = strlen(name);
    if (len == 0 || len > 253 || !tk_domain_is_valid(name, len))
        return;
    tk_domain_lower(name, len, lower);
    lower[len] = '\0';
    const char *fast = suffix_rules_find(rules, lower, len);
    const char *psl = tk_public_suffix(lower);
    if (fast != psl)
        fail_msg("%s: suffix '%s', libpsl says '%s'", lower, fast, psl);
    (*checked)++;
}

static void suffixes_agree_with_libpsl(void **state)
{
    struct suffix_rules rules;
    struct tk_error err = {0};
    size_t checked = 0;
    char name[300];
    (void)state;
    assert_int_equal(tk_psl_init(&err), TK_OK);
    assert_int_equal(suffix_rules_load(&rules), 0);
    if (!rules.loaded)
        skip(); /* no list text on this machine: every lookup goes to libpsl anyway */
    /* Every rule, and names at, below and two below it. */
    const struct intern_strings *sets[] = {&rules.exact, &rules.wildcards, &rules.exceptions};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < sets[k]->count; i++) {
            const char *rule = intern_string_at(sets[k], i, NULL);
            same_suffix(&rules, rule, &checked);
            snprintf(name, sizeof name, "dga7x.%s", rule);
            same_suffix(&rules, name, &checked);
            snprintf(name, sizeof name, "www.dga7x.%s", rule);
            same_suffix(&rules, name, &checked);
        }
    static const char *const more[] = {"com", "example.com", "a.b.c.example.co.uk", "bit",
                                       "abc.bazar", "x.ddns.net", "d1.cloudfront.net",
                                       "foo.blogspot.com", "www.xn--80asehdb.xn--p1ai", "localhost"};
    for (size_t i = 0; i < sizeof more / sizeof *more; i++)
        same_suffix(&rules, more[i], &checked);
    assert_true(checked > 20000);
    suffix_rules_free(&rules);
}

static void allowlist_covers_names_below(void **state)
{
    struct tk_allowlist *list;
    struct tk_error err = {0};
    char path[64];
    (void)state;
    assert_int_equal(tk_allowlist_new(1, &list, &err), TK_OK);
    assert_true(tk_allowlist_contains(list, "d1uq0embgkvtqm.cloudfront.net", 29));
    assert_true(tk_allowlist_contains(list, "CLOUDFRONT.NET.", 15));
    assert_false(tk_allowlist_contains(list, "cloudfront.net.evil.com", 23));
    assert_false(tk_allowlist_contains(list, "xcloudfront.net", 15));
    assert_false(tk_allowlist_contains(list, "example.org", 11));
    snprintf(path, sizeof path, "/tmp/test_detect.%d.allow", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs("# ours\n*.example.org  # and below\n\n", f);
    fclose(f);
    assert_int_equal(tk_allowlist_add_file(list, path, &err), TK_OK);
    assert_true(tk_allowlist_contains(list, "a.b.example.org", 15));
    f = fopen(path, "w");
    fputs("fine.com\nbad..name\n", f);
    fclose(f);
    assert_int_equal(tk_allowlist_add_file(list, path, &err), TK_ERR_DATA);
    assert_non_null(strstr(err.message, ":2:"));
    unlink(path);
    tk_allowlist_free(list);
    assert_int_equal(tk_allowlist_new(0, &list, &err), TK_OK);
    assert_int_equal(tk_allowlist_count(list), 0);
    assert_false(tk_allowlist_contains(list, "cloudfront.net", 14));
    tk_allowlist_free(list);
}

/* The evaluation's figures: precision and F1 as on a balanced set, whatever the counts. */
static void evaluation_figures(void **state)
{
    struct tk_detect_tally t = {.tp = 90, .fn = 10, .fp = 1, .tn = 99};
    struct tk_detect_tally none = {0};
    (void)state;
    assert_float_equal(tk_detect_recall(&t), 0.9, 1e-12);
    assert_float_equal(tk_detect_fpr(&t), 0.01, 1e-12);
    assert_float_equal(tk_detect_precision(&t), 0.9 / 0.91, 1e-12);
    double p = 0.9 / 0.91;
    assert_float_equal(tk_detect_f1(&t), 2 * p * 0.9 / (p + 0.9), 1e-12);
    assert_float_equal(tk_detect_f1(&none), 0, 0);
    assert_float_equal(tk_detect_precision(&none), 0, 0);
}

/* The style the figures are grouped by comes from the family's descriptor. */
static void styles_come_from_descriptors(void **state)
{
    (void)state;
    assert_string_equal(tk_family_style_name(tk_family_find("symmi")->style), "pronounceable");
    assert_string_equal(tk_family_style_name(tk_family_find("suppobox")->style), "dictionary");
    assert_string_equal(tk_family_style_name(tk_family_find("necurs")->style), "random");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_model_separates_the_obvious),
        cmocka_unit_test(model_round_trip),
        cmocka_unit_test(bad_models_are_refused),
        cmocka_unit_test(allowlist_covers_names_below),
        cmocka_unit_test(suffixes_agree_with_libpsl),
        cmocka_unit_test(evaluation_figures),
        cmocka_unit_test(styles_come_from_descriptors),
    };
    return cmocka_run_group_tests_name("detect", tests, NULL, NULL);
}
