/* test_families.c - properties every family must have, read from its own descriptor:
 * labels within the declared charset and length range, suffixes within the declared TLD set,
 * determinism, and windows that equal the union of their days across month ends, 29
 * February, a year end and period boundaries. Run for every variant and known seed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "takedown/family.h"
#include "takedown/nameset.h"
#include "takedown/predict.h"
#include "takedown/sources.h"

struct names {
    char *buf;
    size_t len, cap, count;
};

static int collect(void *ctx, const char *name, size_t len)
{
    struct names *n = ctx;
    if (n->cap - n->len < len + 1) {
        n->cap = (n->cap + len + 1) * 2;
        n->buf = realloc(n->buf, n->cap);
        assert_non_null(n->buf);
    }
    memcpy(n->buf + n->len, name, len);
    n->buf[n->len + len] = '\n';
    n->len += len + 1;
    n->count++;
    return TK_OK;
}

/* True when c is in a charset written as ranges ("a-z0-9-."). */
static int in_charset(const char *set, char c)
{
    for (size_t i = 0; set[i]; i++) {
        if (set[i + 1] == '-' && set[i + 2]) {
            if (c >= set[i] && c <= set[i + 2])
                return 1;
            i += 2;
        } else if (set[i] == c) {
            return 1;
        }
    }
    return 0;
}

/* Length of the longest declared suffix that name ends with (as ".suffix"); 0 if none. */
static size_t matching_tld(const char *tlds, const char *name, size_t len)
{
    size_t best = 0;
    for (const char *p = tlds; p && *p;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n + 1 < len && name[len - n - 1] == '.' && memcmp(name + len - n, p, n) == 0 && n > best)
            best = n;
        p = end ? end + 1 : NULL;
    }
    return best;
}

static void check_names(const struct tk_source *src, const struct names *n, const char *when)
{
    const struct tk_family *f = src->family;
    const struct tk_variant *v = src->variant;
    const char *tlds = v->tlds ? v->tlds : f->tlds;
    const char *charset = v->charset ? v->charset : f->charset;
    int lo = v->label_min ? v->label_min : f->label_min;
    int hi = v->label_max ? v->label_max : f->label_max;

    for (const char *p = n->buf; p < n->buf + n->len;) {
        const char *nl = memchr(p, '\n', (size_t)(n->buf + n->len - p));
        size_t len = (size_t)(nl - p);
        size_t tld = matching_tld(tlds, p, len);
        size_t label = tld ? len - tld - 1 : 0;
        int ok = tld > 0 && (int)label >= lo && (int)label <= hi;
        for (size_t i = 0; ok && i < label; i++)
            ok = in_charset(charset, p[i]);
        if (!ok)
            fail_msg("%s/%s seed %s %s: '%.*s' breaks the descriptor (TLDs %s, %d-%d of %s)",
                     f->name, v->name, src->seed, when, (int)len, p, tlds, lo, hi, charset);
        p = nl + 1;
    }
}

static struct names run_once(const struct tk_source *src, tk_day day)
{
    struct names n = {0};
    struct tk_error err = {0};
    struct tk_args *args = tk_args_clone(src->args);
    if (tk_family_takes_date(src->family))
        tk_args_set_day(args, "date", day);
    struct tk_source s = *src;
    s.args = args;
    if (tk_predict_once(&s, collect, &n, &err) != TK_OK)
        fail_msg("%s/%s: %s", src->family->name, src->variant->name, err.message);
    tk_args_free(args);
    return n;
}

struct window_names {
    struct tk_nameset *set;
};

static int add_to_set(void *ctx, size_t source, tk_day first, tk_day last, const char *name,
                      size_t len)
{
    struct tk_nameset *set = ctx;
    return tk_nameset_add(set, name, len, (uint32_t)source, first, last);
}

/* The window's de-duplicated names equal the union of each day's names. */
static void check_window(const struct tk_source *src, tk_day from, tk_day to)
{
    struct tk_nameset *window = tk_nameset_new(), *days = tk_nameset_new();
    struct tk_error err = {0};
    struct tk_predict_options po = {2, NULL, NULL, NULL, NULL, NULL};

    assert_int_equal(tk_predict_window(src, 1, from, to, &po, add_to_set, window, &err), TK_OK);
    for (tk_day d = from; d <= to; d++) {
        struct names n = run_once(src, d);
        for (const char *p = n.buf; p < n.buf + n.len;) {
            const char *nl = memchr(p, '\n', (size_t)(n.buf + n.len - p));
            assert_int_equal(tk_nameset_add(days, p, (size_t)(nl - p), 0, d, d), TK_OK);
            p = nl + 1;
        }
        free(n.buf);
    }
    if (tk_nameset_count(window) != tk_nameset_count(days))
        fail_msg("%s/%s seed %s: window has %zu names, its days %zu (wrong period function?)",
                 src->family->name, src->variant->name, src->seed, tk_nameset_count(window),
                 tk_nameset_count(days));
    for (size_t i = 0; i < tk_nameset_count(days); i++) {
        size_t len;
        const char *name = tk_nameset_name(days, i, &len);
        size_t before = tk_nameset_count(window);
        tk_nameset_add(window, name, len, 9, 0, 0);
        if (tk_nameset_count(window) != before)
            fail_msg("%s/%s: '%.*s' of one day is missing from the window", src->family->name,
                     src->variant->name, (int)len, name);
    }
    tk_nameset_free(window);
    tk_nameset_free(days);
}

static void check_family(const struct tk_family *f)
{
    static const char *const dates[] = {"2016-02-29", "2017-02-28", "2017-12-31", "2019-11-05",
                                        "2020-03-01", "2021-01-31", "2024-02-29"};
    if (f->wordlists && *f->wordlists && f->style != TK_STYLE_DICTIONARY)
        fail_msg("%s: word lists, but style %s", f->name, tk_family_style_name(f->style));
    if ((f->search == NULL) != (f->search_method == NULL))
        fail_msg("%s: a searcher and its method line go together", f->name);
    for (const struct tk_variant *v = f->variants; v->name; v++) {
        struct tk_source_list list = {0};
        struct tk_error err = {0};
        const char *keys[] = {"date"}, *values[] = {"2020-03-01"};
        struct tk_overrides ov = {keys, values, 1};

        if (tk_sources_add_known(&list, f, v->name, &ov, &err) != TK_OK)
            fail_msg("%s/%s: %s", f->name, v->name, err.message);
        for (size_t s = 0; s < list.count; s++) {
            const struct tk_source *src = &list.items[s];
            int dated = tk_family_takes_date(f);
            for (size_t d = 0; d < (dated ? sizeof dates / sizeof *dates : 1); d++) {
                tk_day day;
                tk_day_parse(dates[d], &day, &err);
                struct names a = run_once(src, day), b = run_once(src, day);
                if (a.count == 0)
                    fail_msg("%s/%s seed %s on %s: no names", f->name, v->name, src->seed, dates[d]);
                check_names(src, &a, dates[d]);
                assert_int_equal(a.len, b.len);
                assert_memory_equal(a.buf, b.buf, a.len);
                free(a.buf);
                free(b.buf);
            }
            /* Window edges on the first seed only: month end with 29 February, year end. */
            if (dated && s == 0) {
                check_window(src, tk_day_from_civil(2020, 2, 26), tk_day_from_civil(2020, 3, 2));
                check_window(src, tk_day_from_civil(2019, 12, 29), tk_day_from_civil(2020, 1, 2));
            }
        }
        tk_sources_free(&list);
    }
}

static void every_family(void **state)
{
    (void)state;
    assert_true(tk_family_count() > 0);
    for (size_t i = 0; i < tk_family_count(); i++) {
        const struct tk_family *f = tk_family_at(i);
        assert_non_null(f->summary);
        assert_non_null(f->reference);
        assert_non_null(f->granularity);
        assert_non_null(f->tlds);
        assert_non_null(f->charset);
        assert_true(f->label_min >= 1 && f->label_min <= f->label_max);
        assert_non_null(f->variants[0].name);
        check_family(f);
    }
}

static void lookup_by_alias(void **state)
{
    (void)state;
    assert_non_null(tk_family_find("necurs"));
    assert_non_null(tk_family_find("NECURS"));
    assert_null(tk_family_find("nosuchfamily"));
    for (size_t i = 0; i < tk_family_count(); i++) {
        const struct tk_family *f = tk_family_at(i);
        char alias[64];
        const char *p = f->aliases;
        while (p && *p) {
            size_t n = strcspn(p, ",");
            snprintf(alias, sizeof alias, "%.*s", (int)n, p);
            assert_ptr_equal(tk_family_find(alias), f);
            p += n + (p[n] == ',');
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_family),
        cmocka_unit_test(lookup_by_alias),
    };
    return cmocka_run_group_tests_name("families", tests, NULL, NULL);
}
